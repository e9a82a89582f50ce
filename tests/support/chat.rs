//! Runs chat streams through `ChatStream` at every chunking.

use serde_json::Value;
use siliconflow_wasm::sse::DEFAULT_MAX_BUFFER_SIZE;
use siliconflow_wasm::stream::{Accumulated, ChatStream, StreamError};

use super::rng::SplitMix;

/// Feeds `bytes` cut at `cuts`; returns the outcome and the JSON text of every chunk delivered on the way.
pub fn run(bytes: &[u8], cuts: &[usize]) -> (Result<Accumulated, StreamError>, Vec<String>) {
    let mut stream = ChatStream::new(DEFAULT_MAX_BUFFER_SIZE);
    let mut seen = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
        if let Err(e) = stream.push(&bytes[start..cut], |json| seen.push(json.to_string())) {
            return (Err(e), seen);
        }
        start = cut;
    }
    (stream.finish(|json| seen.push(json.to_string())), seen)
}

/// The completion as JSON, as a JS caller would see it: the text the library hands to `JSON.parse`.
pub fn json(accumulated: &Accumulated) -> Value {
    let text = siliconflow_wasm::json::to_string(&accumulated.completion);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Whole, byte by byte (for small inputs), and seeded random splits.
pub fn chunkings(len: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut all = vec![Vec::new()];
    if len <= 20_000 {
        all.push((1..len).collect());
    }
    let mut rng = SplitMix(seed ^ len as u64);
    for _ in 0..8 {
        let mut cuts: Vec<usize> = (0..1 + rng.below(64)).map(|_| rng.below(len as u64 + 1) as usize).collect();
        cuts.sort_unstable();
        cuts.dedup();
        all.push(cuts);
    }
    all
}

/// Asserts that every chunking accumulates `bytes` to `expected`, complete.
#[track_caller]
pub fn assert_accumulates(bytes: &[u8], expected: &Value) {
    for cuts in chunkings(bytes.len(), 7) {
        let (outcome, _) = run(bytes, &cuts);
        let got = outcome.unwrap_or_else(|e| panic!("{e} (cuts {cuts:?})"));
        assert!(got.is_complete(), "done {} finished {} (cuts {cuts:?})", got.done, got.finished);
        assert_eq!(&json(&got), expected, "cuts {cuts:?}");
    }
}
