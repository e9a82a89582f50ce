//! `ChatCompletionStream`: what `create({ stream: true })` resolves with. It reads the response body through the
//! core's SSE parser and accumulator; JS pulls from it in one of three ways, once: `for await` (chunks, through
//! `nextBatch`), `toReadableStream()` (the SSE bytes as received, through `nextBytes`), or nothing but
//! `finalChatCompletion()`, which also works alongside either.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{ReadableStreamDefaultReader, Response};

use super::errors::ClientError;
use super::glue::TextBatch;
use super::transport::{Config, RequestCtx, TRACE_HEADER};
use crate::sse::DEFAULT_MAX_BUFFER_SIZE;
use crate::stream::{Accumulated, ChatStream};

#[wasm_bindgen]
pub struct ChatCompletionStream {
    inner: Rc<Inner>,
}

struct Inner {
    ctx: Rc<RequestCtx>,
    reader: ReadableStreamDefaultReader,
    request_id: Option<String>,
    config: Rc<Config>,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    core: ChatStream,
    /// Who reads the stream: "iterate" or "toReadableStream" (finalChatCompletion may join either).
    reader: Option<&'static str>,
    /// Chunks read (by finalChatCompletion) but not yet taken by the iterator.
    queue: VecDeque<Array>,
    /// The end: the completion, or the error (already a JS error, so every caller gets the same one).
    ended: Option<Result<Accumulated, JsValue>>,
    /// The error was in what the server sent (an error event, a malformed chunk), not in the connection: a
    /// re-streaming reader has passed it on, and its stream ends normally.
    error_in_data: bool,
    batch: TextBatch,
}

impl ChatCompletionStream {
    pub fn open(
        ctx: Rc<RequestCtx>,
        response: Response,
        config: Rc<Config>,
    ) -> Result<ChatCompletionStream, ClientError> {
        let request_id = response.headers().get(TRACE_HEADER).ok().flatten();
        let reader = response
            .body()
            .and_then(|body| body.get_reader().dyn_into::<ReadableStreamDefaultReader>().ok())
            .ok_or_else(|| {
                ctx.finish();
                ClientError::Stream {
                    code: "no_body".into(),
                    message: "the streamed response has no body".into(),
                    retryable: true,
                    body: None,
                }
            })?;
        let state = State { core: ChatStream::new(DEFAULT_MAX_BUFFER_SIZE), ..State::default() };
        Ok(ChatCompletionStream {
            inner: Rc::new(Inner { ctx, reader, request_id, config, state: RefCell::new(state) }),
        })
    }
}

#[wasm_bindgen]
impl ChatCompletionStream {
    /// The `x-siliconcloud-trace-id` of the response.
    #[wasm_bindgen(getter = requestId)]
    pub fn request_id(&self) -> Option<String> {
        self.inner.request_id.clone()
    }

    /// Once the stream has ended: whether it ended properly (`[DONE]` arrived and every choice has a
    /// finish_reason). `undefined` before the end.
    #[wasm_bindgen(getter)]
    pub fn complete(&self) -> Option<bool> {
        match &self.inner.state.borrow().ended {
            Some(Ok(accumulated)) => Some(accumulated.is_complete()),
            Some(Err(_)) => Some(false),
            None => None,
        }
    }

    /// Takes the stream for one reader ("iterate" or "toReadableStream"). A stream is read once.
    pub fn claim(&self, how: &str) -> Result<(), JsValue> {
        let mut state = self.inner.state.borrow_mut();
        if let Some(by) = state.reader {
            let by = if by == "iterate" { "a for await loop" } else { "toReadableStream()" };
            let message = format!(
                "this stream is already being read by {by}; a stream can be read once (finalChatCompletion() gives \
                 the whole completion at any time)"
            );
            return Err(ClientError::Usage(message).to_js(None, None, self.inner.request_id.as_deref()));
        }
        state.reader = Some(if how == "iterate" { "iterate" } else { "toReadableStream" });
        Ok(())
    }

