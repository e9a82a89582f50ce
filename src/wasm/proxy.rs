//! `proxyRequest(request, options)`: the server side of a browser app, for an edge function that holds the API key.
//! It checks the browser's request before any upstream traffic (origin, size, JSON, the core's validation, the
//! deployment's policy), adds the key, sends it with the client (retries before the first byte), and answers with
//! the stream, passed through as it arrives, or the JSON completion. Every failure is a JSON error the client of
//! this package reads as an APIError; none of them carries the key.

use std::rc::Rc;

use js_sys::{Promise, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Headers, ReadableStream, ReadableStreamDefaultReader, Request, Response, ResponseInit};

use super::awaiter::Awaiter;
use super::client::{client_config, send_chat, Options, Sent};
use super::convert;
use super::errors::{scrub, ClientError};
use super::glue::{ignore_rejection, read_value};
use super::transport::{describe, Call, Config, TRACE_HEADER};
use crate::json::scan::parse_u64;
use crate::json::{self, Value};
use crate::number::Num;
use crate::validate::{self, Issue};

/// Request bodies larger than this are refused (413) unless `maxBodyBytes` says otherwise; images travel as
/// data: URLs, hence the room.
const DEFAULT_MAX_BODY_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

struct Policy {
    config: Rc<Config>,
    /// Model ids the deployment serves; `None`: any.
    allowed_models: Option<Vec<String>>,
    /// The most max_tokens a request may ask for; requests without one get it.
    max_tokens: Option<u32>,
    /// Browser origins allowed to call; `None`: any. Requests without an Origin (not from a browser) pass.
    allowed_origins: Option<Vec<String>>,
    max_body_bytes: f64,
}

/// `proxyRequest(request, { apiKey, baseURL, fetch, maxRetries, timeout, idleTimeout, allowedModels, maxTokens,
/// allowedOrigins, maxBodyBytes })` → `Promise<Response>`. `allowedModels` and `allowedOrigins` take arrays or
/// comma-separated strings (as environment variables hold them); `"*"` allows every origin.
#[wasm_bindgen(js_name = proxyRequest)]
pub fn proxy_request(request: Request, options: JsValue) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let origin = request.headers().get("origin").ok().flatten();
        let policy = match policy(&options) {
            Ok(policy) => policy,
            Err(message) => return Ok(reply_json(500, &error("proxy_misconfigured", &message), None, None).into()),
        };
        Ok(handle(&policy, &request, origin.as_deref()).await.into())
    })
}

fn policy(options: &JsValue) -> Result<Policy, String> {
    let message = |e: JsValue| describe(&e);
    let o = Options::read(options, &crate::surface::options::PROXY).map_err(message)?;
    let config = client_config(&o).map_err(message)?;
    if config.api_key.is_none() {
        return Err("proxyRequest() needs apiKey (the SiliconFlow key the proxy adds to each request)".into());
    }
    let list = |key: &str| -> Result<Option<Vec<String>>, String> {
        let Some(value) = o.get(key) else { return Ok(None) };
        let items: Vec<String> = if let Some(text) = value.as_string() {
            text.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
        } else if js_sys::Array::is_array(&value) {
            js_sys::Array::from(&value).iter().filter_map(|v| v.as_string()).collect()
        } else {
            return Err(format!("proxyRequest(): {key} must be an array of strings or a comma-separated string"));
        };
        Ok((!items.iter().any(|s| s == "*")).then_some(items))
    };
    let max_tokens = match o.get("maxTokens") {
        None => None,
        Some(v) => match v.as_f64().or_else(|| v.as_string().and_then(|s| parse_u64(s.trim()).map(|n| n as f64))) {
            Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Some(n as u32),
            _ => return Err("proxyRequest(): maxTokens must be a whole number of tokens, at least 1".into()),
        },
    };
    Ok(Policy {
        allowed_models: list("allowedModels")?,
        allowed_origins: list("allowedOrigins")?,
        max_tokens,
        max_body_bytes: o.bytes("maxBodyBytes").map_err(message)?.unwrap_or(DEFAULT_MAX_BODY_BYTES),
        config: Rc::new(config),
    })
}

async fn handle(policy: &Policy, request: &Request, origin: Option<&str>) -> Response {
    let cors = origin.filter(|o| policy.allowed_origins.as_ref().is_none_or(|list| list.iter().any(|a| a == o)));
    if origin.is_some() && cors.is_none() {
        let message = format!("the origin {} may not use this proxy", origin.unwrap_or_default());
        return reply_json(403, &error("origin_not_allowed", &message), None, None);
    }
    let method = request.method();
    if method == "OPTIONS" {
        return preflight(cors);
    }
    let path = web_sys::Url::new(&request.url()).map(|u| u.pathname()).unwrap_or_default();
    let path = path.trim_end_matches('/');
    if path.ends_with("/chat/completions") && method == "POST" {
        return chat(policy, request, cors).await;
    }
    let message = format!("this proxy serves POST …/chat/completions, not {method} {path}");
    reply_json(404, &error("not_found", &message), cors, None)
}

