//! Errors as JavaScript sees them: `Error` objects whose `name` says what happened (ValidationError, APIError,
//! ConnectionError, TimeoutError, AbortError, StreamError), each with a boolean `retryable`. The API key never
//! appears in any of them: the texts built from responses and connection failures are scrubbed of it on the way
//! out (and the others never contain it).
//!
//! An error's fields are written as JSON and put on a new `Error` by one JS call (`glue::error`); only values JSON
//! cannot carry (`cause`, `partial`, `events`) are set one by one.

use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::glue;
use crate::json::{self, scan, Raw};
use crate::number::Num;
use crate::stream::{StreamError, StreamErrorKind};
use crate::surface::errors::{self as shapes, ErrorShape};
use crate::types::{ApiErrorBody, Body};
use crate::validate::Issue;

/// Everything a request can fail with.
pub enum ClientError {
    Validation(Vec<Issue>),
    /// `retryable`: whether the condition is usually temporary (by status), so a later attempt may succeed;
    /// `retry_after_ms`: how long the server asked to wait first (`retry-after-ms`, `retry-after`).
    Api {
        status: u16,
        body: ApiErrorBody,
        request_id: Option<String>,
        retryable: bool,
        retry_after_ms: Option<f64>,
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
        code: &'static str,
        message: String,
        retryable: bool,
        body: Option<ApiErrorBody>,
    },
    /// A stream used in a way it cannot be (iterated twice, ...).
    Usage(String),
}

/// The fields an error carries besides `name` and `message` (as `surface::errors` declares them).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fields<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<&'a [Issue]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    /// APIError: SiliconFlow's number, or null; StreamError: how it broke.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<Code<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Raw>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_ms: Option<f64>,
    retryable: bool,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Code<'a> {
    Number(Option<i64>),
    Text(&'a str),
}

impl<'a> Fields<'a> {
    fn new(retryable: bool) -> Self {
        Fields {
            issues: None,
            status: None,
            code: None,
            request_id: None,
            body: None,
            timeout: None,
            retry_after_ms: None,
            retryable,
        }
    }
}

impl ClientError {
    /// The connection broke while a response was being read.
    pub fn connection_lost(cause: &JsValue) -> Self {
        let message = format!("the connection was lost while reading the response: {}", describe(cause));
        ClientError::Stream { code: "connection_lost", message, retryable: true, body: None }
    }

    pub fn from_stream(error: &StreamError) -> Self {
        let (retryable, body) = match &error.kind {
            StreamErrorKind::Api(body) => (body.code.is_none_or(|code| code >= 50000), Some(body.clone())),
            _ => (false, None),
        };
        ClientError::Stream { code: error.code(), message: error.to_string(), retryable, body }
    }

    /// The JS error. `api_key` is scrubbed from every text; `partial` (the completion so far, for errors during a
    /// stream) and the response's trace id are attached when known.
    pub fn to_js(&self, api_key: Option<&str>, partial: Option<&JsValue>, request_id: Option<&str>) -> JsValue {
        let scrub = |text: &str| scrub(text, api_key);
        let mut cause = None;
        let (shape, message, mut fields): (&ErrorShape, String, Fields) = match self {
            ClientError::Validation(issues) => {
                (&shapes::VALIDATION, validation_message(issues), Fields { issues: Some(issues), ..Fields::new(false) })
            }
            ClientError::Api { status, body, request_id, retryable, retry_after_ms } => {
                let fields = Fields {
                    status: Some(*status),
                    code: Some(Code::Number(body.code)),
                    request_id: Some(request_id.as_deref()),
                    body: Some(body_json(body, &scrub)),
                    retry_after_ms: *retry_after_ms,
                    ..Fields::new(*retryable)
                };
                (&shapes::API, scrub(&body.message), fields)
            }
            ClientError::Connection { message, cause: c, retryable } => {
                cause = Some(c);
                (&shapes::CONNECTION, scrub(message), Fields::new(*retryable))
            }
            ClientError::Timeout { what, ms } => {
                let message = match *what {
                    "idle" => format!("the stream sent nothing for {} ms (idleTimeout)", Num(*ms)),
                    _ => format!("the request took longer than {} ms (timeout)", Num(*ms)),
                };
                (&shapes::TIMEOUT, message, Fields { timeout: Some(what), ..Fields::new(true) })
            }
            ClientError::Abort => (&shapes::ABORT, "the request was aborted".into(), Fields::new(false)),
            ClientError::Stream { code, message, retryable, body } => {
                let fields = Fields {
                    code: Some(Code::Text(code)),
                    body: body.as_ref().map(|body| body_json(body, &scrub)),
                    ..Fields::new(*retryable)
                };
                (&shapes::STREAM, scrub(message), fields)
            }
            ClientError::Usage(message) => (
                &shapes::STREAM,
                message.clone(),
                Fields { code: Some(Code::Text("invalid_use")), ..Fields::new(false) },
            ),
        };
        if fields.request_id.is_none() && request_id.is_some() {
            fields.request_id = Some(request_id);
        }
        let error = glue::error(shape.name, &message, &json::to_string(&fields));
        if let Some(cause) = cause {
            glue::set(&error, "cause", cause);
        }
        if let Some(partial) = partial {
            glue::set(&error, "partial", partial);
        }
        error
    }
}