    /// The chunks of the next read (at least one), or `undefined` at the end.
    #[wasm_bindgen(js_name = nextBatch)]
    pub fn next_batch(&self) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            loop {
                {
                    let mut state = inner.state.borrow_mut();
                    if let Some(batch) = state.queue.pop_front() {
                        return Ok(batch.into());
                    }
                    match &state.ended {
                        Some(Ok(_)) => return Ok(JsValue::UNDEFINED),
                        Some(Err(e)) => return Err(e.clone()),
                        None => {}
                    }
                }
                inner.pump().await;
            }
        })
    }

    /// The bytes of the next read, as received, or `undefined` at the end.
    #[wasm_bindgen(js_name = nextBytes)]
    pub fn next_bytes(&self) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let at_end = |state: &State| match &state.ended {
                Some(Err(e)) if !state.error_in_data => Err(e.clone()),
                _ => Ok(JsValue::UNDEFINED),
            };
            if inner.state.borrow().ended.is_some() {
                return at_end(&inner.state.borrow());
            }
            match inner.pump().await {
                Some(bytes) => Ok(bytes.into()),
                None => at_end(&inner.state.borrow()),
            }
        })
    }

    /// The whole completion, as the non-streaming API would have returned it; reads the rest of the stream if
    /// needed. A stream that ended early resolves with what arrived (`complete` is then false); a broken one
    /// rejects with an error whose `partial` holds what arrived.
    #[wasm_bindgen(js_name = finalChatCompletion)]
    pub fn final_chat_completion(&self) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            loop {
                if let Some(end) = &inner.state.borrow().ended {
                    return match end {
                        Ok(accumulated) => Ok(to_js_json(&accumulated.completion)),
                        Err(e) => Err(e.clone()),
                    };
                }
                inner.pump().await;
            }
        })
    }

    /// Cancels the stream: the connection closes and readers get an AbortError (with `partial`). A no-op once
    /// the stream has ended.
    pub fn abort(&self) {
        let mut state = self.inner.state.borrow_mut();
        if state.ended.is_none() {
            self.inner.ctx.abort();
            // Ends the stream now, not at the next read: after a `break` there may never be one, and the
            // whole-request timer must not outlive the request.
            let error = self.inner.error(&self.inner.ctx.abort_error(), &state.core);
            state.ended = Some(Err(error));
            self.inner.ctx.finish();
        }
    }
}

impl Inner {
    /// One read: feeds the core, queues chunks for an iterator, or records the end. Returns the bytes read.
    async fn pump(&self) -> Option<Uint8Array> {
        let read = self.ctx.read(&self.reader).await;
        let mut state = self.state.borrow_mut();
        if state.ended.is_some() {
            return None; // another caller saw the end first
        }
        let state = &mut *state;
        let iterating = state.reader == Some("iterate");
        let batch = &mut state.batch;
        batch.clear();
        let outcome = match &read {
            Ok(Some(bytes)) => state.core.push(&bytes.to_vec(), |json, _| {
                if iterating {
                    batch.push(json)
                }
            }),
            Ok(None) => match state.core.finish(|json, _| {
                if iterating {
                    batch.push(json)
                }
            }) {
                Ok(accumulated) => {
                    state.ended = Some(Ok(accumulated));
                    Ok(())
                }
                Err(e) => Err(e),
            },
            Err(_) => Ok(()),
        };
        if !state.batch.is_empty() {
            match state.batch.parse_json() {
                Ok(chunks) => state.queue.push_back(chunks),
                Err(_) => {
                    let error = ClientError::Stream {
                        code: "malformed_chunk".into(),
                        message: "a chunk could not be read as JSON".into(),
                        retryable: false,
                        body: None,
                    };
                    state.ended = Some(Err(self.error(&error, &state.core)));
                    state.error_in_data = true;
                }
            }
        }
        match (read, outcome) {
            (Err(error), _) => state.ended = Some(Err(self.error(&error, &state.core))),
            (read, Err(stream_error)) => {
                state.ended = Some(Err(self.error(&ClientError::from_stream(&stream_error), &state.core)));
                state.error_in_data = true;
                self.ctx.abort(); // close the connection: nothing more can be read
                self.ctx.finish();
                // The bytes that carried the error still go to a re-streaming reader: its client should see it.
                return read.ok().flatten();
            }
            (Ok(Some(bytes)), Ok(())) => {
                if state.ended.is_none() || state.error_in_data {
                    if state.ended.is_some() {
                        self.ctx.finish();
                    }
                    return Some(bytes);
                }
            }
            (Ok(None), Ok(())) => {}
        }
        self.ctx.finish();
        None
    }

    /// The JS error, with the completion so far as `partial`.
    fn error(&self, error: &ClientError, core: &ChatStream) -> JsValue {
        let partial = to_js_json(&core.snapshot().completion);
        error.to_js(self.config.api_key.as_deref(), Some(&partial), self.request_id.as_deref())
    }
}

/// A value as a plain JS object, through JSON (one call, and JSON.parse is fast).
fn to_js_json<T: serde::Serialize>(value: &T) -> JsValue {
    let text = serde_json::to_string(value).unwrap_or_default();
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}
