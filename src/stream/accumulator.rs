//! Chunks in, the completion out: exactly what the non-streaming API would have returned.

use super::chunk::{Chunk, Item, Level};
use super::events::{member_json, op, EventLog, Log, NoLog};
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
    /// What is done, for the events that say so (recorded only when logging).
    done: Done,
}

/// Which parts of a choice are done: the reasoning, the content, the tool calls (by slot).
#[derive(Debug, Default, Clone)]
struct Done {
    reasoning: bool,
    content: bool,
    calls: Vec<bool>,
    /// The call that got the latest fragment.
    current: Option<usize>,
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

impl ChoiceState {
    /// Reasoning that is over: the answer or a tool call has begun, or the choice finished.
    fn reasoning_done(&mut self, c: usize, log: &mut EventLog) {
        if !self.done.reasoning && self.reasoning_content.as_deref().is_some_and(|r| !r.is_empty()) {
            self.done.reasoning = true;
            log.record(op::REASONING_DONE, c, [0; 4]);
        }
    }

    /// A tool-call fragment for `slot`: the reasoning and the content are over, and so is the previous call when
    /// this is another one.
    fn call_starts(&mut self, c: usize, slot: usize, log: &mut EventLog) {
        self.reasoning_done(c, log);
        if !self.done.content && self.content.as_deref().is_some_and(|t| !t.is_empty()) {
            self.done.content = true;
            log.record(op::CONTENT_DONE, c, [0; 4]);
        }
        if let Some(previous) = self.done.current.filter(|&p| p != slot) {
            self.call_done(c, previous, log);
        }
        self.done.current = Some(slot);
    }

    fn call_done(&mut self, c: usize, slot: usize, log: &mut EventLog) {
        if self.done.calls.len() <= slot {
            self.done.calls.resize(slot + 1, false);
        }
        if !self.done.calls[slot] {
            self.done.calls[slot] = true;
            log.record(op::TOOL_DONE, c, [slot as u32, 0, 0, 0]);
        }
    }

    /// The choice finished (or the stream ended): every part not done yet is. Content is done even when empty if
    /// there are no tool calls (an empty answer is still the answer).
    fn all_done(&mut self, c: usize, log: &mut EventLog) {
        self.reasoning_done(c, log);
        let has_calls = !self.tool_calls.is_empty();
        let content = self.content.as_deref().is_some_and(|t| !t.is_empty() || !has_calls);
        if !self.done.content && content {
            self.done.content = true;
            log.record(op::CONTENT_DONE, c, [0; 4]);
        }
        for slot in 0..self.tool_calls.len() {
            self.call_done(c, slot, log);
        }
    }
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
        self.record(chunk, NoLog);
    }

    /// `push`, recording what the chunk does in `log`.
    pub fn push_logged(&mut self, chunk: &Chunk<'_>, log: &mut EventLog) {
        self.record(chunk, log);
    }

