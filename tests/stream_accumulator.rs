//! The stream accumulator: recorded and generated SiliconFlow streams accumulate to exactly the non-streaming
//! response, at every chunking, and every quirk seen in the wild is handled.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use siliconflow_wasm::stream::StreamErrorKind;
use support::chat::{assert_accumulates, json, run};
use support::generate::{generate, Spec};

fn fixture(name: &str) -> (Vec<u8>, Value) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/streams/");
    let sse = std::fs::read(format!("{dir}{name}.sse")).unwrap();
    let expected = serde_json::from_slice(&std::fs::read(format!("{dir}{name}.json")).unwrap()).unwrap();
    (sse, expected)
}

/// One chunk line, SiliconFlow style, with the given choices and extra top-level members.
fn chunk(choices: Value) -> String {
    let body = json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": choices});
    format!("data: {body}\n\n")
}

fn delta(index: u32, delta: Value, finish: Value) -> Value {
    json!({"index": index, "delta": delta, "finish_reason": finish})
}

#[test]
fn recorded_plain_stream_accumulates_to_the_non_streaming_response() {
    let (sse, expected) = fixture("plain");
    assert_accumulates(&sse, &expected);
}

#[test]
fn recorded_thinking_stream_keeps_reasoning_and_answer_apart() {
    let (sse, expected) = fixture("thinking");
    assert_accumulates(&sse, &expected);
}

#[test]
fn recorded_tool_call_stream_assembles_the_call() {
    let (sse, expected) = fixture("tool_call");
    assert_accumulates(&sse, &expected);
}

#[test]
fn every_chunk_is_delivered_as_sent() {
    let (sse, _) = fixture("thinking");
    let (outcome, seen) = run(&sse, &[3, 500, 501, 1200]);
    outcome.unwrap();
    assert_eq!(seen.len(), 4);
    assert!(seen.iter().all(|c| c.starts_with("{\"id\":\"019adf32d7eba732fab10a923ab85c0b\"")));
}

#[test]
fn a_generated_megabyte_stream_with_thinking_text_and_tool_calls_accumulates_exactly() {
    let generated = generate(&Spec::realistic(1, 1 << 20));
    assert_accumulates(&generated.sse, &generated.expected);
}

#[test]
fn several_choices_accumulate_separately_and_in_index_order() {
    let spec = Spec { choices: 3, tool_calls: 1, ..Spec::realistic(2, 64 << 10) };
    let generated = generate(&spec);
    assert_eq!(generated.expected["choices"].as_array().unwrap().len(), 3);
    assert_accumulates(&generated.sse, &generated.expected);
}

#[test]
fn crlf_keepalive_comments_empty_choices_and_empty_finish_reasons_change_nothing() {
    let spec = Spec {
        crlf: true,
        keepalive_every: Some(5),
        empty_choices_every: Some(7),
        empty_finish_reason: true,
        role_every_delta: true,
        ..Spec::realistic(3, 128 << 10)
    };
    let generated = generate(&spec);
    assert_accumulates(&generated.sse, &generated.expected);
}

#[test]
fn usage_is_the_latest_cumulative_value_even_when_later_chunks_omit_it() {
    let mut sse = String::new();
    sse += &format!(
        "data: {}\n\n",
        json!({
            "id": "x",
            "choices": [delta(0, json!({"content": "a"}), Value::Null)],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
        })
    );
    sse += &format!(
        "data: {}\n\n",
        json!({
            "id": "x",
            "choices": [delta(0, json!({"content": "b"}), json!("stop"))],
            "usage": {
                "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3,
                "completion_tokens_details": {"reasoning_tokens": 0}, "prompt_cache_hit_tokens": 0
            }
        })
    );
    sse += &format!("data: {}\n\n", json!({"id": "x", "choices": [], "usage": null}));
    sse += "data: [DONE]\n\n";
    let got = run(sse.as_bytes(), &[]).0.unwrap();
    assert_eq!(
        json(&got)["usage"],
        json!({
            "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3,
            "completion_tokens_details": {"reasoning_tokens": 0}, "prompt_cache_hit_tokens": 0
        })
    );
}

#[test]
fn a_stream_cut_before_finish_reason_returns_what_arrived_flagged() {
    let sse = chunk(json!([delta(0, json!({"role": "assistant", "content": "Hel"}), Value::Null)]))
        + &chunk(json!([delta(0, json!({"content": "lo"}), Value::Null)]));
    let got = run(sse.as_bytes(), &[]).0.unwrap();
    assert!(!got.finished && !got.done && !got.is_complete());
    assert_eq!(json(&got)["choices"][0]["message"]["content"], "Hello");
    assert_eq!(json(&got)["choices"][0]["finish_reason"], Value::Null);
}

