//! `proxyRequest(request, options)`: the server side of a browser app, for an edge function that holds the API key.
//! It checks the browser's request before any upstream traffic (origin, size, JSON, the core's validation, the
//! deployment's policy), adds the key, sends it with the client (retries before the first byte), and answers with
//! the stream, passed through as it arrives, or the JSON completion. Every failure is a JSON error the client of
//! this package reads as an APIError; none of them carries the key.

use std::rc::Rc;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Headers, ReadableStream, ReadableStreamDefaultReader, Request, Response, ResponseInit};

use super::awaiter::Awaiter;
use super::client::{client_config, read_text, send_chat};
use super::convert;
use super::errors::{describe, scrub, ClientError};
use super::glue::{ignore_rejection, read_value};
use super::options::Options;
use super::transport::{Call, Config};
use crate::http::TRACE_HEADER;
use crate::json::scan::parse_u64;
use crate::json::Value;
use crate::number::Num;
use crate::proxy::{self as rules, error_json, Policy, Refusal, Route};
use crate::validate;

/// `proxyRequest(request, { apiKey, baseURL, fetch, maxRetries, timeout, idleTimeout, allowedModels, maxTokens,
/// allowedOrigins, maxBodyBytes })` → `Promise<Response>`. `allowedModels` and `allowedOrigins` take arrays or
/// comma-separated strings (as environment variables hold them); `"*"` allows every origin.
#[wasm_bindgen(js_name = proxyRequest)]
pub fn proxy_request(request: Request, options: JsValue) -> Promise {
    super::glue::promise(async move {
        let origin = request.headers().get("origin").ok().flatten();
        let (policy, config) = match policy(&options) {
            Ok(read) => read,
            Err(message) => return Ok(reply_json(500, &error_json("proxy_misconfigured", &message), None, None).into()),
        };
        Ok(handle(&policy, &config, &request, origin.as_deref()).await.into())
    })
}

/// The options: the deployment's rules, and the client settings for the upstream.
fn policy(options: &JsValue) -> Result<(Policy, Rc<Config>), String> {
    let message = |e: JsValue| describe(&e);
    let o = Options::read(options, &crate::surface::options::PROXY).map_err(message)?;
    let config = client_config(&o).map_err(message)?;
    if config.api_key.is_none() {
        return Err("proxyRequest() needs apiKey (the SiliconFlow key the proxy adds to each request)".into());
    }
    let list = |key: &str| -> Result<Option<Vec<String>>, String> {
        let Some(value) = o.get(key) else { return Ok(None) };
        if let Some(text) = value.as_string() {
            Ok(rules::comma_separated(&text))
        } else if js_sys::Array::is_array(&value) {
            Ok(rules::names(js_sys::Array::from(&value).iter().filter_map(|v| v.as_string())))
        } else {
            Err(format!("proxyRequest(): {key} must be an array of strings or a comma-separated string"))
        }
    };
    let max_tokens = match o.get("maxTokens") {
        None => None,
        Some(v) => Some(
            rules::token_count(v.as_f64(), v.as_string().as_deref())
                .ok_or_else(|| "proxyRequest(): maxTokens must be a whole number of tokens, at least 1".to_string())?,
        ),
    };
    let max_n = match o.get("maxN") {
        None => 1,
        Some(v) => rules::token_count(v.as_f64(), v.as_string().as_deref())
            .ok_or_else(|| "proxyRequest(): maxN must be a whole number, at least 1".to_string())?,
    };
    let policy = Policy {
        allowed_models: list("allowedModels")?,
        allowed_origins: list("allowedOrigins")?,
        max_tokens,
        max_n,
        allowed_fields: list("allowFields")?.unwrap_or_default(),
        max_body_bytes: o.bytes("maxBodyBytes").map_err(message)?.unwrap_or(rules::DEFAULT_MAX_BODY_BYTES),
    };
    // The proxy never follows a redirect: the prompt would go to another origin.
    let config = Config { follow_redirects: false, ..config };
    Ok((policy, Rc::new(config)))
}

async fn handle(policy: &Policy, config: &Rc<Config>, request: &Request, origin: Option<&str>) -> Response {
    let cors = match policy.cors(origin) {
        Ok(cors) => cors,
        Err(refusal) => return refuse(&refusal, None),
    };
    let path = web_sys::Url::new(&request.url()).map(|u| u.pathname()).unwrap_or_default();
    match rules::route(&request.method(), &path) {
        Route::Preflight => preflight(cors),
        Route::Chat => chat(policy, config, request, cors).await,
        Route::NotFound(refusal) => refuse(&refusal, cors),
    }
}

