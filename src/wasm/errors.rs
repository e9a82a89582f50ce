//! Errors as JavaScript sees them: `Error` objects whose `name` says what happened.

use wasm_bindgen::prelude::*;

use crate::validate::Issue;

/// An `Error` with the given `name` and `message`.
pub fn named(name: &str, message: &str) -> js_sys::Error {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error
}

/// Sets `key` on an error object.
pub fn set(error: &js_sys::Error, key: &str, value: &JsValue) {
    // Reflect.set on a fresh, extensible Error cannot fail.
    let _ = js_sys::Reflect::set(error, &JsValue::from_str(key), value);
}

/// A `ValidationError` carrying every issue.
pub fn validation_error(issues: &[Issue]) -> JsValue {
    let errors: Vec<&Issue> = issues.iter().filter(|i| i.is_error()).collect();
    let message = match errors.as_slice() {
        [] => "invalid request".to_string(),
        [only] => format!("invalid request: {}", only.message),
        [first, rest @ ..] => {
            let s = if rest.len() == 1 { "" } else { "s" };
            format!("invalid request: {} (and {} more error{s})", first.message.trim_end_matches('.'), rest.len())
        }
    };
    let error = named("ValidationError", &message);
    let issues = super::convert::to_js(issues).unwrap_or(JsValue::NULL);
    set(&error, "issues", &issues);
    error.into()
}

/// A `StreamError`: the event stream could not be read.
pub fn stream_error(code: &str, message: &str) -> JsValue {
    let error = named("StreamError", message);
    set(&error, "code", &JsValue::from_str(code));
    set(&error, "retryable", &JsValue::FALSE);
    error.into()
}
