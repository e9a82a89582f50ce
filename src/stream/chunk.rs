//! One chunk, read in place from its JSON text into a flat list of what it says, in the order it says it: the
//! members the accumulator uses, borrowed; `usage` as its text; members no type names, kept for later; the rest
//! (`object`, a tool call's `type`) skipped. A chunk is read whole before anything is accumulated, so a malformed
//! one changes nothing.

use crate::json::scan::Key;
use crate::json::{JsonError, Scanner, Str};

/// What a chunk says.
#[derive(Debug, Clone)]
pub enum Item<'a> {
    Id(Str<'a>),
    Created(u64),
    Model(Str<'a>),
    Fingerprint(Str<'a>),
    /// The usage object's text.
    Usage(&'a str),
    /// A choice starts; the items up to the next `Choice` are its own.
    Choice(u32),
    Role(Str<'a>),
    Content(Str<'a>),
    Reasoning(Str<'a>),
    Finish(Str<'a>),
    /// A tool-call fragment starts; `Name` and `Arguments` up to the next `ToolCall` are its own.
    ToolCall {
        index: Option<u32>,
        id: Option<Str<'a>>,
    },
    Name(Str<'a>),
    Arguments(Str<'a>),
    /// A member no type names, and where it was.
    Unknown(Level, Str<'a>, KeptView<'a>),
}

/// Where an unknown member was: they merge differently (per chunk, the latest wins; in deltas, increments add up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Chunk,
    Choice,
    Delta,
    ToolCall,
    Function,
}

/// An unknown member's value, as the text has it.
#[derive(Debug, Clone)]
pub enum KeptView<'a> {
    Text(Str<'a>),
    /// The elements' JSON text.
    List(Vec<&'a str>),
    Json(&'a str),
}

impl KeptView<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, KeptView::Json("null"))
    }
}

/// A chunk read.
#[derive(Debug, Default)]
pub struct Chunk<'a> {
    pub items: Vec<Item<'a>>,
    /// How many choices it has.
    pub choices: usize,
    /// An error sent as data: an `error` member, or `code` or `message` members and no choices.
    pub is_error: bool,
    /// A known member is named twice in one of its objects: `JSON.parse` keeps the last only, so the chunk as JS
    /// parses it does not say what its items say, and is not read by position (`events::IN_CHUNK`).
    pub repeats: bool,
}

/// Why a chunk could not be read: where (a JSON path into the chunk, `""` for the chunk itself) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkError {
    pub path: String,
    pub error: JsonError,
}

impl ChunkError {
    /// "choices[0].index: expected a whole number at byte 57".
    pub fn message(&self) -> String {
        let mut out = self.path.clone();
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&self.error.message());
        out
    }

    /// The error one level up: inside `segment` (a key, or `[i]`).
    #[cold]
    fn within(mut self, segment: &str) -> Self {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, segment);
        self
    }

    #[cold]
    fn at_index(self, index: usize) -> Self {
        let mut segment = String::from("[");
        crate::number::push_u64(&mut segment, index as u64);
        segment.push(']');
        self.within(&segment)
    }
}

impl From<JsonError> for ChunkError {
    fn from(error: JsonError) -> Self {
        ChunkError { path: String::new(), error }
    }
}

type Result<T = ()> = std::result::Result<T, ChunkError>;

/// A kind of object's known members, named, in the order SiliconFlow sends them (`NAMES`, which the scanner
/// matches keys against). The readers match on them exhaustively: a member added here does not compile until its
/// reader handles it.
macro_rules! members {
    ($(#[$meta:meta])* $kind:ident { $($member:ident = $name:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum $kind {
            $($member),*
        }

        impl $kind {
            const NAMES: &'static [&'static str] = &[$($name),*];
            const ALL: &'static [$kind] = &[$($kind::$member),*];

            /// The scanner's key, named.
            #[inline]
            fn of(key: Key<'_>) -> Member<'_, $kind> {
                match key {
                    Key::Known(i) => Member::Known(Self::ALL[i]),
                    Key::Other(name) => Member::Other(name),
                }
            }
        }
    };
}

/// A member of an object: one of its kind's known ones, or another, kept by name.
enum Member<'a, K> {
    Known(K),
    Other(Str<'a>),
}

members!(
    /// A chunk.
    ChunkKey {
        Id = "id",
        Object = "object",
        Created = "created",
        Model = "model",
        Choices = "choices",
        Fingerprint = "system_fingerprint",
        Usage = "usage",
    }
);
members!(ChoiceKey { Index = "index", Delta = "delta", FinishReason = "finish_reason" });
members!(DeltaKey { Content = "content", Reasoning = "reasoning_content", Role = "role", ToolCalls = "tool_calls" });
members!(ToolCallKey { Index = "index", Id = "id", Type = "type", Function = "function" });
members!(FunctionKey { Name = "name", Arguments = "arguments" });
members!(
    /// Read only to be checked, and kept as its text: its members are named so that they are matched, not scanned.
    UsageKey {
        Prompt = "prompt_tokens",
        Completion = "completion_tokens",
        Total = "total_tokens",
        CompletionDetails = "completion_tokens_details",
    }
);

/// Reads a chunk's text (the whole text must be one object).
pub fn read(text: &str) -> Result<Chunk<'_>> {
    let mut s = Scanner::new(text);
    // Room for a usual chunk's items (id, created, model, a choice with two deltas, fingerprint, usage).
    let mut chunk = Chunk { items: Vec::with_capacity(12), ..Chunk::default() };
    let (mut error, mut code_or_message) = (false, false);
    members(&mut s, ChunkKey::NAMES, &mut |s, key| match ChunkKey::of(key) {
        Member::Known(ChunkKey::Id) => string(s, &mut chunk.items, Item::Id),
        Member::Known(ChunkKey::Object) => Ok(s.skip()?), // always chat.completion.chunk
        Member::Known(ChunkKey::Created) => {
            if let Some(n) = whole(s)? {
                chunk.items.push(Item::Created(n));
            }
            Ok(())
        }
        Member::Known(ChunkKey::Model) => string(s, &mut chunk.items, Item::Model),
        Member::Known(ChunkKey::Choices) => list(s, &mut |s| {
            chunk.choices += 1;
            choice(s, &mut chunk.items)
        }),
        Member::Known(ChunkKey::Fingerprint) => string(s, &mut chunk.items, Item::Fingerprint),
        Member::Known(ChunkKey::Usage) => usage(s, &mut chunk.items),
        Member::Other(name) => {
            error |= name.is("error");
            code_or_message |= name.is("code") || name.is("message");
            keep(s, &mut chunk.items, Level::Chunk, name)
        }
    })?;
    s.end()?;
    chunk.is_error = error || (chunk.choices == 0 && code_or_message);
    chunk.repeats = s.repeated;
    Ok(chunk)
}

/// Reads an object (or null) whose members are looked up among `known`, calling `member` for each to read its
/// value. (A `dyn` callback: one copy of this loop, not one per kind of object.)
fn members<'a>(
    s: &mut Scanner<'a>,
    known: &[&str],
    member: &mut dyn FnMut(&mut Scanner<'a>, Key<'a>) -> Result,
) -> Result {
    if s.null()? {
        return Ok(());
    }
    let mut key = s.object_of(known)?;
    let (mut hint, mut seen) = (0, 0u32);
    while let Some(k) = key {
        if let Key::Known(i) = k {
            hint = i + 1;
            s.repeated |= seen & (1 << i) != 0;
            seen |= 1 << i;
        }
        member(s, k).map_err(|e| match k {
            Key::Known(i) => e.within(known[i]),
            Key::Other(name) => e.within(&name.decode()),
        })?;
        key = s.next_of(known, hint)?;
    }
    Ok(())
}

/// Reads an array (or null), calling `item` for each element.
fn list<'a>(s: &mut Scanner<'a>, item: &mut dyn FnMut(&mut Scanner<'a>) -> Result) -> Result {
    if s.null()? {
        return Ok(());
    }
    let mut more = s.array()?;
    let mut i = 0;
    while more {
        item(s).map_err(|e| e.at_index(i))?;
        i += 1;
        more = s.next_element()?;
    }
    Ok(())
}

/// A string member: pushed as `item` unless null.
fn string<'a>(s: &mut Scanner<'a>, items: &mut Vec<Item<'a>>, item: fn(Str<'a>) -> Item<'a>) -> Result {
    if let Some(text) = s.string_or_null()? {
        items.push(item(text));
    }
    Ok(())
}

