//! Chunks in, the completion out: exactly what the non-streaming API would have returned.

use super::chunk::{ChoiceView, ChunkView};
use super::merge;
use super::tool_calls::ToolCallAssembler;
use crate::json::Raw;
use crate::types::{ChatCompletion, Choice, Extra, ResponseMessage};

#[derive(Debug, Default, Clone)]
pub struct Accumulator {
    id: String,
    created: u64,
    model: String,
    system_fingerprint: Option<String>,
    /// The latest usage object's text: usage is cumulative, so the latest is the total so far.
    usage: Option<String>,
    extra: Extra,
    /// Ordered by choice index; usually one.
    choices: Vec<ChoiceState>,
}

#[derive(Debug, Default, Clone)]
struct ChoiceState {
    index: u32,
    role: Option<String>,
    content: Option<String>,
    reasoning_content: Option<String>,
    tool_calls: ToolCallAssembler,
    finish_reason: Option<String>,
    extra: Extra,
    message_extra: Extra,
}

/// The completion, and whether the stream really ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Accumulated {
    pub completion: ChatCompletion,
    /// `data: [DONE]` arrived.
    pub done: bool,
    /// Every choice got a finish_reason. When false (or `done` is false) the stream was cut short: the
    /// completion holds everything that arrived.
    pub finished: bool,
}

impl Accumulated {
    pub fn is_complete(&self) -> bool {
        self.done && self.finished
    }
}

impl Accumulator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, chunk: &ChunkView<'_>) {
        if self.id.is_empty() {
            if let Some(id) = chunk.id {
                id.push_to(&mut self.id);
            }
        }
        if self.created == 0 {
            self.created = chunk.created.unwrap_or(0);
        }
        if self.model.is_empty() {
            if let Some(model) = chunk.model {
                model.push_to(&mut self.model);
            }
        }
        if let Some(fingerprint) = chunk.system_fingerprint {
            let kept = self.system_fingerprint.get_or_insert_with(String::new);
            kept.clear();
            fingerprint.push_to(kept);
        }
        if let Some(usage) = chunk.usage {
            let kept = self.usage.get_or_insert_with(String::new);
            kept.clear();
            kept.push_str(usage);
        }
        merge::latest(&mut self.extra, &chunk.extra);
        for choice in &chunk.choices {
            self.push_choice(choice);
        }
    }

    fn push_choice(&mut self, choice: &ChoiceView<'_>) {
        let state = match self.choices.binary_search_by_key(&choice.index, |c| c.index) {
            Ok(pos) => &mut self.choices[pos],
            Err(pos) => {
                self.choices.insert(pos, ChoiceState { index: choice.index, ..Default::default() });
                &mut self.choices[pos]
            }
        };
        let delta = &choice.delta;
        if state.role.is_none() {
            state.role = delta.role.map(|r| r.decode().into_owned());
        }
        if let Some(text) = delta.content {
            text.push_to(state.content.get_or_insert_with(String::new));
        }
        if let Some(text) = delta.reasoning_content {
            text.push_to(state.reasoning_content.get_or_insert_with(String::new));
        }
        for call in &delta.tool_calls {
            state.tool_calls.push(call);
        }
        merge::increment(&mut state.message_extra, &delta.extra);
        // "" is sent mid-stream by some deployments and means "not yet".
        if let Some(reason) = choice.finish_reason.filter(|r| !r.is_empty()) {
            state.finish_reason = Some(reason.decode().into_owned());
        }
        merge::latest(&mut state.extra, &choice.extra);
    }

    /// The completion so far. `done` says whether `[DONE]` arrived.
    pub fn snapshot(&self, done: bool) -> Accumulated {
        let choices: Vec<Choice> = self
            .choices
            .iter()
            .map(|c| Choice {
                index: c.index,
                message: ResponseMessage {
                    role: c.role.clone().unwrap_or_else(|| "assistant".into()),
                    content: c.content.clone(),
                    reasoning_content: c.reasoning_content.clone(),
                    tool_calls: (!c.tool_calls.is_empty())
                        .then(|| c.tool_calls.finish())
                        .filter(|calls| !calls.is_empty()),
                    extra: c.message_extra.clone(),
                },
                finish_reason: c.finish_reason.clone(),
                extra: c.extra.clone(),
            })
            .collect();
        let finished = !choices.is_empty() && choices.iter().all(|c| c.finish_reason.is_some());
        Accumulated {
            completion: ChatCompletion {
                id: self.id.clone(),
                object: "chat.completion".into(),
                created: self.created,
                model: self.model.clone(),
                choices,
                usage: self.usage.clone().map(Raw),
                system_fingerprint: self.system_fingerprint.clone(),
                extra: self.extra.clone(),
            },
            done,
            finished,
        }
    }
}
