//! A value checked against a schema of the subset: every way it fails, each with a JSON path into the value
//! (`items[2].name`, `""` for the value itself) and a sentence that says what was expected.

use crate::issue::{Issue, IssueCode, Severity};
use crate::json::{Map, Value};
use crate::number::Num;
use crate::path::Path;

/// Every issue of `value` against `schema` (none when it conforms).
pub fn check(value: &Value, schema: &Value) -> Vec<Issue> {
    let mut issues = Vec::new();
    at(&Path::ROOT, value, schema, &mut issues, 0);
    issues
}

/// Deeper than this, a value is not looked into (the schema check warned about such schemas already).
const MAX_DEPTH: usize = 64;

fn fail(issues: &mut Vec<Issue>, path: &Path, code: IssueCode, message: String) {
    issues.push(Issue { path: path.to_string(), code, message, severity: Severity::Error });
}

/// "the value" at the root, else the path.
fn subject(path: &Path) -> String {
    let text = path.to_string();
    if text.is_empty() {
        "the value".into()
    } else {
        text
    }
}

fn at(path: &Path, value: &Value, schema: &Value, issues: &mut Vec<Issue>, depth: usize) {
    let schema = match schema {
        Value::Object(map) => map,
        Value::Bool(false) => {
            return fail(issues, path, IssueCode::InvalidValue, format!("{} is not allowed here.", subject(path)))
        }
        _ => return,
    };
    if depth >= MAX_DEPTH {
        return;
    }
    if let Some(types) = schema.get("type") {
        if !has_type(value, types) {
            let expected = expected_types(types);
            let message = format!("{} must be {expected}, not {}.", subject(path), value.type_name());
            // The other keywords are about a value of the right type: they would only repeat this.
            return fail(issues, path, IssueCode::InvalidType, message);
        }
    }
    if let Some(Value::Array(allowed)) = schema.get("enum") {
        if !allowed.contains(value) {
            let listed: Vec<String> = allowed.iter().map(crate::json::to_string).collect();
            let message = format!(
                "{} must be one of {}; got {}.",
                subject(path),
                crate::text::join(&listed, ", "),
                crate::json::to_string(value)
            );
            fail(issues, path, IssueCode::InvalidValue, message);
        }
    }
    if let Some(constant) = schema.get("const") {
        if constant != value {
            let message = format!(
                "{} must be {}; got {}.",
                subject(path),
                crate::json::to_string(constant),
                crate::json::to_string(value)
            );
            fail(issues, path, IssueCode::InvalidValue, message);
        }
    }
    match value {
        Value::Object(members) => object(path, members, schema, issues, depth),
        Value::Array(items) => array(path, items, schema, issues, depth),
        Value::String(text) => string(path, text, schema, issues),
        Value::Number(n) => number(path, *n, schema, issues),
        Value::Bool(_) | Value::Null => {}
    }
    combinations(path, value, schema, issues, depth);
}

/// Whether `value` is of one of the types (`"integer"`: a whole number).
fn has_type(value: &Value, types: &Value) -> bool {
    let one = |name: &str| match (name, value) {
        ("object", Value::Object(_))
        | ("array", Value::Array(_))
        | ("string", Value::String(_))
        | ("number", Value::Number(_))
        | ("boolean", Value::Bool(_))
        | ("null", Value::Null) => true,
        ("integer", Value::Number(n)) => n.fract() == 0.0,
        _ => false,
    };
    match types {
        Value::String(name) => one(name),
        Value::Array(names) => names.iter().any(|n| n.as_str().is_some_and(one)),
        // A malformed `type` (the schema check reports it) restricts nothing.
        _ => true,
    }
}

/// "a string", "a number or null".
fn expected_types(types: &Value) -> String {
    let article = |name: &str| match name {
        "object" | "array" | "integer" => format!("an {name}"),
        "null" => "null".to_string(),
        "boolean" => "true or false".to_string(),
        other => format!("a {other}"),
    };
    match types {
        Value::String(name) => article(name),
        Value::Array(names) => {
            let names: Vec<String> = names.iter().filter_map(Value::as_str).map(article).collect();
            crate::text::join(&names, " or ")
        }
        _ => String::new(),
    }
}

