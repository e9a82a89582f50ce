//! Sending a request: the fetch call (global or the caller's), retries with backoff, and one request's abort
//! wiring (the caller's signal, `abort()`, the whole-request timeout and the idle timeout all abort one
//! controller, whose signal the fetch carries, so the server sees the connection close).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    AbortController, AbortSignal, AddEventListenerOptions, ReadableStreamDefaultReader, RequestRedirect, Response,
};

use super::awaiter::Awaiter;
use super::errors::{describe, ClientError};
use super::glue::{
    after, cancel_on_abort, clear_timeout, global_fetch, ignore_rejection, read_value, timer, CLEAR_TIMEOUT,
};
use crate::http::TRACE_HEADER;
use crate::retry;
use crate::types::{ApiErrorBody, Body};

/// What a client was made with.
pub struct Config {
    pub api_key: Option<String>,
    pub base_url: String,
    pub fetch: Option<Function>,
    pub max_retries: u32,
    pub timeout_ms: f64,
    pub idle_timeout_ms: Option<f64>,
    pub headers: Vec<(String, String)>,
    /// The longest line or event a stream may send.
    pub max_buffer_size: usize,
    /// Follow the API's redirects (else a redirect is an error: the prompt goes nowhere else).
    pub follow_redirects: bool,
}

/// One call's settings: the client's, with the call's own options over them.
pub struct Call {
    pub max_retries: u32,
    pub timeout_ms: f64,
    pub idle_timeout_ms: Option<f64>,
    pub headers: Vec<(String, String)>,
    pub signal: Option<AbortSignal>,
}

impl Call {
    /// The client's own settings, with this signal.
    pub fn from_config(config: &Config, signal: Option<AbortSignal>) -> Call {
        Call {
            max_retries: config.max_retries,
            timeout_ms: config.timeout_ms,
            idle_timeout_ms: config.idle_timeout_ms,
            headers: config.headers.clone(),
            signal,
        }
    }
}

/// A promise that did not resolve: because the request was aborted (the error says why), or on its own.
pub enum Rejected {
    Aborted(ClientError),
    Failed(JsValue),
}

/// One request's abort wiring.
pub struct RequestCtx {
    controller: AbortController,
    /// The controller's signal, kept: `is_aborted` runs twice per read.
    signal: AbortSignal,
    timeout_marker: JsValue,
    idle_marker: JsValue,
    timeout_ms: f64,
    idle_timeout_ms: Option<f64>,
    total_timer: RefCell<Option<JsValue>>,
    /// Every wait of the request (fetch, retry sleeps, the body's reads), one at a time; the abort interrupts it.
    waits: Awaiter,
    /// The caller's signal and the listener that forwards its abort to ours.
    link: RefCell<Option<(AbortSignal, Function)>>,
}