    fn record<L: Log>(&mut self, chunk: &Chunk<'_>, mut log: L) {
        // The choice, and the tool call in it, that the items in hand belong to; their positions in the chunk.
        let mut choice: Option<usize> = None;
        let mut call: Option<(usize, bool)> = None;
        let (mut choice_at, mut call_at) = (u32::MAX, u32::MAX);
        // The META record's flags and values (id, created, model, fingerprint).
        let (mut meta, mut meta_values) = (0, [op::NONE; 4]);
        for item in &chunk.items {
            match item {
                Item::Id(id) if self.id.is_empty() => {
                    id.push_to(&mut self.id);
                    meta |= op::META_ID;
                    if let Some(log) = log.get() {
                        let (value, flag) = log.string(id);
                        (meta_values[0], meta) = (value, meta | flag);
                    }
                }
                Item::Created(n) if self.created == 0 => {
                    self.created = *n;
                    meta |= op::META_CREATED;
                    if let Some(log) = log.get() {
                        let (value, flag) = log.part(&n.to_string());
                        (meta_values[1], meta) = (value, meta | flag);
                    }
                }
                Item::Model(model) if self.model.is_empty() => {
                    model.push_to(&mut self.model);
                    meta |= op::META_MODEL;
                    if let Some(log) = log.get() {
                        let (value, flag) = log.string(model);
                        (meta_values[2], meta) = (value, meta | flag);
                    }
                }
                Item::Fingerprint(fingerprint) => {
                    let kept = self.system_fingerprint.get_or_insert_with(String::new);
                    kept.clear();
                    fingerprint.push_to(kept);
                    meta |= op::META_FINGERPRINT;
                    if let Some(log) = log.get() {
                        let (value, flag) = log.string(fingerprint);
                        (meta_values[3], meta) = (value, meta | flag);
                    }
                }
                Item::Usage(usage) => {
                    let kept = self.usage.get_or_insert_with(String::new);
                    kept.clear();
                    kept.push_str(usage);
                    if let Some(log) = log.get() {
                        let (value, flag) = log.part(usage);
                        log.record(op::USAGE | flag, 0, [value, 0, 0, 0]);
                    }
                }
                Item::Choice(index) => {
                    let (slot, new) = self.choice(*index);
                    if let (true, Some(log)) = (new, log.get()) {
                        log.record(op::CHOICE, slot, [*index, 0, 0, 0]);
                    }
                    choice = Some(slot);
                    call = None;
                    choice_at = choice_at.wrapping_add(1);
                    call_at = u32::MAX;
                }
                Item::Unknown(Level::Chunk, key, value) => {
                    merge::latest(&mut self.extra, key, value);
                    if let Some(log) = log.get() {
                        let key = key.decode();
                        if let Some(json) = self.extra.get(&key).map(|kept| member_json(&key, kept)) {
                            log.extra(op::LEVEL_COMPLETION, 0, 0, json);
                        }
                    }
                }
                item => {
                    let Some(c) = choice else { continue };
                    let state = &mut self.choices[c];
                    let log = log.get();
                    match item {
                        Item::Role(role) if state.role.is_none() => {
                            state.role = Some(role.decode().into_owned());
                            if let Some(log) = log {
                                let (value, flag) = log.string(role);
                                log.record(op::ROLE | flag, c, [value, choice_at, 0, 0]);
                            }
                        }
                        Item::Content(text) => {
                            if let Some(log) = log {
                                if !text.is_empty() {
                                    state.reasoning_done(c, log);
                                }
                                let (value, flag) = log.string(text);
                                log.record(op::CONTENT | flag, c, [value, choice_at, 0, 0]);
                            }
                            text.push_to(state.content.get_or_insert_with(String::new));
                        }
                        Item::Reasoning(text) => {
                            text.push_to(state.reasoning_content.get_or_insert_with(String::new));
                            if let Some(log) = log {
                                let (value, flag) = log.string(text);
                                log.record(op::REASONING | flag, c, [value, choice_at, 0, 0]);
                            }
                        }
                        // "" is sent mid-stream by some deployments and means "not yet".
                        Item::Finish(reason) if !reason.is_empty() => {
                            state.finish_reason = Some(reason.decode().into_owned());
                            if let Some(log) = log {
                                let (value, flag) = log.string(reason);
                                log.record(op::FINISH | flag, c, [value, choice_at, 0, 0]);
                                state.all_done(c, log);
                            }
                        }
                        Item::ToolCall { index, id } => {
                            let id = id.filter(|id| !id.is_empty());
                            let started = state.tool_calls.start(*index, id);
                            call = Some((started.slot, id.is_some()));
                            call_at = call_at.wrapping_add(1);
                            if let Some(log) = log {
                                state.call_starts(c, started.slot, log);
                                let mut flags = 0;
                                if started.new {
                                    flags |= op::NEW;
                                }
                                let mut value = op::NONE;
                                if let (true, Some(id)) = (started.id, id) {
                                    let flag;
                                    (value, flag) = log.string(&id);
                                    flags |= op::ID | flag;
                                }
                                log.record(op::TOOL | flags, c, [started.slot as u32, value, choice_at, call_at]);
                            }
                        }
                        Item::Name(name) => {
                            if let Some((slot, _)) = call {
                                if state.tool_calls.name(slot, name) {
                                    if let Some(log) = log {
                                        let (value, flag) = log.string(name);
                                        let record = [slot as u32, value, choice_at, call_at];
                                        log.record(op::TOOL | op::NAME | flag, c, record);
                                    }
                                }
                            }
                        }
                        Item::Arguments(arguments) => {
                            if let Some((slot, has_id)) = call {
                                if state.tool_calls.arguments(slot, arguments, has_id) {
                                    if let Some(log) = log {
                                        let (value, flag) = log.string(arguments);
                                        let record = [slot as u32, value, choice_at, call_at];
                                        log.record(op::TOOL | op::ARGUMENTS | flag, c, record);
                                    }
                                }
                            }
                        }
                        Item::Unknown(level, key, value) => {
                            let json = |extra: &Extra, key: &str| extra.get(key).map(|kept| member_json(key, kept));
                            let recorded = match (level, call) {
                                (Level::Choice, _) => {
                                    merge::latest(&mut state.extra, key, value);
                                    Some((op::LEVEL_CHOICE, 0, json(&state.extra, &key.decode())))
                                }
                                (Level::Delta, _) => {
                                    merge::increment(&mut state.message_extra, key, value);
                                    Some((op::LEVEL_MESSAGE, 0, json(&state.message_extra, &key.decode())))
                                }
                                (Level::ToolCall, Some((slot, _))) => {
                                    state.tool_calls.extra(slot, key, value, false);
                                    let text = state.tool_calls.extra_json(slot, &key.decode(), false);
                                    Some((op::LEVEL_CALL, slot, text))
                                }
                                (Level::Function, Some((slot, _))) => {
                                    state.tool_calls.extra(slot, key, value, true);
                                    let text = state.tool_calls.extra_json(slot, &key.decode(), true);
                                    Some((op::LEVEL_FUNCTION, slot, text))
                                }
                                _ => None,
                            };
                            if let (Some((level, slot, Some(text))), Some(log)) = (recorded, log) {
                                log.extra(level, c, slot, text);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Some(log) = log.get() {
            if meta != 0 {
                log.record(op::META | meta, 0, meta_values);
            }
            log.record(op::CHUNK, 0, [log.chunk, log.begun - 1, 0, 0]);
        }
    }

    /// The stream has ended: whatever is not done yet is, now (records the events that say so).
    pub fn end_logged(&mut self, log: &mut EventLog) {
        for (c, state) in self.choices.iter_mut().enumerate() {
            state.all_done(c, log);
        }
    }

    /// The slot of the choice with this index, created in index order when new (and whether it is).
    fn choice(&mut self, index: u32) -> (usize, bool) {
        match self.choices.binary_search_by_key(&index, |c| c.index) {
            Ok(pos) => (pos, false),
            Err(pos) => {
                self.choices.insert(pos, ChoiceState { index, ..Default::default() });
                (pos, true)
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
