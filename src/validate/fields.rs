//! The request's top-level fields, one row each: the one list of them. The validator checks them in this order
//! and warns about names that are not here; the demo's form, the fuzzer's dictionary and the package's
//! `request-fields` module are generated from it; a test holds its typed rows to `ChatCompletionRequest`'s fields.
//! ARCHITECTURE.md says how to add one.

use super::checker::Checker;
use super::params;
use super::tools;
use super::{messages, IssueCode};
use crate::catalog::ModelInfo;
use crate::json::{Map, Value};
use crate::path::Path;

/// Checks a field's value (present, not null) at its path; the whole request is there for fields that depend on
/// others. Returns whether the value was usable (then a model-dependent field's capability is checked).
pub type Check = fn(&mut Checker, &Path, &Value, &Map) -> bool;

/// What a field's value must be.
#[derive(Clone, Copy)]
pub enum Rule {
    Bool,
    Text,
    /// A number: an error outside `hard`, a warning outside `advised`.
    Number {
        hard: (f64, f64),
        advised: (f64, f64),
    },
    /// A whole number of `unit` from `min` to `max`.
    Integer {
        min: i64,
        max: i64,
        unit: &'static str,
    },
    /// A rule of its own (`params.rs`, `messages.rs`, `tools.rs`).
    Custom(Check),
}

impl Rule {
    fn check(self, c: &mut Checker, path: &Path, value: &Value, req: &Map) -> bool {
        match self {
            Rule::Bool => c.bool(path, value).is_some(),
            Rule::Text => c.string(path, value).is_some(),
            Rule::Number { hard, advised } => c.number_in(path, value, hard, advised).is_some(),
            Rule::Integer { min, max, unit } => c.integer_in(path, value, min, max, unit).is_some(),
            Rule::Custom(check) => check(c, path, value, req),
        }
    }
}

pub struct Field {
    pub name: &'static str,
    /// A field of `ChatCompletionRequest`, or one SiliconFlow accepts and ignores.
    pub typed: bool,
    /// The error when it is missing, for required fields.
    pub required: Option<&'static str>,
    /// `None` for the ignored fields, which only get a warning.
    pub rule: Option<Rule>,
    /// Only some models honour it: which, for a warning on the others.
    pub models: Option<Models>,
    /// For people: what it does (a form's hint), the API's default, how a form takes it. Left out of the wasm.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: Doc,
}

/// The models that honour a field: a column of the catalog, and how to name them in a warning.
pub struct Models {
    pub honours: fn(&ModelInfo) -> bool,
    pub which: &'static str,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc {
    pub hint: &'static str,
    /// The API's default, as a person would type it (`"0.7"`), when it has one.
    pub default: Option<&'static str>,
    pub input: Input,
    /// Rarely changed: a form may tuck it away.
    pub advanced: bool,
}

/// How a form takes a field's value.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Not a form field (the model, the messages, tools, stream, ignored fields).
    None,
    Number,
    /// true, false, or the model's default.
    Toggle,
    /// One of these (value, label) pairs, or the default.
    Choice(&'static [(&'static str, &'static str)]),
    /// Strings, one per line.
    Lines,
    Text,
}

#[cfg(not(target_arch = "wasm32"))]
const fn doc(hint: &'static str, default: Option<&'static str>, input: Input, advanced: bool) -> Doc {
    Doc { hint, default, input, advanced }
}

/// What a row leaves unsaid.
const TYPED: Field = Field {
    name: "",
    typed: true,
    required: None,
    rule: None,
    models: None,
    #[cfg(not(target_arch = "wasm32"))]
    doc: doc("", None, Input::None, false),
};

/// A documented field and its rule, with its doc (native builds only: the wasm never shows it).
macro_rules! field {
    ($name:literal, $rule:expr, doc($($doc:tt)*)) => {
        Field {
            name: $name,
            rule: Some($rule),
            #[cfg(not(target_arch = "wasm32"))]
            doc: doc($($doc)*),
            ..TYPED
        }
    };
}

/// A field the request must have, and the error when it has not.
macro_rules! required {
    ($name:literal, $rule:expr, $missing:expr, doc($($doc:tt)*)) => {
        Field { required: Some($missing), ..field!($name, $rule, doc($($doc)*)) }
    };
}

/// A field only some models honour.
macro_rules! dependent {
    ($name:literal, $rule:expr, $models:expr, doc($($doc:tt)*)) => {
        Field { models: Some($models), ..field!($name, $rule, doc($($doc)*)) }
    };
}

/// A field SiliconFlow accepts and ignores: sent as is, with a warning.
macro_rules! ignored {
    ($name:literal) => {
        Field {
            name: $name,
            typed: false,
            #[cfg(not(target_arch = "wasm32"))]
            doc: doc("Accepted by SiliconFlow and ignored.", None, Input::None, true),
            ..TYPED
        }
    };
}

