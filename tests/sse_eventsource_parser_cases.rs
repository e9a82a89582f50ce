//! The parse cases of the `eventsource-parser` npm package (rexxars/eventsource-parser, `test/parse.test.ts`),
//! restated against our parser. Each upstream case feeds its stream in particular chunks; the harness already
//! tries every chunking, so each test gives only the concatenated bytes.
//!
//! Where upstream differs from the WHATWG algorithm we follow WHATWG and say so. The one recurring difference:
//! upstream forgets the `id` after each event, while WHATWG keeps the last event ID until the server sets
//! another, so events after an `id` carry it here.

mod support;
use support::sse::*;

use siliconflow_wasm::sse::{SseError, SseEvent, SseOptions, SseParser};

const BOM: &str = "\u{feff}";

/// The fourteen multi-byte sentences of upstream's multi-byte fixtures.
const SENTENCES: [&str; 14] = [
    "Blåbærsyltetøy må da være mulig å oppdrive?",
    "በእርግጥ አንድ ሰው ብሉቤሪ ጃምን መግዛት መቻል አለበት?",
    "بالتأكيد يجب أن يكون المرء قادرا على شراء مربى التوت؟",
    "一定能买到蓝莓果酱吗？",
    "ચોક્કસ એક બ્લુબેરી જામ મેળવવા માટે સમર્થ હોવા જ જોઈએ?",
    "בטח אפשר להשיג ריבת אוכמניות?",
    "निश्चित रूप से किसी को ब्लूबेरी जैम खरीदने में सक्षम होना चाहिए?",
    "Bê guman pêdivî ye ku meriv karibe jama şînê peyda bike?",
    "ប្រាកដណាស់ មនុស្សម្នាក់ត្រូវតែអាចទិញយៈសាពូនមី blueberry បានទេ?",
    "ಖಂಡಿತವಾಗಿಯೂ ಒಬ್ಬರು ಬ್ಲೂಬೆರ್ರಿ ಜಾಮ್ ಅನ್ನು ಸಂಗ್ರಹಿಸಲು ಶಕ್ತರಾಗಿರಬೇಕು?",
    "確かにブルーベリージャムを調達できなければなりませんか？",
    "Невже треба вміти добути варення з чорниці?",
    "แน่นอนว่าจะต้องสามารถจัดหาแยมบลูเบอร์รี่ได้?",
    "Сигурно некој мора да може да набави џем од боровинки?",
];

/// A sample of upstream's emoji list: zero-width-joiner sequences, skin tones and variation selectors, so one
/// visible symbol spans many code points and up to 35 bytes.
const EMOJIS: [&str; 28] = [
    "😶‍🌫️",
    "😮‍💨",
    "😵‍💫",
    "❤️‍🔥",
    "❤️‍🩹",
    "👁️‍🗨️",
    "🫱🏻‍🫲🏼",
    "🫱🏿‍🫲🏾",
    "🧔‍♂️",
    "🧔🏽‍♀️",
    "👨🏿‍🦰",
    "👨‍🦱",
    "👩🏼‍🦳",
    "🧑🏾‍🦲",
    "👱🏻‍♀️",
    "🙍‍♂️",
    "🙅🏽‍♀️",
    "💁🏿‍♂️",
    "🙋🏻‍♀️",
    "🧏🏼‍♂️",
    "🤷🏾‍♀️",
    "🧑‍⚕️",
    "👩🏽‍🏫",
    "🧑🏿‍💻",
    "👨‍✈️",
    "🧑🏻‍🍳",
    "👩🏾‍❤️‍👨🏾",
    "👩🏿‍❤️‍👨🏻",
];

/// Upstream's closing event, `event: done` with a check mark.
const DONE: &str = "event: done\ndata: ✔\n\n";

fn done() -> Item {
    ev(Some("done"), "✔", None)
}

fn done_with_id(id: &str) -> Item {
    ev(Some("done"), "✔", Some(id))
}

fn limited(max_buffer_size: usize) -> SseOptions {
    SseOptions { max_buffer_size, ..SseOptions::default() }
}

const TIMES: [&str; 5] = [
    "2024-03-01T12:00:00.000Z",
    "2024-03-01T12:00:00.017Z",
    "2024-03-01T12:00:01.250Z",
    "2024-03-01T12:00:59.999Z",
    "2024-03-01T12:01:00.000Z",
];

