//! Merging fields the types do not know, so that they survive accumulation.

use serde_json::Value;

use crate::types::Extra;

/// Per-chunk fields (top level, choices): the latest non-null value wins.
pub fn latest(target: &mut Extra, source: Extra) {
    for (key, value) in source.0 {
        if !value.is_null() || !target.contains_key(&key) {
            target.insert(key, value);
        }
    }
}

/// Delta fields are increments: strings are concatenated and arrays extended (keeping, say, a provider's own
/// reasoning field whole); anything else takes the latest non-null value.
pub fn increment(target: &mut Extra, source: Extra) {
    for (key, value) in source.0 {
        match (target.get_mut(&key), value) {
            (Some(Value::String(acc)), Value::String(more)) => acc.push_str(&more),
            (Some(Value::Array(acc)), Value::Array(more)) => acc.extend(more),
            (Some(_), Value::Null) => {}
            (_, value) => {
                target.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Extra {
        Extra(v.as_object().unwrap().clone())
    }

    #[test]
    fn increments_concatenate_strings_and_extend_arrays() {
        let mut acc = map(json!({"reasoning": "a", "tokens": [1]}));
        increment(&mut acc, map(json!({"reasoning": "b", "tokens": [2], "flag": true})));
        increment(&mut acc, map(json!({"reasoning": null, "flag": null})));
        assert_eq!(Value::Object(acc.0), json!({"reasoning": "ab", "tokens": [1, 2], "flag": true}));
    }

    #[test]
    fn latest_keeps_the_last_non_null_value() {
        let mut acc = map(json!({"content_filter_results": {"hate": 1}}));
        latest(&mut acc, map(json!({"content_filter_results": null, "x": null})));
        latest(&mut acc, map(json!({"y": 2})));
        assert_eq!(Value::Object(acc.0), json!({"content_filter_results": {"hate": 1}, "x": null, "y": 2}));
    }
}