/// A whole number, or null.
fn whole(s: &mut Scanner<'_>) -> Result<Option<u64>> {
    if s.null()? {
        return Ok(None);
    }
    let at = s.position();
    let n = match s.peek() {
        Some(b'-' | b'0'..=b'9') => s.integer()?,
        _ => None,
    };
    n.map(Some).ok_or_else(|| JsonError { at, what: "expected a whole number" }.into())
}

/// An index: a whole number that fits u32, or null.
fn index(s: &mut Scanner<'_>) -> Result<Option<u32>> {
    let at = s.position();
    match whole(s)? {
        Some(n) => u32::try_from(n).map(Some).map_err(|_| JsonError { at, what: "an index out of range" }.into()),
        None => Ok(None),
    }
}

fn usage<'a>(s: &mut Scanner<'a>, items: &mut Vec<Item<'a>>) -> Result {
    match s.peek() {
        Some(b'{') => {
            let start = s.position();
            // Every member is skipped, known or not: the usage object goes on as its text.
            members(s, UsageKey::NAMES, &mut |s, key| match UsageKey::of(key) {
                Member::Known(_) | Member::Other(_) => Ok(s.skip()?),
            })?;
            items.push(Item::Usage(s.since(start)));
        }
        _ if s.null()? => {}
        _ => return Err(JsonError { at: s.position(), what: "expected an object" }.into()),
    }
    Ok(())
}