async fn chat(policy: &Policy, config: &Rc<Config>, request: &Request, cors: Option<&str>) -> Response {
    let body = match read_body(policy, request).await {
        Ok(body) => body,
        Err(refusal) => return refuse(&refusal, cors),
    };
    let (body, issues) = convert::request_issues(&body);
    if issues.iter().any(|i| i.is_error()) {
        return refuse(&Refusal::invalid(issues), cors);
    }
    let mut body = validate::body(body);
    if let Err(refusal) = policy.apply(&mut body) {
        return refuse(&refusal, cors);
    }
    // The browser going away cancels the upstream request too.
    let call = Call::from_config(config, Some(request.signal()));
    let streaming = body.get("stream") == Some(&Value::Bool(true));
    let answer = match send_chat(config, &body, &call).await {
        // The upstream body as it comes, untouched and not read here: the runtime pipes it to the client (the
        // timers stop at the headers; the client going away cancels it).
        Ok((ctx, response)) if streaming => {
            ctx.finish();
            return reply_stream(response.body().as_ref(), cors, trace_id(&response).as_deref());
        }
        Ok((ctx, response)) => {
            let text = read_text(&ctx, &response).await;
            ctx.finish();
            text
        }
        Err(e) => Err(e),
    };
    match answer {
        // An upstream that echoed the key into its answer does not pass it on.
        Ok(text) => reply(200, "application/json", Some(&scrub_key(&text, config)), cors, None),
        Err(e) => {
            let (status, body, request_id) = upstream_error(&e, config.api_key.as_deref());
            let response = reply_json(status, &body, cors, request_id.as_deref());
            if let ClientError::Api { retry_after_ms: Some(ms), .. } = e {
                tell_retry_after(&response, ms);
            }
            response
        }
    }
}

/// Passes on the wait the upstream asked for, which the proxy's own retries did not outlast: as `retry-after-ms`
/// and as `retry-after` in whole seconds (rounded up), numbers written here, never the upstream's text.
fn tell_retry_after(response: &Response, ms: f64) {
    let headers = response.headers();
    let _ = headers.set("retry-after-ms", &Num(ms.ceil()).to_string());
    let _ = headers.set("retry-after", &Num((ms / 1000.0).ceil()).to_string());
}

/// The response's trace id, when it looks like one (never whatever else an upstream put there).
fn trace_id(response: &Response) -> Option<String> {
    response.headers().get(TRACE_HEADER).ok().flatten().filter(|id| crate::http::is_trace_id(id))
}

fn scrub_key(text: &str, config: &Config) -> String {
    scrub(text, config.api_key.as_deref())
}

/// The body as a JS value (`JSON.parse`), within the size limit: read chunk by chunk and cancelled as soon as it
/// passes the limit.
async fn read_body(policy: &Policy, request: &Request) -> Result<JsValue, Refusal> {
    let declared =
        request.headers().get("content-length").ok().flatten().and_then(|n| parse_u64(n.trim()).map(|n| n as f64));
    if let Some(size) = declared {
        policy.check_size(size)?;
    }
    let unreadable = |_| Refusal::new(400, "invalid_body", "the request body could not be read");
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
            if let Err(refusal) = policy.check_size((bytes.len() + chunk.length() as usize) as f64) {
                ignore_rejection(&reader.cancel());
                return Err(refusal);
            }
            let at = bytes.len();
            bytes.resize(at + chunk.length() as usize, 0);
            chunk.copy_to(&mut bytes[at..]);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    js_sys::JSON::parse(&text)
        .map_err(|e| Refusal::new(400, "invalid_json", format!("the request body is not JSON: {}", describe(&e))))
}

fn refuse(refusal: &Refusal, cors: Option<&str>) -> Response {
    reply_json(refusal.status, &refusal.to_json(), cors, None)
}

/// A failed upstream request as (status, JSON body, trace id), scrubbed of the key.
fn upstream_error(e: &ClientError, key: Option<&str>) -> (u16, String, Option<String>) {
    let scrub = |text: &str| scrub(text, key);
    match e {
        // Retried already: the caller should not retry again (x-should-retry, set by `reply`).
        ClientError::Api { status, body, request_id, .. } => {
            let reply = rules::upstream_json(*status, body.code, &scrub(&body.message), request_id.as_deref());
            // A redirect (not followed) is the upstream's failure: passed on as a 3xx, a browser might follow it.
            let status = if (300..400).contains(status) { 502 } else { *status };
            (status, reply, request_id.clone())
        }
        ClientError::Connection { message, .. } => (502, error_json("upstream_unreachable", &scrub(message)), None),
        ClientError::Timeout { what, ms } => (
            504,
            error_json("upstream_timeout", &format!("SiliconFlow did not answer within {} ms ({what})", Num(*ms))),
            None,
        ),
        ClientError::Abort => (499, error_json("client_closed", "the client closed the request"), None),
        ClientError::Validation(issues) => (400, Refusal::invalid(issues.clone()).to_json(), None),
        ClientError::Stream { message, .. } | ClientError::Usage(message) => {
            (502, error_json("upstream_error", &scrub(message)), None)
        }
    }
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

fn reply_stream(body: Option<&ReadableStream>, cors: Option<&str>, request_id: Option<&str>) -> Response {
    let init = ResponseInit::new();
    init.set_status(200);
    init.set_headers(&headers("text/event-stream; charset=utf-8", cors, request_id));
    let response = Response::new_with_opt_readable_stream_and_init(body, &init);
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
    // Not "no-store": with it Chromium reports every streamed answer as cancelled (net::ERR_ABORTED) when it ends.
    // "no-cache" keeps caches from answering with it again just as well (and nothing caches a POST's answer).
    let _ = headers.set("cache-control", "no-cache");
    if let Some(id) = request_id {
        let _ = headers.set(TRACE_HEADER, id);
    }
    // Every answer is final: upstream failures were retried here already, refusals will not change.
    let _ = headers.set("x-should-retry", "false");
    if let Some(origin) = cors {
        let _ = headers.set("access-control-allow-origin", origin);
        let exposed = "x-siliconcloud-trace-id, x-should-retry, retry-after, retry-after-ms";
        let _ = headers.set("access-control-expose-headers", exposed);
        let _ = headers.set("vary", "origin");
    }
    headers
}
