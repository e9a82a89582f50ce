//! Chunks in, the completion out: exactly what the non-streaming API would have returned.

use super::chunk::{Chunk, Item, Level};
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

    pub fn push(&mut self, chunk: &Chunk<'_>) {
        // The choice, and the tool call in it, that the items in hand belong to.
        let mut choice: Option<usize> = None;
        let mut call: Option<(usize, bool)> = None;
        for item in &chunk.items {
            match item {
                Item::Id(id) if self.id.is_empty() => id.push_to(&mut self.id),
                Item::Created(n) if self.created == 0 => self.created = *n,
                Item::Model(model) if self.model.is_empty() => model.push_to(&mut self.model),
                Item::Fingerprint(fingerprint) => {
                    let kept = self.system_fingerprint.get_or_insert_with(String::new);
                    kept.clear();
                    fingerprint.push_to(kept);
                }
                Item::Usage(usage) => {
                    let kept = self.usage.get_or_insert_with(String::new);
                    kept.clear();
                    kept.push_str(usage);
                }
                Item::Choice(index) => {
                    choice = Some(self.choice(*index));
                    call = None;
                }
                Item::Unknown(Level::Chunk, key, value) => merge::latest(&mut self.extra, key, value),
                item => {
                    let Some(c) = choice else { continue };
                    let state = &mut self.choices[c];
                    match item {
                        Item::Role(role) if state.role.is_none() => state.role = Some(role.decode().into_owned()),
                        Item::Content(text) => text.push_to(state.content.get_or_insert_with(String::new)),
                        Item::Reasoning(text) => text.push_to(state.reasoning_content.get_or_insert_with(String::new)),
                        // "" is sent mid-stream by some deployments and means "not yet".
                        Item::Finish(reason) if !reason.is_empty() => {
                            state.finish_reason = Some(reason.decode().into_owned())
                        }
                        Item::ToolCall { index, id } => {
                            let id = id.filter(|id| !id.is_empty());
                            call = Some((state.tool_calls.start(*index, id), id.is_some()));
                        }
                        Item::Name(name) => {
                            if let Some((slot, _)) = call {
                                state.tool_calls.name(slot, name);
                            }
                        }
                        Item::Arguments(arguments) => {
                            if let Some((slot, has_id)) = call {
                                state.tool_calls.arguments(slot, arguments, has_id);
                            }
                        }
                        Item::Unknown(level, key, value) => match (level, call) {
                            (Level::Choice, _) => merge::latest(&mut state.extra, key, value),
                            (Level::Delta, _) => merge::increment(&mut state.message_extra, key, value),
                            (Level::ToolCall, Some((slot, _))) => state.tool_calls.extra(slot, key, value, false),
                            (Level::Function, Some((slot, _))) => state.tool_calls.extra(slot, key, value, true),
                            _ => {}
                        },
                        _ => {}
                    }
                }
            }
        }
    }

    /// The state of the choice with this index, created in index order when new.
    fn choice(&mut self, index: u32) -> usize {
        match self.choices.binary_search_by_key(&index, |c| c.index) {
            Ok(pos) => pos,
            Err(pos) => {
                self.choices.insert(pos, ChoiceState { index, ..Default::default() });
                pos
            }
        }
    }

    /// The completion so far (a copy). `done` says whether `[DONE]` arrived.
    pub fn snapshot(&self, done: bool) -> Accumulated {
        self.clone().into_completion(done)
    }

    /// The completion, made of what was accumulated (no copy: a 64 MiB answer is not duplicated at the end).
    pub fn into_completion(self, done: bool) -> Accumulated {
        let choices: Vec<Choice> = self
            .choices
            .into_iter()
            .map(|c| Choice {
                index: c.index,
                message: ResponseMessage {
                    role: c.role.unwrap_or_else(|| "assistant".into()),
                    content: c.content,
                    reasoning_content: c.reasoning_content,
                    tool_calls: Some(c.tool_calls.finish()).filter(|calls| !calls.is_empty()),
                    extra: c.message_extra,
                },
                finish_reason: c.finish_reason,
                extra: c.extra,
            })
            .collect();
        let finished = !choices.is_empty() && choices.iter().all(|c| c.finish_reason.is_some());
        Accumulated {
            completion: ChatCompletion {
                id: self.id,
                object: "chat.completion".into(),
                created: self.created,
                model: self.model,
                choices,
                usage: self.usage.map(Raw),
                system_fingerprint: self.system_fingerprint,
                extra: self.extra,
            },
            done,
            finished,
        }
    }
}