fn choice<'a>(s: &mut Scanner<'a>, items: &mut Vec<Item<'a>>) -> Result {
    let start = items.len();
    items.push(Item::Choice(0));
    let mut at = 0;
    members(s, ChoiceKey::NAMES, &mut |s, key| match ChoiceKey::of(key) {
        Member::Known(ChoiceKey::Index) => {
            at = index(s)?.unwrap_or(0);
            Ok(())
        }
        Member::Known(ChoiceKey::Delta) => delta(s, items),
        Member::Known(ChoiceKey::FinishReason) => string(s, items, Item::Finish),
        Member::Other(name) => keep(s, items, Level::Choice, name),
    })?;
    items[start] = Item::Choice(at);
    Ok(())
}

fn delta<'a>(s: &mut Scanner<'a>, items: &mut Vec<Item<'a>>) -> Result {
    members(s, DeltaKey::NAMES, &mut |s, key| match DeltaKey::of(key) {
        Member::Known(DeltaKey::Content) => string(s, items, Item::Content),
        Member::Known(DeltaKey::Reasoning) => string(s, items, Item::Reasoning),
        Member::Known(DeltaKey::Role) => string(s, items, Item::Role),
        Member::Known(DeltaKey::ToolCalls) => list(s, &mut |s| tool_call(s, items)),
        Member::Other(name) => keep(s, items, Level::Delta, name),
    })
}

fn tool_call<'a>(s: &mut Scanner<'a>, items: &mut Vec<Item<'a>>) -> Result {
    let start = items.len();
    items.push(Item::ToolCall { index: None, id: None });
    let (mut at, mut id) = (None, None);
    members(s, ToolCallKey::NAMES, &mut |s, key| match ToolCallKey::of(key) {
        Member::Known(ToolCallKey::Index) => {
            at = index(s)?;
            Ok(())
        }
        Member::Known(ToolCallKey::Id) => {
            id = s.string_or_null()?;
            Ok(())
        }
        // Always "function" (or null on continuations): the assembled call says "function".
        Member::Known(ToolCallKey::Type) => s.string_or_null().map(drop).map_err(Into::into),
        Member::Known(ToolCallKey::Function) => {
            members(s, FunctionKey::NAMES, &mut |s, key| match FunctionKey::of(key) {
                Member::Known(FunctionKey::Name) => string(s, items, Item::Name),
                Member::Known(FunctionKey::Arguments) => string(s, items, Item::Arguments),
                Member::Other(name) => keep(s, items, Level::Function, name),
            })
        }
        Member::Other(name) => keep(s, items, Level::ToolCall, name),
    })?;
    items[start] = Item::ToolCall { index: at, id };
    Ok(())
}

