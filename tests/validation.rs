//! Request validation and `build_request`, rule by rule.
//!
//! Every rule in `src/validate` (errors and warnings; the API's rules are in docs/api-notes.md) has a test here that
//! pins the exact `path`, `code` and `severity` of what it reports, and checks that the message is a sentence a
//! person filling in a form can act on (it names the offending value, the allowed range or what to do).

use serde_json::{json, Value};
use siliconflow_wasm::catalog;
use siliconflow_wasm::types::ChatCompletionRequest;
use siliconflow_wasm::validate::{self as rules, Issue, IssueCode, Severity};

use IssueCode::*;
use Severity::{Error, Warning};

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

/// Qwen3: thinks on demand, calls tools, honours min_p; text only.
const QWEN3: &str = "Qwen/Qwen3-8B";
/// Cannot think; calls tools; text only; no min_p.
const DEEPSEEK_V3: &str = "deepseek-ai/DeepSeek-V3";
/// Reads images (not video, not audio), thinks on demand, calls tools.
const GLM_VISION: &str = "zai-org/GLM-4.6V";
/// Reads images and video, no tools, Qwen3 family.
const QWEN3_VL: &str = "Qwen/Qwen3-VL-8B-Instruct";
/// Reads images, video and audio.
const QWEN3_OMNI: &str = "Qwen/Qwen3-Omni-30B-A3B-Instruct";
const CALL_ID: &str = "019bda90bb06ea1f88f140889ff0916b";

/// The rules, over the serde_json values these tests write (the library reads its own JSON values, which JS
/// values are converted to; whole numbers come back as integers, as JSON.stringify writes them).
fn validate(req: &Value) -> Vec<Issue> {
    rules::validate(&serde_json::from_value(req.clone()).unwrap())
}

fn build_request(req: &Value) -> Result<Value, Vec<Issue>> {
    let body = rules::build_request(&serde_json::from_value(req.clone()).unwrap())?;
    Ok(serde_json::from_str(&siliconflow_wasm::json::to_string(&body)).unwrap())
}

/// Every issue as (path, code, severity), in the order reported.
fn issues(req: Value) -> Vec<(String, IssueCode, Severity)> {
    validate(&req).into_iter().map(|i| (i.path, i.code, i.severity)).collect()
}

/// The request's only issue; fails listing them all when there is not exactly one.
fn only(req: Value) -> Issue {
    let all = validate(&req);
    assert_eq!(all.len(), 1, "expected exactly one issue, got {all:#?}");
    all.into_iter().next().unwrap()
}

/// Asserts the request has exactly one issue, at `path` with `code` and `severity`, and returns its message.
#[track_caller]
fn one(req: Value, path: &str, code: IssueCode, severity: Severity) -> String {
    let issue = only(req);
    assert_eq!((issue.path.as_str(), issue.code, issue.severity), (path, code, severity), "{issue:#?}");
    issue.message
}

/// Asserts `message` reads as a sentence and contains every one of `needles`.
#[track_caller]
fn helpful(message: &str, needles: &[&str]) {
    assert!(message.len() >= 15, "too short to help: {message:?}");
    assert!(message.contains(' '), "not a sentence: {message:?}");
    assert_eq!(message.trim(), message, "stray whitespace: {message:?}");
    for needle in needles {
        assert!(message.contains(needle), "message {message:?} should mention {needle:?}");
    }
}

/// A minimal valid request for `model`.
fn chat(model: &str) -> Value {
    json!({"model": model, "messages": [{"role": "user", "content": "Hello"}]})
}

/// `req` with the top-level `fields` added or replaced.
fn with(mut req: Value, fields: Value) -> Value {
    let target = req.as_object_mut().unwrap();
    for (k, v) in fields.as_object().unwrap() {
        target.insert(k.clone(), v.clone());
    }
    req
}

/// A valid Qwen3 request plus `fields`.
fn qwen(fields: Value) -> Value {
    with(chat(QWEN3), fields)
}

/// A request for `model` whose messages are `messages`.
fn conversation(model: &str, messages: Value) -> Value {
    json!({"model": model, "messages": messages})
}

/// One user message with content `parts`, to `model`.
fn parts(model: &str, parts: Value) -> Value {
    conversation(model, json!([{"role": "user", "content": parts}]))
}

/// One image_url part whose inner object is `image_url`, after a text part (so the image is `content[1]`).
fn image(model: &str, image_url: Value) -> Value {
    parts(
        model,
        json!([{"type": "text", "text": "What is in this picture?"}, {"type": "image_url", "image_url": image_url}]),
    )
}

/// The message of an image part's URL issue, asserting it is the only issue, at the URL.
#[track_caller]
fn image_url_issue(url: &str, code: IssueCode, severity: Severity) -> String {
    one(image(GLM_VISION, json!({"url": url})), "messages[0].content[1].image_url.url", code, severity)
}

/// A function tool named `name`.
fn tool(name: &str) -> Value {
    json!({
        "type": "function",
        "function": {
            "name": name,
            "description": "Look something up",
            "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}
        }
    })
}

/// user asks, assistant calls `get_weather` with `call`, tool answers with `answer`.
fn tool_round_trip(call: Value, answer: Value) -> Value {
    json!({
        "model": QWEN3,
        "tools": [tool("get_weather")],
        "messages": [
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": null, "tool_calls": [call]},
            answer
        ]
    })
}

fn call(arguments: Value) -> Value {
    json!({"id": CALL_ID, "type": "function", "function": {"name": "get_weather", "arguments": arguments}})
}

/// Where a path sits in the order of the request table (the API reference's), so "field order" can be checked;
/// fields the table lacks come last.
fn field_rank(path: &str) -> usize {
    let top = path.split(['.', '[']).next().unwrap_or("");
    rules::fields::FIELDS.iter().position(|f| f.name == top).unwrap_or(rules::fields::FIELDS.len())
}

#[track_caller]
fn assert_field_order(found: &[(String, IssueCode, Severity)]) {
    for pair in found.windows(2) {
        assert!(
            field_rank(&pair[0].0) <= field_rank(&pair[1].0),
            "{:?} is reported after {:?}: {found:#?}",
            pair[1],
            pair[0]
        );
    }
}

/// The differences between two JSON documents, number representation included (`50` is not `50.0`).
fn json_diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => json_diff(&format!("{path}.{k}"), v, w, out),
                    None => out.push(format!("{path}.{k}: {v} was dropped")),
                }
            }
            for (k, w) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                out.push(format!("{path}.{k}: {w} was added"));
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                json_diff(&format!("{path}[{i}]"), v, w, out);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: {a} became {b}")),
    }
}

/// The body deserializes into the wire types and serializes back to exactly the same JSON.
#[track_caller]
fn assert_wire_round_trip(body: &Value) {
    let typed: ChatCompletionRequest = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("the built body does not fit ChatCompletionRequest: {e}\n{body:#}"));
    // Written as the library writes JSON (kept unknown members as they came).
    let again: Value = serde_json::from_str(&siliconflow_wasm::json::to_string(&typed)).unwrap();
    let mut diffs = Vec::new();
    json_diff("", body, &again, &mut diffs);
    assert!(diffs.is_empty(), "the wire types changed the body: {diffs:#?}");
    assert_eq!(serde_json::to_string(body).unwrap(), serde_json::to_string(&again).unwrap());
}

// ---------------------------------------------------------------------------------------------------------------
// Valid requests
// ---------------------------------------------------------------------------------------------------------------

/// Vision parts, tools, a full tool round trip, response_format json_schema, thinking and every option a
/// vision + tools + thinking model takes.
fn rich_request() -> Value {
    json!({
        "model": GLM_VISION,
        "messages": [
            {"role": "system", "content": "You are a helpful assistant.", "name": "setup"},
            {"role": "user", "name": "ada", "content": [
                {"type": "text", "text": "Where was this photo taken, and what is the weather there?"},
                {"type": "image_url", "image_url": {"url": "https://example.com/photo.jpg", "detail": "high"}},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
                {"type": "image_url", "image_url": {"url": "DATA:image/jpeg;base64,/9j/4AAQ"}}
            ]},
            {"role": "assistant", "content": null, "reasoning_content": "The tower is the Eiffel Tower.",
             "tool_calls": [
                {"id": CALL_ID, "type": "function",
                 "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}},
                {"id": "019bda90bb06ea1f88f140889ff0916c", "type": "function",
                 "function": {"name": "get_time", "arguments": "{}"}}
             ]},
            {"role": "tool", "content": "{\"temp_c\": 18}", "tool_call_id": CALL_ID},
            {"role": "tool", "content": [{"type": "text", "text": "14:05"}],
             "tool_call_id": "019bda90bb06ea1f88f140889ff0916c"},
            {"role": "assistant", "content": "Paris: 18 °C at 14:05.", "name": "bot"},
            {"role": "user", "content": "Thanks! Now as JSON please."}
        ],
        "stream": true,
        "max_tokens": 4096,
        "enable_thinking": true,
        "thinking_budget": 2048,
        "stop": ["</answer>", "\n\nUser:", "###", "END"],
        "temperature": 0.7,
        "top_p": 0.7,
        "top_k": 50,
        "frequency_penalty": 0.5,
        "n": 1,
        "response_format": {"type": "json_schema", "json_schema": {
            "name": "weather_report",
            "description": "Where and how warm",
            "schema": {"type": "object", "properties": {"city": {"type": "string"}, "temp_c": {"type": "number"}},
                       "required": ["city", "temp_c"]},
            "strict": true
        }},
        "tools": [
            {"type": "function", "function": {
                "name": "get_weather",
                "description": "Current weather for a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
                "strict": true
            }},
            {"type": "function", "function": {"name": "get_time", "description": "Local time",
                                              "parameters": {"type": "object", "properties": {}}}}
        ],
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}}
    })
}

