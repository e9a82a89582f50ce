//! `SseParser` for JavaScript: `push(chunk)` and `finish()` return arrays of `{data, event?, id?, retry?}`.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::sse::{SseError, SseEvent, SseOptions, SseParser};

#[wasm_bindgen(js_name = SseParser)]
pub struct JsSseParser {
    parser: SseParser,
    /// Bytes of the current chunk, copied out of JS; reused across pushes.
    scratch: Vec<u8>,
    events: Vec<SseEvent>,
    /// The data of a read's events, joined, and where each ends (UTF-16 offsets); reused across pushes.
    joined: String,
    ends: Vec<u32>,
}

// Events are handed to JS in one call per read: the UTF-8 bytes of all their data, decoded once per read rather
// than once per event, with each event's end offset, and the rarer event/id/retry members, when any event has
// them, as `[event, id, retry]` triples. JS builds the plain `{data, event?, id?, retry?}` objects, which
// wasm-bindgen cannot do without a crossing per property. The decoder is not wasm-bindgen's (a fatal one, whose
// checks the already valid bytes do not need); Node 20 decodes non-ASCII text about 3x faster in streaming mode
// and ASCII about 4x faster without it, hence the flag.
#[wasm_bindgen(inline_js = "const decoder = new TextDecoder();
export function sse_events(bytes, ascii, ends, extras) {
  const all = ascii ? decoder.decode(bytes) : decoder.decode(bytes, { stream: true });
  const out = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const e = { data: all.slice(start, ends[i]) };
    start = ends[i];
    const x = extras === undefined ? undefined : extras[i];
    if (x !== undefined) {
      if (x[0] !== undefined) e.event = x[0];
      if (x[1] !== undefined) e.id = x[1];
      if (x[2] !== undefined) e.retry = x[2];
    }
    out[i] = e;
  }
  return out;
}")]
extern "C" {
    fn sse_events(bytes: &[u8], ascii: bool, ends: &[u32], extras: Option<Array>) -> Array;
}

#[wasm_bindgen(js_class = SseParser)]
impl JsSseParser {
    /// `new SseParser({ maxBufferSize?, dispatchUnterminated? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsSseParser, JsValue> {
        let mut parsed = SseOptions::default();
        if !options.is_undefined() && !options.is_null() {
            if let Some(size) = option(&options, "maxBufferSize")? {
                parsed.max_buffer_size = match size.as_f64() {
                    Some(n) if n >= 1.0 && n.fract() == 0.0 => n.min(usize::MAX as f64) as usize,
                    Some(n) if n == f64::INFINITY => usize::MAX,
                    _ => {
                        return Err(type_error(&format!(
                            "SseParser: maxBufferSize must be a positive whole number of bytes, not {}",
                            describe(&size)
                        )))
                    }
                };
            }
            if let Some(flag) = option(&options, "dispatchUnterminated")? {
                parsed.dispatch_unterminated = flag.as_bool().ok_or_else(|| {
                    type_error(&format!(
                        "SseParser: dispatchUnterminated must be true or false, not {}",
                        describe(&flag)
                    ))
                })?;
            }
        }
        Ok(JsSseParser {
            parser: SseParser::new(parsed),
            scratch: Vec::new(),
            events: Vec::new(),
            joined: String::new(),
            ends: Vec::new(),
        })
    }

    /// Feeds a chunk (`Uint8Array`, any other byte view, `ArrayBuffer`, or a string) and returns the events it
    /// completed.
    pub fn push(&mut self, chunk: JsValue) -> Result<Array, JsValue> {
        // Every JS call costs; with one-byte reads they are most of the work, so the common case (a Uint8Array)
        // is checked first and read with two calls.
        let result = if let Some(bytes) = chunk.dyn_ref::<Uint8Array>() {
            self.push_bytes(bytes)
        } else if chunk.is_string() {
            let text = chunk.as_string().unwrap_or_default();
            self.parser.push(text.as_bytes(), &mut self.events)
        } else {
            let bytes = other_bytes(&chunk).ok_or_else(|| {
                type_error(&format!("SseParser.push() takes a Uint8Array or a string, not {}", describe(&chunk)))
            })?;
            self.push_bytes(&bytes)
        };
        self.drain(result)
    }

    /// Ends the stream; returns the unterminated last event only when built with `dispatchUnterminated`.
    pub fn finish(&mut self) -> Result<Array, JsValue> {
        let result = self.parser.finish(&mut self.events);
        self.drain(result)
    }

    /// The last event ID seen (WHATWG semantics), or undefined.
    #[wasm_bindgen(getter, js_name = lastEventId)]
    pub fn last_event_id(&self) -> Option<String> {
        self.parser.last_event_id().map(str::to_string)
    }

    /// The reconnection time (ms) set by the last valid `retry` field, or undefined.
    #[wasm_bindgen(getter, js_name = reconnectionTime)]
    pub fn reconnection_time(&self) -> Option<f64> {
        self.parser.reconnection_time().map(|ms| ms as f64)
    }

    fn drain(&mut self, result: Result<(), SseError>) -> Result<Array, JsValue> {
        let out = match self.events.as_slice() {
            [] => Array::new(),
            // One event (a long line, or a slow stream): its data goes as is, without joining.
            [event] if event.event.is_none() && event.id.is_none() && event.retry.is_none() => {
                let len = utf16_len(&event.data);
                let out = sse_events(event.data.as_bytes(), len == event.data.len(), &[len as u32], None);
                self.events.clear();
                out
            }
            _ => self.join_events(),
        };
        // Events completed before an overflow were valid; they are lost only if the caller ignores the error.
        result.map_err(|e| super::errors::stream_error(e.code(), &e.to_string()))?;
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
        self.joined.clear();
        self.ends.clear();
        let mut end = 0u32;
        let with_extras = self.events.iter().any(|e| e.event.is_some() || e.id.is_some() || e.retry.is_some());
        let extras = with_extras.then(Array::new);
        for event in self.events.drain(..) {
            self.joined.push_str(&event.data);
            end += utf16_len(&event.data) as u32;
            self.ends.push(end);
            if let Some(extras) = &extras {
                let text = |s: Option<String>| s.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s));
                let retry = event.retry.map_or(JsValue::UNDEFINED, |ms| JsValue::from_f64(ms as f64));
                extras.push(&Array::of3(&text(event.event), &text(event.id), &retry));
            }
        }
        let ascii = end as usize == self.joined.len();
        sse_events(self.joined.as_bytes(), ascii, &self.ends, extras)
    }
}

