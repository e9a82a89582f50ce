//! Properties: however a network cuts a stream, the parser and the accumulator see the same thing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use proptest::prelude::*;
use siliconflow_wasm::sse::SseOptions;
use support::chat;
use support::generate::{generate, Spec};
use support::sse::parse_split;

/// Sorted, deduplicated cut offsets into `0..=len`.
fn cuts(len: usize) -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..=len, 0..48).prop_map(|mut c| {
        c.sort_unstable();
        c.dedup();
        c
    })
}

/// A byte strategy's bytes, with cut offsets into them.
fn with_cuts(bytes: impl Strategy<Value = Vec<u8>>) -> impl Strategy<Value = (Vec<u8>, Vec<usize>)> {
    bytes.prop_flat_map(|b| {
        let n = b.len();
        (Just(b), cuts(n))
    })
}

/// Bytes that look like an event stream: fields, comments, values with multi-byte and invalid UTF-8, every line
/// end, and now and then a BOM.
fn event_stream() -> impl Strategy<Value = Vec<u8>> {
    let field = prop::sample::select(vec![
        "data", "data:", "data: ", "event: ", "id: ", "retry: ", ":", ": ", "x: ", "", "dat",
    ]);
    let value = prop::collection::vec(
        prop::sample::select(vec![
            &b"a"[..],
            b"1",
            b"42",
            b" ",
            b":",
            b"\xE4\xBD\xA0",
            b"\xF0\x9F\x98\x80",
            b"\xE4",
            b"\xBD",
            b"\xFF",
            b"\0",
            b"[DONE]",
            b"{\"k\":1}",
            b"\xEF\xBB\xBF",
        ]),
        0..6,
    );
    let end = prop::sample::select(vec![&b"\n"[..], b"\r", b"\r\n", b"\n\n", b"\r\n\r\n", b"\r\r"]);
    let line = (field, value, end).prop_map(|(f, v, e)| {
        let mut line = f.as_bytes().to_vec();
        v.iter().for_each(|part| line.extend_from_slice(part));
        line.extend_from_slice(e);
        line
    });
    (any::<bool>(), prop::collection::vec(line, 0..24)).prop_map(|(bom, lines)| {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        lines.iter().for_each(|l| bytes.extend_from_slice(l));
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_split_of_an_event_stream_gives_the_same_events(
        (bytes, cuts) in with_cuts(event_stream()),
        flush in any::<bool>(),
    ) {
        let options = SseOptions { dispatch_unterminated: flush, ..SseOptions::default() };
        prop_assert_eq!(parse_split(options, &bytes, &cuts), parse_split(options, &bytes, &[]));
    }

    #[test]
    fn any_split_of_arbitrary_bytes_gives_the_same_events(
        (bytes, cuts) in with_cuts(prop::collection::vec(any::<u8>(), 0..512)),
    ) {
        prop_assert_eq!(
            parse_split(SseOptions::default(), &bytes, &cuts),
            parse_split(SseOptions::default(), &bytes, &[])
        );
    }

    #[test]
    fn the_buffer_limit_fails_the_same_way_at_every_split(
        (bytes, cuts) in with_cuts(event_stream()),
        limit in 1usize..64,
    ) {
        let options = SseOptions { max_buffer_size: limit, dispatch_unterminated: true };
        prop_assert_eq!(parse_split(options, &bytes, &cuts), parse_split(options, &bytes, &[]));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_split_of_a_chat_stream_gives_the_same_completion(
        seed in any::<u64>(),
        size in 2_000usize..24_000,
        choices in 1u32..4,
        quirks in any::<(bool, bool, bool, bool)>(),
        cut_seed in any::<u64>(),
    ) {
        let spec = Spec {
            choices,
            crlf: quirks.0,
            keepalive_every: quirks.1.then_some(3),
            empty_choices_every: quirks.2.then_some(4),
            empty_finish_reason: quirks.3,
            role_every_delta: quirks.3,
            reasoning_percent: seed % 50,
            tool_calls: (seed % 3) as usize,
            ..Spec::realistic(seed, size)
        };
        let generated = generate(&spec);
        let mut rng = support::rng::SplitMix(cut_seed);
        let mut cuts: Vec<usize> =
            (0..rng.below(200)).map(|_| rng.below(generated.sse.len() as u64 + 1) as usize).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let (outcome, seen) = chat::run(&generated.sse, &cuts);
        let got = outcome.unwrap();
        prop_assert!(got.is_complete());
        prop_assert_eq!(
            seen.len(),
            generated.chunks + spec.empty_choices_every.map_or(0, |every| generated.chunks / every)
        );
        prop_assert_eq!(chat::json(&got), generated.expected);
    }
}
