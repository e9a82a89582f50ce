//! JavaScript values to the core's JSON values, and the core's serializable values to JavaScript.
//!
//! A JS object can hold what JSON cannot (NaN, Infinity, functions, symbols, binary data, cycles). Rather than
//! dropping them as JSON.stringify would, each becomes an issue at its path, and the rest of the request is still
//! validated. Values go to JS as JSON text and one `JSON.parse`: one call, however large the value.

use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::json::{self, Map, Value};
use crate::number::Num;
use crate::path::Path;
use crate::validate::{self, Issue, IssueCode, Severity};

/// A serializable value as a plain JS value.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    parse_json(&json::to_string(value))
}

/// `JSON.parse(text)`; `null` for text that is not JSON (the core writes only JSON). The text crosses as bytes
/// through the package's own decoder: wasm-bindgen's is fatal, much slower in Node for a large completion.
pub fn parse_json(text: &str) -> JsValue {
    super::glue::json_parse(text.as_bytes()).unwrap_or(JsValue::NULL)
}

/// The body to send for a request, or all its issues when any is an error.
pub fn request_body(request: &JsValue) -> Result<Value, Vec<Issue>> {
    let (value, issues) = request_issues(request);
    if issues.iter().any(Issue::is_error) {
        return Err(issues);
    }
    Ok(validate::body(value))
}

/// A JS value as JSON (what JSON cannot hold reads as null): for values the package made or parsed itself.
pub fn value(js: &JsValue) -> Value {
    from_js(js, &Path::ROOT, &mut Vec::new(), 0)
}

/// JS values nested deeper than this are refused (a circular object would otherwise recurse without end).
const MAX_DEPTH: usize = 128;

/// The request as JSON, and all its issues: those of values JSON cannot hold, then the validator's.
pub fn request_issues(request: &JsValue) -> (Value, Vec<Issue>) {
    let mut issues = Vec::new();
    let value = from_js(request, &Path::ROOT, &mut issues, 0);
    let bad_paths: Vec<String> = issues.iter().map(|i| i.path.clone()).collect();
    // A value that could not be read is already reported; the validator would only add "required" for it.
    let rest = validate::validate(&value).into_iter().filter(|i| !bad_paths.contains(&i.path));
    issues.extend(rest);
    (value, issues)
}

/// `value` as JSON; what JSON cannot hold is reported at its path and read as null.
fn from_js(value: &JsValue, path: &Path, issues: &mut Vec<Issue>, depth: usize) -> Value {
    let refuse = |issues: &mut Vec<Issue>, why: &str| {
        let subject = path.to_string();
        let subject = if subject.is_empty() { "the request" } else { &subject };
        issues.push(Issue {
            path: path.to_string(),
            code: IssueCode::InvalidType,
            message: format!("{subject} cannot be sent as JSON: {why}."),
            severity: Severity::Error,
        });
        Value::Null
    };
    if value.is_null() || value.is_undefined() {
        return Value::Null; // both "not set"
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        if n.is_finite() {
            return Value::Number(n);
        }
        return refuse(issues, &format!("{} is not a finite number", Num(n)));
    }
    if let Some(s) = value.as_string() {
        return Value::String(s);
    }
    if value.is_bigint() {
        // Exact as a JSON number only within ±2^53.
        if let Ok(n) = i64::try_from(value.clone()) {
            if n.unsigned_abs() <= 1 << 53 {
                return Value::Number(n as f64);
            }
        }
        let text: String = value.unchecked_ref::<js_sys::BigInt>().to_string(10).map(Into::into).unwrap_or_default();
        return refuse(issues, &format!("the BigInt {text} does not fit in a JSON number exactly"));
    }
    if value.is_function() {
        return refuse(issues, "it is a function");
    }
    if value.is_symbol() {
        return refuse(issues, "it is a Symbol");
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(value) {
        return refuse(issues, "binary data is not JSON; send images as data: URLs");
    }
    if depth >= MAX_DEPTH {
        return refuse(issues, &format!("it is nested more than {MAX_DEPTH} levels deep (is it circular?)"));
    }
    // What JSON.stringify would send for it: its toJSON() (a Date's ISO string), when it has one.
    if let Ok(to_json) = Reflect::get(value, &"toJSON".into()) {
        if let Some(to_json) = to_json.dyn_ref::<js_sys::Function>() {
            return match to_json.call0(value) {
                Ok(replacement) => from_js(&replacement, path, issues, depth + 1),
                Err(_) => refuse(issues, "its toJSON() threw"),
            };
        }
    }
    if Array::is_array(value) {
        let items: &Array = value.unchecked_ref();
        let mut out = Vec::with_capacity(items.length() as usize);
        for (i, item) in items.iter().enumerate() {
            out.push(from_js(&item, &path.index(i), issues, depth + 1));
        }
        return Value::Array(out);
    }
    let object: &Object = value.unchecked_ref();
    let mut out = Map::new();
    for key in Object::keys(object).iter() {
        let Some(name) = key.as_string() else { continue };
        let member = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        let converted = from_js(&member, &path.key(&name), issues, depth + 1);
        out.insert(name, converted);
    }
    Value::Object(out)
}