#[test]
fn unnamed_events_arrive_in_order_then_a_named_done_event() {
    let mut input: String = (0..5).map(|i| format!("data: {i}\n\n")).collect();
    input.push_str(DONE);
    assert_stream(input, &[data("0"), data("1"), data("2"), data("3"), data("4"), done()]);
}

#[test]
fn events_named_time_carry_their_type() {
    let mut input: String = TIMES.iter().map(|t| format!("event: time\ndata: {t}\n\n")).collect();
    input.push_str(DONE);
    let mut expected: Vec<Item> = TIMES.iter().map(|t| ev(Some("time"), t, None)).collect();
    expected.push(done());
    assert_stream(input, &expected);
}

#[test]
fn events_named_time_with_ids_survive_unbalanced_chunks() {
    let events: Vec<(String, String)> = (0..30u64)
        .map(|i| (format!("{}", 271_828_182_845 + i * 1_000_003), format!("2024-03-01T12:00:{:02}.{:03}Z", i, i * 31)))
        .collect();
    let input: String = events.iter().map(|(id, t)| format!("event: time\nid: {id}\ndata: {t}\n\n")).collect();
    let expected: Vec<Item> = events.iter().map(|(id, t)| ev(Some("time"), t, Some(id))).collect();
    assert_stream(input, &expected);
}

#[test]
fn identified_ticks_report_the_retry_interval_before_each_event() {
    let input = "event: tick\nretry: 50\nid: 1337\ndata: 1337\n\nevent: tick\nretry: 50\nid: 1338\ndata: 1338\n\n";
    assert_stream(
        input,
        &[retry(50), ev(Some("tick"), "1337", Some("1337")), retry(50), ev(Some("tick"), "1338", Some("1338"))],
    );
}

#[test]
fn heartbeat_comments_between_unnamed_events_keep_the_extra_space() {
    // The heartbeat is sent as `:  ♥` (colon, two spaces); one space is stripped, so the comment is ` ♥`.
    let mut input = String::new();
    let mut expected = Vec::new();
    for letter in ["A", "B", "C", "D", "E"] {
        input.push_str(&format!(":  ♥\n\ndata: {letter}\n\n"));
        expected.push(comment(" ♥"));
        expected.push(data(letter));
    }
    input.push_str(DONE);
    expected.push(done());
    assert_stream(input, &expected);
}

#[test]
fn multi_line_data_is_joined_with_line_feeds() {
    let input = format!(
        "event: stock\ndata: YHOO\ndata: +2\ndata: 10\n\nevent: stock\ndata: GOOG\ndata: -8\ndata: 1881\n\n{DONE}"
    );
    assert_stream(input, &[ev(Some("stock"), "YHOO\n+2\n10", None), ev(Some("stock"), "GOOG\n-8\n1881", None), done()]);
}

#[test]
fn multi_byte_text_split_over_data_lines_is_rebuilt_intact() {
    let per_sentence = EMOJIS.len().div_ceil(SENTENCES.len());
    let mut input = String::new();
    let mut expected = Vec::new();
    for (i, sentence) in SENTENCES.iter().enumerate() {
        let line = format!("{sentence} {}", EMOJIS[per_sentence * i..per_sentence * (i + 1)].join(" "));
        let id = i.to_string();
        input.push_str(&format!("id: {id}\n"));
        if i % 2 == 0 {
            // Even sentences are sent as two data lines, split after the fifth character.
            let cut = line.char_indices().nth(5).unwrap().0;
            let (head, tail) = line.split_at(cut);
            input.push_str(&format!("data:{head}\ndata:{tail}\n\n"));
            expected.push(ev(None, &format!("{head}\n{tail}"), Some(&id)));
        } else {
            input.push_str(&format!("data:{line}\n\n"));
            expected.push(ev(None, &line, Some(&id)));
        }
    }
    input.push_str(DONE);
    // WHATWG: the done event still carries the last id (upstream expects none there).
    expected.push(done_with_id("13"));
    assert_stream(input, &expected);
}

#[test]
fn blank_lines_before_a_multi_byte_event_dispatch_nothing() {
    let input = format!("\n\n\n\nid: 1\ndata: 我現在都看實況不玩遊戲\n\n{DONE}");
    // WHATWG: the id persists onto the done event.
    assert_stream(input, &[ev(None, "我現在都看實況不玩遊戲", Some("1")), done_with_id("1")]);
}

