//! What one SSE event of a chat stream means.

use crate::sse::SseEvent;
use crate::types::{ApiErrorBody, ChatCompletionChunk};

use super::error::StreamErrorKind;

#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    Chunk(Box<ChatCompletionChunk>),
    /// `data: [DONE]`.
    Done,
    /// Nothing for the chat: an empty keep-alive `data:`, or an event of another type (`event: ping`), which
    /// an EventSource would not deliver to `onmessage` either.
    Skip,
}

/// What `event` means, and the exact text of its chunk (the data without surrounding JSON whitespace).
pub fn decode(event: &SseEvent) -> Result<Decoded, StreamErrorKind> {
    let data = json_text(&event.data);
    match event.event.as_deref() {
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
    match serde_json::from_str::<ChatCompletionChunk>(data) {
        Ok(chunk) => {
            // An error sent as data: an `error` member, or code/message and no choices.
            let looks_like_error = chunk.extra.contains_key("error")
                || (chunk.choices.is_empty()
                    && (chunk.extra.contains_key("code") || chunk.extra.contains_key("message")));
            if looks_like_error {
                let body = serde_json::from_str(data).unwrap_or_default();
                return Err(StreamErrorKind::Api(ApiErrorBody::from_json(0, body)));
            }
            Ok(Decoded::Chunk(Box::new(chunk)))
        }
        Err(e) => Err(StreamErrorKind::MalformedChunk { data: data.to_string(), reason: e.to_string() }),
    }
}

/// The data without the whitespace JSON allows around a value (space, tab, LF, CR; not Unicode spaces, which a JSON
/// parser in JS would refuse).
pub fn json_text(data: &str) -> &str {
    data.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}