/// "invalid request: model must not be empty (and 2 more errors)".
fn validation_message(issues: &[Issue]) -> String {
    let mut errors = issues.iter().filter(|i| i.is_error());
    let Some(first) = errors.next() else { return "invalid request".into() };
    match errors.count() {
        0 => format!("invalid request: {}", first.message),
        more => {
            let s = if more == 1 { "" } else { "s" };
            format!("invalid request: {} (and {more} more error{s})", first.message.trim_end_matches('.'))
        }
    }
}

/// An error body as JSON (the body's own when it is JSON, else the text as a string), scrubbed.
fn body_json(body: &ApiErrorBody, scrub: &dyn Fn(&str) -> String) -> Raw {
    match &body.body {
        Body::Json(text) => {
            let scrubbed = scrub(text);
            // A key that spans JSON punctuation would have broken the text: keep it as a string then.
            if scan::is_valid(&scrubbed) {
                return Raw(scrubbed);
            }
            Raw(crate::text::quoted(&scrubbed))
        }
        Body::Text(text) => Raw(crate::text::quoted(&scrub(text))),
    }
}

/// `text` without the API key in it.
pub fn scrub(text: &str, api_key: Option<&str>) -> String {
    match api_key {
        Some(key) if !key.is_empty() => text.replace(key, "[redacted]"),
        _ => text.to_string(),
    }
}

/// Scrubs the API key from a JS error's message and body (errors made in JS from what the server sent).
pub fn redact(error: &JsValue, api_key: Option<&str>) {
    let Some(key) = api_key.filter(|k| !k.is_empty()) else { return };
    let get = |name: &str| Reflect::get(error, &name.into()).ok().filter(|v| !v.is_undefined());
    if let Some(message) = get("message").and_then(|m| m.as_string()) {
        if message.contains(key) {
            glue::set(error, "message", &JsValue::from_str(&scrub(&message, Some(key))));
        }
    }
    if let Some(body) = get("body") {
        let text = super::convert::value(&body);
        let json = json::to_string(&text);
        if json.contains(key) {
            glue::set(error, "body", &super::convert::parse_json(&scrub(&json, Some(key))));
        }
    }
}

/// A `ValidationError` carrying every issue.
pub fn validation_error(issues: &[Issue]) -> JsValue {
    ClientError::Validation(issues.to_vec()).to_js(None, None, None)
}

/// A `StreamError`: the event stream could not be read.
pub fn stream_error(code: &'static str, message: &str) -> JsValue {
    ClientError::Stream { code, message: message.into(), retryable: false, body: None }.to_js(None, None, None)
}

/// A JS error's message, or the value as text.
pub fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let message: String = error.message().into();
        let cause = Reflect::get(error, &"cause".into()).ok().filter(|c| !c.is_undefined());
        return match cause.and_then(|c| c.dyn_ref::<js_sys::Error>().map(|c| String::from(c.message()))) {
            Some(cause) if !cause.is_empty() => format!("{message} ({cause})"),
            _ => message,
        };
    }
    value.as_string().unwrap_or_else(|| glue::text_of(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Each error carries what `surface::errors` declares for it (the required fields always), and nothing else.
    #[wasm_bindgen_test]
    fn every_error_has_only_the_fields_its_shape_declares() {
        let body = ApiErrorBody::parse(503, "{\"code\":50505,\"message\":\"overloaded\",\"data\":null}");
        let errors = [
            ClientError::Validation(Vec::new()),
            ClientError::Api {
                status: 503,
                body: body.clone(),
                request_id: Some("t".into()),
                retryable: true,
                retry_after_ms: Some(2000.0),
            },
            ClientError::Connection { message: "down".into(), cause: JsValue::NULL, retryable: true },
            ClientError::Timeout { what: "idle", ms: 5.0 },
            ClientError::Abort,
            ClientError::Stream { code: "stream_api_error", message: "m".into(), retryable: true, body: Some(body) },
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
            assert!(js.is_instance_of::<js_sys::Error>(), "{name} is an Error");
        }
    }
}