fn option(options: &JsValue, key: &str) -> Result<Option<JsValue>, JsValue> {
    let value = Reflect::get(options, &JsValue::from_str(key))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// A Uint8Array over the bytes of an ArrayBuffer or of a byte view other than Uint8Array.
fn other_bytes(chunk: &JsValue) -> Option<Uint8Array> {
    if let Some(buffer) = chunk.dyn_ref::<js_sys::ArrayBuffer>() {
        return Some(Uint8Array::new(buffer));
    }
    if js_sys::ArrayBuffer::is_view(chunk) {
        let buffer = Reflect::get(chunk, &"buffer".into()).ok()?;
        let offset = Reflect::get(chunk, &"byteOffset".into()).ok()?.as_f64()? as u32;
        let length = Reflect::get(chunk, &"byteLength".into()).ok()?.as_f64()? as u32;
        return Some(Uint8Array::new_with_byte_offset_and_length(&buffer, offset, length));
    }
    None
}

fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("string") => format!("the string {:?}", value.as_string().unwrap_or_default()),
        Some("number") => format!("the number {}", value.as_f64().unwrap_or(f64::NAN)),
        Some(kind) => format!("a value of type {kind}"),
        None => "an unknown value".into(),
    }
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// Length in UTF-16 code units (JS string offsets): one per character, two beyond the Basic Multilingual Plane,
/// so the byte length, less continuation bytes (10xxxxxx), plus four-byte leads (11110xxx). Counted eight bytes
/// at a time: this runs over every byte of every event.
fn utf16_len(text: &str) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let bytes = text.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let (mut continuations, mut astral) = (0usize, 0usize);
    for word in &mut words {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let (b7, b6, b5, b4) = ((w >> 7) & ONES, (w >> 6) & ONES, (w >> 5) & ONES, (w >> 4) & ONES);
        continuations += (b7 & !b6 & ONES).count_ones() as usize;
        astral += (b7 & b6 & b5 & b4).count_ones() as usize;
    }
    for &b in words.remainder() {
        continuations += usize::from(b & 0xC0 == 0x80);
        astral += usize::from(b >= 0xF0);
    }
    bytes.len() - continuations + astral
}