/// The options the rich request's model does not take: min_p (Qwen3), prefix and suffix, a single stop string,
/// json_object, tool_choice as a string, thinking switched off.
fn qwen3_options_request() -> Value {
    json!({
        "model": "Pro/Qwen/Qwen3-8B",
        "messages": [{"role": "system", "content": "Complete the code."}, {"role": "user", "content": "fn main() {"}],
        "stream": false,
        "max_tokens": 512,
        "enable_thinking": false,
        "min_p": 0.05,
        "stop": "\n\n",
        "temperature": 0.2,
        "top_p": 0.9,
        "top_k": -1,
        "frequency_penalty": -0.5,
        "n": 2,
        "response_format": {"type": "json_object"},
        "tools": [tool("lookup")],
        "tool_choice": "auto",
        "prefix": "fn main() {\n",
        "suffix": "\n}"
    })
}

/// reasoning_effort on a DeepSeek-V4 model with thinking on.
fn deepseek_v4_request() -> Value {
    json!({
        "model": "deepseek-ai/DeepSeek-V4-Pro",
        "messages": [{"role": "user", "content": "Prove that there are infinitely many primes."}],
        "enable_thinking": true,
        "thinking_budget": 32768,
        "reasoning_effort": "max",
        "response_format": {"type": "text"},
        "tools": [tool("search")],
        "tool_choice": "none"
    })
}

/// Image, video and audio parts on a model that reads all three.
fn omni_request() -> Value {
    json!({
        "model": QWEN3_OMNI,
        "messages": [{"role": "user", "content": [
            {"type": "text", "text": "Describe what you see and hear."},
            {"type": "image_url", "image_url": {"url": "http://example.com/a.webp", "detail": "auto"}},
            {"type": "video_url", "video_url": {"url": "https://example.com/clip.mp4", "detail": "low",
                                                "max_frames": 16, "fps": 2}},
            {"type": "video_url", "video_url": {"url": "data:video/mp4;base64,AAAAIGZ0eXBpc29t"}},
            {"type": "audio_url", "audio_url": {"url": "data:audio/wav;base64,UklGRiQAAABXQVZF"}}
        ]}],
        "min_p": 0.01,
        "max_tokens": 1
    })
}

#[test]
fn a_fully_valid_rich_request_has_no_issues() {
    assert_eq!(validate(&rich_request()), vec![]);
}

#[test]
fn a_valid_request_using_min_p_prefix_suffix_and_json_object_has_no_issues() {
    assert_eq!(validate(&qwen3_options_request()), vec![]);
}

#[test]
fn a_valid_deepseek_v4_request_with_reasoning_effort_has_no_issues() {
    assert_eq!(validate(&deepseek_v4_request()), vec![]);
}

#[test]
fn a_valid_request_with_image_video_and_audio_parts_has_no_issues() {
    assert_eq!(validate(&omni_request()), vec![]);
}

#[test]
fn the_minimal_request_has_no_issues() {
    assert_eq!(validate(&chat(QWEN3)), vec![]);
}

#[test]
fn every_range_boundary_is_accepted() {
    let req = qwen(json!({
        "max_tokens": 1, "thinking_budget": 128, "min_p": 1, "temperature": 2, "top_p": 0,
        "top_k": 0, "frequency_penalty": -2, "n": 1
    }));
    assert_eq!(issues(req), vec![]);
    let req = qwen(json!({"thinking_budget": 32768, "min_p": 0, "temperature": 0, "top_p": 1, "frequency_penalty": 2}));
    assert_eq!(issues(req), vec![]);
}

#[test]
fn null_options_are_treated_as_unset() {
    let req = qwen(json!({
        "stream": null, "max_tokens": null, "enable_thinking": null, "thinking_budget": null, "min_p": null,
        "stop": null, "temperature": null, "top_p": null, "top_k": null, "frequency_penalty": null, "n": null,
        "response_format": null, "tools": null, "tool_choice": null, "prefix": null, "suffix": null,
        "reasoning_effort": null
    }));
    assert_eq!(issues(req), vec![]);
}

#[test]
fn a_pro_copy_of_a_known_model_is_known() {
    assert_eq!(issues(chat("Pro/deepseek-ai/DeepSeek-V3.2")), vec![]);
}

// ---------------------------------------------------------------------------------------------------------------
// The request itself, model, messages
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_request_that_is_not_an_object_is_an_error_at_the_root() {
    let message = one(json!(["Hello"]), "", InvalidType, Error);
    helpful(&message, &["the request", "object", "array"]);
}

#[test]
fn missing_model_is_an_error_at_model() {
    let message = one(json!({"messages": [{"role": "user", "content": "Hi"}]}), "model", Required, Error);
    helpful(&message, &["model", "required"]);
}

#[test]
fn null_model_is_an_error_at_model() {
    one(json!({"model": null, "messages": [{"role": "user", "content": "Hi"}]}), "model", Required, Error);
}

#[test]
fn empty_model_is_an_error_at_model() {
    let message = one(chat(""), "model", Required, Error);
    helpful(&message, &["model", "empty"]);
}

#[test]
fn model_that_is_not_a_string_is_a_type_error_at_model() {
    let message = one(with(chat(QWEN3), json!({"model": 8})), "model", InvalidType, Error);
    helpful(&message, &["model", "a string", "a number"]);
}

#[test]
fn unknown_model_id_is_a_warning_with_a_did_you_mean() {
    let message = one(chat("qwen/qwen3-8b"), "model", UnknownModel, Warning);
    helpful(&message, &["\"qwen/qwen3-8b\"", "20012", "Did you mean \"Qwen/Qwen3-8B\"?"]);
}

#[test]
fn the_seed_pages_model_typo_gets_the_right_suggestion() {
    let message = one(chat("wen/Qwen3-30B-A3B"), "model", UnknownModel, Warning);
    helpful(&message, &["Did you mean \"Qwen/Qwen3-30B-A3B\"?"]);
}

#[test]
fn unknown_model_id_far_from_any_known_one_is_a_warning_without_a_suggestion() {
    let message = one(chat("acme/brand-new-model"), "model", UnknownModel, Warning);
    helpful(&message, &["acme/brand-new-model"]);
    assert!(!message.contains("Did you mean"), "{message}");
}

#[test]
fn missing_messages_is_an_error_at_messages() {
    let message = one(json!({"model": QWEN3}), "messages", Required, Error);
    helpful(&message, &["messages", "\"role\": \"user\""]);
}

#[test]
fn empty_messages_is_an_error_at_messages() {
    let message = one(conversation(QWEN3, json!([])), "messages", Empty, Error);
    helpful(&message, &["messages is empty", "at least one message"]);
}

#[test]
fn messages_that_is_not_an_array_is_a_type_error() {
    let message = one(conversation(QWEN3, json!("Hello")), "messages", InvalidType, Error);
    helpful(&message, &["messages", "an array", "a string"]);
}

#[test]
fn exactly_10_messages_is_fine() {
    let messages: Vec<Value> = (0..10)
        .map(|i| json!({"role": if i % 2 == 0 { "user" } else { "assistant" }, "content": format!("turn {i}")}))
        .collect();
    assert_eq!(issues(conversation(QWEN3, json!(messages))), vec![]);
}

#[test]
fn more_than_10_messages_is_a_warning_at_messages() {
    let messages: Vec<Value> = (0..11)
        .map(|i| json!({"role": if i % 2 == 0 { "user" } else { "assistant" }, "content": format!("turn {i}")}))
        .collect();
    let message = one(conversation(QWEN3, json!(messages)), "messages", TooManyMessages, Warning);
    helpful(&message, &["11", "10"]);
}

#[test]
fn a_message_that_is_not_an_object_is_a_type_error_at_its_index() {
    let req = conversation(QWEN3, json!([{"role": "user", "content": "Hi"}, "and hello"]));
    let message = one(req, "messages[1]", InvalidType, Error);
    helpful(&message, &["messages[1]", "an object", "a string"]);
}

#[test]
fn a_message_without_role_is_an_error_at_its_role() {
    let message = one(conversation(QWEN3, json!([{"content": "Hi"}])), "messages[0].role", Required, Error);
    helpful(&message, &["\"system\"", "\"user\"", "\"assistant\"", "\"tool\""]);
}

#[test]
fn an_unknown_role_is_an_error_naming_it_and_the_allowed_roles() {
    let message =
        one(conversation(QWEN3, json!([{"role": "human", "content": "Hi"}])), "messages[0].role", InvalidValue, Error);
    helpful(&message, &["\"human\"", "\"system\"", "\"user\"", "\"assistant\"", "\"tool\""]);
}

#[test]
fn the_developer_role_is_an_error_that_suggests_system() {
    let message = one(
        conversation(QWEN3, json!([{"role": "developer", "content": "Be brief"}, {"role": "user", "content": "Hi"}])),
        "messages[0].role",
        InvalidValue,
        Error,
    );
    helpful(&message, &["\"developer\"", "Use \"system\""]);
}

#[test]
fn a_role_that_is_not_a_string_is_a_type_error() {
    let message =
        one(conversation(QWEN3, json!([{"role": 1, "content": "Hi"}])), "messages[0].role", InvalidType, Error);
    helpful(&message, &["messages[0].role", "a string", "a number"]);
}

#[test]
fn a_user_message_without_content_is_an_error_at_its_content() {
    let message = one(conversation(QWEN3, json!([{"role": "user"}])), "messages[0].content", Required, Error);
    helpful(&message, &["content", "required"]);
}

#[test]
fn content_of_the_wrong_type_is_a_type_error() {
    let message =
        one(conversation(QWEN3, json!([{"role": "user", "content": 42}])), "messages[0].content", InvalidType, Error);
    helpful(&message, &["a string", "array of content parts", "a number"]);
}

#[test]
fn an_empty_content_part_array_is_an_error_at_content() {
    let message = one(parts(QWEN3, json!([])), "messages[0].content", Empty, Error);
    helpful(&message, &["empty array", "{\"type\": \"text\""]);
}

#[test]
fn a_message_name_that_is_not_a_string_is_a_type_error() {
    let req = conversation(QWEN3, json!([{"role": "user", "content": "Hi", "name": 7}]));
    one(req, "messages[0].name", InvalidType, Error);
}

#[test]
fn two_user_messages_in_a_row_warn_at_the_second_role() {
    let req = conversation(QWEN3, json!([{"role": "user", "content": "Hi"}, {"role": "user", "content": "Anyone?"}]));
    let message = one(req, "messages[1].role", ConsecutiveRoles, Warning);
    helpful(&message, &["same role", "20015", "Merge"]);
}

