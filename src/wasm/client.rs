//! `new SiliconFlow(options)`, shaped like openai-node: `client.chat.completions.create(params, options)` and
//! `client.models.list(params, options)`.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::chat_stream::ChatCompletionStream;
use super::convert;
use super::errors::ClientError;
use super::options::Options;
use super::transport::{self, Call, Config, Rejected, RequestCtx};
use crate::json::{self, Value};
use crate::sse::DEFAULT_MAX_BUFFER_SIZE;
use crate::surface::options;
use crate::validate::{self, Issue};

const DEFAULT_BASE_URL: &str = "https://api.siliconflow.cn/v1";
const DEFAULT_TIMEOUT_MS: f64 = 10.0 * 60.0 * 1000.0;
const DEFAULT_MAX_RETRIES: u32 = 2;

#[wasm_bindgen(js_name = SiliconFlow)]
pub struct Client {
    config: Rc<Config>,
}

#[wasm_bindgen(js_class = SiliconFlow)]
impl Client {
    /// `new SiliconFlow({ apiKey, baseURL, fetch, maxRetries, timeout, idleTimeout, defaultHeaders, maxBufferSize })`.
    /// Every option is optional (no apiKey: no Authorization header, as for a proxy that holds the key).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        let config = client_config(&Options::read(&options, &options::CLIENT)?)?;
        Ok(Client { config: Rc::new(config) })
    }

    #[wasm_bindgen(getter)]
    pub fn chat(&self) -> Chat {
        Chat { config: self.config.clone() }
    }

    #[wasm_bindgen(getter)]
    pub fn models(&self) -> Models {
        Models { config: self.config.clone() }
    }

    #[wasm_bindgen(getter = baseURL)]
    pub fn base_url(&self) -> JsValue {
        JsValue::from_str(&self.config.base_url)
    }
}

/// The client options: `{ apiKey, baseURL, fetch, maxRetries, timeout, idleTimeout, defaultHeaders, maxBufferSize }`.
pub fn client_config(o: &Options) -> Result<Config, JsValue> {
    let base_url = o.string("baseURL")?.unwrap_or_else(|| DEFAULT_BASE_URL.into());
    // Checked here, so that a mistyped URL is a clear error now, not a failed request later.
    let absolute = web_sys::Url::new(&base_url).is_ok_and(|u| matches!(u.protocol().as_str(), "http:" | "https:"));
    if !absolute {
        return Err(o.fail("baseURL", "an absolute http:// or https:// URL"));
    }
    let api_key = o.string("apiKey")?.filter(|k| !k.is_empty());
    if let Some(key) = &api_key {
        // Never quote the key: only say what is wrong with it.
        crate::http::check_header("authorization", key).map_err(|_| {
            o.fail(
                "apiKey",
                "a key of visible ASCII characters (the one given has a character HTTP headers cannot carry)",
            )
        })?;
    }
    Ok(Config {
        api_key,
        base_url: base_url.trim_end_matches('/').to_string(),
        fetch: o.function("fetch")?,
        max_retries: o.count("maxRetries")?.unwrap_or(DEFAULT_MAX_RETRIES),
        timeout_ms: o.duration("timeout")?.unwrap_or(DEFAULT_TIMEOUT_MS),
        idle_timeout_ms: o.duration("idleTimeout")?,
        headers: o.headers("defaultHeaders")?,
        max_buffer_size: o
            .bytes("maxBufferSize")?
            .map_or(DEFAULT_MAX_BUFFER_SIZE, |n| n.min(usize::MAX as f64) as usize),
        follow_redirects: o.flag("followRedirects")?.unwrap_or(false),
    })
}

/// `client.chat`.
#[wasm_bindgen]
pub struct Chat {
    config: Rc<Config>,
}

#[wasm_bindgen]
impl Chat {
    #[wasm_bindgen(getter)]
    pub fn completions(&self) -> Completions {
        Completions { config: self.config.clone() }
    }
}

/// `client.chat.completions`.
#[wasm_bindgen]
pub struct Completions {
    config: Rc<Config>,
}

#[wasm_bindgen]
impl Completions {
    /// Validates, then sends. Resolves with the completion (a plain object), or, with `stream: true`, with a
    /// `ChatCompletionStream` once a 2xx response's headers arrived. Rejects with a ValidationError before any
    /// network traffic when the request has errors.
    pub fn create(&self, params: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        super::glue::promise(async move {
            let key = config.api_key.clone();
            let failed = |e: ClientError| e.to_js(key.as_deref(), None, None);
            let body = convert::request_body(&params).map_err(ClientError::Validation).map_err(failed)?;
            let call = call_options(&config, &options).map_err(failed)?;
            if body.get("stream") == Some(&Value::Bool(true)) {
                // One way to open a stream: as stream() does, then wait for the headers.
                let stream = ChatCompletionStream::connecting(config, Ok(body), Ok(call));
                stream.connected().await?;
                return Ok(stream.into());
            }
            let (ctx, response) = send_chat(&config, &body, &call).await.map_err(failed)?;
            let text = read_text(&ctx, &response).await;
            ctx.finish();
            text.and_then(|text| parse_json(&text)).map_err(failed)
        })
    }

