//! Tests of the `#[wasm_bindgen]` exports with real JS values, shared by the Node and the Chromium test binaries
//! so both runtimes run exactly the same checks.

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use siliconflow_wasm::wasm::{build_request, validate_request, Client, JsSseParser};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn text(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

/// `[{path, code, severity}]` of a validateRequest result, as one string.
fn issue_list(issues: &JsValue) -> Vec<String> {
    Array::from(issues)
        .iter()
        .map(|i| {
            format!("{} {} {}", text(&i, "path").unwrap(), text(&i, "code").unwrap(), text(&i, "severity").unwrap())
        })
        .collect()
}

const VALID: &str = r#"{"model":"Qwen/Qwen3-8B","messages":[{"role":"user","content":"hi"}]}"#;

/// What the package's glue does as it loads the module, and the test harness does not: the JS engine writes the
/// core's numbers.
fn loaded() {
    siliconflow_wasm::wasm::start();
}

#[wasm_bindgen_test]
fn validate_request_returns_an_empty_array_for_a_valid_request() {
    loaded();
    let issues = validate_request(js(VALID));
    assert!(Array::is_array(&issues));
    assert_eq!(Array::from(&issues).length(), 0);
}

#[wasm_bindgen_test]
fn validate_request_reports_every_issue_as_plain_objects() {
    loaded();
    let request =
        js(r#"{"model":"Qwen/Qwen3-8B","messages":[{"role":"user","content":[]}],"thinking_budget":50,"min_p":2}"#);
    let issues = validate_request(request);
    assert_eq!(
        issue_list(&issues),
        ["messages[0].content empty error", "thinking_budget out_of_range error", "min_p out_of_range error"]
    );
    let first = Array::from(&issues).get(0);
    assert_eq!(Object::keys(first.unchecked_ref::<Object>()).length(), 4, "{{path, code, message, severity}}");
    assert!(text(&first, "message").unwrap().contains("empty"));
}

#[wasm_bindgen_test]
fn values_json_cannot_hold_are_issues_at_their_path_not_silent_nulls() {
    loaded();
    let request = js(VALID);
    Reflect::set(&request, &"temperature".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    Reflect::set(&request, &"top_p".into(), &JsValue::from_f64(f64::INFINITY)).unwrap();
    let issues = validate_request(request);
    assert_eq!(issue_list(&issues), ["temperature invalid_type error", "top_p invalid_type error"]);
    assert!(text(&Array::from(&issues).get(0), "message").unwrap().contains("NaN"));
}

#[wasm_bindgen_test]
fn undefined_options_are_not_set() {
    loaded();
    let request = js(VALID);
    Reflect::set(&request, &"max_tokens".into(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(Array::from(&validate_request(request.clone())).length(), 0);
    let body = build_request(request).unwrap();
    assert!(!Reflect::has(&body, &"max_tokens".into()).unwrap());
}

#[wasm_bindgen_test]
/// The body keeps the caller's member order, without the unset options.
fn build_request_returns_the_body_to_send() {
    let request = js(concat!(
        r#"{"model":"Qwen/Qwen3-8B","messages":[{"role":"user","content":"hi"}],"#,
        r#""stop":null,"max_tokens":4096,"seed":7}"#
    ));
    let body = build_request(request).unwrap();
    assert_eq!(
        stringify(&body),
        r#"{"model":"Qwen/Qwen3-8B","messages":[{"role":"user","content":"hi"}],"max_tokens":4096,"seed":7}"#
    );
}

#[wasm_bindgen_test]
fn build_request_throws_a_validation_error_with_every_issue() {
    loaded();
    let error = build_request(js(r#"{"model":"","messages":[],"n":0}"#)).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&error, "name").as_deref(), Some("ValidationError"));
    let message = text(&error, "message").unwrap();
    assert!(message.starts_with("invalid request: model must not be empty"), "{message}");
    assert!(message.ends_with("(and 2 more errors)"), "{message}");
    assert_eq!(
        issue_list(&get(&error, "issues")),
        ["model required error", "messages empty error", "n out_of_range error"]
    );
}

#[wasm_bindgen_test]
fn build_request_does_not_throw_for_warnings_only() {
    loaded();
    let request = js(r#"{"model":"someone/new-model","messages":[{"role":"user","content":"hi"}]}"#);
    assert_eq!(issue_list(&validate_request(request.clone())), ["model unknown_model warning"]);
    assert_eq!(text(&build_request(request).unwrap(), "model").as_deref(), Some("someone/new-model"));
}

fn parser(options: &str) -> JsSseParser {
    JsSseParser::new(if options.is_empty() { JsValue::UNDEFINED } else { js(options) }).unwrap()
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

#[wasm_bindgen_test]
fn sse_parser_keeps_a_character_split_across_reads_intact() {
    loaded();
    let mut p = parser("");
    let whole = "data: 你好\n\n".as_bytes();
    let mut events = Vec::new();
    for b in whole {
        events.extend(p.push(bytes(&[*b])).unwrap().iter());
    }
    assert_eq!(events.len(), 1);
    assert_eq!(stringify(&events[0]), r#"{"data":"你好"}"#);
}

#[wasm_bindgen_test]
fn sse_parser_accepts_strings_typed_arrays_and_array_buffers() {
    loaded();
    let mut p = parser("");
    assert_eq!(p.push("data: a\r".into()).unwrap().length(), 0);
    let events = p.push(bytes(b"\n\r\n")).unwrap();
    assert_eq!(stringify(&events), r#"[{"data":"a"}]"#);
    let buffer = Uint8Array::from(&b"data: b\n\n"[..]).buffer();
    assert_eq!(stringify(&p.push(buffer.into()).unwrap()), r#"[{"data":"b"}]"#);
    let view = js_sys::DataView::new(&Uint8Array::from(&b"xxdata: c\n\n"[..]).buffer(), 2, 9);
    assert_eq!(stringify(&p.push(view.into()).unwrap()), r#"[{"data":"c"}]"#);
}

#[wasm_bindgen_test]
fn sse_parser_reports_event_id_and_retry_with_whatwg_semantics() {
    loaded();
    let mut p = parser("");
    let events = p.push("data: a\n\nevent: add\nid: 7\nretry: 1500\ndata: b\n\nevent:\ndata: c\n\n".into()).unwrap();
    assert_eq!(
        stringify(&events),
        r#"[{"data":"a"},{"data":"b","event":"add","id":"7","retry":1500},{"data":"c","id":"7","retry":1500}]"#
    );
    assert!(get(&events.get(0), "event").is_undefined());
    assert_eq!(p.last_event_id().as_string().as_deref(), Some("7"));
    assert_eq!(p.reconnection_time().as_f64(), Some(1500.0));
}

#[wasm_bindgen_test]
fn sse_parser_finish_drops_an_unterminated_event_unless_asked() {
    loaded();
    let mut strict = parser("");
    strict.push("data: cut".into()).unwrap();
    assert_eq!(strict.finish().unwrap().length(), 0);
    let mut lenient = parser(r#"{"dispatchUnterminated":true}"#);
    lenient.push("data: cut".into()).unwrap();
    assert_eq!(stringify(&lenient.finish().unwrap()), r#"[{"data":"cut"}]"#);
}

#[wasm_bindgen_test]
fn sse_parser_overflow_is_a_stream_error() {
    loaded();
    let mut p = parser(r#"{"maxBufferSize":8}"#);
    let error = p.push("data: far too long".into()).unwrap_err();
    assert_eq!(text(&error, "name").as_deref(), Some("StreamError"));
    assert_eq!(text(&error, "code").as_deref(), Some("sse_buffer_overflow"));
    assert!(text(&error, "message").unwrap().contains("maxBufferSize (8 bytes)"));
}

#[wasm_bindgen_test]
fn sse_parser_rejects_bad_options_and_chunks_with_type_errors() {
    loaded();
    for options in [
        r#"{"maxBufferSize":0}"#,
        r#"{"maxBufferSize":1.5}"#,
        r#"{"maxBufferSize":"big"}"#,
        r#"{"dispatchUnterminated":1}"#,
    ] {
        let error = JsSseParser::new(js(options)).err().expect(options);
        assert!(error.is_instance_of::<js_sys::TypeError>(), "{options}");
    }
    let error = parser("").push(JsValue::from_f64(42.0)).unwrap_err();
    assert!(error.is_instance_of::<js_sys::TypeError>());
    assert!(text(&error, "message").unwrap().contains("Uint8Array or a string"));
}

#[wasm_bindgen_test]
fn sse_parser_slices_many_events_of_one_read_exactly_whatever_their_characters() {
    loaded();
    let mut p = parser("");
    let texts = ["plain", "你好，世界", "", "😀 astral 🚀", "é\u{0}x", "{\"k\":\"v\"}"];
    let stream: String = texts.iter().map(|t| format!("data: {t}\n\n")).collect();
    let events = p.push(bytes(stream.as_bytes())).unwrap();
    let got: Vec<String> = events.iter().map(|e| text(&e, "data").unwrap()).collect();
    assert_eq!(got, texts);
    // The same with one event carrying an id: the members of the others stay absent.
    let events = p.push("data: a\n\nid: 9\ndata: 😀\n\ndata: c\n\n".into()).unwrap();
    assert_eq!(stringify(&events), r#"[{"data":"a"},{"data":"😀","id":"9"},{"data":"c","id":"9"}]"#);
}

#[wasm_bindgen_test]
fn sse_parser_keeps_a_leading_byte_order_mark_inside_data() {
    loaded();
    // U+FEFF inside data is text: a decoder that dropped it would shift every event after it.
    let mut p = parser("");
    assert_eq!(stringify(&p.push("data: a\n\n".into()).unwrap()), r#"[{"data":"a"}]"#);
    let events = p.push("data: \u{feff}b\n\ndata: c\n\n".into()).unwrap();
    let got: Vec<String> = events.iter().map(|e| text(&e, "data").unwrap()).collect();
    assert_eq!(got, ["\u{feff}b", "c"]);
    let single = p.push("data: \u{feff}d\n\n".into()).unwrap();
    assert_eq!(text(&single.get(0), "data").as_deref(), Some("\u{feff}d"));
}

#[wasm_bindgen_test]
fn sse_parser_overflow_error_carries_the_events_completed_before_it() {
    loaded();
    let mut p = parser(r#"{"maxBufferSize":10}"#);
    let error = p.push("data: a\n\ndata: 0123456789abc\n".into()).unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("sse_buffer_overflow"));
    assert_eq!(stringify(&get(&error, "events")), r#"[{"data":"a"}]"#);
}

#[wasm_bindgen_test]
fn a_circular_request_is_an_issue_not_a_stack_overflow() {
    loaded();
    let request = js(VALID);
    let inner = Object::new();
    Reflect::set(&inner, &"self".into(), &inner).unwrap();
    Reflect::set(&request, &"extra".into(), &inner).unwrap();
    let issues = Array::from(&validate_request(request));
    let first = issues.iter().find(|i| text(i, "code").as_deref() == Some("invalid_type")).expect("an issue");
    assert!(text(&first, "path").unwrap().starts_with("extra.self.self"));
    assert!(text(&first, "message").unwrap().contains("circular"));
}

/// The size of the module's memory (it only grows).
fn wasm_memory() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length()
}

/// Objects kept alive after handling a `long` answer each have not grown the memory since `before`: kept buffers
/// would be at least twice the answer each (ten times for five); the allocator may take one step.
#[track_caller]
fn assert_no_growth_since(before: u32, long: usize, what: &str) {
    let grown = wasm_memory() - before;
    assert!(grown < 2 * long as u32, "{what} grew the wasm memory by {grown} bytes");
}

#[wasm_bindgen_test]
async fn a_finished_stream_keeps_no_wasm_memory_however_long_js_keeps_it() {
    loaded();
    // JS frees a stream object only when its garbage collector gets to it, and it cannot see the wasm memory the
    // object holds: streams kept alive must not keep their buffers (several times a long answer's size).
    const LONG: usize = 2 << 20;
    let sse = format!(
        "data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{}\"}},\"finish_reason\":\"stop\"}}]}}\n\n\
         data: [DONE]\n\n",
        "x".repeat(LONG)
    );
    let make_fetch = js_sys::Function::new_with_args(
        "body",
        "return async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })",
    );
    let fetch = make_fetch.call1(&JsValue::NULL, &sse.into()).unwrap();
    let options = js(r#"{"apiKey":"sk-test","maxRetries":0}"#);
    Reflect::set(&options, &"fetch".into(), &fetch).unwrap();
    let completions = Client::new(options).unwrap().chat().completions();
    let (mut kept, mut after_first) = (Vec::new(), 0);
    for i in 0..6 {
        let request =
            js(r#"{"model":"Qwen/Qwen3-8B","messages":[{"role":"user","content":"Long, please."}],"stream":true}"#);
        let stream = JsFuture::from(completions.create(request, JsValue::UNDEFINED)).await.unwrap();
        let final_completion: js_sys::Function = get(&stream, "finalChatCompletion").unchecked_into();
        let completion = JsFuture::from(final_completion.call0(&stream).unwrap().unchecked_into::<js_sys::Promise>());
        let completion = completion.await.unwrap();
        let message = get(&get(&completion, "choices").unchecked_into::<Array>().get(0), "message");
        assert_eq!(text(&message, "content").map(|c| c.len()), Some(LONG));
        assert_eq!(get(&stream, "complete").as_bool(), Some(true));
        kept.push(stream);
        if i == 0 {
            after_first = wasm_memory();
        }
    }
    assert_no_growth_since(after_first, LONG, "five more finished streams, kept alive");
}

#[wasm_bindgen_test]
fn a_finished_sse_parser_keeps_no_wasm_memory_however_long_js_keeps_it() {
    loaded();
    const LONG: usize = 2 << 20;
    let (mut kept, mut after_first) = (Vec::new(), 0);
    for i in 0..6 {
        let mut p = parser("{}");
        let events = p.push(bytes(format!("data: {}\n", "x".repeat(LONG)).as_bytes())).unwrap();
        assert_eq!(events.length(), 0);
        let events = p.push("\n".into()).unwrap();
        assert_eq!(text(&events.get(0), "data").map(|d| d.len()), Some(LONG));
        p.finish().unwrap();
        kept.push(p);
        if i == 0 {
            after_first = wasm_memory();
        }
    }
    assert_no_growth_since(after_first, LONG, "five more finished parsers, kept alive");
}
