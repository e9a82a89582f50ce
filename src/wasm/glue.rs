//! The JavaScript this crate calls: the global `fetch` and timers, and helpers that do in one call what would
//! take wasm-bindgen one crossing per property or per value (events and chunks in batches, JSON parsed from
//! bytes, an error with all its fields).
//!
//! Text crosses as UTF-8 bytes decoded once per batch, with a TextDecoder that keeps a leading U+FEFF (it is
//! text here: dropping it would shift every offset after it). Batches are whole texts, so the decoder needs no
//! streaming mode (which made ASCII text several times slower to decode in Node: BENCHMARKS.md).

use js_sys::{Array, Function, Promise};

use crate::json::JsonBatch;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
export function sse_events(bytes, ends, extras) {
  const all = decoder.decode(bytes);
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
}
export function read_value(result) {
  if (result.done) return null;
  const value = result.value;
  return value instanceof Uint8Array ? value : new Uint8Array(value ?? 0);
}
export function cancel_on_abort(signal, reader) {
  const cancel = () => reader.cancel().catch(() => {});
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
}
export function bytes_of(chunk) {
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
export function shown(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value !== 'object' && typeof value !== 'function') return `the ${typeof value} ${String(value)}`;
  return `a value of type ${typeof value}`;
}
export function text_of(value) {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}
export function error(name, message, fields) {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, JSON.parse(fields));
}
export function number_text(n) {
  return String(n);
}
export function set(target, key, value) {
  target[key] = value;
}
export function json_parse(bytes) {
  return JSON.parse(decoder.decode(bytes));
}")]
extern "C" {
    /// `[{data, event?, id?, retry?}]`: event `i`'s data is `text(bytes)[ends[i-1]..ends[i]]` (UTF-16 offsets);
    /// `extras[i]`, when given, is `[event, id, retry]`.
    pub fn sse_events(bytes: &[u8], ends: &[u32], extras: Option<Array>) -> Array;

    /// The bytes of a `reader.read()` result as a Uint8Array (whatever a custom body enqueued), `null` at the end:
    /// one call, no property names to pass in.
    pub fn read_value(result: &JsValue) -> JsValue;

    /// Cancels `reader` (ending its pending read) when `signal` aborts.
    pub fn cancel_on_abort(signal: &web_sys::AbortSignal, reader: &web_sys::ReadableStreamDefaultReader);

    /// `String(value)`, or its type when even that throws (an object without a prototype).
    pub fn text_of(value: &JsValue) -> String;

    /// An `Error` named `name`, with the members of the JSON object `fields`.
    pub fn error(name: &str, message: &str, fields: &str) -> JsValue;

    /// The bytes of a chunk (a string as UTF-8, an ArrayBuffer or any byte view), or undefined.
    pub fn bytes_of(chunk: &JsValue) -> JsValue;

    /// A value as an error message names it.
    pub fn shown(value: &JsValue) -> String;

    /// `String(n)`: how JavaScript writes a number.
    pub fn number_text(n: f64) -> String;

    /// `target[key] = value`.
    pub fn set(target: &JsValue, key: &str, value: &JsValue);

    /// `JSON.parse(text(bytes))`.
    #[wasm_bindgen(catch)]
    pub fn json_parse(bytes: &[u8]) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The global fetch, called as a plain function (never as a method of some object: "Illegal invocation").
    #[wasm_bindgen(js_name = fetch, catch)]
    pub fn global_fetch(request: &web_sys::Request) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue);

    /// `clearTimeout` itself, to bind (an abort listener without a closure).
    #[wasm_bindgen(thread_local_v2, js_name = clearTimeout)]
    pub static CLEAR_TIMEOUT: Function;
}

/// The promise of `future`, run by wasm-bindgen-futures. Boxed, so that its executor is compiled once for every
/// future rather than once per kind of future.
pub fn promise(future: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(boxed)
}

/// Marks a rejection as handled, so that a promise nobody happens to await is not reported as unhandled.
pub fn ignore_rejection(promise: &Promise) {
    // One no-op closure for the whole module (not `new Function`: pages with a content-security policy and
    // Workers refuse to compile code at run time).
    thread_local!(static NOOP: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {}));
    if let Ok(catch) = js_sys::Reflect::get(promise, &"catch".into()) {
        NOOP.with(|noop| drop(catch.unchecked_into::<Function>().call1(promise, noop.as_ref())));
    }
}

/// Calls `callback` after `ms` milliseconds; returns the handle for `clear_timeout`.
pub fn after(ms: f64, callback: &Function) -> JsValue {
    set_timeout(callback, ms.clamp(0.0, 2_147_483_647.0))
}

/// A promise resolved with `undefined` after `ms`, and its timer handle.
pub fn timer(ms: f64) -> (Promise, JsValue) {
    let mut handle = JsValue::UNDEFINED;
    let promise = Promise::new(&mut |resolve, _reject| handle = after(ms, &resolve));
    (promise, handle)
}

/// The values of the batch, made by one `JSON.parse`; `Err` when one of them is not JSON to V8.
pub fn parse_batch(batch: &mut JsonBatch) -> Result<Array, ()> {
    let len = batch.len();
    let array = json_parse(batch.array().as_bytes()).map_err(drop)?.unchecked_into::<Array>();
    // (Each text was one value to the scanner: a mismatch would mean V8 read the text differently.)
    if array.length() as usize == len {
        Ok(array)
    } else {
        Err(())
    }
}
