//! The chat runtime's wasm part, for its JavaScript (pkg/runtime.js): a stream's bytes read into chunks and what
//! each did to the completion (for its events and its live snapshot), partial JSON as it streams, values checked
//! against a schema, what the tool runner does after each answer, the messages as sent to a model, the repair
//! turn of a structured output. Each converts values and asks the core (`stream`, `chat`, `schema`,
//! `json::partial`).

use js_sys::{Array, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;

use super::convert::{to_js, value};
use super::errors::ClientError;
use super::glue::parse_batch;
use crate::chat::{messages, repair, tools};
use crate::json::{PartialJson, Value};
use crate::schema;
use crate::stream::{ChatStream, EventLog, StreamError};

/// A chat stream's bytes, read into records of what each chunk did to the completion and the values they name
/// (`stream::events`), one read at a time.
#[wasm_bindgen(js_name = EventStream)]
pub struct JsEventStream {
    core: ChatStream,
    log: EventLog,
    /// The read's chunk texts, when they are not among its values: for a `chunk` listener added while the read's
    /// records are applied, who hears the rest of its chunks (`chunk`).
    texts: String,
    ends: Vec<usize>,
}

#[wasm_bindgen(js_class = EventStream)]
impl JsEventStream {
    /// `maxBufferSize`: the longest line or event accepted, in bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(max_buffer_size: f64) -> JsEventStream {
        let max = if max_buffer_size >= 1.0 { max_buffer_size.min(usize::MAX as f64) as usize } else { usize::MAX };
        JsEventStream { core: ChatStream::new(max), log: EventLog::new(), texts: String::new(), ends: Vec::new() }
    }

    /// Whether the chunks themselves are among the values (someone wants `chunk` events): parsing them costs
    /// far more than parsing the deltas alone.
    #[wasm_bindgen(setter)]
    pub fn set_chunks(&mut self, chunks: bool) {
        self.log.chunks = chunks;
    }

    /// What a read did: `[values, records]` (the values the records name), or `undefined` when it completed
    /// nothing. Throws a StreamError (with the completion so far as `partial`) when what arrived is not a chat
    /// stream; nothing after `[DONE]` counts.
    pub fn push(&mut self, bytes: &[u8]) -> Result<JsValue, JsValue> {
        self.clear();
        let (texts, ends, keep) = (&mut self.texts, &mut self.ends, !self.log.chunks);
        let pushed = self.core.push_logged(bytes, |json| keep_text(keep, texts, ends, json), &mut self.log);
        let events = self.events()?;
        pushed.map_err(|e| self.error(&e))?;
        Ok(events.map_or(JsValue::UNDEFINED, JsValue::from))
    }

    /// `[DONE]` has arrived: the completion is whole.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.core.is_done()
    }

    /// The end of the stream: `[values, records, completion, complete]` (`complete`: `[DONE]` and every
    /// finish_reason arrived). Throws like `push`.
    pub fn finish(&mut self) -> Result<Array, JsValue> {
        self.clear();
        let (texts, ends, keep) = (&mut self.texts, &mut self.ends, !self.log.chunks);
        let end = self.core.finish_logged(|json| keep_text(keep, texts, ends, json), &mut self.log);
        let events = self.events()?.unwrap_or_else(|| Array::of2(&Array::new(), &Uint32Array::new_with_length(0)));
        let accumulated = end.map_err(|e| self.error(&e))?;
        events.push(&to_js(&accumulated.completion));
        events.push(&JsValue::from_bool(accumulated.is_complete()));
        Ok(events)
    }

    /// The chunk at place `at` among the last read's (a CHUNK record's `b`), parsed: for a `chunk` listener added
    /// while that read's records were applied. `undefined` when the chunks were among the values.
    pub fn chunk(&self, at: u32) -> Result<JsValue, JsValue> {
        let at = at as usize;
        let Some(&end) = self.ends.get(at) else { return Ok(JsValue::UNDEFINED) };
        let start = if at == 0 { 0 } else { self.ends[at - 1] };
        super::glue::json_parse(&self.texts.as_bytes()[start..end])
    }

    /// The completion so far (for an error that ends the stream from outside: an abort, a timeout, a lost
    /// connection).
    pub fn snapshot(&self) -> JsValue {
        to_js(&self.core.snapshot().completion)
    }
}

/// Keeps a chunk's text (`keep`: the chunks are not among the values).
fn keep_text(keep: bool, texts: &mut String, ends: &mut Vec<usize>, json: &str) {
    if keep {
        texts.push_str(json);
        ends.push(texts.len());
    }
}

impl JsEventStream {
    fn clear(&mut self) {
        self.log.clear();
        self.texts.clear();
        self.ends.clear();
    }

    /// The read's values parsed, with its records.
    fn events(&mut self) -> Result<Option<Array>, JsValue> {
        if self.log.is_empty() {
            return Ok(None);
        }
        let values = parse_batch(&mut self.log.values).map_err(|_| {
            let error = ClientError::Stream {
                code: "malformed_chunk",
                message: "a chunk, or a value in it, could not be read as JSON".into(),
                retryable: false,
                body: None,
            };
            error.to_js(None, Some(&self.snapshot()), None)
        })?;
        let records = Uint32Array::from(&self.log.ops[..]);
        Ok(Some(Array::of2(&values, &records)))
    }

    fn error(&self, error: &StreamError) -> JsValue {
        let partial = to_js(&error.partial.completion);
        ClientError::from_stream(error).to_js(None, Some(&partial), None)
    }
}