    /// `create({ ...params, stream: true })`, returned at once: the request is sent now, the stream connects when
    /// the response's headers arrive, and whatever fails before that (an invalid request included) ends the
    /// stream with its error, for its readers and events.
    pub fn stream(&self, params: JsValue, options: JsValue) -> ChatCompletionStream {
        let body = convert::request_body(&params).map_err(ClientError::Validation).map(|mut body| {
            if let Value::Object(map) = &mut body {
                map.insert("stream", Value::Bool(true));
            }
            body
        });
        ChatCompletionStream::connecting(self.config.clone(), body, call_options(&self.config, &options))
    }
}

/// Sends a validated chat body (retries included): the 2xx response once its headers arrived, with the request's
/// context, whose timers still run (`finish` it once the body is read, or handed on).
pub async fn send_chat(
    config: &Config,
    body: &Value,
    call: &Call,
) -> Result<(Rc<RequestCtx>, web_sys::Response), ClientError> {
    let ctx = RequestCtx::new(call)?;
    let url = format!("{}/chat/completions", config.base_url);
    let text = json::to_string(body);
    match transport::send(&ctx, config, call, "POST", &url, Some(&text)).await {
        Ok(response) => Ok((ctx, response)),
        Err(e) => {
            ctx.finish();
            Err(e)
        }
    }
}

/// `client.models`.
#[wasm_bindgen]
pub struct Models {
    config: Rc<Config>,
}

#[wasm_bindgen]
impl Models {
    /// `GET /models`, optionally filtered: `list({ type: "text", sub_type: "chat" })`. Resolves with the body as the
    /// API sent it (`{ object, data: [{ id, ... }] }`).
    pub fn list(&self, params: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        super::glue::promise(async move {
            let key = config.api_key.clone();
            list(config, params, options).await.map_err(|e| e.to_js(key.as_deref(), None, None))
        })
    }
}

async fn list(config: Rc<Config>, params: JsValue, options: JsValue) -> Result<JsValue, ClientError> {
    let filters = Options::read(&params, &options::MODELS_LIST).map_err(type_error)?;
    let mut query = Vec::new();
    for key in ["type", "sub_type"] {
        if let Some(value) = filters.string(key).map_err(type_error)? {
            query.push(format!("{key}={}", String::from(js_sys::encode_uri_component(&value))));
        }
    }
    let query = if query.is_empty() { String::new() } else { format!("?{}", crate::text::join(&query, "&")) };
    let call = call_options(&config, &options)?;
    let ctx = RequestCtx::new(&call)?;
    let url = format!("{}/models{query}", config.base_url);
    let result = match transport::send(&ctx, &config, &call, "GET", &url, None).await {
        Ok(response) => read_text(&ctx, &response).await,
        Err(e) => Err(e),
    };
    ctx.finish();
    parse_json(&result?)
}

/// A 2xx body, as text.
pub async fn read_text(ctx: &RequestCtx, response: &web_sys::Response) -> Result<String, ClientError> {
    let text = response.text().map_err(|e| ClientError::connection_lost(&e))?;
    match ctx.race(&text).await {
        Ok(text) => Ok(text.as_string().unwrap_or_default()),
        Err(Rejected::Aborted(e)) => Err(e),
        Err(Rejected::Failed(e)) => Err(ClientError::connection_lost(&e)),
    }
}

/// A 2xx body as a plain JS value.
fn parse_json(text: &str) -> Result<JsValue, ClientError> {
    super::glue::json_parse(text.as_bytes()).map_err(|_| {
        let quoted: String = text.chars().take(200).collect();
        ClientError::Stream {
            code: "malformed_response",
            message: format!("the response body is not JSON: {quoted}"),
            retryable: false,
            body: None,
        }
    })
}

/// The call's options over the client's: `{ signal, timeout, idleTimeout, maxRetries, headers }`.
pub fn call_options(config: &Config, options: &JsValue) -> Result<Call, ClientError> {
    let o = Options::read(options, &options::REQUEST).map_err(type_error)?;
    let mut headers = config.headers.clone();
    headers.extend(o.headers("headers").map_err(type_error)?);
    Ok(Call {
        max_retries: o.count("maxRetries").map_err(type_error)?.unwrap_or(config.max_retries),
        timeout_ms: o.duration("timeout").map_err(type_error)?.unwrap_or(config.timeout_ms),
        idle_timeout_ms: o.duration("idleTimeout").map_err(type_error)?.or(config.idle_timeout_ms),
        headers,
        signal: o.signal("signal").map_err(type_error)?,
    })
}

/// Bad options are the caller's mistake: a ValidationError naming the option.
fn type_error(e: JsValue) -> ClientError {
    let message = super::errors::describe(&e);
    ClientError::Validation(vec![Issue {
        path: String::new(),
        code: validate::IssueCode::InvalidType,
        message,
        severity: validate::Severity::Error,
    }])
}
