//! What each chunk did to the completion, recorded as it is accumulated: for a live copy of the completion kept
//! elsewhere (the JavaScript stream's snapshot), and for the events that tell of it (`content.delta`,
//! `tool_calls.function.arguments.done`, ...). The copy is kept by applying these records, so nothing about
//! assembling a completion is decided twice: which call a fragment continues, when a part of the answer is done,
//! is the accumulator's decision.
//!
//! A record is `WORDS` words: an operation, the position of the choice in the completion's `choices`, and
//! operands. The values a record names (a delta's text, an id, a usage, a chunk) are the log's `values`, by
//! number: the JSON texts of a read's values as one array, parsed there once. Each chunk itself is among them only
//! when asked for (`chunks`): then the records name the chunk, and where in it their value is (`IN_CHUNK`), so
//! nothing is parsed twice; without, a reader of deltas parses their texts alone, a small part of the stream.

use crate::json::write::push_str_literal;
use crate::json::{JsonBatch, Str};
use crate::types::Kept;

/// Words per record.
pub const WORDS: usize = 6;

/// The operations. Each record is `[op, choice slot, a, b, c, d]`.
pub mod op {
    /// A new choice, at this slot of `choices`: `a` its index. (Later choices move one slot up.)
    pub const CHOICE: u32 = 1;
    /// `content` grows by value `a` (it may be empty: the content is no longer null); `IN_CHUNK`: by chunk `a`'s
    /// `choices[b].delta.content`.
    pub const CONTENT: u32 = 2;
    /// `reasoning_content` grows by value `a` (`IN_CHUNK`: chunk `a`'s `choices[b].delta.reasoning_content`).
    pub const REASONING: u32 = 3;
    /// The role is value `a` (`IN_CHUNK`: chunk `a`'s `choices[b].delta.role`).
    pub const ROLE: u32 = 4;
    /// The finish reason is value `a` (`IN_CHUNK`: chunk `a`'s `choices[b].finish_reason`).
    pub const FINISH: u32 = 5;
    /// A tool-call fragment for the call at slot `a` of the choice's calls. The flags above the low byte of `op`
    /// say what it does; the one of ID, NAME, ARGUMENTS set is value `b` (the id, the name, the arguments' text;
    /// `IN_CHUNK`: in chunk `b`'s `choices[c].delta.tool_calls[d]`).
    pub const TOOL: u32 = 6;
    /// The completion's `id`, `created`, `model` or `system_fingerprint` (flags: which) are values `a`, `b`, `c`
    /// and `d` (`IN_CHUNK`: those members of the chunk those operands name).
    pub const META: u32 = 7;
    /// The usage is value `a` (`IN_CHUNK`: chunk `a`'s `usage`).
    pub const USAGE: u32 = 8;
    /// An unknown member, merged: `a` where (`LEVEL_*`), `b` the call slot (for calls), `c` the value that is its
    /// JSON text `{"key":value}`.
    pub const EXTRA: u32 = 9;
    /// A chunk is accumulated: its `chunk` event, with the chunk as value `a` (`NONE` when chunks were not asked
    /// for); `b` its place among the read's chunks.
    pub const CHUNK: u32 = 10;
    /// The choice's content is done.
    pub const CONTENT_DONE: u32 = 11;
    /// The choice's reasoning is done.
    pub const REASONING_DONE: u32 = 12;
    /// The arguments of the call at slot `a` are done.
    pub const TOOL_DONE: u32 = 13;

    /// TOOL flags: the call is new; it got its id; it got its name; its arguments grew.
    pub const NEW: u32 = 1 << 8;
    pub const ID: u32 = 1 << 9;
    pub const NAME: u32 = 1 << 10;
    pub const ARGUMENTS: u32 = 1 << 11;

    /// META flags.
    pub const META_ID: u32 = 1 << 8;
    pub const META_CREATED: u32 = 1 << 9;
    pub const META_MODEL: u32 = 1 << 10;
    pub const META_FINGERPRINT: u32 = 1 << 11;

