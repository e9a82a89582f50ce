//! `ChatCompletionStream`: what `create({ stream: true })` resolves with, and `stream()` returns at once (its
//! request is sent then, and the stream connects when the response's headers arrive). It reads the response body
//! through the core's SSE parser and accumulator, one read at a time, whoever asks. JS takes it in one of three
//! ways, once, claimed before the first read: `for await` (chunks, through `nextBatch`), `toReadableStream()`
//! (the SSE bytes as received, through `nextBytes`), or the chat runtime's events ("raw": the bytes, through
//! `nextBytes`, which the runtime parses itself, so they are not parsed here too). `finalChatCompletion()` works
//! alone or alongside the first two: what it reads is queued for the claimed reader.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::ReadableStreamDefaultReader;

use super::convert::to_js;
use super::errors::ClientError;
use super::glue::{ignore_rejection, parse_batch};
use super::transport::{self, Call, Config, RequestCtx};
use crate::http::TRACE_HEADER;
use crate::json::{JsonBatch, Value};
use crate::stream::{Accumulated, ChatStream};
use crate::types::ChatCompletion;

#[wasm_bindgen]
pub struct ChatCompletionStream {
    inner: Rc<Inner>,
}

struct Inner {
    ctx: Rc<RequestCtx>,
    /// The body's reader, once the response's headers have arrived (at once for `create()`).
    reader: RefCell<Option<ReadableStreamDefaultReader>>,
    request_id: RefCell<Option<String>>,
    config: Rc<Config>,
    state: RefCell<State>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    Iterate,
    Bytes,
    /// The bytes, for a parser of the reader's own: not parsed here.
    Raw,
}

#[derive(Default)]
struct State {
    core: ChatStream,
    claim: Option<Claim>,
    /// Something has been read: too late to claim.
    started: bool,
    /// A read is in flight. Others wait for it to be processed rather than reading too (two reads in flight
    /// would each run an idle timer over two gaps).
    reading: bool,
    /// Who waits for it.
    waiters: Vec<Waker>,
    /// Reads processed so far (how a waiter knows its read is done).
    reads: u32,
    /// Chunks read but not yet taken by the iterator.
    chunks: VecDeque<Array>,
    /// Bytes read but not yet taken by the readable stream.
    bytes: VecDeque<Uint8Array>,
    /// The end: how it finished, or the error (already a JS error, so every caller gets the same one).
    ended: Option<Result<Finished, JsValue>>,
    /// The error was in what the server sent (an error event, a malformed chunk), not in the connection: the
    /// bytes carrying it were passed on, and a readable stream ends normally.
    error_in_data: bool,
    batch: JsonBatch,
}

/// A stream that ended without an error.
struct Finished {
    /// `[DONE]` arrived and every choice has a finish_reason.
    complete: bool,
    completion: Completion,
}

/// The final completion: in wasm memory until first asked for, then only in JS, where the garbage collector sees
/// it (it cannot see wasm memory, and frees this object, and what it holds there, only when it gets to it).
enum Completion {
    Rust(Box<ChatCompletion>),
    Js(JsValue),
}

impl Finished {
    fn completion(&mut self) -> JsValue {
        let value = match &self.completion {
            Completion::Js(value) => return value.clone(),
            Completion::Rust(completion) => to_js(completion),
        };
        self.completion = Completion::Js(value.clone());
        value
    }
}

impl State {
    /// Records the end, and lets go of the reading's buffers: a long answer's are several times its size, and
    /// stay allocated as long as this object lives.
    fn settle(&mut self, ended: Result<Finished, JsValue>) {
        self.ended = Some(ended);
        self.core = ChatStream::default();
        self.batch = JsonBatch::default();
    }
}

