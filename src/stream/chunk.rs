//! One chunk, read in place from its JSON text: the members the accumulator uses, borrowed; `usage` as its text;
//! members no type names kept for later; everything else (`object`, a tool call's `type`) skipped. A chunk is
//! read whole before anything is accumulated, so a malformed one changes nothing.

use crate::json::{JsonError, Scanner, Str};

/// A chunk's members.
#[derive(Debug, Default)]
pub struct ChunkView<'a> {
    pub id: Option<Str<'a>>,
    pub created: Option<u64>,
    pub model: Option<Str<'a>>,
    pub system_fingerprint: Option<Str<'a>>,
    /// The JSON text of a usage object (not null).
    pub usage: Option<&'a str>,
    pub choices: Vec<ChoiceView<'a>>,
    pub extra: Members<'a>,
}

#[derive(Debug, Default)]
pub struct ChoiceView<'a> {
    pub index: u32,
    pub delta: DeltaView<'a>,
    pub finish_reason: Option<Str<'a>>,
    pub extra: Members<'a>,
}

#[derive(Debug, Default)]
pub struct DeltaView<'a> {
    pub role: Option<Str<'a>>,
    pub content: Option<Str<'a>>,
    pub reasoning_content: Option<Str<'a>>,
    pub tool_calls: Vec<ToolCallView<'a>>,
    pub extra: Members<'a>,
}

/// A fragment of a tool call (see `tool_calls` for how fragments are assembled).
#[derive(Debug, Default)]
pub struct ToolCallView<'a> {
    pub index: Option<u32>,
    pub id: Option<Str<'a>>,
    pub name: Option<Str<'a>>,
    pub arguments: Option<Str<'a>>,
    pub extra: Members<'a>,
    pub function_extra: Members<'a>,
}

/// Members no type names, in order.
pub type Members<'a> = Vec<(Str<'a>, KeptView<'a>)>;

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

    fn within(mut self, segment: &str) -> Self {
        let dot = !self.path.is_empty() && !self.path.starts_with('[');
        if dot {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, segment);
        self
    }

    fn at_index(mut self, index: usize) -> Self {
        let mut segment = String::from("[");
        crate::json::write::push_u64(&mut segment, index as u64);
        segment.push(']');
        if !self.path.is_empty() && !self.path.starts_with('[') {
            segment.push('.');
        }
        self.path.insert_str(0, &segment);
        self
    }
}

impl From<JsonError> for ChunkError {
    fn from(error: JsonError) -> Self {
        ChunkError { path: String::new(), error }
    }
}

type Result<T> = std::result::Result<T, ChunkError>;

/// Reads a chunk's text (the whole text must be one object).
pub fn read(text: &str) -> Result<ChunkView<'_>> {
    let mut s = Scanner::new(text);
    let mut chunk = ChunkView::default();
    let mut key = s.object()?;
    while let Some(k) = key {
        let name = k.decode();
        let r = &mut s;
        let read = match name.as_ref() {
            "id" => opt_string(r).map(|v| chunk.id = v),
            "created" => opt_whole(r).map(|v| chunk.created = v),
            "model" => opt_string(r).map(|v| chunk.model = v),
            "system_fingerprint" => opt_string(r).map(|v| chunk.system_fingerprint = v),
            "object" => r.skip().map_err(Into::into),
            "usage" => usage(r).map(|v| chunk.usage = v),
            "choices" => choices(r).map(|v| chunk.choices = v),
            _ => keep(r).map(|v| chunk.extra.push((k, v))),
        };
        read.map_err(|e| e.within(name.as_ref()))?;
        key = s.next_key()?;
    }
    s.end()?;
    Ok(chunk)
}

fn opt_string<'a>(s: &mut Scanner<'a>) -> Result<Option<Str<'a>>> {
    Ok(s.string_or_null()?)
}

/// A whole number that fits u32 and u64 fields alike, or null.
fn opt_whole(s: &mut Scanner<'_>) -> Result<Option<u64>> {
    if s.null()? {
        return Ok(None);
    }
    let at = s.position();
    match s.peek() {
        Some(b'-' | b'0'..=b'9') => {}
        _ => return Err(JsonError { at, what: "expected a whole number" }.into()),
    }
    match s.integer()? {
        Some(n) => Ok(Some(n)),
        None => Err(JsonError { at, what: "expected a whole number" }.into()),
    }
}

fn opt_index(s: &mut Scanner<'_>) -> Result<Option<u32>> {
    let at = s.position();
    match opt_whole(s)? {
        Some(n) => u32::try_from(n).map(Some).map_err(|_| JsonError { at, what: "an index out of range" }.into()),
        None => Ok(None),
    }
}

fn usage<'a>(s: &mut Scanner<'a>) -> Result<Option<&'a str>> {
    match s.peek() {
        Some(b'{') => Ok(Some(s.raw()?)),
        _ if s.null()? => Ok(None),
        _ => Err(JsonError { at: s.position(), what: "expected an object" }.into()),
    }
}

