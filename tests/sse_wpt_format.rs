//! The web-platform-tests `eventsource/format-*` cases, restated against our parser: the bytes the test server
//! sends (its `resources/` handlers) and the events an EventSource fires for them (`data`, `lastEventId` as the id,
//! the event type). An empty `lastEventId` that was never set is `None` here; one set by `id:` is `Some("")`.
//!
//! `resources/message.py` sends `message`, then `\n\n` unless `newline=none`, then one more `\n`.
//! `resources/last-event-id.py` sends `data: <Last-Event-ID>\n\n` when the request carries that header, and
//! otherwise `id: <idvalue, default …>\nretry: 200\ndata: hello\n\n`.
//! Cases that depend on the EventSource reconnecting feed each connection's bytes to the same parser in turn,
//! finishing it in between, since the parser keeps the last event ID across `finish` as a reconnecting
//! EventSource does.

mod support;
use support::sse::*;

use siliconflow_wasm::sse::{SseOptions, SseParser};

/// What `resources/message.py` sends for `message` (with `newline=none` when `terminated` is false).
fn message_py(message: &[u8], terminated: bool) -> Vec<u8> {
    let mut body = message.to_vec();
    if terminated {
        body.extend_from_slice(b"\n\n");
    }
    body.push(b'\n');
    body
}

/// One parser reads each connection's bytes in turn, finishing after each, as an EventSource does across
/// reconnections. Every connection is tried at every chunking (the ones before it fed whole).
#[track_caller]
fn assert_connections(connections: &[(&[u8], &[Item])]) {
    for (n, (input, expected)) in connections.iter().enumerate() {
        for cuts in chunkings(input.len()) {
            let mut parser = SseParser::new(SseOptions::default());
            for (earlier, _) in &connections[..n] {
                let mut ignored = Recorder::default();
                parser.push(earlier, &mut ignored).unwrap();
                parser.finish(&mut ignored).unwrap();
            }
            let mut got = Recorder::default();
            let mut start = 0;
            for &cut in cuts.iter().chain(std::iter::once(&input.len())) {
                parser.push(&input[start..cut], &mut got).unwrap();
                start = cut;
            }
            parser.finish(&mut got).unwrap();
            assert_eq!(&got.0, expected, "connection {n}, {:?} cut at {cuts:?}", String::from_utf8_lossy(input));
        }
    }
}

// format-bom: a BOM, then an event, then a second BOM before the next line.
#[test]
fn only_the_first_bom_is_stripped_a_second_spoils_its_line() {
    let body = message_py(b"\xEF\xBB\xBFdata:1\n\n\xEF\xBB\xBFdata:2\n\ndata:3", true);
    assert_stream(body, &[data("1"), data("3")]);
}

// format-bom-2: two BOMs at the very start.
#[test]
fn of_two_leading_boms_only_one_is_stripped() {
    let body = message_py(b"\xEF\xBB\xBF\xEF\xBB\xBFdata:1\n\ndata:2\n\ndata:3", true);
    assert_stream(body, &[data("2"), data("3")]);
}

// format-comments: comments with NUL, empty, 2 KiB and field-like bodies between the lines of one event.
#[test]
fn comments_between_data_lines_leave_one_event() {
    let long = "x".repeat(2 * 1024);
    let message = format!("data:1\r:\0\n:\r\ndata:2\n:{long}\rdata:3\n:data:fail\r:{long}\ndata:4\n");
    assert_stream(
        message_py(message.as_bytes(), false),
        &[comment("\0"), comment(""), comment(&long), comment("data:fail"), comment(&long), data("1\n2\n3\n4")],
    );
}

// format-data-before-final-empty-line: the stream ends inside an event that set an id; the EventSource
// reconnects (after `retry`) and gets the same bytes again. The unfinished event is discarded, so its id was never
// dispatched: WHATWG only copies the last event ID buffer to the event source at dispatch, no Last-Event-ID is
// sent, and the second `test1` has an empty lastEventId.
#[test]
fn an_id_in_an_event_cut_off_by_the_end_of_the_stream_is_not_kept() {
    let body = message_py(b"retry:1000\ndata:test1\n\nid:test\ndata:test2", false);
    assert_connections(&[(&body, &[retry(1000), data("test1")]), (&body, &[retry(1000), data("test1")])]);
}

// format-field-data: `data:` with no value, bare `data` lines, then a plain value.
#[test]
fn data_without_value_or_colon_gives_empty_lines() {
    let body = message_py(b"data:\n\ndata\ndata\n\ndata:test", true);
    assert_stream(body, &[data(""), data("\n"), data("test")]);
}

// format-field-event-empty: `event: ` with only the space after the colon.
#[test]
fn an_event_field_with_an_empty_value_gives_a_message() {
    assert_stream(message_py(b"event: \ndata:data", true), &[data("data")]);
}

// format-field-event: a named event, then a plain message (the test checks the named one fired first).
#[test]
fn a_named_event_then_a_plain_message() {
    assert_stream(message_py(b"event:test\ndata:x\n\ndata:x", true), &[ev(Some("test"), "x", None), data("x")]);
}