#[test]
fn two_assistant_messages_in_a_row_warn_too() {
    let req = conversation(
        QWEN3,
        json!([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"},
               {"role": "assistant", "content": "How can I help?"}]),
    );
    one(req, "messages[2].role", ConsecutiveRoles, Warning);
}

#[test]
fn consecutive_tool_messages_answering_parallel_calls_are_fine() {
    let req = json!({
        "model": QWEN3,
        "tools": [tool("get_weather")],
        "messages": [
            {"role": "user", "content": "Weather in Paris and Rome?"},
            {"role": "assistant", "content": null, "tool_calls": [
                {"id": "a1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"q\":\"Paris\"}"}},
                {"id": "a2", "type": "function", "function": {"name": "get_weather", "arguments": "{\"q\":\"Rome\"}"}}
            ]},
            {"role": "tool", "content": "18", "tool_call_id": "a1"},
            {"role": "tool", "content": "24", "tool_call_id": "a2"}
        ]
    });
    assert_eq!(issues(req), vec![]);
}

#[test]
fn an_unknown_message_field_is_a_warning_with_a_did_you_mean() {
    let req = conversation(QWEN3, json!([{"role": "user", "content": "Hi", "nam": "ada"}]));
    let message = one(req, "messages[0].nam", UnknownField, Warning);
    helpful(&message, &["\"nam\"", "sent as is", "Did you mean \"name\"?"]);
}

#[test]
fn a_transposed_letter_typo_in_a_short_field_name_still_gets_a_did_you_mean() {
    // "contnet" is one transposition away from "content"; people make that typo.
    let req = conversation(QWEN3, json!([{"role": "user", "contnet": "Hi"}]));
    let found = validate(&req);
    let typo = found.iter().find(|i| i.path == "messages[0].contnet").expect("a warning at messages[0].contnet");
    assert_eq!((typo.code, typo.severity), (UnknownField, Warning));
    helpful(&typo.message, &["Did you mean \"content\"?"]);
}

// ---------------------------------------------------------------------------------------------------------------
// Content parts
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_part_without_type_is_an_error_at_its_type() {
    let message = one(parts(QWEN3, json!([{"text": "Hi"}])), "messages[0].content[0].type", Required, Error);
    helpful(&message, &["\"text\"", "\"image_url\"", "\"video_url\"", "\"audio_url\""]);
}

#[test]
fn an_unknown_part_type_is_an_error_naming_it() {
    let req = parts(GLM_VISION, json!([{"type": "input_image", "image_url": "https://example.com/a.png"}]));
    let message = one(req, "messages[0].content[0].type", InvalidValue, Error);
    helpful(&message, &["\"input_image\"", "\"image_url\""]);
}

#[test]
fn a_part_that_is_not_an_object_is_a_type_error() {
    let message = one(parts(QWEN3, json!(["Hi"])), "messages[0].content[0]", InvalidType, Error);
    helpful(&message, &["an object", "a string"]);
}

#[test]
fn a_text_part_without_text_is_an_error_at_its_text() {
    let message = one(parts(QWEN3, json!([{"type": "text"}])), "messages[0].content[0].text", Required, Error);
    helpful(&message, &["text part", "text"]);
}

#[test]
fn a_text_part_whose_text_is_not_a_string_is_a_type_error() {
    one(parts(QWEN3, json!([{"type": "text", "text": ["Hi"]}])), "messages[0].content[0].text", InvalidType, Error);
}

#[test]
fn an_image_part_without_image_url_is_an_error() {
    let req = parts(GLM_VISION, json!([{"type": "image_url"}]));
    let message = one(req, "messages[0].content[0].image_url", Required, Error);
    helpful(&message, &["image_url", "\"url\""]);
}

#[test]
fn an_image_url_given_as_a_bare_string_is_a_type_error() {
    let req = parts(GLM_VISION, json!([{"type": "image_url", "image_url": "https://example.com/cat.png"}]));
    let message = one(req, "messages[0].content[0].image_url", InvalidType, Error);
    helpful(&message, &["{\"url\": ...}", "bare string"]);
}

#[test]
fn an_image_part_without_url_is_an_error_at_its_url() {
    let req = image(GLM_VISION, json!({"detail": "low"}));
    let message = one(req, "messages[0].content[1].image_url.url", Required, Error);
    helpful(&message, &["image_url.url", "required"]);
}

#[test]
fn an_empty_image_url_is_an_error_at_its_url() {
    let message = image_url_issue("", Required, Error);
    helpful(&message, &["image_url.url", "empty"]);
}

#[test]
fn an_unknown_image_url_field_is_a_warning_with_a_did_you_mean() {
    let req = image(GLM_VISION, json!({"url": "https://example.com/a.png", "detai": "low"}));
    let message = one(req, "messages[0].content[1].image_url.detai", UnknownField, Warning);
    helpful(&message, &["\"detai\"", "Did you mean \"detail\"?"]);
}

#[test]
fn an_image_detail_outside_auto_low_high_is_an_error() {
    let req = image(GLM_VISION, json!({"url": "https://example.com/a.png", "detail": "medium"}));
    let message = one(req, "messages[0].content[1].image_url.detail", InvalidValue, Error);
    helpful(&message, &["\"medium\"", "\"auto\"", "\"low\"", "\"high\""]);
}

#[test]
fn a_video_detail_outside_auto_low_high_is_an_error() {
    let req = parts(
        QWEN3_VL,
        json!([{"type": "video_url", "video_url": {"url": "https://e.com/v.mp4", "detail": "medium"}}]),
    );
    let message = one(req, "messages[0].content[0].video_url.detail", InvalidValue, Error);
    helpful(&message, &["\"medium\"", "\"auto\""]);
}

#[test]
fn a_non_integer_video_max_frames_is_an_error() {
    let req =
        parts(QWEN3_VL, json!([{"type": "video_url", "video_url": {"url": "https://e.com/v.mp4", "max_frames": 2.5}}]));
    let message = one(req, "messages[0].content[0].video_url.max_frames", NotInteger, Error);
    helpful(&message, &["whole number", "2.5"]);
}

#[test]
fn a_video_max_frames_below_1_is_an_error() {
    let req =
        parts(QWEN3_VL, json!([{"type": "video_url", "video_url": {"url": "https://e.com/v.mp4", "max_frames": 0}}]));
    let message = one(req, "messages[0].content[0].video_url.max_frames", OutOfRange, Error);
    helpful(&message, &["at least 1", "0"]);
}

#[test]
fn a_video_fps_of_0_or_less_is_an_error() {
    let req = parts(QWEN3_VL, json!([{"type": "video_url", "video_url": {"url": "https://e.com/v.mp4", "fps": 0}}]));
    let message = one(req, "messages[0].content[0].video_url.fps", OutOfRange, Error);
    helpful(&message, &["at least 1", "0"]);
}

#[test]
fn the_schemas_max_frams_misspelling_gets_a_did_you_mean() {
    let req =
        parts(QWEN3_VL, json!([{"type": "video_url", "video_url": {"url": "https://e.com/v.mp4", "max_frams": 8}}]));
    let message = one(req, "messages[0].content[0].video_url.max_frams", UnknownField, Warning);
    helpful(&message, &["Did you mean \"max_frames\"?"]);
}

#[test]
fn an_unknown_field_on_a_part_is_a_warning() {
    let req = parts(QWEN3, json!([{"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral"}}]));
    let message = one(req, "messages[0].content[0].cache_control", UnknownField, Warning);
    helpful(&message, &["\"cache_control\""]);
}

// ---------------------------------------------------------------------------------------------------------------
// URLs and data: URLs
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn http_https_and_base64_data_urls_are_accepted_in_any_case() {
    for url in [
        "https://example.com/a.png",
        "http://example.com/a.png",
        "HTTPS://EXAMPLE.COM/A.PNG",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:image/jpeg;base64,/9j/4AAQ",
        "Data:image/webp;base64,UklGRg",
    ] {
        assert_eq!(issues(image(GLM_VISION, json!({"url": url}))), vec![], "{url}");
    }
}

#[test]
fn a_url_with_another_scheme_is_an_error_at_its_url() {
    let message = image_url_issue("ftp://example.com/cat.png", InvalidUrl, Error);
    helpful(&message, &["https://", "http://", "data:image/"]);
}

#[test]
fn a_url_without_scheme_is_an_error() {
    let message = image_url_issue("example.com/cat.png", InvalidUrl, Error);
    helpful(&message, &["https://"]);
}

#[test]
fn a_browser_blob_url_is_an_error() {
    image_url_issue("blob:https://example.com/2d9c7e40", InvalidUrl, Error);
}

#[test]
fn a_video_urls_scheme_message_talks_about_video() {
    let req = parts(QWEN3_VL, json!([{"type": "video_url", "video_url": {"url": "file:///tmp/clip.mp4"}}]));
    let message = one(req, "messages[0].content[0].video_url.url", InvalidUrl, Error);
    helpful(&message, &["data:video/"]);
}

#[test]
fn a_data_url_without_a_comma_is_an_error_at_its_url() {
    let message = image_url_issue("data:image/png;base64", InvalidDataUrl, Error);
    helpful(&message, &["not a valid data: URL", "no comma"]);
}

#[test]
fn a_data_url_without_data_is_an_error() {
    let message = image_url_issue("data:image/png;base64,", InvalidDataUrl, Error);
    helpful(&message, &["no data"]);
}

#[test]
fn a_data_url_with_whitespace_in_its_base64_is_an_error_naming_the_position() {
    let message = image_url_issue("data:image/png;base64,iVBO\nRw0KGgo=", InvalidDataUrl, Error);
    helpful(&message, &["whitespace", "position 4"]);
}

#[test]
fn a_data_url_with_url_safe_base64_is_an_error_that_says_so() {
    let message = image_url_issue("data:image/png;base64,ab_d", InvalidDataUrl, Error);
    helpful(&message, &["URL-safe", "+ and /"]);
}

#[test]
fn a_data_url_with_truncated_base64_is_an_error() {
    let message = image_url_issue("data:image/png;base64,AAAAA", InvalidDataUrl, Error);
    helpful(&message, &["cut short"]);
}

#[test]
fn a_data_url_with_a_bad_media_type_is_an_error_naming_it() {
    let message = image_url_issue("data:png;base64,AAAA", InvalidDataUrl, Error);
    helpful(&message, &["\"png\"", "image/png"]);
}

