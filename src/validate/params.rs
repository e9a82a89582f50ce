//! The top level of the request: model, options, and how they fit the model.

use crate::json::{Map, Value};

use super::checker::{Checker, UNBOUNDED};
use super::issue::IssueCode;
use super::path::Path;
use super::{messages, tools};
use crate::catalog::{self, Thinking};
use crate::number::Num;

/// Fields the API documents, then the fields of other OpenAI-compatible APIs that SiliconFlow accepts and
/// ignores (from `seed` on).
const KNOWN: &[&str] = &[
    "model",
    "messages",
    "stream",
    "max_tokens",
    "enable_thinking",
    "thinking_budget",
    "reasoning_effort",
    "min_p",
    "stop",
    "temperature",
    "top_p",
    "top_k",
    "frequency_penalty",
    "n",
    "response_format",
    "tools",
    "tool_choice",
    "prefix",
    "suffix",
    "seed",
    "user",
    "stream_options",
    "presence_penalty",
    "logprobs",
    "top_logprobs",
    "logit_bias",
    "parallel_tool_calls",
];

/// The ignored ones: the last eight of `KNOWN`.
const IGNORED: &[&str] = KNOWN.split_at(KNOWN.len() - 8).1;

/// Models whose tool calls break with thinking on.
const NO_TOOLS_WHILE_THINKING: &[&str] = &["deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.1-Terminus"];

/// thinking_budget's documented range.
const THINKING_BUDGET: (i64, i64) = (128, 32768);

pub fn check(c: &mut Checker, root: &Path, req: &Map) {
    let model_id = model(c, root, req);
    c.model = model_id.and_then(catalog::find);

    match Checker::field(req, "messages") {
        None => c.error(
            &root.key("messages"),
            IssueCode::Required,
            "messages is required: add at least one message, e.g. {\"role\": \"user\", \"content\": \"Hello\"}.",
        ),
        Some(v) => messages::check(c, &root.key("messages"), v),
    }
    if let Some(v) = Checker::field(req, "stream") {
        c.bool(&root.key("stream"), v);
    }
    if let Some(v) = Checker::field(req, "max_tokens") {
        let path = root.key("max_tokens");
        if let Some(n) = c.integer_in(&path, v, 1, UNBOUNDED, "tokens") {
            if let Some(context) = c.model.and_then(|m| m.context_length) {
                if n > i64::from(context) {
                    c.warn(&path, IssueCode::OutOfRange, format!("max_tokens is {n}, more than the model's whole context ({context} tokens); the API may reject it."));
                }
            }
        }
    }
    thinking(c, root, req);
    if let Some(v) = Checker::field(req, "min_p") {
        let path = root.key("min_p");
        if c.number_in(&path, v, (0.0, 1.0), (0.0, 1.0)).is_some() {
            if let Some(m) = c.model.filter(|m| !m.min_p) {
                c.warn(
                    &path,
                    IssueCode::UnsupportedParameter,
                    format!("min_p only applies to Qwen3 models; {} will ignore it.", m.id),
                );
            }
        }
    }
    if let Some(v) = Checker::field(req, "stop") {
        stop(c, &root.key("stop"), v);
    }
    if let Some(v) = Checker::field(req, "temperature") {
        c.number_in(&root.key("temperature"), v, (0.0, f64::INFINITY), (0.0, 2.0));
    }
    if let Some(v) = Checker::field(req, "top_p") {
        c.number_in(&root.key("top_p"), v, (0.0, 1.0), (0.0, 1.0));
    }
    if let Some(v) = Checker::field(req, "top_k") {
        let path = root.key("top_k");
        if let Some(n) = c.number(&path, v) {
            if n.fract() != 0.0 {
                c.error(
                    &path,
                    IssueCode::NotInteger,
                    format!("top_k must be a whole number of tokens, not {}.", Num(n)),
                );
            } else if n < -1.0 {
                c.error(
                    &path,
                    IssueCode::OutOfRange,
                    format!("top_k must be at least 0 (or -1 for no limit); got {}.", Num(n)),
                );
            }
        }
    }
    if let Some(v) = Checker::field(req, "frequency_penalty") {
        c.number_in(&root.key("frequency_penalty"), v, (f64::NEG_INFINITY, f64::INFINITY), (-2.0, 2.0));
    }
    if let Some(v) = Checker::field(req, "n") {
        c.integer_in(&root.key("n"), v, 1, UNBOUNDED, "choices");
    }
    if let Some(v) = Checker::field(req, "response_format") {
        response_format(c, &root.key("response_format"), v);
    }
    tools::check(c, root, req);
    for key in ["prefix", "suffix"] {
        if let Some(v) = Checker::field(req, key) {
            c.string(&root.key(key), v);
        }
    }
    for key in req.keys().filter(|k| IGNORED.contains(k)) {
        c.warn(&root.key(key), IssueCode::IgnoredField, format!("SiliconFlow accepts {key} but ignores it."));
    }
    c.unknown_keys(root, req, KNOWN);
}

fn model<'v>(c: &mut Checker, root: &Path, req: &'v Map) -> Option<&'v str> {
    let path = root.key("model");
    let id = c.required_string(&path, Checker::field(req, "model"), "model")?;
    if catalog::find(id).is_none() {
        let hint = match catalog::suggest(id) {
            Some(s) => format!(" Did you mean \"{s}\"?"),
            None => String::new(),
        };
        c.warn(
            &path,
            IssueCode::UnknownModel,
            format!(
                "\"{id}\" is not a model this library knows; the API answers unknown models with error 20012.{hint}"
            ),
        );
    }
    Some(id)
}