#[test]
fn a_leading_bom_is_stripped() {
    let input = format!("{BOM}data: bomful 1\n\ndata: bomless 2\n\n{DONE}");
    assert_stream(input, &[data("bomful 1"), data("bomless 2"), done()]);
}

#[test]
fn a_decoded_bom_mid_stream_spoils_its_line() {
    // Upstream feeds decoded U+FEFF characters; in bytes that is the same EF BB BF as a raw BOM. Only the first is
    // stripped; the second becomes part of the field name `\u{feff}data`, an unknown field.
    let input = format!("{BOM}data: bomful 1\n\n{BOM}data: bomful 2\n\ndata: bomless 3\n\n{DONE}");
    assert_stream(input, &[data("bomful 1"), data("bomless 3"), done()]);
}

#[test]
fn a_raw_bom_is_stripped_only_at_the_very_start() {
    let input = b"\xEF\xBB\xBFdata: bomful 1\n\n\xEF\xBB\xBFdata: bomful 2\n\ndata: bomless 3\n\n\
                  event: done\ndata: \xE2\x9C\x94\n\n";
    assert_stream(input, &[data("bomful 1"), data("bomless 3"), done()]);
}

#[test]
fn a_bom_a_decoder_would_have_stripped_is_stripped_by_the_parser() {
    // Upstream decodes with a default TextDecoder, which drops the BOM; we take raw bytes and drop it ourselves.
    assert_stream(format!("{BOM}data: hello\n\n"), &[data("hello")]);
}

#[test]
fn a_bom_before_a_multi_line_event_does_not_spoil_its_first_line() {
    // Upstream's `ignoreBOM` decoder passes U+FEFF through; the parser strips it, as it does the raw bytes.
    assert_stream(format!("{BOM}data: first\ndata: second\n\n"), &[data("first\nsecond")]);
}

#[test]
fn bare_carriage_returns_end_lines() {
    let input = format!("data: dog\rdata: bark\r\rdata: cat\rdata: meow\r\r{DONE}");
    assert_stream(input, &[data("dog\nbark"), data("cat\nmeow"), done()]);
}

#[test]
fn line_feeds_end_lines() {
    let input = format!("data: cow\ndata: moo\n\ndata: horse\ndata: neigh\n\n{DONE}");
    assert_stream(input, &[data("cow\nmoo"), data("horse\nneigh"), done()]);
}

#[test]
fn crlf_pairs_end_lines() {
    let input = format!("data: sheep\r\ndata: bleat\r\n\r\ndata: pig\r\ndata: oink\r\n\r\n{DONE}");
    assert_stream(input, &[data("sheep\nbleat"), data("pig\noink"), done()]);
}

#[test]
fn comments_of_odd_shapes_never_disturb_events() {
    let long_colons = ":".repeat(300);
    let emoji_line = EMOJIS.join(" ");
    let mut input = format!(": Hello\n\n{long_colons}\ndata: First\n\n: Первый: 第二\ndata: Second\n\n");
    input.push_str(&": Moop \n".repeat(10));
    input.push_str(": ثالث\ndata: Third\n\n:നാലാമത്തെ\ndata: Fourth\n\n");
    input.push_str(&format!(": {emoji_line} :\ndata: Fifth\n\n{DONE}"));

    let mut expected = vec![comment("Hello"), comment(&":".repeat(299)), data("First")];
    expected.push(comment("Первый: 第二"));
    expected.push(data("Second"));
    expected.extend(std::iter::repeat_n(comment("Moop "), 10));
    expected.extend([comment("ثالث"), data("Third"), comment("നാലാമത്തെ"), data("Fourth")]);
    expected.extend([comment(&format!("{emoji_line} :")), data("Fifth"), done()]);
    assert_stream(input, &expected);
}