    /// EXTRA levels: the completion, a choice, its message, a tool call, a tool call's function.
    pub const LEVEL_COMPLETION: u32 = 0;
    pub const LEVEL_CHOICE: u32 = 1;
    pub const LEVEL_MESSAGE: u32 = 2;
    pub const LEVEL_CALL: u32 = 3;
    pub const LEVEL_FUNCTION: u32 = 4;

    /// The values named are chunks: each record's value is in its chunk, where the record says.
    pub const IN_CHUNK: u32 = 1 << 16;

    /// No value.
    pub const NONE: u32 = u32::MAX;
}

#[derive(Debug, Default)]
pub struct EventLog {
    /// The records, `WORDS` words each.
    pub ops: Vec<u32>,
    /// The values the records name, as one JSON array.
    pub values: JsonBatch,
    /// Whether each chunk is among the values (for `chunk` events).
    pub chunks: bool,
    /// The value that is the chunk being recorded (`op::NONE` when chunks are not kept).
    pub(super) chunk: u32,
    /// The chunk's parts are read in it (`IN_CHUNK`): it is kept, and says what its items say.
    in_chunk: bool,
    /// The chunks begun in this read.
    pub(super) begun: u32,
}

impl EventLog {
    /// A log that keeps the chunks too.
    pub fn new() -> Self {
        EventLog { chunks: true, chunk: op::NONE, ..Self::default() }
    }

    /// Empties the log for the next read (value numbers start again at 0).
    pub fn clear(&mut self) {
        self.ops.clear();
        self.values.clear();
        self.chunk = op::NONE;
        self.begun = 0;
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub(super) fn record(&mut self, op: u32, choice: usize, operands: [u32; 4]) {
        self.ops.extend_from_slice(&[op, choice as u32, operands[0], operands[1], operands[2], operands[3]]);
    }

    /// Records an EXTRA for this `{"key":value}` text.
    pub(super) fn extra(&mut self, level: u32, choice: usize, slot: usize, json: String) {
        let value = self.value(&json);
        self.record(op::EXTRA, choice, [level, slot as u32, value, 0]);
    }

    /// A chunk begins: it is a value when chunks are asked for. `repeats`: it names a member twice, so its parts
    /// are values of their own even then.
    pub(super) fn begin_chunk(&mut self, json: &str, repeats: bool) {
        self.chunk = if self.chunks { self.value(json) } else { op::NONE };
        self.in_chunk = self.chunks && !repeats;
        self.begun += 1;
    }

    /// Adds a value (a JSON text); its number.
    pub(super) fn value(&mut self, json: &str) -> u32 {
        self.values.push(json);
        self.values.len() as u32 - 1
    }

    /// A part of the chunk being recorded, as a value: the chunk, flagged `IN_CHUNK`, when chunks are kept; else
    /// the part's own JSON text, added.
    pub(super) fn part(&mut self, json: &str) -> (u32, u32) {
        match self.in_chunk {
            true => (self.chunk, op::IN_CHUNK),
            false => (self.value(json), 0),
        }
    }

    /// `part`, for a string.
    pub(super) fn string(&mut self, text: &Str<'_>) -> (u32, u32) {
        if self.in_chunk {
            return (self.chunk, op::IN_CHUNK);
        }
        self.values.push_string(text.raw());
        (self.values.len() as u32 - 1, 0)
    }
}

/// Where a chunk's effects are recorded, or not: the accumulator is compiled once without any of the recording
/// (`NoLog`, what a plain stream uses) and once with it.
pub trait Log {
    fn get(&mut self) -> Option<&mut EventLog>;
}

/// No recording.
pub struct NoLog;

impl Log for NoLog {
    #[inline(always)]
    fn get(&mut self) -> Option<&mut EventLog> {
        None
    }
}

impl Log for &mut EventLog {
    #[inline(always)]
    fn get(&mut self) -> Option<&mut EventLog> {
        Some(self)
    }
}

impl<L: Log> Log for &mut L {
    #[inline(always)]
    fn get(&mut self) -> Option<&mut EventLog> {
        (**self).get()
    }
}

/// `{"key":value}`.
pub fn member_json(key: &str, value: &Kept) -> String {
    let mut out = String::from("{");
    push_str_literal(&mut out, key);
    out.push(':');
    out.push_str(&crate::json::to_string(value));
    out.push('}');
    out
}
