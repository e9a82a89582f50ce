//! Merging fields the types do not know, so that they survive accumulation.

use super::chunk::{KeptView, Members};
use crate::json::Raw;
use crate::types::{Extra, Kept};

fn owned(view: &KeptView<'_>) -> Kept {
    match view {
        KeptView::Text(text) => Kept::Text(text.decode().into_owned()),
        KeptView::List(items) => Kept::List(items.iter().map(|item| Raw(item.to_string())).collect()),
        KeptView::Json(raw) => Kept::Json(Raw(raw.to_string())),
    }
}

/// Per-chunk fields (top level, choices): the latest non-null value wins.
pub fn latest(target: &mut Extra, source: &Members<'_>) {
    for (key, value) in source {
        let key = key.decode();
        if !value.is_null() || !target.contains_key(&key) {
            target.insert(&key, owned(value));
        }
    }
}

/// Delta fields are increments: strings are concatenated and arrays extended (keeping, say, a provider's own
/// reasoning field whole); anything else takes the latest non-null value.
pub fn increment(target: &mut Extra, source: &Members<'_>) {
    for (key, value) in source {
        let key = key.decode();
        match (target.get_mut(&key), value) {
            (Some(Kept::Text(acc)), KeptView::Text(more)) => more.push_to(acc),
            (Some(Kept::List(acc)), KeptView::List(more)) => acc.extend(more.iter().map(|item| Raw(item.to_string()))),
            (Some(_), value) if value.is_null() => {}
            (_, value) => target.insert(&key, owned(value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::chunk::read;

    /// The top-level members of `json` as a chunk's unknown members.
    fn members(json: &str, apply: impl FnOnce(&Members<'_>)) {
        apply(&read(json).unwrap().extra);
    }

    fn text(extra: &Extra) -> String {
        crate::json::to_string(extra)
    }

    #[test]
    fn increments_concatenate_strings_and_extend_arrays() {
        let mut acc = Extra::default();
        members(r#"{"reasoning": "a", "tokens": [1]}"#, |m| increment(&mut acc, m));
        members(r#"{"reasoning": "b", "tokens": [2], "flag": true}"#, |m| increment(&mut acc, m));
        members(r#"{"reasoning": null, "flag": null}"#, |m| increment(&mut acc, m));
        assert_eq!(text(&acc), r#"{"reasoning":"ab","tokens":[1,2],"flag":true}"#);
    }

    #[test]
    fn latest_keeps_the_last_non_null_value() {
        let mut acc = Extra::default();
        members(r#"{"content_filter_results": {"hate": 1}}"#, |m| latest(&mut acc, m));
        members(r#"{"content_filter_results": null, "x": null}"#, |m| latest(&mut acc, m));
        members(r#"{"y": 2}"#, |m| latest(&mut acc, m));
        assert_eq!(text(&acc), r#"{"content_filter_results":{"hate": 1},"x":null,"y":2}"#);
    }
}