#[test]
fn a_data_url_with_a_misspelt_base64_marker_is_an_error_naming_it() {
    let message = image_url_issue("data:image/png;bas64,AAAA", InvalidDataUrl, Error);
    helpful(&message, &[";bas64"]);
}

#[test]
fn a_data_url_whose_media_type_does_not_match_the_part_is_a_warning() {
    let message = image_url_issue("data:audio/wav;base64,UklGRg==", InvalidDataUrl, Warning);
    helpful(&message, &["image part", "audio/wav", "image/*"]);
}

#[test]
fn a_data_url_without_a_media_type_is_a_warning() {
    let message = image_url_issue("data:;base64,iVBORw0KGgo=", InvalidDataUrl, Warning);
    helpful(&message, &["no media type", "data:image/"]);
}

#[test]
fn a_data_url_that_is_not_base64_is_a_warning() {
    let message = image_url_issue("data:image/svg+xml,%3Csvg%2F%3E", InvalidDataUrl, Warning);
    helpful(&message, &["not base64", ";base64,"]);
}

// ---------------------------------------------------------------------------------------------------------------
// Media and models
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn image_parts_sent_to_a_text_only_model_are_a_warning_at_the_part() {
    let message = one(
        image(QWEN3, json!({"url": "https://example.com/a.png"})),
        "messages[0].content[1]",
        MediaUnsupported,
        Warning,
    );
    helpful(&message, &[QWEN3, "text-only", "image"]);
}

#[test]
fn image_parts_to_an_unknown_model_are_not_second_guessed() {
    let req = image("acme/new-vlm", json!({"url": "https://example.com/a.png"}));
    assert_eq!(issues(req), vec![("model".into(), UnknownModel, Warning)]);
}

#[test]
fn video_parts_sent_to_a_model_that_cannot_watch_are_a_warning() {
    let req = parts(GLM_VISION, json!([{"type": "video_url", "video_url": {"url": "https://e.com/v.mp4"}}]));
    let message = one(req, "messages[0].content[0]", MediaUnsupported, Warning);
    helpful(&message, &[GLM_VISION, "video"]);
}

#[test]
fn audio_parts_sent_to_a_model_that_cannot_hear_are_a_warning_suggesting_a_model_that_can() {
    let req = parts(QWEN3_VL, json!([{"type": "audio_url", "audio_url": {"url": "https://e.com/a.wav"}}]));
    let message = one(req, "messages[0].content[0]", MediaUnsupported, Warning);
    helpful(&message, &[QWEN3_VL, "audio"]);
    // Any model the message recommends must itself read audio.
    if let Some((_, rest)) = message.split_once("such as ") {
        let suggested = rest.trim_end_matches('.').split_whitespace().next().unwrap_or("");
        let info = catalog::find(suggested).unwrap_or_else(|| panic!("suggests unknown model {suggested:?}"));
        assert!(info.audio, "the message suggests {suggested}, which cannot read audio either: {message:?}");
    }
}

#[test]
fn media_parts_outside_user_messages_are_a_warning() {
    let req = conversation(
        GLM_VISION,
        json!([{"role": "system", "content": [{"type": "image_url", "image_url": {"url": "https://e.com/logo.png"}}]},
               {"role": "user", "content": "What is the logo?"}]),
    );
    let message = one(req, "messages[0].content[0]", MediaUnsupported, Warning);
    helpful(&message, &["image", "user messages"]);
}

// ---------------------------------------------------------------------------------------------------------------
// Assistant tool calls and tool messages
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_tool_round_trip_is_valid() {
    let req = tool_round_trip(
        call(json!("{\"q\": \"Paris\"}")),
        json!({"role": "tool", "content": "18 °C", "tool_call_id": CALL_ID}),
    );
    assert_eq!(issues(req), vec![]);
}

#[test]
fn a_tool_message_without_tool_call_id_is_an_error_at_tool_call_id() {
    let req = tool_round_trip(call(json!("{}")), json!({"role": "tool", "content": "18 °C"}));
    let message = one(req, "messages[2].tool_call_id", Required, Error);
    helpful(&message, &["tool_call_id", "id of the assistant's tool call"]);
}

#[test]
fn a_tool_message_with_an_empty_tool_call_id_is_an_error() {
    let req = tool_round_trip(call(json!("{}")), json!({"role": "tool", "content": "18 °C", "tool_call_id": ""}));
    one(req, "messages[2].tool_call_id", Required, Error);
}

#[test]
fn a_tool_message_whose_tool_call_id_is_not_a_string_is_a_type_error() {
    let req = tool_round_trip(call(json!("{}")), json!({"role": "tool", "content": "18 °C", "tool_call_id": 1}));
    one(req, "messages[2].tool_call_id", InvalidType, Error);
}

#[test]
fn a_tool_message_without_content_is_an_error() {
    let req = tool_round_trip(call(json!("{}")), json!({"role": "tool", "tool_call_id": CALL_ID}));
    let message = one(req, "messages[2].content", Required, Error);
    helpful(&message, &["result of the tool call"]);
}

#[test]
fn a_tool_call_id_matching_no_earlier_call_is_a_warning_naming_it() {
    let req = tool_round_trip(call(json!("{}")), json!({"role": "tool", "content": "18", "tool_call_id": "call_x"}));
    let message = one(req, "messages[2].tool_call_id", UnknownToolCall, Warning);
    helpful(&message, &["\"call_x\"", "no earlier assistant message"]);
}

#[test]
fn a_tool_call_id_answering_a_later_call_is_a_warning() {
    let req = json!({
        "model": QWEN3,
        "tools": [tool("get_weather")],
        "messages": [
            {"role": "user", "content": "Weather?"},
            {"role": "tool", "content": "18", "tool_call_id": CALL_ID},
            {"role": "assistant", "content": null, "tool_calls": [call(json!("{}"))]}
        ]
    });
    one(req, "messages[1].tool_call_id", UnknownToolCall, Warning);
}

#[test]
fn a_tool_message_name_field_is_unknown() {
    let req = tool_round_trip(
        call(json!("{}")),
        json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID, "name": "get_weather"}),
    );
    one(req, "messages[2].name", UnknownField, Warning);
}

#[test]
fn tool_call_arguments_given_as_an_object_are_an_error_that_says_stringify() {
    let req =
        tool_round_trip(call(json!({"q": "Paris"})), json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID}));
    let message = one(req, "messages[1].tool_calls[0].function.arguments", InvalidType, Error);
    helpful(&message, &["JSON string", "an object", "JSON.stringify"]);
}

#[test]
fn tool_call_arguments_that_are_not_json_are_a_warning() {
    let req = tool_round_trip(
        call(json!("{\"q\": \"Par")),
        json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID}),
    );
    let message = one(req, "messages[1].tool_calls[0].function.arguments", InvalidJson, Warning);
    helpful(&message, &["not valid JSON"]);
}

#[test]
fn tool_call_without_arguments_is_an_error() {
    let req = tool_round_trip(
        json!({"id": CALL_ID, "type": "function", "function": {"name": "get_weather"}}),
        json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID}),
    );
    let message = one(req, "messages[1].tool_calls[0].function.arguments", Required, Error);
    helpful(&message, &["\"{}\""]);
}

#[test]
fn tool_call_without_id_is_an_error_at_its_id() {
    let req = conversation(
        QWEN3,
        json!([{"role": "user", "content": "Weather?"},
               {"role": "assistant", "content": null,
                "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]}]),
    );
    one(req, "messages[1].tool_calls[0].id", Required, Error);
}

#[test]
fn tool_call_without_function_is_an_error() {
    let req = conversation(
        QWEN3,
        json!([{"role": "user", "content": "Weather?"},
               {"role": "assistant", "content": null, "tool_calls": [{"id": CALL_ID, "type": "function"}]}]),
    );
    one(req, "messages[1].tool_calls[0].function", Required, Error);
}

#[test]
fn tool_call_without_function_name_is_an_error() {
    let req = tool_round_trip(
        json!({"id": CALL_ID, "type": "function", "function": {"arguments": "{}"}}),
        json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID}),
    );
    one(req, "messages[1].tool_calls[0].function.name", Required, Error);
}

#[test]
fn tool_call_of_another_type_is_an_error() {
    let req = tool_round_trip(
        json!({"id": CALL_ID, "type": "retrieval", "function": {"name": "get_weather", "arguments": "{}"}}),
        json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID}),
    );
    let message = one(req, "messages[1].tool_calls[0].type", InvalidValue, Error);
    helpful(&message, &["\"function\"", "\"retrieval\""]);
}