fn object(path: &Path, members: &Map, schema: &Map, issues: &mut Vec<Issue>, depth: usize) {
    let properties = schema.get("properties").and_then(Value::as_object);
    if let Some(Value::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            if !members.contains_key(name) {
                let message = format!("{} lacks the required property \"{name}\".", subject(path));
                fail(issues, &path.key(name), IssueCode::Required, message);
            }
        }
    }
    let additional = schema.get("additionalProperties");
    for (name, member) in members.iter() {
        let member_path = path.key(name);
        match properties.and_then(|p| p.get(name)) {
            Some(property) => at(&member_path, member, property, issues, depth + 1),
            None => match additional {
                Some(Value::Bool(false)) => {
                    let known: Vec<&str> = properties.map(|p| p.keys().collect()).unwrap_or_default();
                    let allowed = if known.is_empty() {
                        "no properties are allowed".to_string()
                    } else {
                        format!("the properties are {}", crate::text::join(&known, ", "))
                    };
                    let message = format!("\"{name}\" is not a property this object may have ({allowed}).");
                    fail(issues, &member_path, IssueCode::ExtraProperty, message);
                }
                Some(extra @ Value::Object(_)) => at(&member_path, member, extra, issues, depth + 1),
                _ => {}
            },
        }
    }
}

fn array(path: &Path, items: &[Value], schema: &Map, issues: &mut Vec<Issue>, depth: usize) {
    let (min, max) = (count(schema, "minItems"), count(schema, "maxItems"));
    if let Some(min) = min.filter(|&min| items.len() < min) {
        let message = format!("{} must have at least {min} items; it has {}.", subject(path), items.len());
        fail(issues, path, IssueCode::TooShort, message);
    }
    if let Some(max) = max.filter(|&max| items.len() > max) {
        let message = format!("{} must have at most {max} items; it has {}.", subject(path), items.len());
        fail(issues, path, IssueCode::TooLong, message);
    }
    if let Some(item) = schema.get("items") {
        for (i, value) in items.iter().enumerate() {
            at(&path.index(i), value, item, issues, depth + 1);
        }
    }
}

fn string(path: &Path, text: &str, schema: &Map, issues: &mut Vec<Issue>) {
    let (min, max) = (count(schema, "minLength"), count(schema, "maxLength"));
    if min.is_none() && max.is_none() {
        return;
    }
    // JSON Schema counts characters (code points), not bytes.
    let length = text.chars().count();
    if let Some(min) = min.filter(|&min| length < min) {
        let message = format!("{} must have at least {min} characters; it has {length}.", subject(path));
        fail(issues, path, IssueCode::TooShort, message);
    }
    if let Some(max) = max.filter(|&max| length > max) {
        let message = format!("{} must have at most {max} characters; it has {length}.", subject(path));
        fail(issues, path, IssueCode::TooLong, message);
    }
}

fn number(path: &Path, n: f64, schema: &Map, issues: &mut Vec<Issue>) {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let mut out_of_range = |ok: bool, relation: &str, limit: f64| {
        if !ok {
            let message = format!("{} must be {relation} {}; got {}.", subject(path), Num(limit), Num(n));
            fail(issues, path, IssueCode::OutOfRange, message);
        }
    };
    if let Some(limit) = bound("minimum") {
        out_of_range(n >= limit, "at least", limit);
    }
    if let Some(limit) = bound("maximum") {
        out_of_range(n <= limit, "at most", limit);
    }
    if let Some(limit) = bound("exclusiveMinimum") {
        out_of_range(n > limit, "more than", limit);
    }
    if let Some(limit) = bound("exclusiveMaximum") {
        out_of_range(n < limit, "less than", limit);
    }
}

/// anyOf, oneOf, allOf.
fn combinations(path: &Path, value: &Value, schema: &Map, issues: &mut Vec<Issue>, depth: usize) {
    let conforms = |option: &Value| {
        let mut scratch = Vec::new();
        at(path, value, option, &mut scratch, depth + 1);
        scratch.is_empty()
    };
    if let Some(Value::Array(options)) = schema.get("anyOf") {
        if !options.iter().any(conforms) {
            let message = format!("{} matches none of the {} schemas of anyOf.", subject(path), options.len());
            fail(issues, path, IssueCode::NoMatch, message);
        }
    }
    if let Some(Value::Array(options)) = schema.get("oneOf") {
        match options.iter().filter(|o| conforms(o)).count() {
            1 => {}
            0 => {
                let message = format!("{} matches none of the {} schemas of oneOf.", subject(path), options.len());
                fail(issues, path, IssueCode::NoMatch, message);
            }
            n => {
                let message =
                    format!("{} matches {n} of the schemas of oneOf; it must match exactly one.", subject(path));
                fail(issues, path, IssueCode::NoMatch, message);
            }
        }
    }
    if let Some(Value::Array(all)) = schema.get("allOf") {
        for option in all {
            at(path, value, option, issues, depth + 1);
        }
    }
}