impl ChatCompletionStream {
    /// A stream whose request is sent now and connects in the background (`stream()`): readers wait for the
    /// response's headers as they wait for a read in flight. A request that fails before them ends the stream with
    /// its error. `body` must be valid (or `Err` with the validation's issues, which end the stream at once).
    pub fn connecting(config: Rc<Config>, body: Result<Value, ClientError>, call: Result<Call, ClientError>) -> Self {
        let ctx = call.as_ref().ok().and_then(|call| RequestCtx::new(call).ok());
        let state = State { core: ChatStream::new(config.max_buffer_size), ..State::default() };
        let placeholder = || RequestCtx::new(&Call::from_config(&config, None));
        let inner = Rc::new(Inner {
            ctx: match ctx.clone() {
                Some(ctx) => ctx,
                // Never used to send (the stream ends before it connects): only for its abort wiring.
                None => placeholder().unwrap_or_else(|_| unreachable!("a context without a signal always opens")),
            },
            reader: RefCell::new(None),
            request_id: RefCell::new(None),
            config: config.clone(),
            state: RefCell::new(state),
        });
        let failure = match (body, call, ctx) {
            (Err(e), _, _) | (_, Err(e), _) => Some(e),
            (Ok(_), Ok(_), None) => Some(ClientError::Abort),
            (Ok(body), Ok(call), Some(_)) => {
                inner.state.borrow_mut().reading = true;
                wasm_bindgen_futures::spawn_local(inner.clone().connect(body, call));
                None
            }
        };
        if let Some(error) = failure {
            let mut state = inner.state.borrow_mut();
            let error = inner.error(&error, &state.core);
            state.settle(Err(error));
            inner.ctx.finish();
        }
        ChatCompletionStream { inner }
    }

    fn next(&self, want: Want) -> Promise {
        super::glue::promise(self.inner.clone().next(want))
    }

    /// Waits for the response's headers (`create({ stream: true })` resolves then); the error when the request
    /// failed before them.
    pub async fn connected(&self) -> Result<(), JsValue> {
        let (connecting, reads) = {
            let state = self.inner.state.borrow();
            (state.reading && self.inner.reader.borrow().is_none(), state.reads)
        };
        if connecting {
            self.inner.processed(reads).await;
        }
        match &self.inner.state.borrow().ended {
            Some(Err(error)) => Err(error.clone()),
            _ => Ok(()),
        }
    }
}

/// What a reader waits for.
#[derive(Clone, Copy)]
enum Want {
    /// The next batch of chunks (`undefined` at the end).
    Chunks,
    /// The next bytes (`undefined` at the end).
    Bytes,
    /// The final completion.
    Completion,
}

#[wasm_bindgen]
impl ChatCompletionStream {
    /// The `x-siliconcloud-trace-id` of the response.
    #[wasm_bindgen(getter = requestId)]
    pub fn request_id(&self) -> JsValue {
        self.inner.request_id.borrow().as_deref().map_or(JsValue::UNDEFINED, JsValue::from_str)
    }

    /// Once the stream has ended: whether it ended properly (`[DONE]` arrived and every choice has a
    /// finish_reason). `undefined` before the end.
    #[wasm_bindgen(getter)]
    pub fn complete(&self) -> Option<bool> {
        match &self.inner.state.borrow().ended {
            Some(Ok(finished)) => Some(finished.complete),
            Some(Err(_)) => Some(false),
            None => None,
        }
    }

    /// Takes the stream for one reader ("iterate", "events" or "toReadableStream"), before anything has been
    /// read. A stream is read once.
    pub fn claim(&self, how: &str) -> Result<(), JsValue> {
        let mut state = self.inner.state.borrow_mut();
        let problem = match (state.claim, state.started) {
            (Some(Claim::Iterate), _) => Some("it is already being read by a for await loop"),
            (Some(Claim::Raw), _) => Some("its events are already being read"),
            (Some(Claim::Bytes), _) => Some("it is already being read through toReadableStream()"),
            (None, true) => Some("finalChatCompletion() has already read from it"),
            (None, false) => None,
        };
        if let Some(problem) = problem {
            let message = format!(
                "this stream cannot be read this way: {problem}; a stream can be read once, by one reader, claimed \
                 before anything is read (finalChatCompletion() gives the whole completion at any time)"
            );
            let request_id = self.inner.request_id.borrow();
            return Err(ClientError::Usage(message).to_js(None, None, request_id.as_deref()));
        }
        state.claim = Some(match how {
            "iterate" => Claim::Iterate,
            "raw" => Claim::Raw,
            _ => Claim::Bytes,
        });
        Ok(())
    }