#[test]
fn comments_with_nul_empty_long_and_field_like_bodies_are_skipped() {
    let long = "x".repeat(2 * 1024 + 1);
    let input = format!("data:1\r\r:\0\n:\r\ndata:2\n\n:{long}\rdata:3\n\n:data:fail\r:{long}\ndata:4\n\ndata:5");
    let mut expected = vec![
        data("1"),
        comment("\0"),
        comment(""),
        data("2"),
        comment(&long),
        data("3"),
        comment("data:fail"),
        comment(&long),
        data("4"),
    ];
    // `data:5` has no line end, so it is discarded at the end of the stream...
    assert_stream(&input, &expected);
    // ...unless the parser is asked to dispatch an unterminated event.
    expected.push(data("5"));
    assert_stream_flushed(&input, &expected);
}

#[test]
fn an_empty_event_field_means_a_plain_message() {
    let input = format!("event:\ndata: Hello 1\n\nevent:\n\n{DONE}");
    assert_stream(input, &[data("Hello 1"), done()]);
}

#[test]
fn an_empty_retry_field_is_ignored() {
    // Upstream reports `retry:` with no value through its error callback; we have none, the field is just ignored.
    let input = "retry: 500\nid: 1\ndata: 🥌\n\nid:2\nretry:\ndata:🧹\n\nid: 3\ndata: ✅\n\n";
    assert_stream(
        input,
        &[retry(500), ev(None, "🥌", Some("1")), ev(None, "🧹", Some("2")), ev(None, "✅", Some("3"))],
    );
}

#[test]
fn data_lines_without_value_or_colon_add_empty_lines() {
    let input = format!("data:\n\ndata\ndata\n\ndata:test\n\n{DONE}");
    assert_stream(input, &[data(""), data("\n"), data("test"), done()]);
}

#[test]
fn cr_and_lf_split_across_reads_make_one_line_end() {
    // Upstream feeds `data: A\r\n`, `data: B\r`, `\n`, `data: C\r\n`, `\n`: one event, not two.
    assert_stream("data: A\r\ndata: B\r\ndata: C\r\n\n", &[data("A\nB\nC")]);
}

#[test]
fn a_retry_with_a_trailing_letter_is_ignored() {
    assert_stream("retry:1000\nretry:2000x\ndata:x\n\n", &[retry(1000), data("x")]);
}

#[test]
fn an_id_containing_nul_is_ignored_and_the_earlier_id_kept() {
    assert_stream("id: 123\nid: bad\0id\ndata: hello\n\n", &[ev(None, "hello", Some("123"))]);
}

#[test]
fn an_id_in_a_block_without_data_dispatches_nothing_but_is_kept() {
    // Upstream has an `onId` callback for id-only blocks; we have none, so each id is observed on the next event.
    let input = "id: 42\n\ndata: a\n\nid: bad\0id\n\ndata: b\n\nid:\n\ndata: c\n\n";
    assert_stream(input, &[ev(None, "a", Some("42")), ev(None, "b", Some("42")), ev(None, "c", Some(""))]);
}

#[test]
fn an_id_set_in_a_block_belongs_to_that_blocks_event() {
    // Upstream checks `onId` fires before `onEvent`; our nearest equivalent is the event carrying the id.
    assert_stream("id: 42\ndata: hello\n\n", &[ev(None, "hello", Some("42"))]);
}

#[test]
fn an_id_only_block_ended_by_bare_crs_sets_the_id() {
    assert_stream("id: 42\r\rdata: x\r\r", &[ev(None, "x", Some("42"))]);
}

#[test]
fn an_id_only_block_ended_by_crlfs_sets_the_id() {
    assert_stream("id: 42\r\n\r\ndata: x\r\n\r\n", &[ev(None, "x", Some("42"))]);
}

#[test]
fn a_retry_with_letters_between_events_is_ignored() {
    let input = "\nretry: 500\n\ndata: first\n\nretry: 50x\n\ndata: second\n\n";
    assert_stream(input, &[retry(500), data("first"), data("second")]);
}

#[test]
fn unknown_fields_and_bare_text_lines_are_ignored() {
    let input = format!("data:abc\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:123\n\n{DONE}");
    assert_stream(input, &[comment("thisisacommentyay"), data("abc\n\n123"), done()]);
}

