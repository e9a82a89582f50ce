//! The JS exports, exercised from wasm in Node.
#![cfg(target_arch = "wasm32")]

mod exports;