#[test]
fn tool_calls_that_are_not_an_array_are_a_type_error() {
    let req = conversation(
        QWEN3,
        json!([{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": "ok", "tool_calls": {}}]),
    );
    one(req, "messages[1].tool_calls", InvalidType, Error);
}

#[test]
fn an_assistant_message_with_neither_content_nor_tool_calls_is_an_error() {
    let req = conversation(QWEN3, json!([{"role": "user", "content": "Hi"}, {"role": "assistant"}]));
    let message = one(req, "messages[1].content", Required, Error);
    helpful(&message, &["content", "tool_calls"]);
}

#[test]
fn assistant_reasoning_content_that_is_not_a_string_is_a_type_error() {
    let req = conversation(
        QWEN3,
        json!([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello", "reasoning_content": 1}]),
    );
    one(req, "messages[1].reasoning_content", InvalidType, Error);
}

// ---------------------------------------------------------------------------------------------------------------
// stream, max_tokens, n
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn stream_that_is_not_a_boolean_is_a_type_error() {
    let message = one(qwen(json!({"stream": "true"})), "stream", InvalidType, Error);
    helpful(&message, &["stream", "true or false", "a string"]);
}

#[test]
fn max_tokens_below_1_is_an_error_at_max_tokens() {
    let message = one(qwen(json!({"max_tokens": 0})), "max_tokens", OutOfRange, Error);
    helpful(&message, &["max_tokens", "at least 1", "got 0"]);
    one(qwen(json!({"max_tokens": -5})), "max_tokens", OutOfRange, Error);
}

#[test]
fn non_integer_max_tokens_is_an_error_at_max_tokens() {
    let message = one(qwen(json!({"max_tokens": 100.5})), "max_tokens", NotInteger, Error);
    helpful(&message, &["max_tokens", "whole number", "100.5"]);
}

#[test]
fn max_tokens_as_a_string_is_a_type_error() {
    let message = one(qwen(json!({"max_tokens": "4096"})), "max_tokens", InvalidType, Error);
    helpful(&message, &["max_tokens", "a number", "a string"]);
}

#[test]
fn max_tokens_written_as_4096_point_0_is_an_integer() {
    assert_eq!(issues(qwen(json!({"max_tokens": 4096.0}))), vec![]);
}

#[test]
fn max_tokens_above_the_models_context_is_a_warning_naming_the_context() {
    let message = one(qwen(json!({"max_tokens": 200000})), "max_tokens", OutOfRange, Warning);
    helpful(&message, &["200000", "131072"]);
}

#[test]
fn max_tokens_too_large_for_any_integer_is_an_error_that_names_the_upper_limit() {
    let message = one(qwen(json!({"max_tokens": 3_000_000_000u64})), "max_tokens", OutOfRange, Error);
    helpful(&message, &["3000000000"]);
    assert!(
        message.contains("at most") || message.contains("2147483647"),
        "the value is too large, but the message only gives a lower bound: {message:?}"
    );
}

#[test]
fn n_below_1_is_an_error_at_n() {
    let message = one(qwen(json!({"n": 0})), "n", OutOfRange, Error);
    helpful(&message, &["n must be between 1 and 128", "got 0"]);
}

#[test]
fn n_above_128_is_an_error_at_n_before_a_million_answers_are_billed() {
    let message = one(qwen(json!({"n": 1_000_000})), "n", OutOfRange, Error);
    helpful(&message, &["between 1 and 128", "1000000"]);
    assert!(issues(qwen(json!({"n": 128}))).is_empty());
}

#[test]
fn non_integer_n_is_an_error_at_n() {
    let message = one(qwen(json!({"n": 1.5})), "n", NotInteger, Error);
    helpful(&message, &["whole number", "1.5"]);
}

#[test]
fn n_of_the_wrong_type_is_a_type_error() {
    one(qwen(json!({"n": "2"})), "n", InvalidType, Error);
}

// ---------------------------------------------------------------------------------------------------------------
// Thinking: enable_thinking, thinking_budget, reasoning_effort
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn enable_thinking_that_is_not_a_boolean_is_a_type_error() {
    let message = one(qwen(json!({"enable_thinking": "yes"})), "enable_thinking", InvalidType, Error);
    helpful(&message, &["true or false"]);
}

#[test]
fn enable_thinking_on_a_model_that_cannot_think_is_a_warning_at_enable_thinking() {
    let req = with(chat(DEEPSEEK_V3), json!({"enable_thinking": true}));
    let message = one(req, "enable_thinking", ThinkingUnsupported, Warning);
    helpful(&message, &[DEEPSEEK_V3, "cannot think"]);
}

#[test]
fn enable_thinking_false_on_a_model_that_always_thinks_is_a_warning() {
    let req = with(chat("deepseek-ai/DeepSeek-R1"), json!({"enable_thinking": false}));
    let message = one(req, "enable_thinking", ThinkingUnsupported, Warning);
    helpful(&message, &["deepseek-ai/DeepSeek-R1", "always thinks"]);
}

#[test]
fn enable_thinking_on_every_model_of_the_seeds_thinking_list_is_fine() {
    for model in [
        "Qwen/Qwen3-8B",
        "Qwen/Qwen3-14B",
        "Qwen/Qwen3-32B",
        "Qwen/Qwen3-30B-A3B",
        "Qwen/Qwen3-235B-A22B",
        "tencent/Hunyuan-A13B-Instruct",
        "zai-org/GLM-5V-Turbo",
        "zai-org/GLM-4.6V",
        "zai-org/GLM-4.5V",
        "deepseek-ai/DeepSeek-V3.1",
        "deepseek-ai/DeepSeek-V3.1-Terminus",
        "deepseek-ai/DeepSeek-V3.2-Exp",
        "deepseek-ai/DeepSeek-V3.2",
        "Pro/zai-org/GLM-5",
        "Pro/zai-org/GLM-4.7",
        "zai-org/GLM-4.6",
    ] {
        for on in [true, false] {
            let req = with(chat(model), json!({"enable_thinking": on, "thinking_budget": 1024}));
            let expected = if on { vec![] } else { vec![("thinking_budget".to_string(), ThinkingDisabled, Warning)] };
            assert_eq!(issues(req), expected, "{model} enable_thinking={on}");
        }
    }
}

#[test]
fn thinking_budget_below_128_is_an_error_at_its_path() {
    let message = one(qwen(json!({"thinking_budget": 127})), "thinking_budget", OutOfRange, Error);
    helpful(&message, &["thinking_budget", "between 128 and 32768", "got 127"]);
}

#[test]
fn thinking_budget_above_32768_is_an_error_at_its_path() {
    let message = one(qwen(json!({"thinking_budget": 32769})), "thinking_budget", OutOfRange, Error);
    helpful(&message, &["between 128 and 32768", "got 32769"]);
}

#[test]
fn non_integer_thinking_budget_is_an_error() {
    let message = one(qwen(json!({"thinking_budget": 1000.5})), "thinking_budget", NotInteger, Error);
    helpful(&message, &["whole number", "1000.5"]);
}

#[test]
fn thinking_budget_as_a_string_is_a_type_error() {
    one(qwen(json!({"thinking_budget": "1024"})), "thinking_budget", InvalidType, Error);
}

#[test]
fn thinking_budget_on_a_model_that_cannot_think_is_a_warning_at_thinking_budget() {
    let req = with(chat(DEEPSEEK_V3), json!({"thinking_budget": 1024}));
    let message = one(req, "thinking_budget", ThinkingUnsupported, Warning);
    helpful(&message, &[DEEPSEEK_V3, "cannot think", "thinking_budget"]);
}

#[test]
fn thinking_budget_with_thinking_switched_off_is_a_warning() {
    let message = one(
        qwen(json!({"enable_thinking": false, "thinking_budget": 1024})),
        "thinking_budget",
        ThinkingDisabled,
        Warning,
    );
    helpful(&message, &["no effect", "enable_thinking is false"]);
}

#[test]
fn reasoning_effort_outside_high_and_max_is_an_error() {
    let req = with(chat("deepseek-ai/DeepSeek-V4-Flash"), json!({"reasoning_effort": "low"}));
    let message = one(req, "reasoning_effort", InvalidValue, Error);
    helpful(&message, &["\"high\"", "\"max\"", "\"low\""]);
}

#[test]
fn reasoning_effort_of_the_wrong_type_is_a_type_error() {
    one(
        with(chat("deepseek-ai/DeepSeek-V4-Flash"), json!({"reasoning_effort": 2})),
        "reasoning_effort",
        InvalidType,
        Error,
    );
}

#[test]
fn reasoning_effort_on_a_model_other_than_deepseek_v4_is_a_warning() {
    let message = one(qwen(json!({"reasoning_effort": "high"})), "reasoning_effort", UnsupportedParameter, Warning);
    helpful(&message, &["DeepSeek-V4", QWEN3]);
}

#[test]
fn reasoning_effort_with_thinking_off_is_a_warning() {
    let req = with(chat("deepseek-ai/DeepSeek-V4-Pro"), json!({"enable_thinking": false, "reasoning_effort": "high"}));
    let message = one(req, "reasoning_effort", ThinkingDisabled, Warning);
    helpful(&message, &["thinking on", "enable_thinking is false"]);
}

// ---------------------------------------------------------------------------------------------------------------
// Sampling: min_p, stop, temperature, top_p, top_k, frequency_penalty
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn min_p_above_1_is_an_error_at_min_p() {
    let message = one(qwen(json!({"min_p": 1.5})), "min_p", OutOfRange, Error);
    helpful(&message, &["min_p", "between 0 and 1", "1.5"]);
}

#[test]
fn min_p_below_0_is_an_error_at_min_p() {
    let message = one(qwen(json!({"min_p": -0.1})), "min_p", OutOfRange, Error);
    helpful(&message, &["between 0 and 1", "-0.1"]);
}

#[test]
fn min_p_as_a_string_is_a_type_error() {
    one(qwen(json!({"min_p": "0.05"})), "min_p", InvalidType, Error);
}

#[test]
fn min_p_on_a_model_that_is_not_qwen3_is_a_warning_at_min_p() {
    let message = one(with(chat(DEEPSEEK_V3), json!({"min_p": 0.05})), "min_p", UnsupportedParameter, Warning);
    helpful(&message, &["Qwen3", DEEPSEEK_V3]);
}

#[test]
fn min_p_on_a_qwen2_5_model_is_a_warning_too() {
    one(with(chat("Qwen/Qwen2.5-72B-Instruct"), json!({"min_p": 0.05})), "min_p", UnsupportedParameter, Warning);
}

#[test]
fn four_stop_sequences_are_fine() {
    assert_eq!(issues(qwen(json!({"stop": ["a", "b", "c", "d"]}))), vec![]);
}

#[test]
fn more_than_4_stop_sequences_is_an_error_at_stop() {
    let message = one(qwen(json!({"stop": ["a", "b", "c", "d", "e"]})), "stop", TooMany, Error);
    helpful(&message, &["at most 4", "got 5"]);
}

#[test]
fn a_stop_sequence_that_is_not_a_string_is_a_type_error_at_its_index() {
    let message = one(qwen(json!({"stop": ["a", 5]})), "stop[1]", InvalidType, Error);
    helpful(&message, &["stop[1]", "a string", "a number"]);
}

#[test]
fn stop_of_the_wrong_type_is_a_type_error() {
    let message = one(qwen(json!({"stop": 5})), "stop", InvalidType, Error);
    helpful(&message, &["a string or an array of up to 4 strings"]);
}

#[test]
fn an_empty_stop_string_is_a_warning() {
    let message = one(qwen(json!({"stop": ""})), "stop", Empty, Warning);
    helpful(&message, &["empty", "remove it"]);
}

#[test]
fn an_empty_stop_sequence_is_a_warning_at_its_index() {
    one(qwen(json!({"stop": ["END", ""]})), "stop[1]", Empty, Warning);
}

#[test]
fn temperature_below_0_is_an_error_that_says_at_least_0() {
    let message = one(qwen(json!({"temperature": -1})), "temperature", OutOfRange, Error);
    helpful(&message, &["temperature", "-1"]);
    assert!(!message.contains("inf"), "the message shows an infinite bound to a person: {message:?}");
}

#[test]
fn temperature_above_2_is_a_warning() {
    let message = one(qwen(json!({"temperature": 3})), "temperature", OutOfRange, Warning);
    helpful(&message, &["between 0 and 2", "3"]);
}

#[test]
fn temperature_as_a_string_is_a_type_error() {
    one(qwen(json!({"temperature": "0.7"})), "temperature", InvalidType, Error);
}

#[test]
fn top_p_above_1_is_an_error() {
    let message = one(qwen(json!({"top_p": 1.5})), "top_p", OutOfRange, Error);
    helpful(&message, &["between 0 and 1", "1.5"]);
}

#[test]
fn top_p_below_0_is_an_error() {
    one(qwen(json!({"top_p": -0.5})), "top_p", OutOfRange, Error);
}

#[test]
fn top_k_of_minus_1_means_no_limit_and_is_fine() {
    assert_eq!(issues(qwen(json!({"top_k": -1}))), vec![]);
}

#[test]
fn top_k_below_minus_1_is_an_error() {
    let message = one(qwen(json!({"top_k": -2})), "top_k", OutOfRange, Error);
    helpful(&message, &["at least 0", "-1 for no limit", "-2"]);
}

#[test]
fn non_integer_top_k_is_an_error() {
    let message = one(qwen(json!({"top_k": 2.5})), "top_k", NotInteger, Error);
    helpful(&message, &["whole number", "2.5"]);
}

#[test]
fn frequency_penalty_outside_minus_2_to_2_is_a_warning() {
    let message = one(qwen(json!({"frequency_penalty": 3})), "frequency_penalty", OutOfRange, Warning);
    helpful(&message, &["between -2 and 2", "3"]);
    one(qwen(json!({"frequency_penalty": -2.5})), "frequency_penalty", OutOfRange, Warning);
}

#[test]
fn frequency_penalty_as_a_string_is_a_type_error() {
    one(qwen(json!({"frequency_penalty": "0.5"})), "frequency_penalty", InvalidType, Error);
}

// ---------------------------------------------------------------------------------------------------------------
// response_format
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn response_format_that_is_not_an_object_is_a_type_error() {
    let message = one(qwen(json!({"response_format": "json"})), "response_format", InvalidType, Error);
    helpful(&message, &["an object", "a string"]);
}

#[test]
fn response_format_without_type_is_an_error_at_its_type() {
    let message = one(qwen(json!({"response_format": {}})), "response_format.type", Required, Error);
    helpful(&message, &["\"text\"", "\"json_object\"", "\"json_schema\""]);
}

#[test]
fn an_unknown_response_format_type_is_an_error_naming_it() {
    let message = one(qwen(json!({"response_format": {"type": "xml"}})), "response_format.type", InvalidValue, Error);
    helpful(&message, &["\"xml\"", "\"json_schema\""]);
}

#[test]
fn response_format_json_schema_without_json_schema_is_an_error() {
    let req = qwen(json!({"response_format": {"type": "json_schema"}}));
    let message = one(req, "response_format.json_schema", Required, Error);
    helpful(&message, &["json_schema", "name", "schema"]);
}

#[test]
fn response_format_json_schema_without_name_is_an_error_at_its_name() {
    let req = qwen(json!({"response_format": {"type": "json_schema", "json_schema": {"schema": {"type": "object"}}}}));
    let message = one(req, "response_format.json_schema.name", Required, Error);
    helpful(&message, &["json_schema.name", "required"]);
}

#[test]
fn response_format_json_schema_with_a_bad_name_is_an_error() {
    let req = qwen(json!({"response_format": {"type": "json_schema", "json_schema": {"name": "my schema"}}}));
    let message = one(req, "response_format.json_schema.name", InvalidName, Error);
    helpful(&message, &["\"my schema\"", "' '"]);
}

#[test]
fn a_json_schema_keyword_outside_the_checked_subset_is_a_warning_at_its_path() {
    let schema = json!({"type": "object", "properties": {"when": {"type": "string", "format": "date-time"}}});
    let req =
        qwen(json!({"response_format": {"type": "json_schema", "json_schema": {"name": "event", "schema": schema}}}));
    let message = one(req, "response_format.json_schema.schema.properties.when.format", UnsupportedKeyword, Warning);
    helpful(&message, &["format", "not", "checks"]);
}

#[test]
fn a_json_schema_with_a_misspelt_type_is_an_error_naming_the_types() {
    let schema = json!({"type": "object", "properties": {"n": {"type": "interger"}}});
    let req = qwen(json!({"response_format": {"type": "json_schema", "json_schema": {"name": "n", "schema": schema}}}));
    let message = one(req, "response_format.json_schema.schema.properties.n.type", InvalidValue, Error);
    helpful(&message, &["\"interger\"", "integer"]);
}

#[test]
fn tool_parameters_are_checked_as_json_schemas_too() {
    let mut weather = tool("get_weather");
    weather["function"]["parameters"]["properties"]["q"]["pattern"] = json!("^[a-z]+$");
    weather["function"]["parameters"]["required"] = json!("q");
    assert_eq!(
        issues(qwen(json!({"tools": [weather]}))),
        vec![
            ("tools[0].function.parameters.properties.q.pattern".into(), UnsupportedKeyword, Warning),
            ("tools[0].function.parameters.required".into(), InvalidType, Error),
        ]
    );
}

#[test]
fn response_format_json_schema_whose_schema_is_not_an_object_is_a_type_error() {
    let req = qwen(json!({"response_format": {"type": "json_schema", "json_schema": {"name": "a", "schema": "{}"}}}));
    one(req, "response_format.json_schema.schema", InvalidType, Error);
}

#[test]
fn response_format_json_schema_strict_that_is_not_a_boolean_is_a_type_error() {
    let req = qwen(json!({"response_format": {"type": "json_schema", "json_schema": {"name": "a", "strict": "yes"}}}));
    one(req, "response_format.json_schema.strict", InvalidType, Error);
}

#[test]
fn an_unknown_json_schema_field_is_a_warning_with_a_did_you_mean() {
    let req = qwen(json!({"response_format": {"type": "json_schema", "json_schema": {"name": "a", "shema": {}}}}));
    let message = one(req, "response_format.json_schema.shema", UnknownField, Warning);
    helpful(&message, &["Did you mean \"schema\"?"]);
}

#[test]
fn a_json_schema_next_to_type_json_object_is_an_unknown_field() {
    let req = qwen(json!({"response_format": {"type": "json_object", "json_schema": {"name": "a"}}}));
    one(req, "response_format.json_schema", UnknownField, Warning);
}

// ---------------------------------------------------------------------------------------------------------------
// tools and tool_choice
// ---------------------------------------------------------------------------------------------------------------

fn many_tools(count: usize) -> Value {
    Value::Array((0..count).map(|i| json!({"type": "function", "function": {"name": format!("tool_{i}")}})).collect())
}

#[test]
fn exactly_128_tools_are_fine() {
    assert_eq!(issues(qwen(json!({"tools": many_tools(128)}))), vec![]);
}

#[test]
fn more_than_128_tools_is_an_error_at_tools() {
    let message = one(qwen(json!({"tools": many_tools(129)})), "tools", TooMany, Error);
    helpful(&message, &["at most 128", "got 129"]);
}

#[test]
fn tools_that_are_not_an_array_are_a_type_error() {
    one(qwen(json!({"tools": tool("lookup")})), "tools", InvalidType, Error);
}

#[test]
fn an_empty_tools_array_is_a_warning() {
    let message = one(qwen(json!({"tools": []})), "tools", Empty, Warning);
    helpful(&message, &["empty", "remove it"]);
}

#[test]
fn a_tool_name_with_a_space_is_an_error_at_its_name() {
    let message = one(qwen(json!({"tools": [tool("get weather")]})), "tools[0].function.name", InvalidName, Error);
    helpful(&message, &["\"get weather\"", "' '", "a-z", "_ and -"]);
}

#[test]
fn a_tool_name_with_a_dot_is_an_error() {
    let message = one(qwen(json!({"tools": [tool("weather.get")]})), "tools[0].function.name", InvalidName, Error);
    helpful(&message, &["'.'"]);
}

#[test]
fn a_tool_name_with_an_accented_letter_is_an_error_naming_it() {
    let message = one(qwen(json!({"tools": [tool("météo")]})), "tools[0].function.name", InvalidName, Error);
    helpful(&message, &["\"météo\"", "'é'"]);
}

#[test]
fn a_tool_name_of_40_accented_letters_is_reported_for_its_letters_not_its_length() {
    // 40 characters (80 bytes): within the 64-character limit, but 'é' is not allowed.
    let name = "é".repeat(40);
    let message = one(qwen(json!({"tools": [tool(&name)]})), "tools[0].function.name", InvalidName, Error);
    helpful(&message, &["'é'"]);
    assert!(!message.contains("at most 64"), "a 40-character name is said to be too long: {message:?}");
}

#[test]
fn a_tool_name_of_64_characters_is_fine() {
    assert_eq!(issues(qwen(json!({"tools": [tool(&"a".repeat(64))]}))), vec![]);
}

#[test]
fn a_tool_name_longer_than_64_characters_is_an_error() {
    let message = one(qwen(json!({"tools": [tool(&"a".repeat(65))]})), "tools[0].function.name", InvalidName, Error);
    helpful(&message, &["at most 64", "has 65"]);
}

#[test]
fn an_empty_tool_name_is_an_error() {
    let message = one(qwen(json!({"tools": [tool("")]})), "tools[0].function.name", Required, Error);
    helpful(&message, &["function.name", "empty"]);
}

#[test]
fn a_tool_without_name_is_an_error() {
    let req = qwen(json!({"tools": [{"type": "function", "function": {"description": "x"}}]}));
    one(req, "tools[0].function.name", Required, Error);
}

#[test]
fn two_tools_with_the_same_name_are_a_warning_at_the_second() {
    let message =
        one(qwen(json!({"tools": [tool("lookup"), tool("lookup")]})), "tools[1].function.name", DuplicateName, Warning);
    helpful(&message, &["\"lookup\""]);
}

#[test]
fn a_tool_without_type_is_an_error() {
    let req = qwen(json!({"tools": [{"function": {"name": "lookup"}}]}));
    let message = one(req, "tools[0].type", Required, Error);
    helpful(&message, &["\"function\""]);
}

#[test]
fn a_tool_of_another_type_is_an_error() {
    let req = qwen(json!({"tools": [{"type": "retrieval", "function": {"name": "lookup"}}]}));
    let message = one(req, "tools[0].type", InvalidValue, Error);
    helpful(&message, &["\"function\"", "\"retrieval\""]);
}

#[test]
fn a_tool_without_function_is_an_error() {
    let message = one(qwen(json!({"tools": [{"type": "function"}]})), "tools[0].function", Required, Error);
    helpful(&message, &["name", "parameters"]);
}

#[test]
fn a_tool_in_the_flat_openai_responses_shape_is_reported() {
    // {"type":"function","name":...} (the Responses API shape) lacks "function".
    let req = qwen(json!({"tools": [{"type": "function", "name": "lookup"}]}));
    assert_eq!(
        issues(req),
        vec![("tools[0].name".into(), UnknownField, Warning), ("tools[0].function".into(), Required, Error)]
    );
}

#[test]
fn tool_parameters_without_type_object_are_a_warning() {
    let req = qwen(
        json!({"tools": [{"type": "function", "function": {"name": "lookup", "parameters": {"properties": {}}}}]}),
    );
    let message = one(req, "tools[0].function.parameters.type", InvalidValue, Warning);
    helpful(&message, &["\"type\": \"object\""]);
}

#[test]
fn tool_parameters_that_are_not_an_object_are_a_type_error() {
    let req = qwen(json!({"tools": [{"type": "function", "function": {"name": "lookup", "parameters": "{}"}}]}));
    one(req, "tools[0].function.parameters", InvalidType, Error);
}

#[test]
fn tool_strict_that_is_not_a_boolean_is_a_type_error() {
    let req = qwen(json!({"tools": [{"type": "function", "function": {"name": "lookup", "strict": 1}}]}));
    one(req, "tools[0].function.strict", InvalidType, Error);
}

#[test]
fn an_unknown_function_field_is_a_warning_with_a_did_you_mean() {
    let req =
        qwen(json!({"tools": [{"type": "function", "function": {"name": "lookup", "paramters": {"type": "object"}}}]}));
    let message = one(req, "tools[0].function.paramters", UnknownField, Warning);
    helpful(&message, &["Did you mean \"parameters\"?"]);
}

#[test]
fn tools_sent_to_a_model_without_function_calling_are_a_warning_at_tools() {
    let message = one(with(chat(QWEN3_VL), json!({"tools": [tool("lookup")]})), "tools", ToolsUnsupported, Warning);
    helpful(&message, &[QWEN3_VL, "function calling"]);
}

#[test]
fn tools_with_enable_thinking_on_deepseek_v3_1_are_a_warning_at_enable_thinking() {
    let req = with(chat("deepseek-ai/DeepSeek-V3.1"), json!({"enable_thinking": true, "tools": [tool("lookup")]}));
    let message = one(req, "enable_thinking", ToolsUnsupported, Warning);
    helpful(&message, &["deepseek-ai/DeepSeek-V3.1", "set enable_thinking to false"]);
}

#[test]
fn tools_with_enable_thinking_on_the_pro_and_terminus_copies_of_deepseek_v3_1_are_a_warning_too() {
    for model in ["Pro/deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.1-Terminus"] {
        let req = with(chat(model), json!({"enable_thinking": true, "tools": [tool("lookup")]}));
        assert_eq!(issues(req), vec![("enable_thinking".into(), ToolsUnsupported, Warning)], "{model}");
    }
}

#[test]
fn tools_on_deepseek_v3_1_with_thinking_off_or_unset_are_fine() {
    let model = "deepseek-ai/DeepSeek-V3.1";
    assert_eq!(issues(with(chat(model), json!({"enable_thinking": false, "tools": [tool("lookup")]}))), vec![]);
    assert_eq!(issues(with(chat(model), json!({"tools": [tool("lookup")]}))), vec![]);
}

#[test]
fn the_deepseek_v3_1_tools_while_thinking_warning_is_reported_in_field_order() {
    // enable_thinking comes before thinking_budget, stop and tools in the request's documented field order.
    let req = with(
        chat("deepseek-ai/DeepSeek-V3.1"),
        json!({"enable_thinking": true, "thinking_budget": 1, "stop": 5, "tools": [tool("bad name")]}),
    );
    let found = issues(req);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_field_order(&found);
}

#[test]
fn tool_choice_auto_and_none_are_fine() {
    for mode in ["auto", "none"] {
        assert_eq!(issues(qwen(json!({"tools": [tool("lookup")], "tool_choice": mode}))), vec![]);
    }
}

#[test]
fn tool_choice_naming_an_unknown_tool_is_an_error_at_its_name() {
    let req = qwen(json!({
        "tools": [tool("lookup"), tool("search")],
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}}
    }));
    let message = one(req, "tool_choice.function.name", UnknownTool, Error);
    helpful(&message, &["\"get_weather\"", "lookup, search"]);
}

#[test]
fn tool_choice_naming_a_tool_whose_own_name_is_invalid_is_reported_once_at_the_tool() {
    // The name is wrong at the tool; tool_choice matches the tool as written, so it is not "not one of the tools".
    let req = qwen(json!({
        "tools": [tool("get weather")],
        "tool_choice": {"type": "function", "function": {"name": "get weather"}}
    }));
    assert_eq!(issues(req), vec![("tools[0].function.name".into(), InvalidName, Error)]);
}

#[test]
fn tool_choice_naming_a_known_tool_is_fine() {
    let req =
        qwen(json!({"tools": [tool("lookup")], "tool_choice": {"type": "function", "function": {"name": "lookup"}}}));
    assert_eq!(issues(req), vec![]);
}

#[test]
fn tool_choice_required_is_a_warning_that_cites_the_api_error() {
    let message =
        one(qwen(json!({"tools": [tool("lookup")], "tool_choice": "required"})), "tool_choice", InvalidValue, Warning);
    helpful(&message, &["\"required\"", "20015", "name a function"]);
}

#[test]
fn an_unknown_tool_choice_mode_is_an_error() {
    let message =
        one(qwen(json!({"tools": [tool("lookup")], "tool_choice": "any"})), "tool_choice", InvalidValue, Error);
    helpful(&message, &["\"any\"", "\"auto\"", "\"none\""]);
}

#[test]
fn tool_choice_of_the_wrong_type_is_a_type_error() {
    one(qwen(json!({"tools": [tool("lookup")], "tool_choice": true})), "tool_choice", InvalidType, Error);
}

#[test]
fn tool_choice_without_function_is_an_error() {
    let req = qwen(json!({"tools": [tool("lookup")], "tool_choice": {"type": "function"}}));
    one(req, "tool_choice.function", Required, Error);
}

#[test]
fn tool_choice_of_another_type_is_an_error() {
    let req = qwen(json!({"tools": [tool("lookup")], "tool_choice": {"type": "tool", "function": {"name": "lookup"}}}));
    let message = one(req, "tool_choice.type", InvalidValue, Error);
    helpful(&message, &["\"function\"", "\"tool\""]);
}

#[test]
fn tool_choice_without_tools_is_a_warning() {
    let message = one(qwen(json!({"tool_choice": "auto"})), "tool_choice", UnknownTool, Warning);
    helpful(&message, &["no tools"]);
}

#[test]
fn tool_choice_none_without_tools_is_fine() {
    assert_eq!(issues(qwen(json!({"tool_choice": "none"}))), vec![]);
}

// ---------------------------------------------------------------------------------------------------------------
// prefix, suffix, ignored and unknown fields
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn prefix_and_suffix_that_are_not_strings_are_type_errors() {
    assert_eq!(
        issues(qwen(json!({"prefix": 1, "suffix": ["}"]}))),
        vec![("prefix".into(), InvalidType, Error), ("suffix".into(), InvalidType, Error)]
    );
}

#[test]
fn fields_siliconflow_ignores_are_warnings_one_each() {
    let req =
        qwen(json!({"seed": 42, "user": "u-1", "presence_penalty": 0.5, "stream_options": {"include_usage": true}}));
    let found = validate(&req);
    let mut paths: Vec<&str> = found.iter().map(|i| i.path.as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["presence_penalty", "seed", "stream_options", "user"]);
    for issue in &found {
        assert_eq!((issue.code, issue.severity), (IgnoredField, Warning), "{issue:?}");
        helpful(&issue.message, &[issue.path.as_str(), "ignores"]);
    }
}

#[test]
fn an_unknown_field_is_a_warning_with_a_did_you_mean() {
    let message = one(qwen(json!({"max_token": 100})), "max_token", UnknownField, Warning);
    helpful(&message, &["\"max_token\"", "sent as is", "Did you mean \"max_tokens\"?"]);
}

#[test]
fn a_misspelt_temperature_gets_a_did_you_mean() {
    let message = one(qwen(json!({"temprature": 0.5})), "temprature", UnknownField, Warning);
    helpful(&message, &["Did you mean \"temperature\"?"]);
}

#[test]
fn an_unknown_field_unlike_any_known_one_is_a_warning_without_a_suggestion() {
    let message = one(qwen(json!({"banana": true})), "banana", UnknownField, Warning);
    assert!(!message.contains("Did you mean"), "{message}");
}

#[test]
fn an_unknown_field_whose_name_is_not_an_identifier_is_quoted_in_the_path() {
    one(qwen(json!({"max tokens": 100})), "[\"max tokens\"]", UnknownField, Warning);
}

// ---------------------------------------------------------------------------------------------------------------
// All at once
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_request_with_many_problems_reports_all_of_them_at_once_in_field_order() {
    let req = json!({
        "model": DEEPSEEK_V3,
        "messages": [
            {"role": "user", "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64"}}
            ]},
            {"role": "assistant", "content": []},
            {"role": "tool", "content": "42"},
            {"role": "user", "content": "Thanks"}
        ],
        "stream": "yes",
        "max_tokens": 1.5,
        "enable_thinking": true,
        "thinking_budget": 50,
        "min_p": 2,
        "stop": ["a", "b", "c", "d", "e"],
        "n": 0,
        "tools": [tool("lookup"), tool("get weather")],
        "tool_choice": {"type": "function", "function": {"name": "nope"}},
        "max_tokenz": 5
    });
    let expected: Vec<(String, IssueCode, Severity)> = [
        ("messages[0].content[1].image_url.url", InvalidDataUrl, Error),
        ("messages[0].content[1]", MediaUnsupported, Warning),
        ("messages[1].content", Empty, Error),
        ("messages[2].tool_call_id", Required, Error),
        ("stream", InvalidType, Error),
        ("max_tokens", NotInteger, Error),
        ("enable_thinking", ThinkingUnsupported, Warning),
        ("thinking_budget", OutOfRange, Error),
        // Out of range is the one problem worth reporting; "Qwen3 only" waits until the value is valid.
        ("min_p", OutOfRange, Error),
        ("stop", TooMany, Error),
        ("n", OutOfRange, Error),
        ("tools[1].function.name", InvalidName, Error),
        ("tool_choice.function.name", UnknownTool, Error),
        ("max_tokenz", UnknownField, Warning),
    ]
    .into_iter()
    .map(|(p, c, s)| (p.to_string(), c, s))
    .collect();
    let found = issues(req.clone());
    assert_eq!(found, expected);
    assert_field_order(&found);
    for issue in validate(&req) {
        helpful(&issue.message, &[]);
    }
}