#[cfg(not(target_arch = "wasm32"))]
use Input::{Choice, Lines, Number, Toggle};
use Rule::Custom;

/// The most answers one request may ask for.
pub const MAX_N: i64 = 128;

/// Every top-level field, in the order of the API reference (and of the issues reported): the documented ones,
/// then those of other OpenAI-compatible APIs that SiliconFlow accepts and ignores.
pub static FIELDS: &[Field] = &[
    required!(
        "model",
        Custom(params::model),
        "model is required.",
        doc("The model id, e.g. Qwen/Qwen3-8B.", None, Input::None, false)
    ),
    required!(
        "messages",
        Custom(messages::check),
        "messages is required: add at least one message, e.g. {\"role\": \"user\", \"content\": \"Hello\"}.",
        doc("The conversation so far.", None, Input::None, false)
    ),
    field!(
        "stream",
        Rule::Bool,
        doc("Send the answer as it is written (server-sent events).", Some("false"), Input::None, false)
    ),
    field!("max_tokens", Custom(params::max_tokens), doc("Longest answer, in tokens.", None, Number, false)),
    field!(
        "enable_thinking",
        Custom(params::enable_thinking),
        doc("Reasoning before the answer, on models that can.", None, Toggle, false)
    ),
    field!(
        "thinking_budget",
        Custom(params::thinking_budget),
        doc("Reasoning tokens, 128–32768.", Some("4096"), Number, false)
    ),
    dependent!(
        "reasoning_effort",
        Custom(params::reasoning_effort),
        Models { honours: |m| m.reasoning_effort, which: "DeepSeek-V4 models" },
        doc("How hard a DeepSeek-V4 model thinks.", None, Choice(&[("high", "high"), ("max", "max")]), true)
    ),
    dependent!(
        "min_p",
        Rule::Number { hard: (0.0, 1.0), advised: (0.0, 1.0) },
        Models { honours: |m| m.min_p, which: "Qwen3 models" },
        doc("Least token probability, relative to the likeliest, 0–1.", Some("0.05"), Number, true)
    ),
    field!("stop", Custom(params::stop), doc("Up to 4 sequences that end the answer.", None, Lines, true)),
    field!(
        "temperature",
        Rule::Number { hard: (0.0, f64::INFINITY), advised: (0.0, 2.0) },
        doc("Randomness, usually 0–2.", Some("0.7"), Number, false)
    ),
    field!(
        "top_p",
        Rule::Number { hard: (0.0, 1.0), advised: (0.0, 1.0) },
        doc("Nucleus sampling, 0–1.", Some("0.7"), Number, true)
    ),
    field!("top_k", Custom(params::top_k), doc("Sample from the k likeliest tokens.", Some("50"), Number, true)),
    field!(
        "frequency_penalty",
        Rule::Number { hard: (f64::NEG_INFINITY, f64::INFINITY), advised: (-2.0, 2.0) },
        doc("Penalise repeated tokens, usually -2–2.", Some("0.5"), Number, true)
    ),
    // SiliconFlow's reference gives n no maximum; OpenAI's, whose request shape it follows, bounds it at 128
    // (docs/api-notes.md): more is refused before it is billed.
    field!(
        "n",
        Rule::Integer { min: 1, max: MAX_N, unit: "choices" },
        doc("How many answers to generate.", Some("1"), Number, true)
    ),
    field!(
        "response_format",
        Custom(params::response_format),
        doc(
            "Make the model answer in JSON.",
            Some("text"),
            Choice(&[("text", "text"), ("json_object", "JSON object")]),
            false
        )
    ),
    field!("tools", Custom(tools::check_tools), doc("Functions the model may call.", None, Input::None, false)),
    field!(
        "tool_choice",
        Custom(tools::check_choice),
        doc("Whether, or which, function to call.", Some("auto"), Input::None, true)
    ),
    field!(
        "prefix",
        Rule::Text,
        doc("Prefix completion: the text the answer must start with.", None, Input::Text, true)
    ),
    field!("suffix", Rule::Text, doc("Fill in the middle: the text after the gap.", None, Input::Text, true)),
    ignored!("seed"),
    ignored!("user"),
    ignored!("stream_options"),
    ignored!("presence_penalty"),
    ignored!("logprobs"),
    ignored!("top_logprobs"),
    ignored!("logit_bias"),
    ignored!("parallel_tool_calls"),
];