/// An unfinished JSON text's best-effort value, as operations a builder applies (`json::partial`).
#[wasm_bindgen(js_name = PartialJson)]
pub struct JsPartialJson {
    parser: PartialJson,
    ops: String,
}

#[wasm_bindgen(js_class = PartialJson)]
impl JsPartialJson {
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsPartialJson {
        JsPartialJson { parser: PartialJson::new(), ops: String::new() }
    }

    /// The operations the next piece of text implies, as the elements of a JSON array ("" for none).
    pub fn push(&mut self, text: &str) -> String {
        self.ops.clear();
        self.parser.push(text, &mut self.ops);
        std::mem::take(&mut self.ops)
    }

    /// The last operations, or the reason the text is not one JSON value (thrown as a string).
    pub fn finish(&mut self) -> Result<String, JsValue> {
        self.ops.clear();
        match self.parser.finish(&mut self.ops) {
            Ok(()) => Ok(std::mem::take(&mut self.ops)),
            Err(error) => Err(JsValue::from_str(&error.message())),
        }
    }
}

impl Default for JsPartialJson {
    fn default() -> Self {
        Self::new()
    }
}

/// `checkValue(value, schema)`: every issue of a value against a JSON Schema of the subset (`[]` when it conforms).
#[wasm_bindgen(js_name = checkValue)]
pub fn check_value(value_: JsValue, schema_: JsValue) -> JsValue {
    to_js(&schema::check_value(&value(&value_), &value(&schema_)))
}

/// `planTools(calls, tools)`: for each call `{id, name, arguments, error}` (arguments parsed, or why they could
/// not be), `{id, run: true, name, arguments}` or `{id, run: false, content, issues}`; `tools` are `{name,
/// parameters}`.
#[wasm_bindgen(js_name = planTools)]
pub fn plan_tools(calls: JsValue, tools_: JsValue) -> Array {
    let (calls_value, tools_value) = (value(&calls), value(&tools_));
    let specs: Vec<tools::ToolSpec> = tools_value
        .as_array()
        .unwrap_or_default()
        .iter()
        .map(|t| tools::ToolSpec {
            name: t.get("name").and_then(Value::as_str).unwrap_or_default(),
            parameters: t.get("parameters").filter(|p| !p.is_null()),
        })
        .collect();
    let calls_list = js_sys::Array::from(&calls);
    let planned: Vec<tools::Call> = calls_value
        .as_array()
        .unwrap_or_default()
        .iter()
        .zip(calls_list.iter())
        .map(|(call, js)| tools::Call {
            id: call.get("id").and_then(Value::as_str).unwrap_or_default(),
            name: call.get("name").and_then(Value::as_str).unwrap_or_default(),
            arguments: match call.get("error").and_then(Value::as_str) {
                Some(why) => Err(why.to_string()),
                // The arguments as JS parsed them (their numbers are JS numbers).
                None => Ok(Reflect::get(&js, &"arguments".into()).map(|a| value(&a)).unwrap_or(Value::Null)),
            },
        })
        .collect();
    let out = Array::new();
    for step in tools::plan(planned, &specs) {
        let step = match step {
            tools::Step::Run { id, name, arguments } => to_js(&Plan {
                id: &id,
                run: true,
                name: Some(&name),
                arguments: Some(&arguments),
                content: None,
                issues: None,
            }),
            tools::Step::Reply { id, content, issues } => to_js(&Plan {
                id: &id,
                run: false,
                name: None,
                arguments: None,
                content: Some(&content),
                issues: Some(&issues),
            }),
        };
        out.push(&step);
    }
    out
}

#[derive(serde::Serialize)]
struct Plan<'a> {
    id: &'a str,
    run: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    arguments: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<&'a [crate::issue::Issue]>,
}

/// `nextStep(calls, steps, maxSteps)`: "done", "run" or "out_of_steps" (`chat::tools::next`).
#[wasm_bindgen(js_name = nextStep)]
pub fn next_step(calls: u32, steps: u32, max_steps: u32) -> String {
    match tools::next(calls as usize, steps, max_steps) {
        tools::Next::Done => "done",
        tools::Next::RunTools => "run",
        tools::Next::OutOfSteps => "out_of_steps",
    }
    .into()
}

/// `toolFailure(name, message)`: the tool message telling the model its function failed.
#[wasm_bindgen(js_name = toolFailure)]
pub fn tool_failure(name: &str, message: &str) -> String {
    tools::failure_message(name, message)
}

/// `messagesFor(messages, model)`: the messages as sent to `model` (reasoning carried back only where it needs it).
#[wasm_bindgen(js_name = messagesFor)]
pub fn messages_for(list: JsValue, model: &str) -> JsValue {
    let list = value(&list);
    to_js(&messages::for_request(list.as_array().unwrap_or_default(), crate::catalog::find(model)))
}

/// `repairMessage(issues, notJson)`: the user turn asking for an answer that matches the schema.
#[wasm_bindgen(js_name = repairMessage)]
pub fn repair_message(issues: JsValue, not_json: Option<String>) -> String {
    let issues = value(&issues);
    let list: Vec<crate::issue::Issue> = issues
        .as_array()
        .unwrap_or_default()
        .iter()
        .map(|i| crate::issue::Issue {
            path: i.get("path").and_then(Value::as_str).unwrap_or_default().into(),
            code: crate::issue::IssueCode::InvalidValue,
            message: i.get("message").and_then(Value::as_str).unwrap_or_default().into(),
            severity: crate::issue::Severity::Error,
        })
        .collect();
    repair::repair_message(&list, not_json.as_deref())
}