#[test]
fn missing_model_empty_messages_and_bad_options_are_all_reported_together() {
    let req = json!({"messages": [], "max_tokens": 0, "thinking_budget": 40000, "n": -1, "stop": {}});
    assert_eq!(
        issues(req),
        vec![
            ("model".into(), Required, Error),
            ("messages".into(), Empty, Error),
            ("max_tokens".into(), OutOfRange, Error),
            ("thinking_budget".into(), OutOfRange, Error),
            ("stop".into(), InvalidType, Error),
            ("n".into(), OutOfRange, Error),
        ]
    );
}

#[test]
fn every_message_is_checked_not_just_the_first_bad_one() {
    let req = conversation(
        GLM_VISION,
        json!([
            {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "ftp://a"}}]},
            {"role": "assistant", "content": "Hm"},
            {"role": "user",
             "content": [{"type": "image_url", "image_url": {"url": "https://e.com/a.png", "detail": "max"}}]},
            {"role": "assistant", "content": "Hm"},
            {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,A"}}]}
        ]),
    );
    assert_eq!(
        issues(req),
        vec![
            ("messages[0].content[0].image_url.url".into(), InvalidUrl, Error),
            ("messages[2].content[0].image_url.detail".into(), InvalidValue, Error),
            ("messages[4].content[0].image_url.url".into(), InvalidDataUrl, Error),
        ]
    );
}