/// enable_thinking, thinking_budget and reasoning_effort, and whether the model can use them.
fn thinking(c: &mut Checker, root: &Path, req: &Map) {
    let model = c.model;
    let enable = Checker::field(req, "enable_thinking").and_then(|v| c.bool(&root.key("enable_thinking"), v));
    let thinking = model.map(|m| m.thinking);
    if let (Some(enable), Some(m)) = (enable, model) {
        let path = root.key("enable_thinking");
        match m.thinking {
            Thinking::None => c.warn(&path, IssueCode::ThinkingUnsupported, format!("{} cannot think; enable_thinking has no effect (thinking-capable models include Qwen/Qwen3-8B and deepseek-ai/DeepSeek-V3.1).", m.id)),
            Thinking::Always if !enable => c.warn(&path, IssueCode::ThinkingUnsupported, format!("{} always thinks; enable_thinking: false cannot turn it off.", m.id)),
            _ => {}
        }
    }
    let has_tools = matches!(req.get("tools"), Some(Value::Array(tools)) if !tools.is_empty());
    if let (Some(true), Some(m), true) = (enable, model, has_tools) {
        if NO_TOOLS_WHILE_THINKING.contains(&m.id) {
            let message =
                format!("{} cannot call tools while thinking; set enable_thinking to false when sending tools.", m.id);
            c.warn(&root.key("enable_thinking"), IssueCode::ToolsUnsupported, message);
        }
    }
    if let Some(v) = Checker::field(req, "thinking_budget") {
        let path = root.key("thinking_budget");
        if c.integer_in(&path, v, THINKING_BUDGET.0, THINKING_BUDGET.1, "tokens").is_some() {
            if thinking == Some(Thinking::None) {
                let id = model.map_or("", |m| m.id);
                c.warn(
                    &path,
                    IssueCode::ThinkingUnsupported,
                    format!("{id} cannot think; thinking_budget has no effect."),
                );
            } else if enable == Some(false) && thinking == Some(Thinking::Toggle) {
                c.warn(
                    &path,
                    IssueCode::ThinkingDisabled,
                    "thinking_budget has no effect while enable_thinking is false.",
                );
            }
        }
    }
    if let Some(v) = Checker::field(req, "reasoning_effort") {
        let path = root.key("reasoning_effort");
        match c.string(&path, v) {
            Some("high" | "max") => {
                if let Some(m) = model.filter(|m| !m.reasoning_effort) {
                    c.warn(
                        &path,
                        IssueCode::UnsupportedParameter,
                        format!("reasoning_effort only applies to DeepSeek-V4 models; {} will ignore it.", m.id),
                    );
                } else if enable == Some(false) {
                    c.warn(
                        &path,
                        IssueCode::ThinkingDisabled,
                        "reasoning_effort only takes effect with thinking on; enable_thinking is false.",
                    );
                }
            }
            Some(other) => c.error(
                &path,
                IssueCode::InvalidValue,
                format!("reasoning_effort must be \"high\" or \"max\", not \"{other}\"."),
            ),
            None => {}
        }
    }
}

fn stop(c: &mut Checker, path: &Path, v: &Value) {
    match v {
        Value::String(s) if s.is_empty() => {
            c.warn(path, IssueCode::Empty, "stop is an empty string, which stops nothing; remove it.")
        }
        Value::String(_) => {}
        Value::Array(items) => {
            if items.len() > 4 {
                c.error(path, IssueCode::TooMany, format!("stop allows at most 4 sequences; got {}.", items.len()));
            }
            for (i, item) in items.iter().enumerate() {
                let p = path.index(i);
                if c.string(&p, item) == Some("") {
                    c.warn(&p, IssueCode::Empty, "an empty stop sequence stops nothing; remove it.");
                }
            }
        }
        other => c.wrong_type(path, "a string or an array of up to 4 strings", other),
    }
}

fn response_format(c: &mut Checker, path: &Path, v: &Value) {
    let Some(map) = c.object(path, v) else { return };
    let type_path = path.key("type");
    match Checker::field(map, "type").map(|t| c.string(&type_path, t)) {
        None => c.error(
            &type_path,
            IssueCode::Required,
            "response_format.type is required: \"text\", \"json_object\" or \"json_schema\".",
        ),
        Some(Some("text" | "json_object")) => c.unknown_keys(path, map, &["type"]),
        Some(Some("json_schema")) => {
            c.unknown_keys(path, map, &["type", "json_schema"]);
            let schema_path = path.key("json_schema");
            match Checker::field(map, "json_schema") {
                None => c.error(
                    &schema_path,
                    IssueCode::Required,
                    "json_schema is required when type is \"json_schema\": give {name, schema}.",
                ),
                Some(v) => {
                    let Some(schema) = c.object(&schema_path, v) else { return };
                    let name_path = schema_path.key("name");
                    if let Some(name) =
                        c.required_string(&name_path, Checker::field(schema, "name"), "json_schema.name")
                    {
                        tools::check_name(c, &name_path, name);
                    }
                    if let Some(v) = Checker::field(schema, "description") {
                        c.string(&schema_path.key("description"), v);
                    }
                    if let Some(v) = Checker::field(schema, "schema") {
                        c.object(&schema_path.key("schema"), v);
                    }
                    if let Some(v) = Checker::field(schema, "strict") {
                        c.bool(&schema_path.key("strict"), v);
                    }
                    c.unknown_keys(&schema_path, schema, &["name", "description", "schema", "strict"]);
                }
            }
        }
        Some(Some(other)) => c.error(
            &type_path,
            IssueCode::InvalidValue,
            format!("response_format.type must be \"text\", \"json_object\" or \"json_schema\", not \"{other}\"."),
        ),
        Some(None) => {}
    }
}
