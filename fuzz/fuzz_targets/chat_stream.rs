//! Arbitrary bytes as a chat stream: no panic, bounded memory, and the same outcome whole or cut up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siliconflow_wasm::stream::ChatStream;

/// The outcome as text (completion or error, with the chunks seen on the way).
fn run(bytes: &[u8], step: usize) -> String {
    let mut stream = ChatStream::new(1 << 16);
    let mut chunks = 0usize;
    for piece in bytes.chunks(step.max(1)) {
        if let Err(e) = stream.push(piece, |_| chunks += 1) {
            return format!("{chunks} chunks, then {e} ({:?})", e.partial.completion);
        }
    }
    match stream.finish(|_| chunks += 1) {
        Ok(done) => format!("{chunks} chunks: {:?} {} {}", done.completion, done.done, done.finished),
        Err(e) => format!("{chunks} chunks, then {e} ({:?})", e.partial.completion),
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&step, bytes)) = input.split_first() else { return };
    assert_eq!(run(bytes, bytes.len().max(1)), run(bytes, usize::from(step) + 1));
});