async fn chat(policy: &Policy, request: &Request, cors: Option<&str>) -> Response {
    let body = match read_body(policy, request).await {
        Ok(body) => body,
        Err((status, kind, message)) => return reply_json(status, &error(kind, &message), cors, None),
    };
    let (body, issues) = convert::request_issues(&body);
    if let Some(first) = issues.iter().find(|i| i.is_error()) {
        let refusal = ReplyError { issues: Some(&issues), ..ReplyError::new("validation_error", &first.message) };
        let refusal = json::to_string(&Reply { error: refusal });
        return reply_json(400, &refusal, cors, None);
    }
    let mut body = validate::body(body);
    if let Some(refusal) = apply_policy(policy, &mut body) {
        return reply_json(403, &refusal, cors, None);
    }
    let config = &policy.config;
    // The browser going away cancels the upstream request too.
    let call = Call::from_config(config, Some(request.signal()));
    match send_chat(config, &body, &call).await {
        Ok(Sent::Stream(stream)) => {
            let request_id = stream.request_id().as_string();
            let stream = JsValue::from(stream);
            match to_readable_stream(&stream) {
                Some(body) => reply_stream(&body, cors, request_id.as_deref()),
                None => reply_json(500, &error("proxy_error", "could not re-stream the response"), cors, None),
            }
        }
        Ok(Sent::Complete(text)) => reply(200, "application/json", Some(&text), cors, None),
        Err(e) => {
            let (status, body, request_id) = upstream_error(&e, config.api_key.as_deref());
            reply_json(status, &body, cors, request_id.as_deref())
        }
    }
}

/// The body as a JS value (`JSON.parse`), within the size limit: read chunk by chunk and cancelled as soon as it
/// passes the limit.
async fn read_body(policy: &Policy, request: &Request) -> Result<JsValue, (u16, &'static str, String)> {
    let limit = policy.max_body_bytes;
    let too_large = |size: f64| {
        (
            413,
            "body_too_large",
            format!("the request body has {} bytes or more; the limit is {}", Num(size), Num(limit)),
        )
    };
    let declared =
        request.headers().get("content-length").ok().flatten().and_then(|n| parse_u64(n.trim()).map(|n| n as f64));
    if let Some(size) = declared.filter(|&size| size > limit) {
        return Err(too_large(size));
    }
    let unreadable = |_| (400, "invalid_body", "the request body could not be read".to_string());
    let mut bytes = Vec::new();
    if let Some(body) = request.body() {
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        let waits = Awaiter::new();
        loop {
            let read = waits.wait(&reader.read()).await.map_err(unreadable)?;
            let chunk = read_value(&read);
            if chunk.is_null() {
                break;
            }
            let chunk: Uint8Array = chunk.unchecked_into();
            if (bytes.len() + chunk.length() as usize) as f64 > limit {
                ignore_rejection(&reader.cancel());
                return Err(too_large((bytes.len() + chunk.length() as usize) as f64));
            }
            let at = bytes.len();
            bytes.resize(at + chunk.length() as usize, 0);
            chunk.copy_to(&mut bytes[at..]);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    js_sys::JSON::parse(&text)
        .map_err(|e| (400, "invalid_json", format!("the request body is not JSON: {}", describe(&e))))
}

/// The deployment's rules: allowed models, and the max_tokens cap (applied by lowering, or setting, max_tokens).
fn apply_policy(policy: &Policy, body: &mut Value) -> Option<String> {
    let model = body.get("model").and_then(Value::as_str).unwrap_or_default();
    if let Some(allowed) = &policy.allowed_models {
        if !allowed.iter().any(|m| m == model) {
            let message =
                format!("the model {model} is not served here; allowed: {}", crate::text::join(allowed, ", "));
            return Some(error("model_not_allowed", &message));
        }
    }
    if let (Some(cap), Value::Object(map)) = (policy.max_tokens, body) {
        let asked = map.get("max_tokens").and_then(Value::as_f64);
        if asked.is_none_or(|n| n > f64::from(cap)) {
            map.insert("max_tokens", Value::Number(f64::from(cap)));
        }
    }
    None
}

/// What the proxy answers a failure with: `{error: {type, message, ...}}` (OpenAI-style, which the client reads
/// as an APIError).
#[derive(Serialize)]
struct Reply<'a> {
    error: ReplyError<'a>,
}

#[derive(Serialize)]
struct ReplyError<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<&'a [Issue]>,
    /// For upstream API errors: SiliconFlow's code (null when it gave none), the status and the trace id.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<Option<&'a str>>,
}

