//! siliconflow-wasm: build, validate and stream SiliconFlow chat completions.
//!
//! The core (everything but `wasm`) is plain Rust with no JavaScript dependency and is tested natively:
//! - `json`: reading and writing JSON text without a JSON library (the JS engine parses numbers);
//! - `number`: numbers written as JavaScript writes them, in messages and JSON;
//! - `types`: the API's wire types, grouped by API area;
//! - `catalog`: the models and what each can do;
//! - `validate`: every problem of a request, with JSON paths;
//! - `sse`: the incremental event-stream parser;
//! - `stream`: chunks to the final completion;
//! - `retry`: when to retry a request, and how long to wait;
//! - `text`: quoting and listing in messages;
//! - `suggest`: "did you mean" for misspelt names (fields, options, model ids);
//! - `swar`: byte searches eight bytes at a time, for the parsers' hot loops;
//! - `surface`: the JS API's options and errors as data (read, thrown and declared to TypeScript from there).
//!
//! `wasm` is the one place that knows about JavaScript; it exists only on wasm32.

pub mod catalog;
pub mod chat;
pub mod http;
pub mod issue;
pub mod json;
pub mod number;
pub mod path;
pub mod proxy;
pub mod retry;
pub mod schema;
pub mod sse;
pub mod stream;
pub mod suggest;
pub mod surface;
mod swar;
pub mod text;
pub mod types;
pub mod utf16;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