#[test]
fn a_stream_with_finish_reason_but_no_done_is_flagged_not_thrown() {
    let sse = chunk(json!([delta(0, json!({"content": "ok"}), json!("stop"))]));
    let got = run(sse.as_bytes(), &[]).0.unwrap();
    assert!(got.finished && !got.done);
    assert_eq!(json(&got)["choices"][0]["message"]["content"], "ok");
}

#[test]
fn a_last_event_without_its_blank_line_still_counts() {
    let sse = chunk(json!([delta(0, json!({"content": "a"}), Value::Null)]))
        + "data: "
        + &json!({"choices": [delta(0, json!({"content": "b"}), json!("stop"))]}).to_string();
    let got = run(sse.as_bytes(), &[]).0.unwrap();
    assert_eq!(json(&got)["choices"][0]["message"]["content"], "ab");
    assert!(got.finished);
}

#[test]
fn nothing_after_done_is_accumulated() {
    let sse = chunk(json!([delta(0, json!({"content": "a"}), json!("stop"))]))
        + "data: [DONE]\n\n"
        + &chunk(json!([delta(0, json!({"content": "late"}), Value::Null)]));
    let got = run(sse.as_bytes(), &[]).0.unwrap();
    assert!(got.is_complete());
    assert_eq!(json(&got)["choices"][0]["message"]["content"], "a");
}

