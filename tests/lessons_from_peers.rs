//! The bugs users of the best-known LLM clients still hit, each as a test of ours. Numbers follow the list in
//! docs/api-notes.md, "Lessons from other clients". Items 7 to 10 concern the fetch transport; they are cases of the
//! integration suite (tests/integration/suite.mjs), run in every runtime:
//! - 7, abort: "stream.abort() cancels the request; readers get an AbortError ...", "abort after a normal end
//!   changes nothing", "break out of for await cancels the request ...", "aborting the caller's signal ...";
//! - 8, retries and stalls: "retries back off exponentially ..." (the waits are measured by the server),
//!   "the idle timeout ends a stalled stream ...", "nothing is retried once the body has started";
//! - 9, browser and edge HTTP: "a custom fetch is used, called unbound"; only Authorization and Content-Type are
//!   sent, and the Chromium run crosses origins, so a preflight the mock answers;
//! - 10, wasm on the edge: the workerd run loads the package from a pre-compiled WebAssembly.Module, and nothing
//!   uses `window`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use siliconflow_wasm::json::Raw;
use siliconflow_wasm::sse::{SseError, SseEvent, SseOptions, SseParser};
use siliconflow_wasm::types::{ApiErrorBody, Body, ChatCompletionChunk, ChatCompletionRequest, Message};
use siliconflow_wasm::validate::validate;
use support::chat::{json as completion_json, run};
use support::sse::parse_split;

fn sse(chunks: &[Value]) -> String {
    chunks.iter().map(|c| format!("data: {c}\n\n")).collect::<String>() + "data: [DONE]\n\n"
}

fn content_delta(field: &str, text: &str, finish: Value) -> Value {
    json!({"id": "x", "choices": [{"index": 0, "delta": {field: text}, "finish_reason": finish}]})
}

// 1. reasoning_content

#[test]
fn lesson_01_reasoning_content_is_typed_on_chunks() {
    let chunk: ChatCompletionChunk =
        serde_json::from_value(content_delta("reasoning_content", "Let me think", Value::Null)).unwrap();
    assert_eq!(chunk.choices[0].delta.reasoning_content.as_deref(), Some("Let me think"));
    assert!(chunk.choices[0].delta.extra.is_empty(), "not left among unknown fields");
}

#[test]
fn lesson_01_every_reasoning_fragment_is_kept_not_only_the_last() {
    let stream = sse(&[
        content_delta("reasoning_content", "First, ", Value::Null),
        content_delta("reasoning_content", "second, ", Value::Null),
        content_delta("reasoning_content", "third.", Value::Null),
        content_delta("content", "Answer", json!("stop")),
    ]);
    let got = completion_json(&run(stream.as_bytes(), &[]).0.unwrap());
    assert_eq!(got["choices"][0]["message"]["reasoning_content"], "First, second, third.");
    assert_eq!(got["choices"][0]["message"]["content"], "Answer");
}

