//! `SseParser` for JavaScript: `push(chunk)` and `finish()` return arrays of `{data, event?, id?, retry?}`.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::glue::{shown, sse_events};
use super::options::Options;
use crate::sse::{SseError, SseEvent, SseOptions, SseParser, KEPT_CAPACITY};
use crate::utf16::{utf16_len, TextBatch};

#[wasm_bindgen(js_name = SseParser)]
pub struct JsSseParser {
    parser: SseParser,
    /// Bytes of the current chunk, copied out of JS; reused across pushes.
    scratch: Vec<u8>,
    events: Vec<SseEvent>,
    /// The data of a read's events on their way to JS; reused across pushes.
    batch: TextBatch,
}

#[wasm_bindgen(js_class = SseParser)]
impl JsSseParser {
    /// `new SseParser({ maxBufferSize?, dispatchUnterminated? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsSseParser, JsValue> {
        let mut parsed = SseOptions::default();
        let o = Options::read(&options, &crate::surface::options::SSE_PARSER)?;
        if let Some(size) = o.get("maxBufferSize") {
            parsed.max_buffer_size = match size.as_f64() {
                Some(n) if n >= 1.0 && n.fract() == 0.0 => n.min(usize::MAX as f64) as usize,
                Some(n) if n == f64::INFINITY => usize::MAX,
                _ => {
                    return Err(type_error(&format!(
                        "SseParser: maxBufferSize must be a positive whole number of bytes, not {}",
                        shown(&size)
                    )))
                }
            };
        }
        if let Some(flag) = o.get("dispatchUnterminated") {
            parsed.dispatch_unterminated = flag.as_bool().ok_or_else(|| {
                type_error(&format!("SseParser: dispatchUnterminated must be true or false, not {}", shown(&flag)))
            })?;
        }
        Ok(JsSseParser {
            parser: SseParser::new(parsed),
            scratch: Vec::new(),
            events: Vec::new(),
            batch: TextBatch::default(),
        })
    }

    /// Feeds a chunk (`Uint8Array`, any other byte view, `ArrayBuffer`, or a string) and returns the events it
    /// completed.
    pub fn push(&mut self, chunk: JsValue) -> Result<Array, JsValue> {
        // Every JS call costs; with one-byte reads they are most of the work, so the common case (a Uint8Array)
        // is checked first and read with two calls.
        let result = if let Some(bytes) = chunk.dyn_ref::<Uint8Array>() {
            self.push_bytes(bytes)
        } else {
            let bytes = super::glue::bytes_of(&chunk).dyn_into::<Uint8Array>().map_err(|_| {
                type_error(&format!("SseParser.push() takes a Uint8Array or a string, not {}", shown(&chunk)))
            })?;
            self.push_bytes(&bytes)
        };
        self.drain(result)
    }

    /// Ends the stream; returns the unterminated last event only when built with `dispatchUnterminated`.
    pub fn finish(&mut self) -> Result<Array, JsValue> {
        let result = self.parser.finish(&mut self.events);
        let out = self.drain(result);
        // As the parser does with its buffers: a long stream's room is given back at its end.
        if self.scratch.capacity() > KEPT_CAPACITY {
            self.scratch = Vec::new();
        }
        self.batch.release(KEPT_CAPACITY);
        out
    }

    /// The last event ID seen (WHATWG semantics), or undefined.
    #[wasm_bindgen(getter, js_name = lastEventId)]
    pub fn last_event_id(&self) -> JsValue {
        self.parser.last_event_id().map_or(JsValue::UNDEFINED, JsValue::from_str)
    }

    /// The reconnection time (ms) set by the last valid `retry` field, or undefined.
    #[wasm_bindgen(getter, js_name = reconnectionTime)]
    pub fn reconnection_time(&self) -> JsValue {
        self.parser.reconnection_time().map_or(JsValue::UNDEFINED, |ms| JsValue::from_f64(ms as f64))
    }

    fn drain(&mut self, result: Result<(), SseError>) -> Result<Array, JsValue> {
        let out = match self.events.as_slice() {
            [] => Array::new(),
            // One event (a long line, or a slow stream): its data goes as is, without joining.
            [event] if event.event.is_none() && event.id.is_none() && event.retry.is_none() => {
                let out = sse_events(event.data.as_bytes(), &[utf16_len(&event.data) as u32], None);
                self.events.clear();
                out
            }
            _ => self.join_events(),
        };
        // Events completed before an overflow were valid: they travel with the error as `events`.
        result.map_err(|e| {
            let error = super::errors::stream_error(e.code(), &e.to_string());
            super::glue::set(&error, "events", &out);
            error
        })?;
        Ok(out)
    }
}

impl JsSseParser {
    fn push_bytes(&mut self, bytes: &Uint8Array) -> Result<(), SseError> {
        let len = bytes.length() as usize;
        self.scratch.resize(len, 0);
        bytes.copy_to(&mut self.scratch[..len]);
        self.parser.push(&self.scratch[..len], &mut self.events)
    }

    /// Several events: their data joined into one buffer, with end offsets and, if any, their other members.
    fn join_events(&mut self) -> Array {
        self.batch.clear();
        let with_extras = self.events.iter().any(|e| e.event.is_some() || e.id.is_some() || e.retry.is_some());
        let extras = with_extras.then(Array::new);
        for event in self.events.drain(..) {
            self.batch.push(&event.data);
            if let Some(extras) = &extras {
                let text = |s: Option<String>| s.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s));
                let retry = event.retry.map_or(JsValue::UNDEFINED, |ms| JsValue::from_f64(ms as f64));
                extras.push(&Array::of3(&text(event.event), &text(event.id), &retry));
            }
        }
        sse_events(self.batch.joined.as_bytes(), &self.batch.ends, extras)
    }
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}
