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
//! - `exports`: the request tools (`validateRequest`, `buildRequest`, `completionToMessage`);
//! - `options`, `convert`, `errors`, `glue`: option objects, values, errors, and the few JS helpers they need.
//!
//! Two builds come from here: the client (feature `client`, with `proxy` for servers) and the chat runtime's part
//! (feature `runtime`); servers get both in one module, browsers two, the runtime's loaded on first use.

#[cfg(feature = "client")]
mod awaiter;
#[cfg(feature = "client")]
mod chat_stream;
#[cfg(feature = "client")]
mod client;
// Shared by both builds; the parts only the client uses are idle in the runtime's.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
mod convert;
#[cfg_attr(not(feature = "client"), allow(dead_code))]
mod errors;
#[cfg_attr(not(feature = "client"), allow(dead_code))]
mod glue;
#[cfg(feature = "client")]
mod options;
#[cfg(feature = "proxy")]
mod proxy;
#[cfg(feature = "runtime")]
mod runtime;
#[cfg(feature = "client")]
mod sse;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "client")]
mod exports;

#[cfg(feature = "client")]
pub use chat_stream::ChatCompletionStream;
#[cfg(feature = "client")]
pub use client::{Chat, Client, Completions, Models};
#[cfg(feature = "client")]
pub use exports::{build_request, completion_to_message, validate_request};
#[cfg(feature = "proxy")]
pub use proxy::proxy_request;
#[cfg(feature = "client")]
pub use sse::JsSseParser;

/// talc, not Rust's default dlmalloc: smaller and faster (BENCHMARKS.md, "Figures behind the code").
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// When the module starts (the package's glue calls it as it loads the module; tests call it themselves): the JS
/// engine writes the core's numbers.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    crate::number::use_engine(glue::number_text);
}
