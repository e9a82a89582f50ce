//! The keywords of the subset, one table, and the check of a schema a request carries: each keyword's value has
//! the right shape, and what the subset does not check is said, with its path.

use crate::issue::{Issue, IssueCode, Severity};
use crate::json::Value;
use crate::path::Path;

/// What a keyword's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// A type name, or a list of them.
    Types,
    /// A schema.
    Schema,
    /// A schema, or true or false.
    SchemaOrBool,
    /// An object of schemas.
    Schemas,
    /// A non-empty list of schemas.
    SchemaList,
    /// A list of property names.
    Names,
    /// A non-empty list of values.
    Values,
    Number,
    /// A whole number, at least 0.
    Count,
    /// Anything: the keyword only annotates.
    Annotation,
    /// Any value.
    Any,
}

pub struct Keyword {
    pub name: &'static str,
    pub takes: Takes,
}

const fn kw(name: &'static str, takes: Takes) -> Keyword {
    Keyword { name, takes }
}

/// Every keyword the subset knows: the checked ones, then the annotations.
pub static KEYWORDS: &[Keyword] = &[
    kw("type", Takes::Types),
    kw("properties", Takes::Schemas),
    kw("required", Takes::Names),
    kw("additionalProperties", Takes::SchemaOrBool),
    kw("items", Takes::Schema),
    kw("enum", Takes::Values),
    kw("const", Takes::Any),
    kw("anyOf", Takes::SchemaList),
    kw("oneOf", Takes::SchemaList),
    kw("allOf", Takes::SchemaList),
    kw("minimum", Takes::Number),
    kw("maximum", Takes::Number),
    kw("exclusiveMinimum", Takes::Number),
    kw("exclusiveMaximum", Takes::Number),
    kw("minLength", Takes::Count),
    kw("maxLength", Takes::Count),
    kw("minItems", Takes::Count),
    kw("maxItems", Takes::Count),
    kw("title", Takes::Annotation),
    kw("description", Takes::Annotation),
    kw("default", Takes::Annotation),
    kw("examples", Takes::Annotation),
    kw("$schema", Takes::Annotation),
    kw("$id", Takes::Annotation),
    kw("$comment", Takes::Annotation),
    kw("deprecated", Takes::Annotation),
    kw("readOnly", Takes::Annotation),
    kw("writeOnly", Takes::Annotation),
];

/// The type names of JSON Schema.
pub const TYPES: &[&str] = &["object", "array", "string", "number", "integer", "boolean", "null"];

/// Schemas nested deeper than this are not looked into (a schema is written by a person, not generated without
/// end).
const MAX_DEPTH: usize = 64;

pub fn find(name: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.name == name)
}

/// Checks the schema at `path`, appending its issues: errors for keyword values of the wrong shape, a warning for
/// each keyword the subset does not check.
pub fn check(path: &Path, schema: &Value, issues: &mut Vec<Issue>) {
    schema_at(path, schema, issues, 0);
}

fn issue(issues: &mut Vec<Issue>, path: &Path, code: IssueCode, severity: Severity, message: String) {
    issues.push(Issue { path: path.to_string(), code, message, severity });
}

fn error(issues: &mut Vec<Issue>, path: &Path, code: IssueCode, message: String) {
    issue(issues, path, code, Severity::Error, message);
}

fn schema_at(path: &Path, schema: &Value, issues: &mut Vec<Issue>, depth: usize) {
    let map = match schema {
        Value::Object(map) => map,
        // true (anything) and false (nothing) are schemas too.
        Value::Bool(_) => return,
        other => {
            let got = other.type_name();
            return error(
                issues,
                path,
                IssueCode::InvalidType,
                format!("{path} must be a JSON Schema object, not {got}."),
            );
        }
    };
    if depth >= MAX_DEPTH {
        let message = format!("{path} is nested more than {MAX_DEPTH} levels deep; it is not checked further.");
        return issue(issues, path, IssueCode::UnsupportedKeyword, Severity::Warning, message);
    }
    for (name, value) in map.iter() {
        let at = path.key(name);
        let Some(keyword) = find(name) else {
            let message = format!(
                "{name} is not a keyword this package checks answers against; the model sees it, but what it \
                 returns is not held to it."
            );
            issue(issues, &at, IssueCode::UnsupportedKeyword, Severity::Warning, message);
            continue;
        };
        value_of(keyword, &at, value, issues, depth);
    }
}