impl RequestCtx {
    pub fn new(call: &Call) -> Result<Rc<RequestCtx>, ClientError> {
        if call.signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(ClientError::Abort);
        }
        let controller = AbortController::new().map_err(|e| connection("AbortController is unavailable", e))?;
        let signal = controller.signal();
        let abort: Function = Reflect::get(&controller, &"abort".into())
            .map_err(|e| connection("AbortController has no abort()", e))?
            .unchecked_into();
        let ctx = RequestCtx {
            timeout_marker: Object::new().into(),
            idle_marker: Object::new().into(),
            timeout_ms: call.timeout_ms,
            idle_timeout_ms: call.idle_timeout_ms,
            total_timer: RefCell::new(None),
            waits: Awaiter::new(),
            signal,
            link: RefCell::new(None),
            controller,
        };
        // An abort ends the wait in progress, whatever it waits for: also a read the body never settles
        // (cancel_on_abort also cancels the reader, which ends the read in a conforming stream and tells the server).
        once(&ctx.signal, ctx.waits.interrupter());
        if call.timeout_ms.is_finite() {
            let on_timeout: Function = abort.bind1(&ctx.controller, &ctx.timeout_marker).unchecked_into();
            let handle = after(call.timeout_ms, &on_timeout);
            // However the request is aborted, the timer goes with it (no closure: a bound clearTimeout).
            CLEAR_TIMEOUT.with(|clear| once(&ctx.signal, &clear.bind1(&JsValue::NULL, &handle).unchecked_into()));
            *ctx.total_timer.borrow_mut() = Some(handle);
        }
        if let Some(user) = &call.signal {
            // Bound with an explicit `undefined` reason, so the abort event is not taken as the reason.
            let forward: Function = abort.bind1(&ctx.controller, &JsValue::UNDEFINED).unchecked_into();
            once(user, &forward);
            *ctx.link.borrow_mut() = Some((user.clone(), forward));
        }
        Ok(Rc::new(ctx))
    }

    pub fn signal(&self) -> AbortSignal {
        self.signal.clone()
    }

    pub fn is_aborted(&self) -> bool {
        self.signal.aborted()
    }

    /// Cancels the request (the caller's `abort()`); a no-op once it has ended.
    pub fn abort(&self) {
        self.controller.abort();
    }

    /// Why the request was aborted.
    pub fn abort_error(&self) -> ClientError {
        let reason = self.signal.reason();
        if Object::is(&reason, &self.timeout_marker) {
            ClientError::Timeout { what: "request", ms: self.timeout_ms }
        } else if Object::is(&reason, &self.idle_marker) {
            ClientError::Timeout { what: "idle", ms: self.idle_timeout_ms.unwrap_or_default() }
        } else {
            ClientError::Abort
        }
    }

    /// Waits for `promise`, or for the abort, whichever comes first.
    pub async fn race(&self, promise: &Promise) -> Result<JsValue, Rejected> {
        if self.is_aborted() {
            ignore_rejection(promise); // it will reject with the abort, and nobody waits for it
            return Err(Rejected::Aborted(self.abort_error()));
        }
        match self.waits.wait(promise).await {
            Ok(value) => Ok(value),
            Err(_) if self.is_aborted() => Err(Rejected::Aborted(self.abort_error())),
            Err(e) => Err(Rejected::Failed(e)),
        }
    }

    /// Waits `ms`, unless the request is aborted first.
    pub async fn sleep(&self, ms: f64) -> Result<(), ClientError> {
        let (sleeping, handle) = timer(ms);
        let result = self.race(&sleeping).await;
        clear_timeout(&handle);
        match result {
            Err(Rejected::Aborted(e)) => Err(e),
            _ => Ok(()),
        }
    }

    /// Ends `reader`'s pending read when the request is aborted (timeout, the caller's signal, abort()), so that
    /// reads need not race an abort promise each (a reaction per read on a promise that lives as long as the
    /// request: memory growing with the number of reads).
    pub fn cancel_on_abort(&self, reader: &ReadableStreamDefaultReader) {
        cancel_on_abort(&self.signal, reader);
    }

    /// The next read of a response body: `Some(bytes)`, or `None` at its end. Silence longer than the idle timeout
    /// aborts the request. The reader must be under `cancel_on_abort`.
    pub async fn read(&self, reader: &ReadableStreamDefaultReader) -> Result<Option<Uint8Array>, ClientError> {
        if self.is_aborted() {
            return Err(self.abort_error());
        }
        let read = reader.read();
        let result = match self.idle_timeout_ms {
            None => self.waits.wait(&read).await,
            Some(ms) => {
                let (idle, handle) = timer(ms);
                let result = self.waits.wait(&Promise::race(&Array::of2(&read, &idle))).await;
                clear_timeout(&handle);
                if matches!(&result, Ok(value) if value.is_undefined()) {
                    self.controller.abort_with_reason(&self.idle_marker);
                }
                result
            }
        };
        if self.is_aborted() {
            return Err(self.abort_error());
        }
        match result {
            Ok(result) => match read_value(&result) {
                value if value.is_null() => Ok(None),
                value => Ok(Some(value.unchecked_into::<Uint8Array>())),
            },
            Err(e) => Err(ClientError::connection_lost(&e)),
        }
    }

    /// Stops the timers and unlinks the caller's signal. Idempotent; runs at the end of every request.
    pub fn finish(&self) {
        if let Some(handle) = self.total_timer.borrow_mut().take() {
            clear_timeout(&handle);
        }
        if let Some((signal, forward)) = self.link.borrow_mut().take() {
            let _ = signal.remove_event_listener_with_callback("abort", &forward);
        }
    }
}

/// Listens for the abort event once.
fn once(signal: &AbortSignal, listener: &Function) {
    let options = AddEventListenerOptions::new();
    options.set_once(true);
    let _ = signal.add_event_listener_with_callback_and_add_event_listener_options("abort", listener, &options);
}

