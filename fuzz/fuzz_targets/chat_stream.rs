//! Arbitrary bytes as a chat stream: no panic, bounded memory, and the same outcome whole or cut up, and with its
//! event log kept (chunks among the values or not, by turns): the same outcome, and records whose values exist.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siliconflow_wasm::stream::events::{op, WORDS};
use siliconflow_wasm::stream::{ChatStream, EventLog, StreamError};

/// The outcome as text (completion or error, with the chunks seen on the way).
fn outcome(chunks: usize, end: Result<String, StreamError>) -> String {
    match end {
        Ok(done) => format!("{chunks} chunks: {done}"),
        Err(e) => format!("{chunks} chunks, then {e} ({:?})", e.partial.completion),
    }
}

fn run(bytes: &[u8], step: usize) -> String {
    let mut stream = ChatStream::new(1 << 16);
    let mut chunks = 0usize;
    for piece in bytes.chunks(step.max(1)) {
        if let Err(e) = stream.push(piece, |_| chunks += 1) {
            return outcome(chunks, Err(e));
        }
    }
    let end = stream.finish(|_| chunks += 1);
    outcome(chunks, end.map(|done| format!("{:?} {} {}", done.completion, done.done, done.finished)))
}

/// `run`, with a log per read whose records are checked against its values.
fn run_logged(bytes: &[u8], step: usize) -> String {
    let mut stream = ChatStream::new(1 << 16);
    let mut chunks = 0usize;
    let mut read = 0;
    for piece in bytes.chunks(step.max(1)) {
        let mut log = new_log(read);
        let pushed = stream.push_logged(piece, |_| chunks += 1, &mut log);
        check(&mut log);
        if let Err(e) = pushed {
            return outcome(chunks, Err(e));
        }
        read += 1;
    }
    let mut log = new_log(read);
    let end = stream.finish_logged(|_| chunks += 1, &mut log);
    check(&mut log);
    outcome(chunks, end.map(|done| format!("{:?} {} {}", done.completion, done.done, done.finished)))
}

fn new_log(read: usize) -> EventLog {
    let mut log = EventLog::new();
    log.chunks = read % 2 == 0;
    log
}

/// Every value a record names exists; the values are one JSON array with one element per value (where serde_json
/// reads what JSON.parse does: not with lone surrogate escapes); a value read in a chunk names an object.
fn check(log: &mut EventLog) {
    let len = log.values.len() as u32;
    let text = log.values.array().to_string();
    let lower = text.to_ascii_lowercase();
    let surrogates = ["\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf"];
    let values: Option<Vec<serde_json::Value>> = match serde_json::from_str(&text) {
        Ok(values) => Some(values),
        Err(e) => {
            let deliberate = surrogates.iter().any(|s| lower.contains(s)) || e.to_string().contains("out of range");
            assert!(deliberate, "the values are not one JSON array ({e}): {text:?}");
            None
        }
    };
    if let Some(values) = &values {
        assert_eq!(values.len() as u32, len, "one element per value: {text:?}");
    }
    let exists = |n: u32, in_chunk: bool| {
        assert!(n < len, "value {n} of {len}: {:?}", log.ops);
        if let (true, Some(values)) = (in_chunk, &values) {
            assert!(values[n as usize].is_object(), "a value read in a chunk names one: {:?}", log.ops);
        }
    };
    for record in log.ops.chunks(WORDS) {
        let (code, flags) = (record[0] & 0xFF, record[0] & !0xFF);
        let in_chunk = flags & op::IN_CHUNK != 0;
        let [a, b, c] = [record[2], record[3], record[4]];
        match code {
            op::CONTENT | op::REASONING | op::ROLE | op::FINISH | op::USAGE => exists(a, in_chunk),
            op::TOOL if flags & (op::ID | op::NAME | op::ARGUMENTS) != 0 => exists(b, in_chunk),
            op::META => {
                let set = [op::META_ID, op::META_CREATED, op::META_MODEL, op::META_FINGERPRINT];
                for (flag, &n) in set.iter().zip(&record[2..]) {
                    if flags & flag != 0 {
                        exists(n, in_chunk);
                    }
                }
            }
            op::EXTRA => exists(c, false),
            op::CHUNK if a != op::NONE => exists(a, false),
            _ => {}
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&step, bytes)) = input.split_first() else { return };
    let whole = run(bytes, bytes.len().max(1));
    assert_eq!(whole, run(bytes, usize::from(step) + 1));
    assert_eq!(whole, run_logged(bytes, usize::from(step) + 1), "the log changes nothing");
});