/// The value of a known keyword.
fn value_of(keyword: &Keyword, path: &Path, value: &Value, issues: &mut Vec<Issue>, depth: usize) {
    let name = keyword.name;
    let wrong = |issues: &mut Vec<Issue>, expected: &str| {
        let got = value.type_name();
        error(issues, path, IssueCode::InvalidType, format!("{name} must be {expected}, not {got}."));
    };
    match (keyword.takes, value) {
        (Takes::Types, Value::String(t)) => type_name(path, t, issues),
        (Takes::Types, Value::Array(list)) if !list.is_empty() => {
            for (i, t) in list.iter().enumerate() {
                match t {
                    Value::String(t) => type_name(&path.index(i), t, issues),
                    _ => wrong(issues, "a type name or a list of type names"),
                }
            }
        }
        (Takes::Types, _) => wrong(issues, "a type name or a non-empty list of type names"),
        (Takes::Schema, v) => schema_at(path, v, issues, depth + 1),
        (Takes::SchemaOrBool, v) => schema_at(path, v, issues, depth + 1),
        (Takes::Schemas, Value::Object(map)) => {
            for (key, v) in map.iter() {
                schema_at(&path.key(key), v, issues, depth + 1);
            }
        }
        (Takes::Schemas, _) => wrong(issues, "an object of property names to schemas"),
        (Takes::SchemaList, Value::Array(list)) if !list.is_empty() => {
            for (i, v) in list.iter().enumerate() {
                schema_at(&path.index(i), v, issues, depth + 1);
            }
        }
        (Takes::SchemaList, _) => wrong(issues, "a non-empty list of schemas"),
        (Takes::Names, Value::Array(list)) if list.iter().all(|v| v.as_str().is_some()) => {}
        (Takes::Names, _) => wrong(issues, "a list of property names"),
        (Takes::Values, Value::Array(list)) if !list.is_empty() => {}
        (Takes::Values, _) => wrong(issues, "a non-empty list of values"),
        (Takes::Number, Value::Number(_)) => {}
        (Takes::Number, _) => wrong(issues, "a number"),
        (Takes::Count, Value::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => {}
        (Takes::Count, _) => wrong(issues, "a whole number, at least 0"),
        (Takes::Annotation | Takes::Any, _) => {}
    }
}

fn type_name(path: &Path, name: &str, issues: &mut Vec<Issue>) {
    if !TYPES.contains(&name) {
        let known = crate::text::join(TYPES, ", ");
        let message = format!("\"{name}\" is not a JSON Schema type; the types are {known}.");
        error(issues, path, IssueCode::InvalidValue, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The issues of a schema, written as JSON text (in its order).
    fn issues(schema: &str) -> Vec<(String, IssueCode, Severity)> {
        let mut out = Vec::new();
        check(&Path::ROOT.key("schema"), &serde_json::from_str(schema).unwrap(), &mut out);
        out.into_iter().map(|i| (i.path, i.code, i.severity)).collect()
    }

    #[test]
    fn a_schema_of_the_subset_has_no_issues() {
        let schema = r#"{
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Weather", "description": "A forecast", "type": "object",
            "properties": {
                "city": {"type": "string", "minLength": 1, "maxLength": 80},
                "days": {"type": "array", "items": {"type": ["number", "null"], "minimum": -90, "maximum": 60},
                         "minItems": 1, "maxItems": 7},
                "unit": {"enum": ["celsius", "fahrenheit"]}, "kind": {"const": "forecast"},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "level": {"oneOf": [{"type": "integer", "exclusiveMinimum": 0}, {"const": "max"}]},
                "extra": true
            },
            "required": ["city", "days"], "additionalProperties": false
        }"#;
        assert_eq!(issues(schema), []);
    }

    #[test]
    fn keywords_outside_the_subset_are_warned_about_at_their_path() {
        let schema = r#"{
            "type": "object",
            "properties": {"date": {"type": "string", "format": "date", "pattern": "^\\d+$"}},
            "$defs": {}
        }"#;
        assert_eq!(
            issues(schema),
            [
                ("schema.properties.date.format".into(), IssueCode::UnsupportedKeyword, Severity::Warning),
                ("schema.properties.date.pattern".into(), IssueCode::UnsupportedKeyword, Severity::Warning),
                ("schema.$defs".into(), IssueCode::UnsupportedKeyword, Severity::Warning),
            ]
        );
    }

    #[test]
    fn keyword_values_of_the_wrong_shape_are_errors() {
        let schema = r#"{
            "type": "strnig", "required": "city", "properties": [], "minLength": -1, "enum": [],
            "anyOf": {}, "items": 5
        }"#;
        assert_eq!(
            issues(schema),
            [
                ("schema.type".into(), IssueCode::InvalidValue, Severity::Error),
                ("schema.required".into(), IssueCode::InvalidType, Severity::Error),
                ("schema.properties".into(), IssueCode::InvalidType, Severity::Error),
                ("schema.minLength".into(), IssueCode::InvalidType, Severity::Error),
                ("schema.enum".into(), IssueCode::InvalidType, Severity::Error),
                ("schema.anyOf".into(), IssueCode::InvalidType, Severity::Error),
                ("schema.items".into(), IssueCode::InvalidType, Severity::Error),
            ]
        );
    }
}
