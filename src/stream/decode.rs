//! What one SSE event of a chat stream means.

use super::chunk::{self, Chunk};
use super::error::StreamErrorKind;
use crate::sse::Event;
use crate::types::ApiErrorBody;

#[derive(Debug)]
pub enum Decoded<'a> {
    Chunk(Chunk<'a>),
    /// `data: [DONE]`.
    Done,
    /// Nothing for the chat: an empty keep-alive `data:`, or an event of another type (`event: ping`), which
    /// an EventSource would not deliver to `onmessage` either.
    Skip,
}

/// What `event` means; a chunk is read in place from the event's data.
pub fn decode<'a>(event: &Event<'a>) -> Result<Decoded<'a>, StreamErrorKind> {
    let data = json_text(event.data);
    match event.event {
        None | Some("message") => {}
        Some("error") => return Err(StreamErrorKind::Api(ApiErrorBody::parse(0, data))),
        Some(_) => return Ok(Decoded::Skip),
    }
    if data.is_empty() {
        return Ok(Decoded::Skip);
    }
    if data == "[DONE]" {
        return Ok(Decoded::Done);
    }
    match chunk::read(data) {
        Ok(chunk) if chunk.is_error => Err(StreamErrorKind::Api(ApiErrorBody::parse(0, data))),
        Ok(chunk) => Ok(Decoded::Chunk(chunk)),
        Err(e) => Err(StreamErrorKind::MalformedChunk { data: data.to_string(), reason: e.message() }),
    }
}

/// The data without the whitespace JSON allows around a value (space, tab, LF, CR; not Unicode spaces, which a JSON
/// parser in JS would refuse).
pub fn json_text(data: &str) -> &str {
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let bytes = data.as_bytes();
    let start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !space(b)).map_or(start, |i| i + 1);
    // Both ends are next to ASCII bytes (or the ends of the text): character boundaries.
    data.get(start..end).unwrap_or_default()
}