fn count(schema: &Map, key: &str) -> Option<usize> {
    schema.get(key).and_then(Value::as_f64).filter(|n| *n >= 0.0).map(|n| n as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The issues of a value against a schema (the schema's members keep their written order).
    fn issues(value: serde_json::Value, schema: &str) -> Vec<(String, IssueCode, String)> {
        let value: Value = serde_json::from_str(&value.to_string()).unwrap();
        let schema: Value = serde_json::from_str(schema).unwrap();
        check(&value, &schema).into_iter().map(|i| (i.path, i.code, i.message)).collect()
    }

    fn weather() -> &'static str {
        r#"{
            "type": "object",
            "properties": {
                "city": {"type": "string", "minLength": 1},
                "temperature": {"type": "number", "minimum": -90, "maximum": 60},
                "unit": {"enum": ["celsius", "fahrenheit"]},
                "days": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
                "note": {"type": ["string", "null"]}
            },
            "required": ["city", "unit"],
            "additionalProperties": false
        }"#
    }

    #[test]
    fn a_conforming_value_has_no_issues() {
        let value = json!({"city": "Paris", "temperature": 18.5, "unit": "celsius", "days": [1, 2], "note": null});
        assert_eq!(issues(value, weather()), []);
    }

    #[test]
    fn every_failure_is_reported_with_its_path_and_what_was_expected() {
        // (serde_json's json! sorts members: the value's order here is alphabetical.)
        let value = json!({"city": "", "temperature": 99, "unit": "kelvin", "days": [1, 2.5, 3, 4], "wind": 3});
        assert_eq!(
            issues(value, weather()),
            [
                ("city".into(), IssueCode::TooShort, "city must have at least 1 characters; it has 0.".into()),
                ("days".into(), IssueCode::TooLong, "days must have at most 3 items; it has 4.".into()),
                ("days[1]".into(), IssueCode::InvalidType, "days[1] must be an integer, not a number.".into()),
                ("temperature".into(), IssueCode::OutOfRange, "temperature must be at most 60; got 99.".into()),
                (
                    "unit".into(),
                    IssueCode::InvalidValue,
                    "unit must be one of \"celsius\", \"fahrenheit\"; got \"kelvin\".".into()
                ),
                (
                    "wind".into(),
                    IssueCode::ExtraProperty,
                    "\"wind\" is not a property this object may have (the properties are city, temperature, unit, \
                     days, note)."
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn missing_required_properties_and_wrong_root_types_are_named() {
        assert_eq!(
            issues(json!({"city": "Paris"}), weather()),
            [("unit".into(), IssueCode::Required, "the value lacks the required property \"unit\".".into())]
        );
        assert_eq!(
            issues(json!([1]), weather()),
            [("".into(), IssueCode::InvalidType, "the value must be an object, not an array.".into())]
        );
        assert_eq!(
            issues(json!(5), r#"{"type": ["string", "null"]}"#),
            [("".into(), IssueCode::InvalidType, "the value must be a string or null, not a number.".into())]
        );
    }

    #[test]
    fn any_of_one_of_all_of_const_and_exclusive_bounds() {
        let schema = r#"{"anyOf": [{"type": "string"}, {"type": "integer", "exclusiveMinimum": 0}]}"#;
        assert_eq!(issues(json!("x"), schema), []);
        assert_eq!(issues(json!(0), schema).len(), 1);
        let one = r#"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#;
        assert_eq!(issues(json!(1.5), one), []);
        assert_eq!(issues(json!(2), one)[0].1, IssueCode::NoMatch, "2 matches both");
        let all = r#"{"allOf": [{"minimum": 1}, {"maximum": 3}]}"#;
        assert_eq!(issues(json!(5), all)[0].0, "");
        assert_eq!(issues(json!("b"), r#"{"const": "a"}"#)[0].2, "the value must be \"a\"; got \"b\".");
        assert_eq!(issues(json!(1), r#"false"#)[0].1, IssueCode::InvalidValue);
        assert_eq!(issues(json!(1), r#"true"#), []);
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(issues(json!("你好"), r#"{"maxLength": 2}"#), []);
        assert_eq!(issues(json!("😀😀😀"), r#"{"maxLength": 2}"#)[0].1, IssueCode::TooLong);
    }
}
