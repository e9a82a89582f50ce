//! Feeds an event stream to the parser in every way a network can cut it, and checks each way gives the same
//! events, comments and retries.

use siliconflow_wasm::sse::{Event, SseError, SseOptions, SseParser, SseSink};

use super::rng::SplitMix;

/// What the parser reported, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Event { event: Option<String>, data: String, id: Option<String> },
    Comment(String),
    Retry(u64),
}

/// An event with no `event` field and no id.
pub fn data(data: &str) -> Item {
    Item::Event { event: None, data: data.into(), id: None }
}

/// An event with every field given.
pub fn ev(event: Option<&str>, data: &str, id: Option<&str>) -> Item {
    Item::Event { event: event.map(Into::into), data: data.into(), id: id.map(Into::into) }
}

pub fn comment(text: &str) -> Item {
    Item::Comment(text.into())
}

pub fn retry(ms: u64) -> Item {
    Item::Retry(ms)
}

/// Records everything the parser reports, in order.
#[derive(Default)]
pub struct Recorder(pub Vec<Item>);

impl SseSink for Recorder {
    fn on_event(&mut self, e: Event<'_>) {
        self.0.push(Item::Event { event: e.event.map(Into::into), data: e.data.into(), id: e.id.map(Into::into) });
    }
    fn on_comment(&mut self, c: &str) {
        self.0.push(Item::Comment(c.into()));
    }
    fn on_retry(&mut self, ms: u64) {
        self.0.push(Item::Retry(ms));
    }
}

/// Parses `input` cut at `cuts` (sorted offsets) and returns everything reported, or the first error.
pub fn parse_split(options: SseOptions, input: &[u8], cuts: &[usize]) -> Result<Vec<Item>, SseError> {
    let mut parser = SseParser::new(options);
    let mut out = Recorder::default();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
        parser.push(&input[start..cut], &mut out)?;
        start = cut;
    }
    parser.finish(&mut out)?;
    Ok(out.0)
}

/// Every chunking the tests try: whole, byte by byte, every single cut, and seeded random splits.
pub fn chunkings(len: usize) -> Vec<Vec<usize>> {
    let mut all = vec![Vec::new(), (1..len).collect()];
    if len <= 512 {
        all.extend((1..len).map(|cut| vec![cut]));
    }
    let mut rng = SplitMix(len as u64 ^ 0x5eed);
    for _ in 0..32 {
        let mut cuts: Vec<usize> = (0..rng.below(8) + 1).map(|_| rng.below(len as u64 + 1) as usize).collect();
        cuts.sort_unstable();
        cuts.dedup();
        all.push(cuts);
    }
    all
}

/// Asserts `input` yields `expected` at every chunking, with the spec's defaults.
#[track_caller]
pub fn assert_stream(input: impl AsRef<[u8]>, expected: &[Item]) {
    assert_stream_with(SseOptions::default(), input, expected)
}

/// Same, with the unterminated last event dispatched at the end.
#[track_caller]
pub fn assert_stream_flushed(input: impl AsRef<[u8]>, expected: &[Item]) {
    let options = SseOptions { dispatch_unterminated: true, ..SseOptions::default() };
    assert_stream_with(options, input, expected)
}

#[track_caller]
pub fn assert_stream_with(options: SseOptions, input: impl AsRef<[u8]>, expected: &[Item]) {
    let input = input.as_ref();
    for cuts in chunkings(input.len()) {
        let got = parse_split(options, input, &cuts).unwrap_or_else(|e| panic!("error {e} with cuts {cuts:?}"));
        assert_eq!(got, expected, "input {:?} cut at {cuts:?}", String::from_utf8_lossy(input));
    }
}

/// Asserts `input` fails with `expected` at every chunking.
#[track_caller]
pub fn assert_stream_error(options: SseOptions, input: impl AsRef<[u8]>, expected: SseError) {
    let input = input.as_ref();
    for cuts in chunkings(input.len()) {
        assert_eq!(parse_split(options, input, &cuts).err(), Some(expected.clone()), "cut at {cuts:?}");
    }
}
