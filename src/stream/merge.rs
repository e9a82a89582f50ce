//! Merging members the types do not know, so that they survive accumulation.

use super::chunk::KeptView;
use crate::json::{Raw, Str};
use crate::types::{Extra, Kept};

fn owned(view: &KeptView<'_>) -> Kept {
    match view {
        KeptView::Text(text) => Kept::Text(text.decode().into_owned()),
        KeptView::List(items) => Kept::List(items.iter().map(|item| Raw(item.to_string())).collect()),
        KeptView::Json(raw) => Kept::Json(Raw(raw.to_string())),
    }
}

/// Per-chunk members (top level, choices, tool calls): the latest non-null value wins.
pub fn latest(target: &mut Extra, key: &Str<'_>, value: &KeptView<'_>) {
    let key = key.decode();
    if !value.is_null() || !target.contains_key(&key) {
        target.insert(key, owned(value));
    }
}

/// Delta members are increments: strings are concatenated and arrays extended (keeping, say, a provider's own
/// reasoning field whole); anything else takes the latest non-null value.
pub fn increment(target: &mut Extra, key: &Str<'_>, value: &KeptView<'_>) {
    let key = key.decode();
    match (target.get_mut(&key), value) {
        (Some(Kept::Text(acc)), KeptView::Text(more)) => more.push_to(acc),
        (Some(Kept::List(acc)), KeptView::List(more)) => acc.extend(more.iter().map(|item| Raw(item.to_string()))),
        (Some(_), value) if value.is_null() => {}
        (_, value) => target.insert(key, owned(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::chunk::{read, Item};

    /// Merges the top-level members of `json` into `acc`.
    fn merge(acc: &mut Extra, json: &str, how: fn(&mut Extra, &Str<'_>, &KeptView<'_>)) {
        for item in read(json).unwrap().items {
            if let Item::Unknown(_, key, value) = item {
                how(acc, &key, &value);
            }
        }
    }

    #[test]
    fn increments_concatenate_strings_and_extend_arrays() {
        let mut acc = Extra::default();
        merge(&mut acc, r#"{"reasoning": "a", "tokens": [1]}"#, increment);
        merge(&mut acc, r#"{"reasoning": "b", "tokens": [2], "flag": true}"#, increment);
        merge(&mut acc, r#"{"reasoning": null, "flag": null}"#, increment);
        assert_eq!(crate::json::to_string(&acc), r#"{"reasoning":"ab","tokens":[1,2],"flag":true}"#);
    }

    #[test]
    fn latest_keeps_the_last_non_null_value() {
        let mut acc = Extra::default();
        merge(&mut acc, r#"{"content_filter_results": {"hate": 1}}"#, latest);
        merge(&mut acc, r#"{"content_filter_results": null, "x": null}"#, latest);
        merge(&mut acc, r#"{"y": 2}"#, latest);
        assert_eq!(crate::json::to_string(&acc), r#"{"content_filter_results":{"hate": 1},"x":null,"y":2}"#);
    }
}