/// The row of a top-level field.
pub fn find(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Checks every field of the request, in the table's order, then warns about the names the table lacks.
pub fn check(c: &mut Checker, root: &Path, req: &Map) {
    for field in FIELDS {
        let path = root.key(field.name);
        let Some(value) = Checker::field(req, field.name) else {
            if let Some(missing) = field.required {
                c.error(&path, IssueCode::Required, missing);
            }
            continue;
        };
        let Some(rule) = field.rule else {
            let message = format!("SiliconFlow accepts {} but ignores it.", field.name);
            c.warn(&path, IssueCode::IgnoredField, message);
            continue;
        };
        let honoured = match (&field.models, c.model) {
            (Some(models), Some(model)) => (models.honours)(model),
            _ => true,
        };
        c.honoured = honoured;
        if rule.check(c, &path, value, req) && !honoured {
            if let (Some(models), Some(model)) = (&field.models, c.model) {
                let message = format!("{} only applies to {}; {} will ignore it.", field.name, models.which, model.id);
                c.warn(&path, IssueCode::UnsupportedParameter, message);
            }
        }
    }
    // Null counts as present here: an unknown name is worth a warning whatever its value.
    let unknown: Vec<&str> = req.keys().filter(|k| find(k).is_none()).collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        c.unknown_keys(root, req, &known);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ChatCompletionRequest;

    /// A request with every field of the table set, to a value of its type.
    fn every_field() -> serde_json::Value {
        serde_json::json!({
            "model": "Qwen/Qwen3-8B",
            "messages": [{"role": "user", "content": "Hello"}],
            "stream": true, "max_tokens": 100, "enable_thinking": true, "thinking_budget": 1024,
            "reasoning_effort": "high", "min_p": 0.05, "stop": ["END"], "temperature": 0.7, "top_p": 0.7, "top_k": 50,
            "frequency_penalty": 0.5, "n": 1, "response_format": {"type": "json_object"},
            "tools": [{"type": "function", "function": {"name": "f"}}], "tool_choice": "auto",
            "prefix": "a", "suffix": "b",
            "seed": 1, "user": "u", "stream_options": {"include_usage": true}, "presence_penalty": 0.1,
            "logprobs": false, "top_logprobs": 1, "logit_bias": {}, "parallel_tool_calls": true
        })
    }

    #[test]
    fn the_typed_rows_are_exactly_the_fields_of_the_request_type() {
        let typed: Vec<&str> = FIELDS.iter().filter(|f| f.typed).map(|f| f.name).collect();
        let declared: Vec<&str> = ChatCompletionRequest::NAMES.iter().copied().filter(|&n| n != "extra").collect();
        assert_eq!(typed, declared, "the table and ChatCompletionRequest list different fields (or in another order)");
    }

    #[test]
    fn serde_reads_the_typed_rows_into_fields_and_keeps_the_ignored_ones_as_extra() {
        let sample = every_field();
        let names: Vec<&str> = sample.as_object().unwrap().keys().map(String::as_str).collect();
        let mut rows: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        rows.sort_unstable();
        assert_eq!(names, rows, "the sample sets every field of the table");
        let request: ChatCompletionRequest = serde_json::from_value(sample.clone()).unwrap();
        let extra: Vec<&str> = request.extra.keys().collect();
        let ignored: Vec<&str> = FIELDS.iter().filter(|f| !f.typed).map(|f| f.name).collect();
        let mut extra_sorted = extra.clone();
        extra_sorted.sort_unstable();
        let mut ignored_sorted = ignored.clone();
        ignored_sorted.sort_unstable();
        assert_eq!(extra_sorted, ignored_sorted, "serde names of typed fields differ from the table's");
        // And back (through the package's writer, which writes kept members as they came): nothing dropped or
        // renamed.
        let written: serde_json::Value = serde_json::from_str(&crate::json::to_string(&request)).unwrap();
        assert_eq!(written, sample);
    }

    #[test]
    fn the_sample_is_valid_and_every_ignored_field_is_warned_about_in_table_order() {
        let issues = crate::validate::validate(&serde_json::from_value(every_field()).unwrap());
        assert!(issues.iter().all(|i| !i.is_error()), "{issues:#?}");
        let warned: Vec<&str> =
            issues.iter().filter(|i| i.code == IssueCode::IgnoredField).map(|i| i.path.as_str()).collect();
        let ignored: Vec<&str> = FIELDS.iter().filter(|f| !f.typed).map(|f| f.name).collect();
        assert_eq!(warned, ignored);
    }

    #[test]
    fn model_dependent_rows_warn_on_models_without_the_capability() {
        for field in FIELDS.iter().filter(|f| f.models.is_some()) {
            let models = field.models.as_ref().unwrap();
            let without = crate::catalog::models().iter().find(|m| !(models.honours)(m)).unwrap();
            let with = crate::catalog::models().iter().find(|m| (models.honours)(m)).unwrap();
            let value = match field.name {
                "reasoning_effort" => serde_json::json!("high"),
                _ => serde_json::json!(0.05),
            };
            for (model, warned) in [(without, true), (with, false)] {
                let request = serde_json::json!({
                    "model": model.id, "messages": [{"role": "user", "content": "hi"}], field.name: value
                });
                let issues = crate::validate::validate(&serde_json::from_value(request).unwrap());
                let found = issues.iter().any(|i| i.path == field.name && i.code == IssueCode::UnsupportedParameter);
                assert_eq!(found, warned, "{} on {}: {issues:#?}", field.name, model.id);
            }
        }
    }
}
