//! What each chunk does to the completion, as the event log records it: a copy kept by applying the records (the
//! way the JavaScript stream keeps its snapshot) is, at every step, the completion so far; and the `.done`
//! events come where a reader expects them. Test names read as the checklist of cases.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Map, Value};
use siliconflow_wasm::sse::DEFAULT_MAX_BUFFER_SIZE;
use siliconflow_wasm::stream::events::{op, WORDS};
use siliconflow_wasm::stream::{ChatStream, EventLog};
use support::generate::{generate, Spec};

/// The copy of the completion, kept from the records as the JavaScript stream keeps it. Tool calls appear once
/// they have something (an id, a name or arguments), in that order.
struct Mirror {
    snapshot: Value,
    /// Per choice slot: the position in `tool_calls` of each call slot that has appeared.
    calls: Vec<Vec<Option<usize>>>,
}

/// What the records said, as event names in order (with the choice and call they are about).
type Said = Vec<String>;

impl Mirror {
    fn new() -> Mirror {
        let snapshot = json!({"id": "", "object": "chat.completion", "created": 0, "model": "", "choices": []});
        Mirror { snapshot, calls: Vec::new() }
    }

    fn message(&mut self, c: usize) -> &mut Map<String, Value> {
        self.snapshot["choices"][c]["message"].as_object_mut().unwrap()
    }

    /// Applies a read's records, whose values are `values`; `chunks` are the read's chunks, which the CHUNK
    /// records name when the log kept them.
    fn apply(&mut self, log: &EventLog, values: &[Value], chunks: &[Value], said: &mut Said) {
        let mut chunk = 0;
        for record in log.ops.chunks(WORDS) {
            let (code, flags, c) = (record[0] & 0xFF, record[0] & !0xFF, record[1] as usize);
            let [a, b, cc, d] = [record[2], record[3], record[4], record[5]].map(|n| n as usize);
            // A value: its own, or (IN_CHUNK) in chunk `k` at `pointer`.
            let in_chunk = flags & op::IN_CHUNK != 0;
            let value = |k: usize, pointer: &str| match in_chunk {
                true => values[k].pointer(pointer).cloned().unwrap_or_else(|| panic!("{pointer} in {}", values[k])),
                false => values[k].clone(),
            };
            let delta = |key: &str| value(a, &format!("/choices/{b}/delta/{key}"));
            let fragment = |path: &str| value(b, &format!("/choices/{cc}/delta/tool_calls/{d}/{path}"));
            match code {
                op::CHOICE => {
                    let choice =
                        json!({"index": a, "message": {"role": "assistant", "content": null}, "finish_reason": null});
                    self.snapshot["choices"].as_array_mut().unwrap().insert(c, choice);
                    self.calls.insert(c, Vec::new());
                }
                op::CONTENT => {
                    let more = delta("content").as_str().unwrap().to_string();
                    let content = self.message(c).entry("content").or_insert(Value::Null);
                    *content = json!(format!("{}{more}", content.as_str().unwrap_or("")));
                    if !more.is_empty() {
                        said.push(format!("content.delta {c} {more}"));
                    }
                }
                op::REASONING => {
                    let more = delta("reasoning_content").as_str().unwrap().to_string();
                    let reasoning = self.message(c).entry("reasoning_content").or_insert(Value::Null);
                    *reasoning = json!(format!("{}{more}", reasoning.as_str().unwrap_or("")));
                    if !more.is_empty() {
                        said.push(format!("reasoning.delta {c}"));
                    }
                }
                op::ROLE => {
                    let role = delta("role");
                    self.message(c).insert("role".into(), role);
                }
                op::FINISH => {
                    self.snapshot["choices"][c]["finish_reason"] = value(a, &format!("/choices/{b}/finish_reason"))
                }
                op::TOOL => {
                    let slots = &mut self.calls[c];
                    if slots.len() <= a {
                        slots.resize(a + 1, None);
                    }
                    if flags & (op::ID | op::NAME | op::ARGUMENTS) != 0 && slots[a].is_none() {
                        let message = self.snapshot["choices"][c]["message"].as_object_mut().unwrap();
                        let list = message.entry("tool_calls").or_insert(json!([])).as_array_mut().unwrap();
                        list.push(json!({"id": "", "type": "function", "function": {"name": "", "arguments": ""}}));
                        self.calls[c][a] = Some(list.len() - 1);
                    }
                    let Some(at) = self.calls[c][a] else { continue };
                    let call = &mut self.snapshot["choices"][c]["message"]["tool_calls"][at];
                    if flags & op::ID != 0 {
                        call["id"] = fragment("id");
                    }
                    if flags & op::NAME != 0 {
                        call["function"]["name"] = fragment("function/name");
                    }
                    if flags & op::ARGUMENTS != 0 {
                        let more = fragment("function/arguments");
                        let more = more.as_str().unwrap();
                        let args = format!("{}{more}", call["function"]["arguments"].as_str().unwrap());
                        call["function"]["arguments"] = json!(args);
                        said.push(format!("arguments.delta {c} {a} {more}"));
                    }
                }
                op::META => {
                    let keys = [
                        (op::META_ID, "id"),
                        (op::META_CREATED, "created"),
                        (op::META_MODEL, "model"),
                        (op::META_FINGERPRINT, "system_fingerprint"),
                    ];
                    for ((flag, key), k) in keys.into_iter().zip(&record[2..]) {
                        if flags & flag != 0 {
                            self.snapshot[key] = value(*k as usize, &format!("/{key}"));
                        }
                    }
                }
                op::USAGE => self.snapshot["usage"] = value(a, "/usage"),
                op::EXTRA => {
                    let member = values[cc].as_object().unwrap().clone();
                    let target = match a as u32 {
                        op::LEVEL_COMPLETION => &mut self.snapshot,
                        op::LEVEL_CHOICE => &mut self.snapshot["choices"][c],
                        op::LEVEL_MESSAGE => &mut self.snapshot["choices"][c]["message"],
                        level => {
                            let at = self.calls[c][b].expect("an extra of a call that has not appeared");
                            let call = &mut self.snapshot["choices"][c]["message"]["tool_calls"][at];
                            if level == op::LEVEL_CALL {
                                call
                            } else {
                                &mut call["function"]
                            }
                        }
                    };
                    target.as_object_mut().unwrap().extend(member);
                }
                op::CHUNK => {
                    match log.chunks {
                        true => assert_eq!(values[a], chunks[chunk], "the chunk is the value the record names"),
                        false => assert_eq!(record[2], op::NONE, "no chunk value when chunks are not kept"),
                    }
                    chunk += 1;
                    said.push("chunk".into())
                }
                op::CONTENT_DONE => said.push(format!("content.done {c}")),
                op::REASONING_DONE => said.push(format!("reasoning.done {c}")),
                op::TOOL_DONE => said.push(format!("arguments.done {c} {a}")),
                other => panic!("unknown operation {other}"),
            }
        }
    }
}

