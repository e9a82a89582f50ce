//! Arbitrary JSON requests: validation and building never panic, and a built body is valid and stable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siliconflow_wasm::json::Value;
use siliconflow_wasm::validate::{build_request, validate};

fuzz_target!(|input: &[u8]| {
    let Ok(request) = serde_json::from_slice::<Value>(input) else { return };
    let issues = validate(&request);
    for issue in &issues {
        assert!(!issue.message.is_empty());
    }
    if let Ok(body) = build_request(&request) {
        // Building drops only unset options: the body validates to the same errors (none).
        assert!(validate(&body).iter().all(|i| !i.is_error()), "{body:?}");
        assert_eq!(build_request(&body).ok(), Some(body));
    }
});
