//! Errors as JavaScript sees them: `Error` objects whose `name` says what happened (ValidationError, APIError,
//! ConnectionError, TimeoutError, AbortError, StreamError), each with a boolean `retryable`. The API key never
//! appears in any of them: the texts built from responses and connection failures are scrubbed of it on the way
//! out (and the others never contain it).

use wasm_bindgen::prelude::*;

use crate::number::Num;
use crate::stream::{StreamError, StreamErrorKind};
use crate::surface::errors::{self as shapes, ErrorShape};
use crate::types::{ApiErrorBody, Body};
use crate::validate::Issue;

/// Everything a request can fail with.
pub enum ClientError {
    Validation(Vec<Issue>),
    /// `retryable`: whether the condition is usually temporary (by status), so a later attempt may succeed.
    Api {
        status: u16,
        body: ApiErrorBody,
        request_id: Option<String>,
        retryable: bool,
    },
    /// `retryable` is false when another attempt cannot help (a malformed URL, a fetch that returned no Response).
    Connection {
        message: String,
        cause: JsValue,
        retryable: bool,
    },
    /// `what`: "request" (the whole-request timeout) or "idle" (silence between two reads).
    Timeout {
        what: &'static str,
        ms: f64,
    },
    Abort,
    /// The stream broke: `code` says how (connection_lost, malformed_chunk, stream_api_error, ...); `body` is
    /// the server's error body when it sent one mid-stream.
    Stream {
        code: String,
        message: String,
        retryable: bool,
        body: Option<ApiErrorBody>,
    },
    /// A stream used in a way it cannot be (iterated twice, ...).
    Usage(String),
}

impl ClientError {
    /// The connection broke while a response was being read.
    pub fn connection_lost(cause: &JsValue) -> Self {
        let message =
            format!("the connection was lost while reading the response: {}", super::transport::describe(cause));
        ClientError::Stream { code: "connection_lost".into(), message, retryable: true, body: None }
    }

    pub fn from_stream(error: &StreamError) -> Self {
        let (retryable, body) = match &error.kind {
            StreamErrorKind::Api(body) => (body.code.is_none_or(|code| code >= 50000), Some(body.clone())),
            _ => (false, None),
        };
        ClientError::Stream { code: error.code().into(), message: error.to_string(), retryable, body }
    }

    /// The JS error (its fields as `surface::errors` declares them). `api_key` is scrubbed from every text; `partial` (the completion so far, for errors during a
    /// stream) and the response's trace id are attached when known.
    pub fn to_js(&self, api_key: Option<&str>, partial: Option<&JsValue>, request_id: Option<&str>) -> JsValue {
        let scrub = |text: &str| scrub(text, api_key);
        let error = match self {
            ClientError::Validation(issues) => return validation_error(issues),
            ClientError::Api { status, body, request_id, retryable } => {
                let error = JsError::new(&shapes::API, &scrub(&body.message));
                error.set("status", &JsValue::from(*status));
                error.set("code", &body.code.map_or(JsValue::NULL, |c| JsValue::from_f64(c as f64)));
                error.set("requestId", &request_id.as_deref().map_or(JsValue::NULL, JsValue::from_str));
                error.set("body", &body_json(body, &scrub));
                error.set("retryable", &JsValue::from_bool(*retryable));
                error
            }
            ClientError::Connection { message, cause, retryable } => {
                let error = JsError::new(&shapes::CONNECTION, &scrub(message));
                error.set("cause", cause);
                error.set("retryable", &JsValue::from_bool(*retryable));
                error
            }
            ClientError::Timeout { what, ms } => {
                let message = match *what {
                    "idle" => format!("the stream sent nothing for {} ms (idleTimeout)", Num(*ms)),
                    _ => format!("the request took longer than {} ms (timeout)", Num(*ms)),
                };
                let error = JsError::new(&shapes::TIMEOUT, &message);
                error.set("timeout", &JsValue::from_str(what));
                error.set("retryable", &JsValue::TRUE);
                error
            }
            ClientError::Abort => {
                let error = JsError::new(&shapes::ABORT, "the request was aborted");
                error.set("retryable", &JsValue::FALSE);
                error
            }
            ClientError::Stream { code, message, retryable, body } => {
                let error = JsError::new(&shapes::STREAM, &scrub(message));
                error.set("code", &JsValue::from_str(code));
                error.set("retryable", &JsValue::from_bool(*retryable));
                if let Some(body) = body {
                    error.set("body", &body_json(body, &scrub));
                }
                error
            }
            ClientError::Usage(message) => {
                let error = JsError::new(&shapes::STREAM, message);
                error.set("code", &JsValue::from_str("invalid_use"));
                error.set("retryable", &JsValue::FALSE);
                error
            }
        };
        if let Some(partial) = partial {
            error.set("partial", partial);
        }
        if let Some(id) = request_id {
            if !js_sys::Reflect::has(&error.error, &"requestId".into()).unwrap_or(true) {
                error.set("requestId", &JsValue::from_str(id));
            }
        }
        error.into()
    }
}