/// An unknown member's value, validated and kept as text.
fn keep<'a>(s: &mut Scanner<'a>, items: &mut Vec<Item<'a>>, level: Level, key: Str<'a>) -> Result {
    let value = match s.peek() {
        Some(b'"') => KeptView::Text(s.string()?),
        Some(b'[') => {
            let mut elements = Vec::new();
            list(s, &mut |s| {
                elements.push(s.raw()?);
                Ok(())
            })?;
            KeptView::List(elements)
        }
        _ => KeptView::Json(s.raw()?),
    };
    items.push(Item::Unknown(level, key, value));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items as text, one per item.
    fn items(text: &str) -> Vec<String> {
        let kept = |v: &KeptView<'_>| match v {
            KeptView::Text(t) => format!("text {}", t.decode()),
            KeptView::List(items) => format!("list {}", items.join("|")),
            KeptView::Json(raw) => format!("json {raw}"),
        };
        read(text)
            .unwrap()
            .items
            .iter()
            .map(|item| match item {
                Item::Id(s) => format!("id {}", s.decode()),
                Item::Created(n) => format!("created {n}"),
                Item::Model(s) => format!("model {}", s.decode()),
                Item::Fingerprint(s) => format!("fingerprint {}", s.decode()),
                Item::Usage(raw) => format!("usage {raw}"),
                Item::Choice(i) => format!("choice {i}"),
                Item::Role(s) => format!("role {}", s.decode()),
                Item::Content(s) => format!("content {}", s.decode()),
                Item::Reasoning(s) => format!("reasoning {}", s.decode()),
                Item::Finish(s) => format!("finish {}", s.decode()),
                Item::ToolCall { index, id } => format!("call {index:?} {:?}", id.map(|s| s.decode().into_owned())),
                Item::Name(s) => format!("name {}", s.decode()),
                Item::Arguments(s) => format!("arguments {}", s.decode()),
                Item::Unknown(level, key, value) => format!("{level:?} {} {}", key.decode(), kept(value)),
            })
            .collect()
    }

    #[test]
    fn reads_a_siliconflow_chunk_in_place() {
        let text = concat!(
            r#"{"id":"019a","object":"chat.completion.chunk","created":1753329315,"model":"m","choices":[{"index":0,"#,
            r#""delta":{"content":"你好","reasoning_content":null,"role":"assistant"},"finish_reason":null}],"#,
            r#""system_fingerprint":"","usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}"#
        );
        assert_eq!(
            items(text),
            [
                "id 019a",
                "created 1753329315",
                "model m",
                "choice 0",
                "content 你好",
                "role assistant",
                "fingerprint ",
                r#"usage {"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}"#,
            ]
        );
        let chunk = read(text).unwrap();
        assert_eq!((chunk.choices, chunk.is_error), (1, false));
    }

    #[test]
    fn a_choice_and_a_tool_call_carry_their_index_and_id_however_late_they_come() {
        let text = concat!(
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"f","arguments":"{"},"id":"a","#,
            r#""type":"function","index":1}]},"index":2}]}"#
        );
        assert_eq!(items(text), ["choice 2", "call Some(1) Some(\"a\")", "name f", "arguments {"]);
    }

    #[test]
    fn unknown_members_are_kept_by_kind_and_level() {
        let text = concat!(
            r#"{"a":"text","b":[1,{"x":2}],"c":{"y":null},"d":null,"e":3.5,"#,
            r#""choices":[{"z":1,"delta":{"r":"t","tool_calls":[{"q":true,"function":{"p":[]}}]}}]}"#
        );
        assert_eq!(
            items(text),
            [
                "Chunk a text text",
                "Chunk b list 1|{\"x\":2}",
                "Chunk c json {\"y\":null}",
                "Chunk d json null",
                "Chunk e json 3.5",
                "choice 0",
                "Choice z json 1",
                "Delta r text t",
                "call None None",
                "ToolCall q json true",
                "Function p list ",
            ]
        );
    }

    #[test]
    fn members_in_any_order_or_spelled_with_escapes_are_read_the_same() {
        let usual = r#"{"id":"x","created":1,"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}]}"#;
        let shuffled =
            r#"{"choices":[{"finish_reason":"stop","delta":{"content":"a"},"index":0}],"created":1,"\u0069d":"x"}"#;
        let mut expected = items(usual);
        let mut got = items(shuffled);
        expected.sort();
        got.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_key_that_begins_or_ends_like_a_known_name_is_not_taken_for_it() {
        let text =
            r#"{"ids":"a","i":"b","id":"c","choices":[{"delta":{"contents":"d","content":"e","reasoning":"f"}}]}"#;
        assert_eq!(
            items(text),
            [
                "Chunk ids text a",
                "Chunk i text b",
                "id c",
                "choice 0",
                "Delta contents text d",
                "content e",
                "Delta reasoning text f"
            ]
        );
    }

    #[test]
    fn an_error_sent_as_data_is_recognised() {
        assert!(read(r#"{"error":{"message":"x"}}"#).unwrap().is_error);
        assert!(read(r#"{"code":50505,"message":"overloaded"}"#).unwrap().is_error);
        assert!(!read(r#"{"message":"hi","choices":[{"delta":{}}]}"#).unwrap().is_error);
    }

    #[test]
    fn wrong_shapes_are_errors_with_a_path() {
        let cases = [
            (r#"{"choices":[{"index":"0"}]}"#, "choices[0].index: expected a whole number at byte 21"),
            (r#"{"choices":[{"delta":{"content":5}}]}"#, "choices[0].delta.content: expected a string at byte 32"),
            (r#"{"choices":{}}"#, "choices: expected an array at byte 11"),
            (
                r#"{"choices":[{"delta":{"tool_calls":[{"index":1.5}]}}]}"#,
                "choices[0].delta.tool_calls[0].index: expected a whole number at byte 45",
            ),
            (r#"{"usage":7}"#, "usage: expected an object at byte 9"),
            (r#"{"id":"x"} x"#, "unexpected text after the value at byte 11"),
        ];
        for (text, message) in cases {
            assert_eq!(read(text).unwrap_err().message(), message, "{text}");
        }
    }
}
