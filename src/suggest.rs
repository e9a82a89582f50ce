//! "Did you mean ...?" for misspelt field names and model ids.

/// The candidate closest to `input` (case-insensitive edit distance), when it is close enough to be a typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // One compiled copy whatever the candidates come from.
    closest_in(input, &mut candidates.into_iter())
}

fn closest_in<'a>(input: &str, candidates: &mut dyn Iterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_ascii_lowercase();
    let chars = input.chars().count();
    let allowed = (chars / 4).clamp(1, 3);
    candidates
        // The distance is at least the difference in length: skip what cannot match without computing it.
        .filter(|c| c.chars().count().abs_diff(chars) <= allowed)
        .map(|c| (distance(&input, &c.to_ascii_lowercase()), c))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edit distance over chars where swapping two neighbours counts as one edit (optimal string alignment), so
/// "contnet" is one step from "content".
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows: two back (for swaps), previous, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["max_tokens", "temperature", "top_p"];
        assert_eq!(closest("max_token", fields), Some("max_tokens"));
        assert_eq!(closest("temprature", fields), Some("temperature"));
        assert_eq!(closest("Top_P", fields), Some("top_p"));
        assert_eq!(closest("banana", fields), None);
        assert_eq!(closest("contnet", ["content", "role"]), Some("content"));
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("detial", "detail"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