#[test]
fn ten_megabytes_of_data_lines_make_one_event() {
    // Upstream's chunk: every sentence, a blank line between each, then the emoji line, as `data: ` lines without the
    // final line end; repeated until 10 MiB are sent, so each repeat's first line runs on from the previous last.
    let text = format!("{}\n{}", SENTENCES.join("\n\n"), EMOJIS.join(" "));
    let chunk: String = text.lines().map(|line| format!("data: {line}\n")).collect::<String>().trim_end().to_owned();
    let repeats = (10 * 1024 * 1024usize).div_ceil(chunk.len());
    let hash = "e094a44a2436226ea9feb04e413a28de012b406012ec0eb6b37ad0a19d403660";
    let input = format!(": hello\n\n{}\n\n: END-OF-STREAM\n\nevent: done\ndata: {hash}\n\n", chunk.repeat(repeats));
    let expected_data = format!("{text}{}", format!("data: {text}").repeat(repeats - 1));
    // Upstream's done event carries the SHA-256 of its own data; here it is only an opaque marker.
    assert_stream(
        input,
        &[comment("hello"), data(&expected_data), comment("END-OF-STREAM"), ev(Some("done"), hash, None)],
    );
}

const JSON_ERROR: &str = r#"{"error":"Internal Server Error","message":"The server could not process your request"}"#;

#[test]
fn an_unterminated_json_body_is_discarded_at_the_end() {
    // Upstream: `reset({consume: false})` drops the pending line silently; our `finish` does the same by default.
    assert_stream(JSON_ERROR, &[]);
}

#[test]
fn an_unterminated_json_body_is_discarded_at_the_end_without_consuming() {
    // The same upstream case again, written with an explicit `consume: false`.
    assert_stream(JSON_ERROR, &[]);
}

#[test]
fn an_unterminated_json_body_consumed_at_the_end_is_an_unknown_field() {
    // Upstream: `reset({consume: true})` parses the pending line; ours is `dispatch_unterminated`. Its field name is
    // `{"error"`, unknown, so nothing is reported.
    assert_stream_flushed(JSON_ERROR, &[]);
}

#[test]
fn a_terminated_json_body_is_an_unknown_field() {
    // Upstream reports it through `onError`; we have no such callback, and nothing is dispatched.
    assert_stream(format!("{JSON_ERROR}\n"), &[]);
}

#[test]
fn a_line_without_a_colon_is_an_unknown_field() {
    // Upstream reports it through `onError`; we have no such callback, and nothing is dispatched.
    assert_stream("Well, this is not what I expected\n", &[]);
}

#[test]
fn a_long_unknown_field_line_is_ignored() {
    // Upstream (limit 16) drops unknown lines without holding them; ours holds any unfinished line, so the nearest
    // equivalent gives a limit the line just fits in.
    let line = "unknown-field: this content is ignored even without a terminator";
    assert_stream_with(limited(line.len()), format!("{line}\ndata: ok\n\n"), &[data("ok")]);
}

#[test]
fn a_long_line_whose_name_only_starts_like_data_is_ignored() {
    // As above: upstream drops `datax...` early at limit 16; we give a limit the line just fits in.
    let line = "datax: this started like data, but is not a valid field";
    assert_stream_with(limited(line.len()), format!("{line}\ndata: ok\n\n"), &[data("ok")]);
}

#[test]
fn a_bare_data_field_split_across_reads_is_kept() {
    assert_stream_with(limited(16), "data\n\n", &[data("")]);
}

#[test]
fn an_unterminated_line_over_the_limit_is_an_overflow() {
    assert_stream_error(limited(24), "data: short and now too long", SseError::BufferOverflow { limit: 24 });
}

#[test]
fn a_long_comment_line_is_reported() {
    // Upstream drops comments when no `onComment` callback is given; our sink always takes comments, so the
    // nearest equivalent gives a limit the line just fits in and expects the comment.
    let line = format!("{}this content is ignored even without a terminator", ":".repeat(64));
    let expected_comment = &line[1..];
    assert_stream_with(limited(line.len()), format!("{line}\ndata: ok\n\n"), &[comment(expected_comment), data("ok")]);
}

#[test]
fn a_comment_ended_by_crlf_between_data_lines_keeps_one_event() {
    assert_stream_with(limited(16), "data: one\n:ignored\r\ndata: two\n\n", &[comment("ignored"), data("one\ntwo")]);
}

#[test]
fn a_comment_whose_crlf_is_split_across_reads_keeps_one_event() {
    assert_stream("data: one\n:ignored\r\ndata: two\n\n", &[comment("ignored"), data("one\ntwo")]);
}