    /// The longest line or event accepted, in bytes (for the chat runtime's parser of a "raw" stream).
    #[wasm_bindgen(getter = maxBufferSize)]
    pub fn max_buffer_size(&self) -> f64 {
        self.inner.config.max_buffer_size as f64
    }

    /// The chat runtime has read the end of a "raw" stream: `[DONE]` or the body's end (`complete`: whether it
    /// ended properly), or an `error` (made from what the server sent, or thrown by a listener), which comes
    /// back without the API key. The request is over: whatever the server sends after `[DONE]` is not read.
    #[wasm_bindgen(js_name = rawDone)]
    pub fn raw_done(&self, complete: bool, error: JsValue) -> JsValue {
        super::errors::redact(&error, self.inner.config.api_key.as_deref());
        let mut state = self.inner.state.borrow_mut();
        match state.ended.as_mut() {
            Some(Ok(finished)) if error.is_undefined() => finished.complete = complete,
            // (After its end, an error is the runtime's, not the stream's: a listener's, or the schema's.)
            Some(_) => {}
            None if !error.is_undefined() => {
                drop(state);
                self.inner.abort();
            }
            None => {
                state.settle(Ok(Finished { complete, completion: Completion::Rust(Box::default()) }));
                self.inner.ctx.finish();
            }
        }
        error
    }

    /// The chunks of the next read (at least one), or `undefined` at the end.
    #[wasm_bindgen(js_name = nextBatch)]
    pub fn next_batch(&self) -> Promise {
        self.next(Want::Chunks)
    }

    /// The bytes of the next read, as received, or `undefined` at the end (also after an error the server sent,
    /// which the bytes carry).
    #[wasm_bindgen(js_name = nextBytes)]
    pub fn next_bytes(&self) -> Promise {
        self.next(Want::Bytes)
    }

    /// The whole completion, as the non-streaming API would have returned it; reads the rest of the stream if
    /// needed. A stream that ended early resolves with what arrived (`complete` is then false); a broken one
    /// rejects with an error whose `partial` holds what arrived.
    #[wasm_bindgen(js_name = finalChatCompletion)]
    pub fn final_chat_completion(&self) -> Promise {
        self.next(Want::Completion)
    }

    /// Cancels the stream: the connection closes and readers get an AbortError (with `partial`). A no-op once
    /// the stream has ended.
    pub fn abort(&self) {
        self.inner.abort();
    }
}

impl Inner {
    /// Sends the request and opens the body once the headers arrive; then lets the readers waiting for it go on.
    async fn connect(self: Rc<Self>, body: Value, call: Call) {
        let url = format!("{}/chat/completions", self.config.base_url);
        let text = crate::json::to_string(&body);
        let sent = transport::send(&self.ctx, &self.config, &call, "POST", &url, Some(&text)).await;
        let opened = sent.and_then(|response| {
            let request_id =
                response.headers().get(TRACE_HEADER).ok().flatten().filter(|id| crate::http::is_trace_id(id));
            let reader = response
                .body()
                .and_then(|body| body.get_reader().dyn_into::<ReadableStreamDefaultReader>().ok())
                .ok_or_else(|| ClientError::Stream {
                    code: "no_body",
                    message: "the streamed response has no body".into(),
                    retryable: true,
                    body: None,
                })?;
            Ok((reader, request_id))
        });
        match opened {
            Ok((reader, request_id)) => {
                self.ctx.cancel_on_abort(&reader);
                *self.request_id.borrow_mut() = request_id;
                if self.state.borrow().ended.is_some() {
                    // Aborted while connecting.
                    ignore_rejection(&reader.cancel());
                }
                *self.reader.borrow_mut() = Some(reader);
            }
            Err(error) => {
                let mut state = self.state.borrow_mut();
                if state.ended.is_none() {
                    // Nothing has arrived: no `partial`.
                    let error = error.to_js(self.config.api_key.as_deref(), None, None);
                    state.settle(Err(error));
                }
                self.ctx.finish();
            }
        }
        self.read_done();
    }