// format-field-id: the first connection sets the id `…`; the reconnection carries Last-Event-ID: …, which the
// server echoes as data, and the event still has lastEventId `…`.
#[test]
fn the_last_event_id_survives_a_reconnection() {
    assert_connections(&[
        ("id: …\nretry: 200\ndata: hello\n\n".as_bytes(), &[retry(200), ev(None, "hello", Some("…"))]),
        ("data: …\n\n".as_bytes(), &[ev(None, "…", Some("…"))]),
    ]);
}

// format-field-id-2: as above, over two reconnections.
#[test]
fn the_last_event_id_survives_two_reconnections() {
    assert_connections(&[
        ("id: …\nretry: 200\ndata: hello\n\n".as_bytes(), &[retry(200), ev(None, "hello", Some("…"))]),
        ("data: …\n\n".as_bytes(), &[ev(None, "…", Some("…"))]),
        ("data: …\n\n".as_bytes(), &[ev(None, "…", Some("…"))]),
    ]);
}

// format-field-id-3, "persists" (resources/last-event-id2.py?type=1).
#[test]
fn an_id_persists_onto_later_events() {
    assert_stream("id: 1\ndata: 1\n\ndata:2\n\n", &[ev(None, "1", Some("1")), ev(None, "2", Some("1"))]);
}

// format-field-id-3, "changes and persists" (type=2).
#[test]
fn a_new_id_replaces_the_old_and_persists() {
    assert_stream(
        "id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n",
        &[ev(None, "1", Some("1")), ev(None, "2", Some("2")), ev(None, "3", Some("2"))],
    );
}

// format-field-id-3, "resets" (type=3): `id:` with no value empties the last event ID, and that persists.
#[test]
fn an_empty_id_resets_the_last_event_id_and_persists() {
    assert_stream(
        "id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n",
        &[ev(None, "1", Some("1")), ev(None, "2", Some("")), ev(None, "3", Some(""))],
    );
}

// format-field-id-null: `idvalue=%00%00`. The id holds NUL, so it is ignored: lastEventId stays empty, no
// Last-Event-ID is sent on reconnection, and the server sends the same bytes again. (An older revision of this
// test expected "\0\0" on the first event, from before the spec ignored such ids.)
#[test]
fn an_id_containing_nul_is_ignored_across_a_reconnection() {
    let body = "id: \0\0\nretry: 200\ndata: hello\n\n".as_bytes();
    assert_connections(&[(body, &[retry(200), data("hello")]), (body, &[retry(200), data("hello")])]);
}

// format-field-parsing: field names are case-sensitive and exact; one leading space is stripped from a value;
// NUL is ordinary data.
#[test]
fn only_exact_field_names_count() {
    let message =
        b"data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n";
    assert_stream(message_py(message, false), &[data("\0\n 2\n1\n3\n\n4")]);
}

// format-field-retry-bogus: `retry:1000x` is ignored, so the reconnection time stays 2000 (the timing itself is
// EventSource behaviour).
#[test]
fn a_retry_value_with_a_letter_is_ignored() {
    assert_stream(message_py(b"retry:2000\nretry:1000x\ndata:x", true), &[retry(2000), data("x")]);
}

// format-field-retry-empty: a bare `retry` line has an empty value, which is not all digits.
#[test]
fn a_retry_field_without_value_is_ignored() {
    assert_stream(message_py(b"retry\ndata:test", true), &[data("test")]);
}

// format-field-retry: `02000` is decimal 2000, not octal (the timing itself is EventSource behaviour).
#[test]
fn a_retry_value_with_a_leading_zero_is_decimal() {
    assert_stream(message_py(b"retry:02000\ndata:x", true), &[retry(2000), data("x")]);
}

// format-field-unknown: unknown fields, a field name with a leading space, bare text and a comment.
#[test]
fn unknown_fields_and_stray_text_are_ignored() {
    let body = message_py(b"data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test", true);
    assert_stream(body, &[comment("thisisacommentyay"), data("test\n\ntest")]);
}

// format-leading-space: only a space is stripped after the colon, not a tab; CR ends a line.
#[test]
fn a_tab_after_the_colon_is_kept() {
    assert_stream(message_py(b"data:\ttest\rdata: \ndata:test", true), &[data("\ttest\n\ntest")]);
}

// format-mime-bogus: not applicable, a bogus Content-Type fails the connection before any parsing.
// format-mime-trailing-semicolon: not applicable, it checks `text/event-stream;` opens the connection.
// format-mime-valid-bogus: not applicable, a non-event-stream MIME type fails the connection before any parsing.

// format-newlines: CRLF, LF and CR line ends mixed; the final CR and the server's LF make one blank line.
#[test]
fn crlf_lf_and_cr_line_ends_mix() {
    assert_stream(message_py(b"data:test\r\ndata\ndata:test\r\n\r", false), &[data("test\n\ntest")]);
}

// format-null-character: NUL in data is delivered as is.
#[test]
fn a_nul_in_data_is_kept() {
    assert_stream(message_py(b"data:\0\n\n", true), &[data("\0")]);
}

// format-utf-8: served as `text/event-stream;charset=windows-1252`, but the stream is always UTF-8.
#[test]
fn the_stream_is_utf8_whatever_the_declared_charset() {
    assert_stream(message_py(b"data:ok\xE2\x80\xA6", true), &[data("ok…")]);
}