#[test]
fn issues_serialize_with_snake_case_codes_and_lowercase_severities() {
    let issue = only(qwen(json!({"thinking_budget": 100})));
    let value = serde_json::to_value(&issue).unwrap();
    assert_eq!(value["path"], "thinking_budget");
    assert_eq!(value["code"], "out_of_range");
    assert_eq!(value["severity"], "error");
    assert!(value["message"].as_str().unwrap().contains("128"));
    let warning = only(chat("nope/model"));
    let value = serde_json::to_value(&warning).unwrap();
    assert_eq!((value["code"].as_str(), value["severity"].as_str()), (Some("unknown_model"), Some("warning")));
}

// ---------------------------------------------------------------------------------------------------------------
// build_request and the wire types
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn build_request_returns_a_valid_rich_request_unchanged() {
    let req = rich_request();
    assert_eq!(build_request(&req), Ok(req));
}

#[test]
fn build_request_drops_null_options() {
    let req = qwen(json!({"temperature": null, "stop": null, "tools": null, "tool_choice": null, "max_tokens": 100}));
    let body = build_request(&req).unwrap();
    assert_eq!(body, qwen(json!({"max_tokens": 100})));
    let text = serde_json::to_string(&body).unwrap();
    assert!(!text.contains("null"), "{text}");
}