    /// The read (or the connection) in flight is over: the next may start, and whoever waited for it goes on.
    fn read_done(&self) {
        let waiters = {
            let mut state = self.state.borrow_mut();
            state.reading = false;
            state.reads = state.reads.wrapping_add(1);
            std::mem::take(&mut state.waiters)
        };
        waiters.into_iter().for_each(Waker::wake);
    }

    /// Reads until `want` can be answered (one future for the three ways of reading).
    async fn next(self: Rc<Self>, want: Want) -> Result<JsValue, JsValue> {
        loop {
            if let Some(answer) = self.answer(want) {
                return answer;
            }
            self.pump().await;
        }
    }

    fn abort(&self) {
        let mut state = self.state.borrow_mut();
        if state.ended.is_none() {
            // Ended now, not at the next read: after a `break` there may never be one. What was read and not yet
            // taken is dropped: the reader's next read is the AbortError.
            let error = self.error(&ClientError::Abort, &state.core);
            state.settle(Err(error));
            state.chunks.clear();
            state.bytes.clear();
            self.close();
        }
    }

    /// The answer to `want` from what has been read, if there is one yet.
    fn answer(&self, want: Want) -> Option<Result<JsValue, JsValue>> {
        let mut state = self.state.borrow_mut();
        let queued = match want {
            Want::Chunks => state.chunks.pop_front().map(JsValue::from),
            Want::Bytes => state.bytes.pop_front().map(JsValue::from),
            Want::Completion => None,
        };
        if queued.is_some() {
            return queued.map(Ok);
        }
        let error_in_data = state.error_in_data;
        Some(match (want, state.ended.as_mut()?) {
            (Want::Completion, Ok(finished)) => Ok(finished.completion()),
            // The bytes that carried the server's error were passed on: a readable stream ends normally.
            (Want::Bytes, Err(_)) if error_in_data => Ok(JsValue::UNDEFINED),
            (_, Ok(_)) => Ok(JsValue::UNDEFINED),
            (_, Err(e)) => Err(e.clone()),
        })
    }

    /// One read, processed: feeds the core, queues chunks or bytes for the claimed reader, or records the end.
    /// When a read is already in flight, waits for it instead.
    async fn pump(&self) {
        let in_flight = {
            let mut state = self.state.borrow_mut();
            if state.reading {
                Some(state.reads)
            } else {
                state.reading = true;
                state.started = true;
                None
            }
        };
        if let Some(read) = in_flight {
            return self.processed(read).await;
        }
        let reader = self.reader.borrow().clone();
        let read = match reader {
            Some(reader) => self.ctx.read(&reader).await,
            // Ended before it connected (the end is recorded): nothing to read.
            None => Ok(None),
        };
        self.process(read);
        self.read_done();
    }

    /// Waits until the read after `read` reads has been processed.
    async fn processed(&self, read: u32) {
        poll_fn(|cx| {
            let mut state = self.state.borrow_mut();
            if state.reads != read {
                return Poll::Ready(());
            }
            state.waiters.push(cx.waker().clone());
            Poll::Pending
        })
        .await
    }

