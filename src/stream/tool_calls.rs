//! Assembling tool calls from their streamed fragments, whatever shape the provider sends them in.
//!
//! Which call a fragment continues: the call with the same non-empty id; else the latest call with the same
//! index, unless both carry different ids (providers that number every call 0); else, with no index, the
//! latest call (a fragment with a new id starts a call). Names may arrive late; `name: null`, `id: ""` and
//! empty fragments change nothing.

use crate::types::{Extra, FunctionCall, ToolCall, ToolCallDelta, ToolType};

use super::merge;

#[derive(Debug, Default, Clone)]
pub struct ToolCallAssembler {
    calls: Vec<PartialCall>,
}

#[derive(Debug, Default, Clone)]
struct PartialCall {
    index: Option<u32>,
    id: String,
    name: String,
    arguments: String,
    extra: Extra,
    function_extra: Extra,
}

impl ToolCallAssembler {
    pub fn push(&mut self, delta: ToolCallDelta) {
        let id = delta.id.as_deref().filter(|id| !id.is_empty());
        let slot = self.slot(delta.index, id);
        let call = &mut self.calls[slot];
        if call.id.is_empty() {
            if let Some(id) = id {
                call.id = id.to_string();
            }
        }
        if call.index.is_none() {
            call.index = delta.index;
        }
        merge::latest(&mut call.extra, delta.extra);
        if let Some(function) = delta.function {
            if let Some(name) = function.name.filter(|n| !n.is_empty()) {
                if call.name.is_empty() {
                    call.name = name;
                }
            }
            if let Some(args) = function.arguments {
                // A provider that repeats the finished call at the end would otherwise double the arguments.
                let repeated =
                    id.is_some() && !call.arguments.is_empty() && args == call.arguments && is_json(&call.arguments);
                if !repeated {
                    call.arguments.push_str(&args);
                }
            }
            merge::increment(&mut call.function_extra, function.extra);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    fn slot(&mut self, index: Option<u32>, id: Option<&str>) -> usize {
        if let Some(id) = id {
            if let Some(pos) = self.calls.iter().rposition(|c| c.id == id) {
                return pos;
            }
        }
        let found = match index {
            Some(index) => self
                .calls
                .iter()
                .rposition(|c| c.index == Some(index))
                .filter(|&pos| id.is_none() || self.calls[pos].id.is_empty()),
            None if id.is_none() => self.calls.len().checked_sub(1),
            None => None,
        };
        found.unwrap_or_else(|| {
            self.calls.push(PartialCall::default());
            self.calls.len() - 1
        })
    }

    /// The calls in index order (calls without an index after those with one, in order of arrival), without the
    /// empty placeholders some providers send.
    pub fn finish(&self) -> Vec<ToolCall> {
        let mut calls: Vec<&PartialCall> =
            self.calls.iter().filter(|c| !(c.id.is_empty() && c.name.is_empty() && c.arguments.is_empty())).collect();
        calls.sort_by_key(|c| c.index.unwrap_or(u32::MAX));
        calls
            .into_iter()
            .map(|c| ToolCall {
                id: c.id.clone(),
                kind: ToolType::Function,
                function: FunctionCall {
                    name: c.name.clone(),
                    arguments: c.arguments.clone(),
                    extra: c.function_extra.clone(),
                },
                extra: c.extra.clone(),
            })
            .collect()
    }
}

fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}