/// An array of `item`s, or null (as none).
fn list<'a, T>(s: &mut Scanner<'a>, item: impl Fn(&mut Scanner<'a>) -> Result<T>) -> Result<Vec<T>> {
    if s.null()? {
        return Ok(Vec::new());
    }
    let mut items = Vec::new();
    let mut more = s.array()?;
    while more {
        items.push(item(s).map_err(|e| e.at_index(items.len()))?);
        more = s.next_element()?;
    }
    Ok(items)
}

fn choices<'a>(s: &mut Scanner<'a>) -> Result<Vec<ChoiceView<'a>>> {
    list(s, |s| {
        let mut choice = ChoiceView::default();
        let mut key = s.object()?;
        while let Some(k) = key {
            let name = k.decode();
            let read = match name.as_ref() {
                "index" => opt_index(s).map(|v| choice.index = v.unwrap_or(0)),
                "delta" => delta(s).map(|v| choice.delta = v),
                "finish_reason" => opt_string(s).map(|v| choice.finish_reason = v),
                _ => keep(s).map(|v| choice.extra.push((k, v))),
            };
            read.map_err(|e| e.within(name.as_ref()))?;
            key = s.next_key()?;
        }
        Ok(choice)
    })
}

fn delta<'a>(s: &mut Scanner<'a>) -> Result<DeltaView<'a>> {
    let mut delta = DeltaView::default();
    if s.null()? {
        return Ok(delta);
    }
    let mut key = s.object()?;
    while let Some(k) = key {
        let name = k.decode();
        let read = match name.as_ref() {
            "role" => opt_string(s).map(|v| delta.role = v),
            "content" => opt_string(s).map(|v| delta.content = v),
            "reasoning_content" => opt_string(s).map(|v| delta.reasoning_content = v),
            "tool_calls" => list(s, tool_call).map(|v| delta.tool_calls = v),
            _ => keep(s).map(|v| delta.extra.push((k, v))),
        };
        read.map_err(|e| e.within(name.as_ref()))?;
        key = s.next_key()?;
    }
    Ok(delta)
}

fn tool_call<'a>(s: &mut Scanner<'a>) -> Result<ToolCallView<'a>> {
    let mut call = ToolCallView::default();
    let mut key = s.object()?;
    while let Some(k) = key {
        let name = k.decode();
        let read = match name.as_ref() {
            "index" => opt_index(s).map(|v| call.index = v),
            "id" => opt_string(s).map(|v| call.id = v),
            // Always "function" (or null on continuations): the assembled call says "function".
            "type" => opt_string(s).map(drop),
            "function" => function(s, &mut call),
            _ => keep(s).map(|v| call.extra.push((k, v))),
        };
        read.map_err(|e| e.within(name.as_ref()))?;
        key = s.next_key()?;
    }
    Ok(call)
}

fn function<'a>(s: &mut Scanner<'a>, call: &mut ToolCallView<'a>) -> Result<()> {
    if s.null()? {
        return Ok(());
    }
    let mut key = s.object()?;
    while let Some(k) = key {
        let name = k.decode();
        let read = match name.as_ref() {
            "name" => opt_string(s).map(|v| call.name = v),
            "arguments" => opt_string(s).map(|v| call.arguments = v),
            _ => keep(s).map(|v| call.function_extra.push((k, v))),
        };
        read.map_err(|e| e.within(name.as_ref()))?;
        key = s.next_key()?;
    }
    Ok(())
}

/// An unknown member's value, validated and kept as text.
fn keep<'a>(s: &mut Scanner<'a>) -> Result<KeptView<'a>> {
    Ok(match s.peek() {
        Some(b'"') => KeptView::Text(s.string()?),
        Some(b'[') => KeptView::List(list(s, |s| Ok(s.raw()?))?),
        _ => KeptView::Json(s.raw()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_siliconflow_chunk_in_place() {
        let text = r#"{"id":"019a","object":"chat.completion.chunk","created":1753329315,"model":"m","choices":[{"index":0,"delta":{"content":"你好","reasoning_content":null,"role":"assistant"},"finish_reason":null}],"system_fingerprint":"","usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}"#;
        let chunk = read(text).unwrap();
        assert!(chunk.id.unwrap().is("019a"));
        assert_eq!(chunk.created, Some(1753329315));
        assert_eq!(chunk.usage, Some(r#"{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}"#));
        let choice = &chunk.choices[0];
        assert!(choice.delta.content.unwrap().is("你好"));
        assert!(choice.delta.reasoning_content.is_none() && choice.finish_reason.is_none());
        assert!(chunk.extra.is_empty() && choice.extra.is_empty());
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

    #[test]
    fn unknown_members_are_kept_by_kind() {
        let chunk = read(r#"{"a":"text","b":[1,{"x":2}],"c":{"y":null},"d":null,"e":3.5}"#).unwrap();
        let kinds: Vec<String> = chunk
            .extra
            .iter()
            .map(|(k, v)| match v {
                KeptView::Text(t) => format!("{}=text {}", k.decode(), t.decode()),
                KeptView::List(items) => format!("{}=list {}", k.decode(), items.join("|")),
                KeptView::Json(raw) => format!("{}=json {raw}", k.decode()),
            })
            .collect();
        assert_eq!(kinds, ["a=text text", "b=list 1|{\"x\":2}", "c=json {\"y\":null}", "d=json null", "e=json 3.5"]);
    }
}