impl Drop for RequestCtx {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Sends a request with retries: connection errors, 408, 409, 429 and 5xx, never once a response is accepted
/// (the caller then owns the body), never after an abort. Resolves with the first 2xx response.
pub async fn send(
    ctx: &RequestCtx,
    config: &Config,
    call: &Call,
    method: &str,
    url: &str,
    body: Option<&str>,
) -> Result<Response, ClientError> {
    let mut retry = 0;
    loop {
        let outcome = attempt(ctx, config, call, method, url, body).await;
        let error = match outcome {
            Ok(response) => return Ok(response),
            Err(Attempt::Final(error)) => return Err(error),
            Err(Attempt::Retryable(error)) => error,
        };
        if retry >= call.max_retries {
            return Err(error);
        }
        let suggested = match error {
            ClientError::Api { retry_after_ms, .. } => retry_after_ms,
            _ => None,
        };
        let wait = retry::delay_ms(retry, suggested, js_sys::Math::random());
        ctx.sleep(wait).await?;
        retry += 1;
    }
}

enum Attempt {
    Final(ClientError),
    /// Worth another try (after the wait the server suggests, if any).
    Retryable(ClientError),
}

async fn attempt(
    ctx: &RequestCtx,
    config: &Config,
    call: &Call,
    method: &str,
    url: &str,
    body: Option<&str>,
) -> Result<Response, Attempt> {
    let request = build(ctx, config, call, method, url, body).map_err(Attempt::Final)?;
    // The global fetch is bound as a plain function; a custom one is called unbound ("Illegal invocation" else).
    let fetched = match &config.fetch {
        Some(custom) => custom.call1(&JsValue::UNDEFINED, &request).map(|value| Promise::resolve(&value)),
        None => global_fetch(&request),
    };
    let response = match fetched {
        Ok(promise) => ctx.race(&promise).await,
        Err(thrown) => Err(Rejected::Failed(thrown)),
    };
    let response = match response {
        Ok(value) => value.dyn_into::<Response>().map_err(|_| {
            Attempt::Final(ClientError::Connection {
                message: "fetch resolved with something other than a Response".into(),
                cause: JsValue::UNDEFINED,
                retryable: false,
            })
        })?,
        Err(Rejected::Aborted(e)) => return Err(Attempt::Final(e)),
        Err(Rejected::Failed(e)) => {
            let message = format!("could not reach {url}: {}", describe(&e));
            let error = ClientError::Connection { message, cause: e, retryable: true };
            return Err(Attempt::Retryable(error));
        }
    };
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let request_id = header(TRACE_HEADER).filter(|id| crate::http::is_trace_id(id));
    // Not followed (redirect: "manual"): in a browser the answer is opaque (status 0: a fetch that fails rejects
    // instead), elsewhere it says where it leads.
    if status == 0 || (300..400).contains(&status) {
        let whereto = header("location").map_or_else(|| "(the browser hides where)".into(), |l| format!("to {l}"));
        let message = format!(
            "{url} answered with a redirect {whereto}; redirects are not followed, so the request went nowhere else \
             (followRedirects: true follows them)"
        );
        let body = ApiErrorBody { code: None, message: message.clone(), data: None, body: Body::Text(message) };
        let error = ClientError::Api { status, body, request_id, retryable: false, retry_after_ms: None };
        return Err(Attempt::Final(error));
    }
    let text = match response.text() {
        Ok(promise) => match ctx.race(&promise).await {
            Ok(text) => text.as_string().unwrap_or_default(),
            Err(Rejected::Aborted(e)) => return Err(Attempt::Final(e)),
            Err(Rejected::Failed(_)) => String::new(),
        },
        Err(_) => String::new(),
    };
    // `retryable` tells the caller whether the condition is usually temporary; whether to retry here, a server
    // (such as this package's proxy, which has retried already) may decide with x-should-retry.
    let retryable = retry::is_retryable_status(status);
    let retry_here = match header("x-should-retry").as_deref() {
        Some("true") => true,
        Some("false") => false,
        _ => retryable,
    };
    let retry_after_ms = retry::suggested_ms(
        header("retry-after-ms").as_deref(),
        header("retry-after").as_deref(),
        js_sys::Date::now(),
        parse_date,
    );
    let body = ApiErrorBody::parse(status, &text);
    let error = ClientError::Api { status, body, request_id, retryable, retry_after_ms };
    Err(if retry_here { Attempt::Retryable(error) } else { Attempt::Final(error) })
}

fn parse_date(text: &str) -> Option<f64> {
    Some(js_sys::Date::parse(text)).filter(|ms| ms.is_finite())
}

/// The request, built by gloo-net: method, headers, the abort signal, the body.
fn build(
    ctx: &RequestCtx,
    config: &Config,
    call: &Call,
    method: &str,
    url: &str,
    body: Option<&str>,
) -> Result<web_sys::Request, ClientError> {
    let fail = |e: gloo_net::Error| ClientError::Connection {
        message: format!("could not make a request to {url}: {e}"),
        cause: JsValue::UNDEFINED,
        retryable: false,
    };
    let method = if method == "POST" { Method::POST } else { Method::GET };
    let headers = gloo_net::http::Headers::new();
    if let Some(key) = &config.api_key {
        headers.set("Authorization", &format!("Bearer {key}"));
    }
    if body.is_some() {
        headers.set("Content-Type", "application/json");
    }
    for (name, value) in &call.headers {
        headers.append(name, value);
    }
    let redirect = if config.follow_redirects { RequestRedirect::Follow } else { RequestRedirect::Manual };
    let builder =
        RequestBuilder::new(url).method(method).headers(headers).abort_signal(Some(&ctx.signal())).redirect(redirect);
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    request.map(Into::into).map_err(fail)
}

fn connection(what: &str, cause: JsValue) -> ClientError {
    ClientError::Connection { message: format!("{what}: {}", describe(&cause)), cause, retryable: false }
}
