//! Everything that touches JavaScript, on wasm32 only: the exported functions and classes, converting values to
//! and from JS, and the I/O the core cannot do: the client's fetch calls, retry sleeps, timeouts and aborts; reading
//! a response body into the core's stream; the proxy's requests and responses. The rules and parsers it drives
//! are the core's; what is decided here is only how to wait, read and answer.
//!
//! - `client`: `new SiliconFlow()`, `chat.completions.create`, `models.list`;
//! - `transport`: one request's fetch, retries, timeouts and abort wiring; `awaiter`: waiting on its promises;
//! - `chat_stream`: `ChatCompletionStream`, the response body read through the core's stream;
//! - `proxy`: `proxyRequest` (server builds only);
//! - `sse`: the `SseParser` export;
//! - `runtime`: the chat runtime's decisions, for its JavaScript part (pkg/runtime.js);
//! - `options`, `convert`, `errors`, `glue`: option objects, values, errors, and the few JS helpers they need.

mod awaiter;
mod chat_stream;
mod client;
mod convert;
mod errors;
mod glue;
mod options;
#[cfg(feature = "proxy")]
mod proxy;
mod runtime;
mod sse;
mod transport;

use wasm_bindgen::prelude::*;

use crate::catalog;

pub use chat_stream::ChatCompletionStream;
pub use client::{Chat, Client, Completions, Models};
#[cfg(feature = "proxy")]
pub use proxy::proxy_request;
pub use sse::JsSseParser;

/// talc, not Rust's default dlmalloc: smaller and faster (BENCHMARKS.md, "Figures behind the code").
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// `validateRequest(request)`: every issue of the request, `[]` when it is valid.
#[wasm_bindgen(js_name = validateRequest)]
pub fn validate_request(request: JsValue) -> JsValue {
    convert::to_js(&convert::request_issues(&request).1)
}

/// `buildRequest(request)`: the exact JSON body to send. Throws a `ValidationError` (with `issues`) when any
/// issue is an error.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(request: JsValue) -> Result<JsValue, JsValue> {
    let body = convert::request_body(&request).map_err(|issues| errors::validation_error(&issues))?;
    Ok(convert::to_js(&body))
}

/// `modelCatalog()`: the known models and their capabilities.
#[wasm_bindgen(js_name = modelCatalog)]
pub fn model_catalog() -> JsValue {
    convert::to_js(catalog::models())
}

/// The browser build has no proxy (it is for servers, which hold the API key): a clear rejection instead.
#[cfg(not(feature = "proxy"))]
#[wasm_bindgen(js_name = proxyRequest)]
pub fn proxy_request(_request: JsValue, _options: JsValue) -> js_sys::Promise {
    let message = "proxyRequest() runs on servers (Node, Deno, Bun, Workers); the browser build of siliconflow-wasm \
                   leaves it out";
    js_sys::Promise::reject(&js_sys::TypeError::new(message).into())
}