    fn process(&self, read: Result<Option<Uint8Array>, ClientError>) {
        let mut guard = self.state.borrow_mut();
        let state = &mut *guard;
        if state.ended.is_some() {
            return; // aborted while the read was in flight
        }
        let claim = state.claim;
        if claim == Some(Claim::Raw) {
            return self.pass_raw(state, read);
        }
        let batch = &mut state.batch;
        batch.clear();
        let mut chunks = |json: &str| {
            if claim == Some(Claim::Iterate) {
                batch.push(json)
            }
        };
        // One type for every call below: one compiled copy of the core's stream.
        let collect: &mut dyn FnMut(&str) = &mut chunks;
        let bytes = match read {
            Err(error) => {
                let error = self.error(&error, &state.core);
                state.settle(Err(error));
                self.close();
                return;
            }
            Ok(None) => {
                let end = state.core.finish(collect);
                self.queue(state);
                self.end(state, end);
                return;
            }
            Ok(Some(bytes)) => bytes,
        };
        let pushed = state.core.push(&bytes.to_vec(), &mut *collect);
        if claim == Some(Claim::Bytes) {
            // Passed on even when they carry an error: the re-streamed client should see it too.
            state.bytes.push_back(bytes);
        }
        // [DONE]: the completion is whole; whatever the server sends after it does not belong to it.
        let end = match pushed {
            Err(e) => Some(Err(e)),
            Ok(()) if state.core.is_done() => Some(state.core.finish(&mut *collect)),
            Ok(()) => None,
        };
        self.queue(state);
        if let Some(end) = end {
            self.end(state, end);
        }
    }

    /// A read passed on unparsed (the "raw" claim): the bytes for the reader; at the body's end, the end.
    fn pass_raw(&self, state: &mut State, read: Result<Option<Uint8Array>, ClientError>) {
        match read {
            Ok(Some(bytes)) => state.bytes.push_back(bytes),
            Ok(None) => {
                // Nothing was accumulated here: the reader has the completion.
                state.settle(Ok(Finished { complete: false, completion: Completion::Rust(Box::default()) }));
                self.ctx.finish();
            }
            Err(error) => {
                let error = self.error(&error, &state.core);
                state.settle(Err(error));
                self.close();
            }
        }
    }

    /// Hands the chunks of the batch to the iterator.
    fn queue(&self, state: &mut State) {
        if state.batch.is_empty() || state.ended.is_some() {
            return;
        }
        match parse_batch(&mut state.batch) {
            Ok(chunks) => state.chunks.push_back(chunks),
            Err(_) => {
                let error = ClientError::Stream {
                    code: "malformed_chunk",
                    message: "a chunk could not be read as JSON".into(),
                    retryable: false,
                    body: None,
                };
                let error = self.error(&error, &state.core);
                state.settle(Err(error));
                state.error_in_data = true;
                self.close();
            }
        }
    }

    /// Records how the stream ended (unless it already has).
    fn end(&self, state: &mut State, end: Result<Accumulated, crate::stream::StreamError>) {
        if state.ended.is_some() {
            return;
        }
        match end {
            Ok(accumulated) => {
                let complete = accumulated.is_complete();
                let completion = Completion::Rust(Box::new(accumulated.completion));
                state.settle(Ok(Finished { complete, completion }));
                self.ctx.finish();
            }
            Err(e) => {
                let error = self.error(&ClientError::from_stream(&e), &state.core);
                state.settle(Err(error));
                state.error_in_data = true;
                self.close();
            }
        }
    }

    /// Ends the request early: aborts it (the fetch's signal) and cancels the body (for a fetch that ignores
    /// signals), so the server sees the connection close; stops the timers.
    fn close(&self) {
        self.ctx.abort();
        if let Some(reader) = self.reader.borrow().as_ref() {
            ignore_rejection(&reader.cancel());
        }
        self.ctx.finish();
    }

    /// The JS error, with the completion so far as `partial`.
    fn error(&self, error: &ClientError, core: &ChatStream) -> JsValue {
        let partial = to_js(&core.snapshot().completion);
        let request_id = self.request_id.borrow();
        error.to_js(self.config.api_key.as_deref(), Some(&partial), request_id.as_deref())
    }
}
