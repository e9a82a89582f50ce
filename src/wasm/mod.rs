//! The JavaScript face of the core: thin `#[wasm_bindgen]` exports that convert values and nothing more.

mod chat_stream;
mod client;
mod convert;
mod errors;
mod glue;
mod proxy;
mod sse;
mod transport;

use wasm_bindgen::prelude::*;

use crate::{catalog, validate};

pub use chat_stream::ChatCompletionStream;
pub use client::{Chat, Client, Completions, Models};
pub use proxy::proxy_request;
pub use sse::JsSseParser;

/// `validateRequest(request)`: every issue of the request, `[]` when it is valid.
#[wasm_bindgen(js_name = validateRequest)]
pub fn validate_request(request: JsValue) -> Result<JsValue, JsValue> {
    let issues = convert::request_issues(&request).1;
    convert::to_js(&issues)
}

/// `buildRequest(request)`: the exact JSON body to send. Throws a `ValidationError` (with `issues`) when any
/// issue is an error.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(request: JsValue) -> Result<JsValue, JsValue> {
    let (value, issues) = convert::request_issues(&request);
    if issues.iter().any(validate::Issue::is_error) {
        return Err(errors::validation_error(&issues));
    }
    match validate::build_request(&value) {
        Ok(body) => convert::to_js(&body),
        Err(issues) => Err(errors::validation_error(&issues)),
    }
}

/// `modelCatalog()`: the known models and their capabilities.
#[wasm_bindgen(js_name = modelCatalog)]
pub fn model_catalog() -> Result<JsValue, JsValue> {
    convert::to_js(catalog::models())
}
