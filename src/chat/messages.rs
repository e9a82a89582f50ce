//! The messages of a conversation: the assistant message a completion adds, and the messages as sent to a model
//! (reasoning carried back only where that model needs it).

use crate::catalog::ModelInfo;
use crate::json::{Map, Value};

/// The assistant message to append for a completion (its first choice): role, content (null for a turn that only
/// calls tools), the tool calls, and the reasoning when there was some. `None` when the completion has no choice.
pub fn assistant_message(completion: &Value) -> Option<Value> {
    let message = completion.get("choices")?.as_array()?.first()?.get("message")?.as_object()?;
    let mut out = Map::new();
    out.insert("role", Value::from("assistant"));
    let content = message.get("content").cloned().unwrap_or(Value::Null);
    let calls = message.get("tool_calls").and_then(Value::as_array).filter(|calls| !calls.is_empty());
    // An empty content beside tool calls is no content (as the API sends such turns back).
    let content = match (&content, calls) {
        (Value::String(text), Some(_)) if text.is_empty() => Value::Null,
        _ => content,
    };
    out.insert("content", content);
    if let Some(calls) = calls {
        let calls = calls.iter().map(|call| {
            let mut kept = Map::new();
            for key in ["id", "type", "function"] {
                if let Some(value) = call.get(key) {
                    kept.insert(key, value.clone());
                }
            }
            Value::Object(kept)
        });
        out.insert("tool_calls", Value::Array(calls.collect()));
    }
    if let Some(reasoning) = message.get("reasoning_content").filter(|r| r.as_str().is_some_and(|r| !r.is_empty())) {
        out.insert("reasoning_content", reasoning.clone());
    }
    Some(Value::Object(out))
}

/// The messages as sent to `model`: an assistant message keeps its `reasoning_content` only in the turn in
/// progress (after the last user message) and only for a model that needs it back on tool-calling turns
/// (`ModelInfo::reasoning_back`); elsewhere it is dropped, as it would only cost tokens. An unknown model keeps
/// none.
pub fn for_request(messages: &[Value], model: Option<&ModelInfo>) -> Vec<Value> {
    let turn_starts = messages.iter().rposition(|m| m.get("role").and_then(Value::as_str) == Some("user"));
    let keep_from = if model.is_some_and(|m| m.reasoning_back) { turn_starts.map_or(0, |i| i + 1) } else { usize::MAX };
    messages
        .iter()
        .enumerate()
        .map(|(i, message)| match message {
            Value::Object(map) if i < keep_from && map.contains_key("reasoning_content") => {
                let mut map = map.clone();
                map.retain(|key, _| key != "reasoning_content");
                Value::Object(map)
            }
            other => other.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn text(value: &Value) -> String {
        crate::json::to_string(value)
    }

    #[test]
    fn a_completion_becomes_the_assistant_message_to_append() {
        let completion = value(
            r#"{"choices":[{"index":0,"message":{"role":"assistant","content":"","reasoning_content":"think",
            "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"},"extra":1}]},
            "finish_reason":"tool_calls"}]}"#,
        );
        assert_eq!(
            text(&assistant_message(&completion).unwrap()),
            r#"{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}],"reasoning_content":"think"}"#
        );
        let plain = value(r#"{"choices":[{"message":{"role":"assistant","content":"Hi","reasoning_content":""}}]}"#);
        assert_eq!(text(&assistant_message(&plain).unwrap()), r#"{"role":"assistant","content":"Hi"}"#);
        assert_eq!(assistant_message(&value(r#"{"choices":[]}"#)), None);
    }

    #[test]
    fn reasoning_goes_back_only_in_the_current_turn_and_only_to_models_that_need_it() {
        let messages: Vec<Value> = [
            r#"{"role":"user","content":"first"}"#,
            r#"{"role":"assistant","content":"old","reasoning_content":"old thoughts"}"#,
            r#"{"role":"user","content":"weather?"}"#,
            r#"{"role":"assistant","content":null,"reasoning_content":"call it","tool_calls":[]}"#,
            r#"{"role":"tool","tool_call_id":"c1","content":"18"}"#,
        ]
        .iter()
        .map(|m| value(m))
        .collect();
        let has_reasoning =
            |sent: &[Value]| -> Vec<bool> { sent.iter().map(|m| m.get("reasoning_content").is_some()).collect() };
        let deepseek = crate::catalog::find("deepseek-ai/DeepSeek-V3.2");
        assert_eq!(has_reasoning(&for_request(&messages, deepseek)), [false, false, false, true, false]);
        let qwen = crate::catalog::find("Qwen/Qwen3-8B");
        assert_eq!(has_reasoning(&for_request(&messages, qwen)), [false; 5]);
        assert_eq!(has_reasoning(&for_request(&messages, None)), [false; 5]);
    }

    #[test]
    fn the_catalog_says_which_models_need_their_reasoning_back() {
        let back: Vec<&str> = crate::catalog::models().iter().filter(|m| m.reasoning_back).map(|m| m.id).collect();
        assert!(back.iter().all(|id| id.starts_with("deepseek-ai/DeepSeek-")), "{back:?}");
        assert!(back.contains(&"deepseek-ai/DeepSeek-V3.2") && back.contains(&"deepseek-ai/DeepSeek-R1"));
        assert!(!back.contains(&"deepseek-ai/DeepSeek-V3"), "V3 does not think");
    }
}