#[test]
fn build_request_drops_null_options_inside_parts_tools_and_response_format() {
    // A form leaves optional nested fields null (or undefined, which becomes null); unset options are not sent.
    let req = json!({
        "model": GLM_VISION,
        "messages": [{"role": "user", "name": null, "content": [
            {"type": "text", "text": "What is this?"},
            {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": null}}
        ]}],
        "response_format": {"type": "json_schema",
                            "json_schema": {"name": "a", "description": null, "schema": null, "strict": null}},
        "tools": [{"type": "function",
                   "function": {"name": "lookup", "description": null, "parameters": null, "strict": null}}]
    });
    assert_eq!(issues(req.clone()), vec![]);
    let body = build_request(&req).unwrap();
    let expected = json!({
        "model": GLM_VISION,
        "messages": [{"role": "user", "content": [
            {"type": "text", "text": "What is this?"},
            {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
        ]}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "a"}},
        "tools": [{"type": "function", "function": {"name": "lookup"}}]
    });
    assert_eq!(body, expected);
}

#[test]
fn build_request_keeps_nulls_inside_messages() {
    let req = tool_round_trip(call(json!("{}")), json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID}));
    let body = build_request(&req).unwrap();
    assert_eq!(body["messages"][1]["content"], Value::Null);
    assert_eq!(body, req);
}

#[test]
fn build_request_writes_4096_point_0_as_4096() {
    let req = qwen(json!({"max_tokens": 4096.0, "thinking_budget": 1024.0, "n": 1.0, "top_k": 50.0}));
    let body = build_request(&req).unwrap();
    assert_eq!(body, qwen(json!({"max_tokens": 4096, "thinking_budget": 1024, "n": 1, "top_k": 50})));
    let text = serde_json::to_string(&body).unwrap();
    assert!(text.contains("\"max_tokens\":4096,") || text.contains("\"max_tokens\":4096}"), "{text}");
    assert!(!text.contains(".0"), "{text}");
}

#[test]
fn build_request_leaves_real_fractions_alone_and_writes_numbers_as_javascript_does() {
    let req = qwen(json!({"temperature": 0.7, "top_p": 1.0, "min_p": 0.05}));
    assert_eq!(build_request(&req).unwrap(), qwen(json!({"temperature": 0.7, "top_p": 1, "min_p": 0.05})));
}

#[test]
fn build_request_keeps_unknown_and_extra_fields_untouched() {
    let extra = json!({
        "seed": 42,
        "user": "user-1234",
        "stream_options": {"include_usage": true},
        "presence_penalty": 0.25,
        "x_custom": {"nested": [1, 2.5, null, {"deep": "yes"}], "flag": false}
    });
    let req = qwen(extra.clone());
    let body = build_request(&req).expect("only warnings");
    for (key, value) in extra.as_object().unwrap() {
        assert_eq!(&body[key], value, "{key}");
    }
    assert_eq!(body, req);
}

#[test]
fn build_request_fails_with_every_issue_when_any_is_an_error() {
    let req = with(chat("acme/unknown"), json!({"thinking_budget": 1, "seed": 1, "stop": ["a", "b", "c", "d", "e"]}));
    let err = build_request(&req).unwrap_err();
    assert_eq!(err, validate(&req));
    let found: Vec<(&str, IssueCode, Severity)> = err.iter().map(|i| (i.path.as_str(), i.code, i.severity)).collect();
    assert_eq!(
        found,
        [
            ("model", UnknownModel, Warning),
            ("thinking_budget", OutOfRange, Error),
            ("stop", TooMany, Error),
            ("seed", IgnoredField, Warning)
        ]
    );
}

#[test]
fn build_request_succeeds_when_there_are_only_warnings() {
    let req = with(chat("acme/unknown"), json!({"seed": 7, "temperature": 2.5, "banana": 1}));
    assert!(validate(&req).iter().all(|i| i.severity == Warning) && !validate(&req).is_empty());
    assert_eq!(build_request(&req), Ok(req));
}

#[test]
fn build_request_of_a_non_object_fails() {
    let err = build_request(&json!("hello")).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!((err[0].path.as_str(), err[0].code, err[0].severity), ("", InvalidType, Error));
}

#[test]
fn the_built_rich_request_round_trips_through_the_wire_types() {
    assert_wire_round_trip(&build_request(&rich_request()).unwrap());
}

#[test]
fn the_built_qwen3_options_request_round_trips_through_the_wire_types() {
    assert_wire_round_trip(&build_request(&qwen3_options_request()).unwrap());
}

#[test]
fn the_built_deepseek_v4_request_round_trips_through_the_wire_types() {
    assert_wire_round_trip(&build_request(&deepseek_v4_request()).unwrap());
}

#[test]
fn the_built_image_video_and_audio_request_round_trips_through_the_wire_types() {
    assert_wire_round_trip(&build_request(&omni_request()).unwrap());
}

#[test]
fn a_built_request_with_extra_fields_round_trips_through_the_wire_types() {
    let req = qwen(json!({"seed": 42, "user": "u", "stream_options": {"include_usage": true}, "x_custom": [1, "a"]}));
    assert_wire_round_trip(&build_request(&req).unwrap());
}

#[test]
fn a_built_request_with_whole_number_floats_round_trips_through_the_wire_types() {
    let req = qwen(json!({"max_tokens": 4096.0, "thinking_budget": 1024.0, "n": 2.0}));
    assert_wire_round_trip(&build_request(&req).unwrap());
}

#[test]
fn a_built_tool_round_trip_conversation_round_trips_through_the_wire_types() {
    let req = tool_round_trip(
        json!({"id": CALL_ID, "type": "function", "index": 0,
               "function": {"name": "get_weather", "arguments": "{\"q\":\"Paris\"}"}}),
        json!({"role": "tool", "content": "18", "tool_call_id": CALL_ID}),
    );
    assert_wire_round_trip(&build_request(&req).unwrap());
}
