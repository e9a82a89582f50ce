//! The JSON reader against serde_json: the same texts accepted and refused, the same strings decoded, and no
//! panic on anything.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siliconflow_wasm::json::{scan, Scanner};

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else { return };
    let ours = scan::is_valid(text);
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => {
            assert!(ours, "refused what serde_json reads: {text:?}");
            if let serde_json::Value::String(expected) = value {
                let decoded = Scanner::new(text.trim_matches([' ', '\t', '\n', '\r'])).string().unwrap().decode();
                assert_eq!(decoded, expected.as_str());
            }
        }
        // Where the two rules differ on purpose: JSON.parse (which ours follows) takes lone surrogate escapes and
        // numbers beyond f64 (as Infinity); serde_json stops at 128 levels, ours at 128 containers.
        Err(e) => {
            let lower = text.to_ascii_lowercase();
            let surrogates = ["\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf"];
            let deliberate = ["out of range", "recursion limit"].iter().any(|w| e.to_string().contains(w))
                || surrogates.iter().any(|s| lower.contains(s));
            assert!(!ours || deliberate, "accepted what serde_json refuses ({e}): {text:?}");
        }
    }
});