#[test]
fn a_comment_ended_by_a_bare_cr_at_a_read_end_lets_the_next_read_start_a_line() {
    assert_stream("data: one\n:ignored\rdata: two\n\n", &[comment("ignored"), data("one\ntwo")]);
}

#[test]
fn a_comment_arriving_with_its_bare_cr_does_not_swallow_the_next_line() {
    // Upstream feeds `data: one\n:ignored\r` then `data: two\n\n`; the bytes are the same as the case above.
    assert_stream("data: one\n:ignored\rdata: two\n\n", &[comment("ignored"), data("one\ntwo")]);
}

#[test]
fn a_comment_arriving_with_its_cr_takes_a_leading_lf_of_the_next_read() {
    // Upstream feeds `data: one\n:ignored\r` then `\ndata: two\n\n`.
    assert_stream("data: one\n:ignored\r\ndata: two\n\n", &[comment("ignored"), data("one\ntwo")]);
}

#[test]
fn a_bare_data_line_ended_by_cr_at_a_read_end_adds_an_empty_line() {
    assert_stream("data: one\ndata\r\ndata: two\n\n", &[data("one\n\ntwo")]);
}

#[test]
fn a_garbage_line_ended_by_cr_is_ignored() {
    // Upstream reports it through `onError`; we have no such callback.
    assert_stream("garbage\rdata: ok\n\n", &[data("ok")]);
}

#[test]
fn a_blank_crlf_line_split_after_its_cr_dispatches_once() {
    assert_stream("data: one\r\r\n", &[data("one")]);
}

#[test]
fn a_comment_split_across_reads_is_reported_once_whole() {
    assert_stream_with(limited(64), ":preserved\n", &[comment("preserved")]);
}

#[test]
fn data_lines_piling_up_without_a_blank_line_overflow() {
    // "chunk-0\nchunk-1\nchunk-2\nchunk-3" is 31 bytes; the fifth line takes the event's data past 32.
    let input: String = (0..50).map(|i| format!("data: chunk-{i}\n")).collect();
    assert_stream_error(limited(32), input, SseError::BufferOverflow { limit: 32 });
}

#[test]
fn after_an_overflow_reads_fail_until_the_stream_is_finished() {
    // Upstream's `reset()` is our `finish()`: it reports the overflow once more and readies the parser anew.
    let overflow = SseError::BufferOverflow { limit: 16 };
    let mut parser = SseParser::new(limited(16));
    let mut events: Vec<SseEvent> = Vec::new();
    assert_eq!(parser.push(b"data: this is too long for the buffer", &mut events), Err(overflow.clone()));
    assert_eq!(parser.push(b"data: hello\n\n", &mut events), Err(overflow.clone()));
    assert_eq!(parser.push(b"data: world\n\n", &mut events), Err(overflow.clone()));
    assert!(events.is_empty());
    assert_eq!(parser.finish(&mut events), Err(overflow));
    assert_eq!(parser.push(b"data: hello\n\n", &mut events), Ok(()));
    assert_eq!(parser.finish(&mut events), Ok(()));
    let got: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(got, ["hello"]);
}

#[test]
fn many_small_events_under_the_limit_never_overflow() {
    let input: String = (0..100).map(|i| format!("data: {i}\n\n")).collect();
    let expected: Vec<Item> = (0..100).map(|i| data(&i.to_string())).collect();
    assert_stream_with(limited(64), input, &expected);
}

#[test]
fn a_megabyte_line_fits_under_the_default_limit() {
    // Upstream's default is unbounded; ours is 16 MiB, far above this line. Unterminated, it is discarded.
    let input = format!("data: {}", "x".repeat(1_000_000));
    assert_stream(&input, &[]);
}

// not applicable: upstream checks `createParser(fn)` throws a helpful error; Rust's types rule out that mistake.

#[test]
fn an_id_only_block_sets_the_last_event_id_at_its_blank_line() {
    // WHATWG "dispatch the event", step 1: the last event ID string is set before the empty-data check.
    let mut parser = SseParser::new(SseOptions::default());
    let mut events: Vec<SseEvent> = Vec::new();
    parser.push(b"id: 42\n", &mut events).unwrap();
    assert_eq!(parser.last_event_id(), None, "not before the blank line");
    parser.push(b"\n", &mut events).unwrap();
    assert_eq!(parser.last_event_id(), Some("42"));
    assert!(events.is_empty());
}