/// Streams `sse` cut at `cuts` with a log per read, keeping the mirror; asserts after every read that the mirror
/// is the completion so far, and at the end that it is the final completion. Returns what the records said. The
/// log keeps the chunks among its values or not, by turns, starting either way: the mirror needs only the rest,
/// and says the same either way.
fn mirror(sse: &[u8], cuts: &[usize]) -> Said {
    let [kept_first, plain_first] = [0, 1].map(|turn| mirror_from(sse, cuts, turn));
    assert_eq!(kept_first, plain_first, "the same records whether the chunks are kept or not");
    kept_first
}

fn mirror_from(sse: &[u8], cuts: &[usize], turn: usize) -> Said {
    let mut stream = ChatStream::new(DEFAULT_MAX_BUFFER_SIZE);
    let (mut mirror, mut said) = (Mirror::new(), Said::new());
    let mut start = 0;
    let log = |read: usize| {
        let mut log = EventLog::new();
        log.chunks = (read + turn) % 2 == 0;
        log
    };
    let values = |log: &mut EventLog| -> Vec<Value> { serde_json::from_str(log.values.array()).unwrap() };
    for (read, &cut) in cuts.iter().chain(std::iter::once(&sse.len())).enumerate() {
        let (mut log, mut chunks) = (log(read), Vec::new());
        stream
            .push_logged(&sse[start..cut], |text| chunks.push(serde_json::from_str(text).unwrap()), &mut log)
            .unwrap();
        let values = values(&mut log);
        mirror.apply(&log, &values, &chunks, &mut said);
        assert_eq!(mirror.snapshot, support::chat::json(&stream.snapshot()), "after the read ending at {cut}");
        start = cut;
    }
    let (mut log, mut chunks) = (log(cuts.len() + 1), Vec::new());
    let end = stream.finish_logged(|text| chunks.push(serde_json::from_str(text).unwrap()), &mut log).unwrap();
    let values = values(&mut log);
    mirror.apply(&log, &values, &chunks, &mut said);
    assert_eq!(mirror.snapshot, support::chat::json(&end), "at the end");
    said
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/streams/{name}.sse", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A chunk line with these choices.
fn chunk(choices: Value) -> String {
    let body = json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": choices});
    format!("data: {body}\n\n")
}

fn call(index: Value, id: Value, name: Value, arguments: &str) -> Value {
    json!({"index": index, "id": id, "type": "function", "function": {"name": name, "arguments": arguments}})
}

fn tools(calls: Value, finish: Value) -> Value {
    json!([{"index": 0, "delta": {"content": null, "tool_calls": calls}, "finish_reason": finish}])
}

fn events_only(said: &Said) -> Vec<&str> {
    said.iter().map(String::as_str).filter(|s| *s != "chunk").collect()
}

#[test]
fn the_snapshot_kept_from_the_log_is_the_completion_so_far_for_every_recorded_stream_and_cut() {
    for name in ["plain", "thinking", "tool_call"] {
        let sse = fixture(name);
        for cuts in support::chat::chunkings(sse.len(), 11) {
            mirror(&sse, &cuts);
        }
    }
}

#[test]
fn the_snapshot_kept_from_the_log_is_the_completion_so_far_for_generated_streams_with_every_quirk() {
    for seed in 0..12 {
        let mut spec = Spec::realistic(seed, 6_000);
        spec.choices = 1 + (seed % 3) as u32;
        spec.role_every_delta = seed % 2 == 0;
        spec.empty_choices_every = (seed % 4 == 1).then_some(3);
        spec.empty_finish_reason = seed % 5 == 2;
        let generated = generate(&spec);
        for cuts in support::chat::chunkings(generated.sse.len(), seed).into_iter().take(4) {
            mirror(&generated.sse, &cuts);
        }
    }
}

#[test]
fn reasoning_is_done_when_the_answer_begins_and_the_answer_when_the_choice_finishes() {
    let said = mirror(&fixture("thinking"), &[]);
    let events = events_only(&said);
    let reasoning_done = events.iter().position(|e| *e == "reasoning.done 0").unwrap();
    let first_content = events.iter().position(|e| e.starts_with("content.delta")).unwrap();
    assert!(events[..reasoning_done].iter().all(|e| e.starts_with("reasoning.delta")), "{events:?}");
    assert_eq!(first_content, reasoning_done + 1, "{events:?}");
    assert_eq!(events.last(), Some(&"content.done 0"), "{events:?}");
    assert_eq!(events.iter().filter(|e| e.ends_with(".done 0")).count(), 2, "each done once: {events:?}");
}

#[test]
fn a_tool_call_is_done_when_the_next_call_starts_and_the_last_when_the_choice_finishes() {
    let sse = [
        chunk(tools(json!([call(json!(0), json!("a"), json!("f"), "{\"x\":")]), Value::Null)),
        chunk(tools(json!([call(json!(0), json!(""), Value::Null, "1}")]), Value::Null)),
        chunk(tools(json!([call(json!(1), json!("b"), json!("g"), "{}")]), Value::Null)),
        chunk(tools(json!([]), json!("tool_calls"))),
        "data: [DONE]\n\n".into(),
    ]
    .concat();
    let said = mirror(sse.as_bytes(), &[]);
    assert_eq!(
        events_only(&said),
        [
            "arguments.delta 0 0 {\"x\":",
            "arguments.delta 0 0 1}",
            "arguments.done 0 0",
            "arguments.delta 0 1 {}",
            "arguments.done 0 1"
        ]
    );
}

#[test]
fn a_tool_call_sent_whole_in_the_chunk_that_finishes_gets_its_delta_then_its_done() {
    let sse =
        chunk(tools(json!([call(json!(0), json!("a"), json!("f"), "{}")]), json!("tool_calls"))) + "data: [DONE]\n\n";
    assert_eq!(events_only(&mirror(sse.as_bytes(), &[])), ["arguments.delta 0 0 {}", "arguments.done 0 0"]);
}

#[test]
fn two_calls_in_one_chunk_are_each_done_after_their_own_delta() {
    let calls = json!([call(json!(0), json!("a"), json!("f"), "{}"), call(json!(1), json!("b"), json!("g"), "[]")]);
    let sse = chunk(tools(calls, Value::Null)) + &chunk(tools(json!([]), json!("tool_calls"))) + "data: [DONE]\n\n";
    assert_eq!(
        events_only(&mirror(sse.as_bytes(), &[])),
        ["arguments.delta 0 0 {}", "arguments.done 0 0", "arguments.delta 0 1 []", "arguments.done 0 1"]
    );
}

#[test]
fn content_before_a_tool_call_is_done_when_the_call_starts() {
    let sse = chunk(json!([{"index": 0, "delta": {"content": "Let me check."}, "finish_reason": null}]))
        + &chunk(tools(json!([call(json!(0), json!("a"), json!("f"), "{}")]), json!("tool_calls")))
        + "data: [DONE]\n\n";
    assert_eq!(
        events_only(&mirror(sse.as_bytes(), &[])),
        ["content.delta 0 Let me check.", "content.done 0", "arguments.delta 0 0 {}", "arguments.done 0 0"]
    );
}

#[test]
fn a_stream_cut_before_any_finish_reason_is_done_at_its_end() {
    let sse = chunk(json!([{"index": 0, "delta": {"reasoning_content": "hm"}, "finish_reason": null}]))
        + &chunk(json!([{"index": 0, "delta": {"content": "Part"}, "finish_reason": null}]));
    assert_eq!(
        events_only(&mirror(sse.as_bytes(), &[])),
        ["reasoning.delta 0", "reasoning.done 0", "content.delta 0 Part", "content.done 0"]
    );
}

#[test]
fn an_empty_answer_is_still_done_and_empty_deltas_are_not_events() {
    let sse = chunk(json!([{"index": 0, "delta": {"content": "", "role": "assistant"}, "finish_reason": null}]))
        + &chunk(json!([{"index": 0, "delta": {"content": ""}, "finish_reason": "stop"}]))
        + "data: [DONE]\n\n";
    assert_eq!(events_only(&mirror(sse.as_bytes(), &[])), ["content.done 0"]);
}

#[test]
fn late_names_null_names_empty_ids_and_missing_indexes_keep_to_their_call() {
    let sse = [
        chunk(tools(json!([call(json!(0), json!("a"), Value::Null, "")]), Value::Null)),
        chunk(tools(json!([call(json!(0), json!(""), json!("late"), "{\"q\":")]), Value::Null)),
        chunk(tools(json!([{"function": {"name": null, "arguments": "1}"}}]), Value::Null)),
        chunk(tools(
            json!([{"id": "b", "type": "function", "function": {"name": "second", "arguments": "{}"}}]),
            Value::Null,
        )),
        chunk(tools(json!([]), json!("tool_calls"))),
        "data: [DONE]\n\n".into(),
    ]
    .concat();
    assert_eq!(
        events_only(&mirror(sse.as_bytes(), &[])),
        [
            "arguments.delta 0 0 {\"q\":",
            "arguments.delta 0 0 1}",
            "arguments.done 0 0",
            "arguments.delta 0 1 {}",
            "arguments.done 0 1"
        ]
    );
}

#[test]
fn unknown_members_reach_the_snapshot_merged_as_in_the_completion() {
    let sse = chunk(
        json!([{"index": 0, "delta": {"content": "a", "audio": "x"}, "finish_reason": null, "logprobs": {"n": 1}}]),
    ) + &chunk(
        json!([{"index": 0, "delta": {"content": "b", "audio": "y"}, "finish_reason": "stop", "logprobs": null}]),
    ) + "data: [DONE]\n\n";
    mirror(sse.as_bytes(), &[]);
}

#[test]
fn a_chunk_that_names_a_member_twice_is_not_read_by_position_in_what_json_parse_made_of_it() {
    // JSON.parse keeps the last "delta" and the last "content": the records must not point into its object.
    let repeated = r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a","content":"b"},"delta":{"content":"c"},"finish_reason":null}]}"#;
    let sse = format!("data: {repeated}\n\n")
        + &chunk(json!([{"index": 0, "delta": {"content": "d"}, "finish_reason": "stop"}]));
    let said = mirror((sse + "data: [DONE]\n\n").as_bytes(), &[]);
    assert_eq!(
        events_only(&said),
        ["content.delta 0 a", "content.delta 0 b", "content.delta 0 c", "content.delta 0 d", "content.done 0"]
    );
}
