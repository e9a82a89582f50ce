//! JavaScript values to and from JSON.
//!
//! A JS object can hold what JSON cannot (NaN, Infinity, functions, binary data). serde_json would silently
//! turn NaN into null, which would then be dropped as "unset"; instead each such value becomes an issue at its
//! path, and the rest of the request is still validated.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::number::Num;
use crate::validate::path::Path;
use crate::validate::{self, Issue, IssueCode, Severity};

/// Serializes for JS: maps as plain objects, integers as numbers.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(super::errors::named("TypeError", &e.to_string())))
}

/// The body to send for a request, or all its issues when any is an error.
pub fn request_body(request: &JsValue) -> Result<Value, Vec<Issue>> {
    let (value, issues) = request_issues(request);
    if issues.iter().any(Issue::is_error) {
        return Err(issues);
    }
    Ok(validate::body(value))
}

/// JS values nested deeper than this are refused (a circular object would otherwise recurse without end).
const MAX_DEPTH: usize = 128;

/// The request as JSON, and all its issues: those of values JSON cannot hold, then the validator's.
pub fn request_issues(request: &JsValue) -> (Value, Vec<Issue>) {
    let mut issues = Vec::new();
    let root = Path::ROOT;
    let value = ValueSeed { path: &root, issues: &mut issues, depth: 0 }
        .deserialize(serde_wasm_bindgen::Deserializer::from(request.clone()))
        .unwrap_or(Value::Null);
    let bad_paths: Vec<String> = issues.iter().map(|i| i.path.clone()).collect();
    // A value that could not be read is already reported; the validator would only add "required" for it.
    let rest = validate::validate(&value).into_iter().filter(|i| !bad_paths.contains(&i.path));
    issues.extend(rest);
    (value, issues)
}

/// serde-wasm-bindgen names the JS type in its error ("invalid type: JsValue(Function(f)), ..."); say it plainly.
fn describe_unreadable(error: &str) -> String {
    let what = ["Function", "Symbol", "BigInt"].into_iter().find(|kind| error.contains(&format!("JsValue({kind}")));
    match what {
        Some("Function") => "it is a function".into(),
        Some(kind) => format!("it is a {kind}"),
        None => error.trim_start_matches("Error: ").to_string(),
    }
}

struct ValueSeed<'a, 'p> {
    path: &'a Path<'p>,
    issues: &'a mut Vec<Issue>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        let path = self.path;
        let mut problem = None;
        let value = if self.depth > MAX_DEPTH {
            // Not read at all: the message below says why.
            problem = Some(format!("it is nested more than {MAX_DEPTH} levels deep (is it circular?)"));
            Ok(Value::Null)
        } else {
            let visitor = ValueVisitor { path, issues: self.issues, problem: &mut problem, depth: self.depth };
            deserializer.deserialize_any(visitor)
        };
        let problem = match value {
            Ok(value) if problem.is_none() => return Ok(value),
            Ok(_) => problem.unwrap_or_default(),
            Err(e) => describe_unreadable(&e.to_string()),
        };
        let subject = path.to_string();
        let subject = if subject.is_empty() { "the request".to_string() } else { subject };
        self.issues.push(Issue {
            path: path.to_string(),
            code: IssueCode::InvalidType,
            message: format!("{subject} cannot be sent as JSON: {problem}."),
            severity: Severity::Error,
        });
        Ok(Value::Null)
    }
}

struct ValueVisitor<'a, 'p> {
    path: &'a Path<'p>,
    issues: &'a mut Vec<Issue>,
    problem: &'a mut Option<String>,
    depth: usize,
}

impl ValueVisitor<'_, '_> {
    fn reject(self, why: String) -> Value {
        *self.problem = Some(why);
        Value::Null
    }
}

impl<'de> Visitor<'de> for ValueVisitor<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null) // null and undefined: both "not set"
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(v) => Value::from(v),
            Err(_) => self.reject(format!("the BigInt {v} does not fit in a JSON number")),
        })
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(v) => Value::from(v),
            Err(_) => self.reject(format!("the BigInt {v} does not fit in a JSON number")),
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(match serde_json::Number::from_f64(v) {
            Some(n) => Value::Number(n),
            None => self.reject(format!("{} is not a finite number", Num(v))),
        })
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Value, E> {
        Ok(self.reject("binary data is not JSON; send images as data: URLs".into()))
    }
    fn visit_byte_buf<E>(self, _: Vec<u8>) -> Result<Value, E> {
        Ok(self.reject("binary data is not JSON; send images as data: URLs".into()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ValueSeed {
            path: &self.path.index(items.len()),
            issues: self.issues,
            depth: self.depth + 1,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed {
                path: &self.path.key(&key),
                issues: self.issues,
                depth: self.depth + 1,
            })?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}
