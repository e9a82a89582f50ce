//! Assembling tool calls from their streamed fragments, whatever shape the provider sends them in.
//!
//! Which call a fragment continues: the call with the same non-empty id; else the latest call with the same
//! index, unless both carry different ids (providers that number every call 0); else, with no index, the
//! latest call (a fragment with a new id starts a call). Names may arrive late; `name: null`, `id: ""` and
//! empty fragments change nothing.

use super::chunk::KeptView;
use super::merge;
use crate::json::{scan, Str};
use crate::types::{Extra, FunctionCall, ToolCall, ToolType};

#[derive(Debug, Default, Clone)]
pub struct ToolCallAssembler {
    calls: Vec<PartialCall>,
}

/// What a fragment's start did: the call's slot (in order of arrival), and whether the call is new and got its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Started {
    pub slot: usize,
    pub new: bool,
    pub id: bool,
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
    /// A fragment starts, with this index and (non-empty) id: the slot of the call it continues, or of a new one.
    pub fn start(&mut self, index: Option<u32>, id: Option<Str<'_>>) -> Started {
        let before = self.calls.len();
        let slot = self.slot(index, id);
        let call = &mut self.calls[slot];
        let mut got_id = false;
        if call.id.is_empty() {
            if let Some(id) = id {
                id.push_to(&mut call.id);
                got_id = !call.id.is_empty();
            }
        }
        if call.index.is_none() {
            call.index = index;
        }
        Started { slot, new: self.calls.len() > before, id: got_id }
    }

    /// The fragment's function name: the first non-empty one counts. Whether it did.
    pub fn name(&mut self, slot: usize, name: &Str<'_>) -> bool {
        let call = &mut self.calls[slot];
        let first = call.name.is_empty() && !name.is_empty();
        if first {
            name.push_to(&mut call.name);
        }
        first
    }

    /// The fragment's arguments, appended (whether they were). `has_id`: the fragment carried an id.
    pub fn arguments(&mut self, slot: usize, arguments: &Str<'_>, has_id: bool) -> bool {
        let call = &mut self.calls[slot];
        // A provider that repeats the finished call at the end would otherwise double the arguments.
        let repeated =
            has_id && !call.arguments.is_empty() && arguments.is(&call.arguments) && scan::is_valid(&call.arguments);
        if !repeated {
            arguments.push_to(&mut call.arguments);
        }
        !repeated && !arguments.is_empty()
    }

    /// The JSON text `{"key":value}` of an unknown member of the call (`function`: of its function), as merged.
    pub fn extra_json(&self, slot: usize, key: &str, function: bool) -> Option<String> {
        let call = &self.calls[slot];
        let extra = if function { &call.function_extra } else { &call.extra };
        Some(super::events::member_json(key, extra.get(key)?))
    }

    /// How many calls have started (placeholders included).
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// A member no type names, of the fragment (`function`: of its function).
    pub fn extra(&mut self, slot: usize, key: &Str<'_>, value: &KeptView<'_>, function: bool) {
        let call = &mut self.calls[slot];
        if function {
            merge::increment(&mut call.function_extra, key, value);
        } else {
            merge::latest(&mut call.extra, key, value);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    fn slot(&mut self, index: Option<u32>, id: Option<Str<'_>>) -> usize {
        if let Some(id) = id {
            if let Some(pos) = self.calls.iter().rposition(|c| id.is(&c.id)) {
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
    pub fn finish(self) -> Vec<ToolCall> {
        let mut calls: Vec<PartialCall> = self
            .calls
            .into_iter()
            .filter(|c| !(c.id.is_empty() && c.name.is_empty() && c.arguments.is_empty()))
            .collect();
        // A stable insertion sort: calls are few, and std's stable sort is kilobytes of wasm.
        let key = |c: &PartialCall| c.index.unwrap_or(u32::MAX);
        for i in 1..calls.len() {
            let mut j = i;
            while j > 0 && key(&calls[j - 1]) > key(&calls[j]) {
                calls.swap(j - 1, j);
                j -= 1;
            }
        }
        calls
            .into_iter()
            .map(|c| ToolCall {
                id: c.id,
                kind: ToolType::Function,
                function: FunctionCall { name: c.name, arguments: c.arguments, extra: c.function_extra },
                extra: c.extra,
            })
            .collect()
    }
}
