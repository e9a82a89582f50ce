//! Request validation: every problem at once, each with a JSON path, a stable code and a sentence for people.
//!
//! Rules work on the request as JSON (the core's `json::Value`, which JS values are converted to) rather than on
//! the typed request, so that a wrong type is one more issue at its path instead of the end of the analysis. The
//! top-level fields and their rules are one table (`fields`); messages, tools and data: URLs have rules of their
//! own.

mod checker;
mod data_url;
pub mod fields;
mod messages;
mod params;
mod tools;

use crate::json::Value;

pub use crate::issue::{Issue, IssueCode, Severity};
pub use data_url::{parse as parse_data_url, DataUrl};

use crate::path::Path;
use checker::Checker;

/// Every issue of `request`, errors and warnings: model first, then messages, then the options.
pub fn validate(request: &Value) -> Vec<Issue> {
    let mut checker = Checker { issues: Vec::new(), model: None, honoured: true };
    let root = Path::ROOT;
    match request {
        Value::Object(map) => fields::check(&mut checker, &root, map),
        other => checker.wrong_type(&root, "an object with model and messages", other),
    }
    checker.issues
}

/// The exact JSON body to send: the request with its unset (null) options removed, at every level. Fails with
/// every issue when any of them is an error.
pub fn build_request(request: &Value) -> Result<Value, Vec<Issue>> {
    let issues = validate(request);
    if issues.iter().any(Issue::is_error) {
        return Err(issues);
    }
    Ok(body(request.clone()))
}

/// The body to send for a request already validated without errors: unset options dropped. (Numbers need no
/// care: JSON.stringify, which writes the body, writes whole numbers without a fraction.)
pub fn body(mut body: Value) -> Value {
    strip_nulls(&mut body);
    body
}

/// Removes null members (options left unset) from every object, except a message's `content` (null on tool-call
/// turns, as OpenAI-style clients send it) and inside user-written JSON Schemas (`parameters`, `schema`), where
/// null is a value.
fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, v| !v.is_null() || k == "content");
            for (key, v) in map.iter_mut() {
                if key != "parameters" && key != "schema" {
                    strip_nulls(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}
