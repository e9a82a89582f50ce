//! Differential: the same bytes, whole or cut anywhere, give the same events, comments, retries and errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use siliconflow_wasm::sse::{Event, SseError, SseOptions, SseParser, SseSink};

#[derive(Default, PartialEq, Debug)]
struct Seen(Vec<String>);

impl SseSink for Seen {
    fn on_event(&mut self, e: Event<'_>) {
        self.0.push(format!("event {:?} {:?} {:?} {:?}", e.event, e.data, e.id, e.retry));
    }
    fn on_comment(&mut self, c: &str) {
        self.0.push(format!("comment {c:?}"));
    }
    fn on_retry(&mut self, ms: u64) {
        self.0.push(format!("retry {ms}"));
    }
}

fn parse(options: SseOptions, bytes: &[u8], cuts: &[usize]) -> (Seen, Result<(), SseError>) {
    let mut parser = SseParser::new(options);
    let mut seen = Seen::default();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
        if let Err(e) = parser.push(&bytes[start..cut], &mut seen) {
            return (seen, Err(e));
        }
        start = cut;
    }
    let end = parser.finish(&mut seen);
    (seen, end)
}

fuzz_target!(|input: &[u8]| {
    // The first bytes choose the options and where to cut; the rest is the stream.
    let Some((&control, rest)) = input.split_first() else { return };
    let Some((&limit, bytes)) = rest.split_first() else { return };
    let options = SseOptions {
        max_buffer_size: if control & 1 == 0 { usize::MAX } else { usize::from(limit) + 1 },
        dispatch_unterminated: control & 2 != 0,
    };
    let step = usize::from(control >> 2) + 1;
    let cuts: Vec<usize> = (step..bytes.len()).step_by(step).collect();
    let whole = parse(options, bytes, &[]);
    let split = parse(options, bytes, &cuts);
    assert_eq!(whole, split, "cut every {step} bytes");
});