#[test]
fn lesson_01_reasoning_content_can_be_sent_back_on_a_tool_call_turn() {
    let request = json!({
        "model": "deepseek-ai/DeepSeek-V3.2",
        "messages": [
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": null, "reasoning_content": "I should call the tool.",
             "tool_calls": [{"id": "c1", "type": "function",
                             "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "18°C"}
        ],
        "tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]
    });
    assert_eq!(validate(&serde_json::from_value(request.clone()).unwrap()), vec![]);
    let typed: ChatCompletionRequest = serde_json::from_value(request.clone()).unwrap();
    let Message::Assistant { reasoning_content, .. } = &typed.messages[1] else { panic!() };
    assert_eq!(reasoning_content.as_deref(), Some("I should call the tool."));
    assert_eq!(serde_json::to_value(&typed).unwrap(), request);
}

// 2. Tool-call assembly

fn tool_stream(calls: &[Value]) -> Value {
    let chunks: Vec<Value> = calls
        .iter()
        .map(|c| {
            json!({"id": "x", "choices": [{
                "index": 0, "delta": {"content": null, "tool_calls": [c]}, "finish_reason": null
            }]})
        })
        .chain([json!({"id": "x", "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "tool_calls"}]})])
        .collect();
    completion_json(&run(sse(&chunks).as_bytes(), &[]).0.unwrap())["choices"][0]["message"]["tool_calls"].clone()
}

#[test]
fn lesson_02_a_tool_name_arriving_in_a_later_chunk_is_not_lost() {
    let calls = tool_stream(&[
        json!({"index": 0, "id": "t1", "type": "function", "function": {"name": "", "arguments": ""}}),
        json!({"index": 0, "function": {"name": "lookup", "arguments": "{}"}}),
    ]);
    assert_eq!(calls[0]["function"]["name"], "lookup");
}

#[test]
fn lesson_02_null_name_and_empty_id_on_continuations_keep_the_first_values() {
    let calls = tool_stream(&[
        json!({"index": 0, "id": "t1", "function": {"name": "lookup", "arguments": "{\"a\""}}),
        json!({"index": 0, "id": "", "function": {"name": null, "arguments": ":1}"}}),
    ]);
    assert_eq!(
        calls,
        json!([{"id": "t1", "type": "function", "function": {"name": "lookup", "arguments": "{\"a\":1}"}}])
    );
}

#[test]
fn lesson_02_empty_arguments_are_a_call_with_empty_arguments() {
    let calls = tool_stream(&[json!({"index": 0, "id": "t1", "function": {"name": "now", "arguments": ""}})]);
    assert_eq!(calls[0]["function"]["arguments"], "");
}

#[test]
fn lesson_02_several_calls_all_with_index_0_or_no_index_stay_apart() {
    let zero = tool_stream(&[
        json!({"index": 0, "id": "t1", "function": {"name": "a", "arguments": "{}"}}),
        json!({"index": 0, "id": "t2", "function": {"name": "b", "arguments": "{}"}}),
    ]);
    let none = tool_stream(&[
        json!({"id": "t1", "function": {"name": "a", "arguments": "{}"}}),
        json!({"id": "t2", "function": {"name": "b", "arguments": "{}"}}),
    ]);
    assert_eq!(zero, none);
    assert_eq!(zero.as_array().unwrap().len(), 2);
    assert_eq!(zero[1]["function"]["name"], "b");
}

#[test]
fn lesson_02_an_extra_empty_chunk_does_not_duplicate_a_call() {
    let calls = tool_stream(&[
        json!({"index": 0, "id": "t1", "function": {"name": "a", "arguments": "{\"q\":1}"}}),
        json!({"index": 0, "id": "t1", "function": {"name": "a", "arguments": ""}}),
        json!({"index": 1, "id": "", "function": {"name": null, "arguments": ""}}),
        json!({"index": 0, "id": "t1", "function": {"name": "a", "arguments": "{\"q\":1}"}}),
    ]);
    assert_eq!(calls, json!([{"id": "t1", "type": "function", "function": {"name": "a", "arguments": "{\"q\":1}"}}]));
}

// 3. choices: []

#[test]
fn lesson_03_usage_only_chunks_with_no_choices_do_not_crash() {
    let stream = sse(&[
        json!({"id": "x", "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 0, "total_tokens": 3}}),
        content_delta("content", "hi", json!("stop")),
        json!({"id": "x", "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}),
    ]);
    let got = completion_json(&run(stream.as_bytes(), &[]).0.unwrap());
    assert_eq!(got["choices"][0]["message"]["content"], "hi");
    assert_eq!(got["usage"]["total_tokens"], 4);
}

// 4. End of stream

#[test]
fn lesson_04_a_final_event_without_the_blank_line_is_not_dropped() {
    let stream = format!("data: {}", content_delta("content", "last words", json!("stop")));
    let got = run(stream.as_bytes(), &[]).0.unwrap();
    assert_eq!(completion_json(&got)["choices"][0]["message"]["content"], "last words");
}

#[test]
fn lesson_04_a_stream_ending_without_finish_reason_returns_what_it_has() {
    let stream = format!("data: {}\n\n", content_delta("content", "half an ans", Value::Null));
    let got = run(stream.as_bytes(), &[]).0.expect("no error");
    assert!(!got.finished);
    assert_eq!(completion_json(&got)["choices"][0]["message"]["content"], "half an ans");
}

// 5. Chunk boundaries

#[test]
fn lesson_05_crlf_split_across_reads_is_one_line_end() {
    let stream = sse(&[content_delta("content", "a", json!("stop"))]).replace('\n', "\r\n");
    let cr_at: Vec<usize> = stream.match_indices('\r').map(|(i, _)| i + 1).collect();
    let got = run(stream.as_bytes(), &cr_at).0.unwrap();
    assert!(got.is_complete());
    assert_eq!(completion_json(&got)["choices"][0]["message"]["content"], "a");
}

#[test]
fn lesson_05_json_split_across_reads_is_parsed_whole() {
    let stream = sse(&[content_delta("content", "{\"nested\": [1, 2]}", json!("stop"))]);
    let cuts: Vec<usize> = (1..stream.len()).step_by(3).collect();
    let got = run(stream.as_bytes(), &cuts).0.unwrap();
    assert_eq!(completion_json(&got)["choices"][0]["message"]["content"], "{\"nested\": [1, 2]}");
}

#[test]
fn lesson_05_chinese_text_split_inside_characters_is_not_corrupted() {
    let text = "天空之所以是蓝色的，是因为瑞利散射。😀";
    let stream = sse(&[content_delta("content", text, json!("stop"))]);
    // Cut inside every multi-byte character.
    let cuts: Vec<usize> = stream.char_indices().filter(|(_, c)| c.len_utf8() > 1).map(|(i, _)| i + 1).collect();
    let got = run(stream.as_bytes(), &cuts).0.unwrap();
    assert_eq!(completion_json(&got)["choices"][0]["message"]["content"], text);
}

// 6. Quadratic buffering

#[test]
fn lesson_06_an_8_mib_data_line_in_one_byte_reads_is_buffered_linearly() {
    // Re-scanning or re-copying the pending line on every read would make this ~10^13 steps; it finishes in
    // seconds only because each byte is handled once.
    let payload = "x".repeat(8 << 20);
    let stream = format!("data: {payload}\n\n");
    let mut parser = SseParser::new(SseOptions { max_buffer_size: 16 << 20, ..SseOptions::default() });
    let mut events: Vec<SseEvent> = Vec::new();
    for byte in stream.as_bytes().chunks(1) {
        parser.push(byte, &mut events).unwrap();
    }
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].data.len(), payload.len());
}

/// Long lines carried over reads take the buffer-moving path: it must give what the unsplit parse gives, for valid
/// text, invalid UTF-8 (replaced), a second data line, CR line ends and both prefixes.
#[test]
fn lesson_06_long_data_lines_cut_anywhere_give_the_same_events() {
    let long = "数据".repeat(400) + &"x".repeat(1000);
    let cases: Vec<Vec<u8>> = vec![
        format!("data: {long}\n\n").into_bytes(),
        format!("data:{long}\r\n\r\n").into_bytes(),
        format!("data: {long}\ndata: second\n\n").into_bytes(),
        format!("event: e\nid: 1\ndata: {long}\r\r").into_bytes(),
        [b"data: ".as_slice(), &[b'a'; 2000], &[0xFF, 0xFE], b"z\n\n"].concat(),
    ];
    let options = SseOptions { max_buffer_size: 1 << 20, ..SseOptions::default() };
    for input in cases {
        let whole = parse_split(options, &input, &[]).unwrap();
        assert_eq!(whole.len(), 1);
        for cut in [1, 7, 100, 1500, 2000, input.len() - 3] {
            assert_eq!(parse_split(options, &input, &[cut]).unwrap(), whole, "cut at {cut}");
            assert_eq!(parse_split(options, &input, &[cut / 2, cut]).unwrap(), whole, "cuts at {} and {cut}", cut / 2);
        }
    }
}

#[test]
fn lesson_06_a_long_line_carried_past_the_limit_still_overflows() {
    let input = format!("data: {}\n\n", "y".repeat(3000));
    let options = SseOptions { max_buffer_size: 2000, ..SseOptions::default() };
    assert_eq!(parse_split(options, input.as_bytes(), &[1500]), Err(SseError::BufferOverflow { limit: 2000 }));
}

// 11. SiliconFlow error bodies

#[test]
fn lesson_11_siliconflow_error_bodies_are_read_for_code_and_message() {
    let cases: &[(u16, &str, Option<i64>, &str)] = &[
        (
            400,
            r#"{"code":20012,"message":"Model does not exist. Please check it carefully.","data":null}"#,
            Some(20012),
            "Model does not exist. Please check it carefully.",
        ),
        (400, r#"{"code":20015,"message":"Value error, ...","data":null}"#, Some(20015), "Value error, ..."),
        (401, r#"{"code":30014,"message":"Token is invalid.","data":null}"#, Some(30014), "Token is invalid."),
        (401, r#""Invalid token""#, None, "Invalid token"),
        (
            402,
            r#"{"code":30001,"message":"Sorry, your account balance is insufficient","data":null}"#,
            Some(30001),
            "Sorry, your account balance is insufficient",
        ),
        (403, r#""Forbidden""#, None, "Forbidden"),
        (404, "404 page not found", None, "404 page not found"),
        (
            429,
            r#"{"message":"Request was rejected due to rate limiting. Details:TPM limit reached.","data":null}"#,
            None,
            "Request was rejected due to rate limiting. Details:TPM limit reached.",
        ),
        (
            429,
            r#"{"code":50602,"message":"Request was rejected due to rate limiting.","data":null}"#,
            Some(50602),
            "Request was rejected due to rate limiting.",
        ),
        (500, "", None, "HTTP 500 Internal Server Error"),
        (
            503,
            r#"{"code":50505,"message":"Model service overloaded. Please try again later.","data":null}"#,
            Some(50505),
            "Model service overloaded. Please try again later.",
        ),
        (504, "", None, "HTTP 504 Gateway Timeout"),
        (504, r#""""#, None, "HTTP 504 Gateway Timeout"),
        (502, "<html><body>Bad gateway</body></html>", None, "HTTP 502 Bad Gateway"),
        (
            400,
            r#"{"error":{"message":"OpenAI-style proxy error","type":"invalid_request_error","code":"20015"}}"#,
            Some(20015),
            "OpenAI-style proxy error",
        ),
    ];
    for &(status, body, code, message) in cases {
        let parsed = ApiErrorBody::parse(status, body);
        assert_eq!(parsed.code, code, "{body}");
        assert_eq!(parsed.message, message, "{body}");
    }
    let with_data = ApiErrorBody::parse(400, r#"{"code":20015,"message":"bad","data":{"field":"top_p"}}"#);
    assert_eq!(with_data.data, Some(Raw(r#"{"field":"top_p"}"#.into())));
    let Body::Json(whole) = &with_data.body else { panic!("{:?}", with_data.body) };
    assert_eq!(serde_json::from_str::<Value>(whole).unwrap()["code"], 20015, "the whole body stays available");
}