impl<'a> ReplyError<'a> {
    fn new(kind: &'a str, message: &'a str) -> Self {
        ReplyError { kind, message, issues: None, code: None, status: None, request_id: None }
    }
}

/// `{error: {type, message}}` as JSON text.
fn error(kind: &str, message: &str) -> String {
    json::to_string(&Reply { error: ReplyError::new(kind, message) })
}

/// A failed upstream request as (status, JSON body, trace id), scrubbed of the key.
fn upstream_error(e: &ClientError, key: Option<&str>) -> (u16, String, Option<String>) {
    let scrub = |text: &str| scrub(text, key);
    match e {
        // Retried already: the caller should not retry again (x-should-retry, set by `reply`).
        ClientError::Api { status, body, request_id, .. } => {
            let message = scrub(&body.message);
            let reply = ReplyError {
                code: Some(body.code),
                status: Some(*status),
                request_id: Some(request_id.as_deref()),
                ..ReplyError::new("upstream_error", &message)
            };
            (*status, json::to_string(&Reply { error: reply }), request_id.clone())
        }
        ClientError::Connection { message, .. } => (502, error("upstream_unreachable", &scrub(message)), None),
        ClientError::Timeout { what, ms } => (
            504,
            error("upstream_timeout", &format!("SiliconFlow did not answer within {} ms ({what})", Num(*ms))),
            None,
        ),
        ClientError::Abort => (499, error("client_closed", "the client closed the request"), None),
        ClientError::Validation(issues) => {
            let reply = ReplyError { issues: Some(issues), ..ReplyError::new("validation_error", "invalid request") };
            (400, json::to_string(&Reply { error: reply }), None)
        }
        ClientError::Stream { message, .. } | ClientError::Usage(message) => {
            (502, error("upstream_error", &scrub(message)), None)
        }
    }
}

/// The stream's `toReadableStream()` (defined with the JS protocols of the package).
fn to_readable_stream(stream: &JsValue) -> Option<ReadableStream> {
    let method = Reflect::get(stream, &"toReadableStream".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    method.call0(stream).ok()?.dyn_into::<ReadableStream>().ok()
}

fn preflight(cors: Option<&str>) -> Response {
    let response = reply(204, "text/plain", None, cors, None);
    let headers = response.headers();
    let _ = headers.set("access-control-allow-methods", "POST, OPTIONS");
    let _ = headers.set("access-control-allow-headers", "content-type, authorization");
    let _ = headers.set("access-control-max-age", "600");
    response
}

/// `body`: JSON text.
fn reply_json(status: u16, body: &str, cors: Option<&str>, request_id: Option<&str>) -> Response {
    reply(status, "application/json; charset=utf-8", Some(body), cors, request_id)
}

fn reply_stream(body: &ReadableStream, cors: Option<&str>, request_id: Option<&str>) -> Response {
    let init = ResponseInit::new();
    init.set_status(200);
    init.set_headers(&headers("text/event-stream; charset=utf-8", cors, request_id));
    let response = Response::new_with_opt_readable_stream_and_init(Some(body), &init);
    response.unwrap_or_else(|_| reply(500, "text/plain", Some("could not make a response"), cors, None))
}

fn reply(
    status: u16,
    content_type: &str,
    body: Option<&str>,
    cors: Option<&str>,
    request_id: Option<&str>,
) -> Response {
    let init = ResponseInit::new();
    init.set_status(status);
    init.set_headers(&headers(content_type, cors, request_id));
    // A status the Response constructor refuses (from a custom fetch) becomes a 502, never a blank 200.
    Response::new_with_opt_str_and_init(body, &init)
        .or_else(|_| {
            init.set_status(502);
            Response::new_with_opt_str_and_init(
                Some(r#"{"error":{"type":"proxy_error","message":"bad upstream status"}}"#),
                &init,
            )
        })
        .unwrap_or_else(|_| unreachable!("a 502 with a string body is always a valid Response"))
}

fn headers(content_type: &str, cors: Option<&str>, request_id: Option<&str>) -> Headers {
    let headers = Headers::new().unwrap_or_else(|_| unreachable!("new Headers() cannot throw"));
    let _ = headers.set("content-type", content_type);
    let _ = headers.set("cache-control", "no-store");
    if let Some(id) = request_id {
        let _ = headers.set(TRACE_HEADER, id);
    }
    // Every answer is final: upstream failures were retried here already, refusals will not change.
    let _ = headers.set("x-should-retry", "false");
    if let Some(origin) = cors {
        let _ = headers.set("access-control-allow-origin", origin);
        let _ = headers.set("access-control-expose-headers", "x-siliconcloud-trace-id, x-should-retry");
        let _ = headers.set("vary", "origin");
    }
    headers
}
