//! A stream that went wrong, with everything that arrived before it did.

use std::fmt;

use crate::sse::SseError;
use crate::types::ApiErrorBody;

use super::accumulator::Accumulated;

#[derive(Debug, Clone, PartialEq)]
pub enum StreamErrorKind {
    /// The server reported an error mid-stream (`event: error`, or a data object with an error).
    Api(ApiErrorBody),
    /// A `data:` payload was not a chunk.
    MalformedChunk { data: String, reason: String },
    /// The event stream itself was unreadable.
    Sse(SseError),
}

#[derive(Debug, Clone, PartialEq)]
pub struct StreamError {
    pub kind: StreamErrorKind,
    /// The completion as far as it got.
    pub partial: Box<Accumulated>,
}

/// Malformed payloads are quoted up to this many characters.
const QUOTE_CHARS: usize = 200;

impl StreamError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            StreamErrorKind::Api(_) => "stream_api_error",
            StreamErrorKind::MalformedChunk { .. } => "malformed_chunk",
            StreamErrorKind::Sse(e) => e.code(),
        }
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            StreamErrorKind::Api(body) => match body.code {
                Some(code) => write!(f, "the server reported an error mid-stream (code {code}): {}", body.message),
                None => write!(f, "the server reported an error mid-stream: {}", body.message),
            },
            StreamErrorKind::MalformedChunk { data, reason } => {
                let quoted: String = data.chars().take(QUOTE_CHARS).collect();
                let more = if data.chars().count() > QUOTE_CHARS { "…" } else { "" };
                write!(f, "the stream sent a chunk that is not valid JSON ({reason}): {quoted}{more}")
            }
            StreamErrorKind::Sse(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StreamError {}
