//! The checks of the top-level options, one per field of the table (`fields.rs`), and how they fit the model.

use crate::json::{Map, Value};

use super::checker::{Checker, UNBOUNDED};
use super::tools;
use crate::catalog::{self, Thinking};
use crate::issue::IssueCode;
use crate::number::Num;
use crate::path::Path;

/// Models whose tool calls break with thinking on.
const NO_TOOLS_WHILE_THINKING: &[&str] = &["deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.1-Terminus"];

/// thinking_budget's documented range.
const THINKING_BUDGET: (i64, i64) = (128, 32768);

/// The model id; the catalog's entry for it becomes the checker's model, which later fields are checked against.
pub fn model(c: &mut Checker, path: &Path, value: &Value, _req: &Map) -> bool {
    let Some(id) = c.required_string(path, Some(value), "model") else { return false };
    c.model = catalog::find(id);
    if c.model.is_none() {
        let hint = match catalog::suggest(id) {
            Some(s) => format!(" Did you mean \"{s}\"?"),
            None => String::new(),
        };
        c.warn(
            path,
            IssueCode::UnknownModel,
            format!(
                "\"{id}\" is not a model this library knows; the API answers unknown models with error 20012.{hint}"
            ),
        );
    }
    true
}

pub fn max_tokens(c: &mut Checker, path: &Path, value: &Value, _req: &Map) -> bool {
    let Some(n) = c.integer_in(path, value, 1, UNBOUNDED, "tokens") else { return false };
    if let Some(context) = c.model.and_then(|m| m.context_length) {
        if n > i64::from(context) {
            c.warn(
                path,
                IssueCode::OutOfRange,
                format!(
                    "max_tokens is {n}, more than the model's whole context ({context} tokens); the API may reject it."
                ),
            );
        }
    }
    true
}

/// enable_thinking, and whether the model can think (and call tools while it does).
pub fn enable_thinking(c: &mut Checker, path: &Path, value: &Value, req: &Map) -> bool {
    let Some(enable) = c.bool(path, value) else { return false };
    let Some(m) = c.model else { return true };
    match m.thinking {
        Thinking::None => {
            let message = format!(
                "{} cannot think; enable_thinking has no effect (thinking-capable models include Qwen/Qwen3-8B and \
                 deepseek-ai/DeepSeek-V3.1).",
                m.id
            );
            c.warn(path, IssueCode::ThinkingUnsupported, message)
        }
        Thinking::Always if !enable => {
            let message = format!("{} always thinks; enable_thinking: false cannot turn it off.", m.id);
            c.warn(path, IssueCode::ThinkingUnsupported, message)
        }
        _ => {}
    }
    let has_tools = matches!(req.get("tools"), Some(Value::Array(tools)) if !tools.is_empty());
    if enable && has_tools && NO_TOOLS_WHILE_THINKING.contains(&m.id) {
        let message =
            format!("{} cannot call tools while thinking; set enable_thinking to false when sending tools.", m.id);
        c.warn(path, IssueCode::ToolsUnsupported, message);
    }
    true
}

/// enable_thinking as sent, when it is a boolean.
fn thinking_enabled(req: &Map) -> Option<bool> {
    Checker::field(req, "enable_thinking").and_then(Value::as_bool)
}

pub fn thinking_budget(c: &mut Checker, path: &Path, value: &Value, req: &Map) -> bool {
    if c.integer_in(path, value, THINKING_BUDGET.0, THINKING_BUDGET.1, "tokens").is_none() {
        return false;
    }
    match c.model.map(|m| (m.id, m.thinking)) {
        Some((id, Thinking::None)) => {
            c.warn(path, IssueCode::ThinkingUnsupported, format!("{id} cannot think; thinking_budget has no effect."))
        }
        Some((_, Thinking::Toggle)) if thinking_enabled(req) == Some(false) => {
            c.warn(path, IssueCode::ThinkingDisabled, "thinking_budget has no effect while enable_thinking is false.")
        }
        _ => {}
    }
    true
}

pub fn reasoning_effort(c: &mut Checker, path: &Path, value: &Value, req: &Map) -> bool {
    match c.string(path, value) {
        Some("high" | "max") => {
            // On a model that ignores it, the table's warning says so; this one would only add noise.
            if c.honoured && thinking_enabled(req) == Some(false) {
                c.warn(
                    path,
                    IssueCode::ThinkingDisabled,
                    "reasoning_effort only takes effect with thinking on; enable_thinking is false.",
                );
            }
            true
        }
        Some(other) => {
            c.error(
                path,
                IssueCode::InvalidValue,
                format!("reasoning_effort must be \"high\" or \"max\", not \"{other}\"."),
            );
            false
        }
        None => false,
    }
}

pub fn top_k(c: &mut Checker, path: &Path, value: &Value, _req: &Map) -> bool {
    let Some(n) = c.number(path, value) else { return false };
    if n.fract() != 0.0 {
        c.error(path, IssueCode::NotInteger, format!("top_k must be a whole number of tokens, not {}.", Num(n)));
        return false;
    }
    if n < -1.0 {
        c.error(path, IssueCode::OutOfRange, format!("top_k must be at least 0 (or -1 for no limit); got {}.", Num(n)));
        return false;
    }
    true
}

pub fn stop(c: &mut Checker, path: &Path, value: &Value, _req: &Map) -> bool {
    stop_sequences(c, path, value);
    true
}

pub fn response_format(c: &mut Checker, path: &Path, value: &Value, _req: &Map) -> bool {
    format(c, path, value);
    true
}

fn stop_sequences(c: &mut Checker, path: &Path, v: &Value) {
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

fn format(c: &mut Checker, path: &Path, v: &Value) {
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
                        let path = schema_path.key("schema");
                        if c.object(&path, v).is_some() {
                            crate::schema::check_schema(&path, v, &mut c.issues);
                        }
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
