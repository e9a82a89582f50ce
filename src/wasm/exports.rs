//! The request tools, as JS functions: `validateRequest`, `buildRequest`, `completionToMessage`.

use wasm_bindgen::prelude::*;

use super::{convert, errors};

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

/// `completionToMessage(completion)`: the assistant message to append to the conversation (its first choice's:
/// content, tool calls, reasoning), or `undefined` for a completion without choices.
#[wasm_bindgen(js_name = completionToMessage)]
pub fn completion_to_message(completion: JsValue) -> JsValue {
    crate::chat::messages::assistant_message(&convert::value(&completion))
        .map_or(JsValue::UNDEFINED, |m| convert::to_js(&m))
}
