//! "Did you mean ...?" for misspelt field names and model ids.

/// The candidate closest to `input` (case-insensitive edit distance), when it is close enough to be a typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_ascii_lowercase();
    let allowed = (input.chars().count() / 4).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (distance(&input, &c.to_ascii_lowercase()), c))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
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
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