#[test]
fn an_error_event_mid_stream_is_typed_and_keeps_the_partial_completion() {
    let sse = chunk(json!([delta(0, json!({"content": "partial "}), Value::Null)]))
        + "event: error\n\
           data: {\"code\":50505,\"message\":\"Model service overloaded. Please try again later.\",\"data\":null}\n\n";
    for cuts in support::chat::chunkings(sse.len(), 1) {
        let error = run(sse.as_bytes(), &cuts).0.unwrap_err();
        match &error.kind {
            StreamErrorKind::Api(body) => {
                assert_eq!(body.code, Some(50505));
                assert_eq!(body.message, "Model service overloaded. Please try again later.");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(json(&error.partial)["choices"][0]["message"]["content"], "partial ");
        assert!(error.to_string().contains("50505"));
    }
}

#[test]
fn a_data_object_carrying_an_error_is_a_typed_error() {
    for body in [
        json!({"error": {"message": "upstream timeout", "code": "504"}}),
        json!({"code": 50505, "message": "Model service overloaded.", "data": null}),
        json!({"error": "rate limited"}),
    ] {
        let sse = chunk(json!([delta(0, json!({"content": "so far"}), Value::Null)])) + &format!("data: {body}\n\n");
        let error = run(sse.as_bytes(), &[]).0.unwrap_err();
        let StreamErrorKind::Api(api) = &error.kind else { panic!("{:?}", error.kind) };
        assert!(!api.message.is_empty(), "{body}");
        assert_eq!(json(&error.partial)["choices"][0]["message"]["content"], "so far");
    }
}

#[test]
fn malformed_json_in_a_chunk_is_an_error_that_quotes_it_and_keeps_the_partial() {
    let sse =
        chunk(json!([delta(0, json!({"content": "kept"}), Value::Null)])) + "data: {\"id\":\"x\",\"choices\":[{\n\n";
    let error = run(sse.as_bytes(), &[]).0.unwrap_err();
    assert!(matches!(error.kind, StreamErrorKind::MalformedChunk { .. }));
    assert_eq!(error.code(), "malformed_chunk");
    assert!(error.to_string().contains("{\"id\":\"x\",\"choices\":[{"), "{error}");
    assert_eq!(json(&error.partial)["choices"][0]["message"]["content"], "kept");
}

#[test]
fn other_event_types_and_empty_data_are_skipped() {
    let sse = "event: ping\ndata: not json\n\ndata:\n\n".to_string()
        + &chunk(json!([delta(0, json!({"content": "x"}), json!("stop"))]))
        + "data: [DONE]\n\n";
    assert!(run(sse.as_bytes(), &[]).0.unwrap().is_complete());
}

#[test]
fn fields_the_types_do_not_know_survive_accumulation() {
    let first = json!({"id": "x", "service_tier": "default", "choices": [{
        "index": 0,
        "delta": {"content": "a", "reasoning": "th", "annotations": [1]},
        "finish_reason": null,
        "content_filter_results": {"hate": {"filtered": false}}
    }]});
    let last = json!({"id": "x", "service_tier": "flex", "choices": [{
        "index": 0,
        "delta": {"content": "b", "reasoning": "ink", "annotations": [2]},
        "finish_reason": "stop",
        "content_filter_results": null
    }]});
    let sse = format!("data: {first}\n\ndata: {last}\n\ndata: [DONE]\n\n");
    let got = json(&run(sse.as_bytes(), &[]).0.unwrap());
    assert_eq!(got["service_tier"], "flex");
    assert_eq!(got["choices"][0]["content_filter_results"], json!({"hate": {"filtered": false}}));
    assert_eq!(got["choices"][0]["message"]["reasoning"], "think");
    assert_eq!(got["choices"][0]["message"]["annotations"], json!([1, 2]));
}

#[test]
fn the_role_defaults_to_assistant_and_the_first_role_sent_wins() {
    let sse = chunk(json!([delta(0, json!({"content": "a"}), json!("stop"))]));
    assert_eq!(json(&run(sse.as_bytes(), &[]).0.unwrap())["choices"][0]["message"]["role"], "assistant");
}

/// The tool calls assembled from these fragments, each sent in a chunk of its own.
fn assemble(deltas: Value) -> Value {
    let sse: String = deltas
        .as_array()
        .unwrap()
        .iter()
        .map(|d| chunk(json!([delta(0, json!({"tool_calls": [d]}), Value::Null)])))
        .collect();
    json(&run(sse.as_bytes(), &[]).0.unwrap())["choices"][0]["message"]["tool_calls"].clone()
}

fn call(id: &str, name: &str, arguments: &str) -> Value {
    json!({"id": id, "type": "function", "function": {"name": name, "arguments": arguments}})
}

#[test]
fn tool_call_name_arriving_in_a_later_chunk_is_kept() {
    let got = assemble(json!([
        {"index": 0, "id": "a", "type": "function", "function": {"arguments": ""}},
        {"index": 0, "function": {"name": "get_weather", "arguments": "{\"city\""}},
        {"index": 0, "function": {"arguments": ": \"Paris\"}"}},
    ]));
    assert_eq!(got, json!([call("a", "get_weather", "{\"city\": \"Paris\"}")]));
}

#[test]
fn tool_call_continuations_with_null_name_and_empty_id_change_nothing() {
    let got = assemble(json!([
        {"index": 0, "id": "a", "type": "function", "function": {"name": "f", "arguments": "{"}},
        {"index": 0, "id": "", "type": null, "function": {"name": null, "arguments": "}"}},
    ]));
    assert_eq!(got, json!([call("a", "f", "{}")]));
}

#[test]
fn tool_calls_without_index_follow_their_ids() {
    let got = assemble(json!([
        {"id": "a", "function": {"name": "f", "arguments": "{\"x\":"}},
        {"function": {"arguments": "1}"}},
        {"id": "b", "function": {"name": "g", "arguments": "{}"}},
        {"id": "a", "function": {"arguments": ""}},
    ]));
    assert_eq!(got, json!([call("a", "f", "{\"x\":1}"), call("b", "g", "{}")]));
}

#[test]
fn several_tool_calls_all_numbered_zero_stay_separate() {
    let got = assemble(json!([
        {"index": 0, "id": "a", "function": {"name": "f", "arguments": "{\"n\":"}},
        {"index": 0, "function": {"arguments": "1}"}},
        {"index": 0, "id": "b", "function": {"name": "g", "arguments": "{\"n\":"}},
        {"index": 0, "function": {"arguments": "2}"}},
    ]));
    assert_eq!(got, json!([call("a", "f", "{\"n\":1}"), call("b", "g", "{\"n\":2}")]));
}

#[test]
fn a_tool_call_with_empty_arguments_is_kept_and_an_empty_placeholder_dropped() {
    let got = assemble(json!([
        {"index": 0, "id": "a", "function": {"name": "now", "arguments": ""}},
        {"index": 1, "function": {"arguments": ""}},
    ]));
    assert_eq!(got, json!([call("a", "now", "")]));
}

#[test]
fn a_repeated_finished_tool_call_does_not_double_its_arguments() {
    let got = assemble(json!([
        {"index": 0, "id": "a", "function": {"name": "f", "arguments": "{\"q\":"}},
        {"index": 0, "function": {"arguments": "\"x\"}"}},
        {"index": 0, "id": "a", "function": {"name": "f", "arguments": "{\"q\":\"x\"}"}},
    ]));
    assert_eq!(got, json!([call("a", "f", "{\"q\":\"x\"}")]));
}

#[test]
fn tool_calls_come_out_in_index_order() {
    let got = assemble(json!([
        {"index": 1, "id": "b", "function": {"name": "g", "arguments": "{}"}},
        {"index": 0, "id": "a", "function": {"name": "f", "arguments": "{}"}},
    ]));
    assert_eq!(got, json!([call("a", "f", "{}"), call("b", "g", "{}")]));
}