/// An error body as a plain JS value (parsed when it is JSON), scrubbed.
fn body_json(body: &ApiErrorBody, scrub: &dyn Fn(&str) -> String) -> JsValue {
    match &body.body {
        Body::Json(text) => super::convert::parse_json(&scrub(text)),
        Body::Text(text) => JsValue::from_str(&scrub(text)),
    }
}

/// `text` without the API key in it.
pub fn scrub(text: &str, api_key: Option<&str>) -> String {
    match api_key {
        Some(key) if !key.is_empty() => text.replace(key, "[redacted]"),
        _ => text.to_string(),
    }
}

/// An `Error` with the given `name` and `message`.
pub fn named(name: &str, message: &str) -> js_sys::Error {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error
}

/// An error of the package under construction: its fields are those its shape declares.
pub struct JsError {
    pub error: js_sys::Error,
    shape: &'static ErrorShape,
}

impl JsError {
    pub fn new(shape: &'static ErrorShape, message: &str) -> JsError {
        JsError { error: named(shape.name, message), shape }
    }

    pub fn set(&self, key: &str, value: &JsValue) {
        debug_assert!(self.shape.has(key), "{} declares no field {key}", self.shape.name);
        // Reflect.set on a fresh, extensible Error cannot fail.
        let _ = js_sys::Reflect::set(&self.error, &JsValue::from_str(key), value);
    }
}

impl From<JsError> for JsValue {
    fn from(error: JsError) -> JsValue {
        error.error.into()
    }
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
    let error = JsError::new(&shapes::VALIDATION, &message);
    let issues = super::convert::to_js(issues);
    error.set("issues", &issues);
    error.set("retryable", &JsValue::FALSE);
    error.into()
}

/// A `StreamError`: the event stream could not be read.
pub fn stream_error(code: &str, message: &str) -> JsValue {
    ClientError::Stream { code: code.into(), message: message.into(), retryable: false, body: None }
        .to_js(None, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Each error carries what `surface::errors` declares for it, and nothing else (its setter also asserts this,
    /// in debug builds like this one).
    #[wasm_bindgen_test]
    fn every_error_has_only_the_fields_its_shape_declares() {
        let body = ApiErrorBody::parse(503, "{\"code\":50505,\"message\":\"overloaded\",\"data\":null}");
        let errors = [
            ClientError::Validation(Vec::new()),
            ClientError::Api { status: 503, body: body.clone(), request_id: Some("t".into()), retryable: true },
            ClientError::Connection { message: "down".into(), cause: JsValue::NULL, retryable: true },
            ClientError::Timeout { what: "idle", ms: 5.0 },
            ClientError::Abort,
            ClientError::Stream {
                code: "stream_api_error".into(),
                message: "m".into(),
                retryable: true,
                body: Some(body),
            },
            ClientError::Usage("twice".into()),
        ];
        for error in errors {
            let js = error.to_js(Some("sk-secret"), Some(&JsValue::NULL), Some("trace"));
            let name = js_sys::Reflect::get(&js, &"name".into()).unwrap().as_string().unwrap();
            let shape = shapes::ALL.iter().find(|s| s.name == name).expect("a declared error name");
            for key in js_sys::Object::keys(js.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
                assert!(key == "name" || shape.has(&key), "{name} has an undeclared field {key}");
            }
            for field in shapes::COMMON.iter().chain(shape.fields).filter(|f| !f.optional) {
                assert!(
                    js_sys::Reflect::has(&js, &field.name.into()).unwrap(),
                    "{name} lacks its field {}",
                    field.name
                );
            }
            assert!(js_sys::Reflect::get(&js, &"retryable".into()).unwrap().as_bool().is_some(), "{name}.retryable");
        }
    }
}
