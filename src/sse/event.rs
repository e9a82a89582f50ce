//! What the SSE parser produces: events, and where they go.

use std::fmt;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The `event` field of the block; `None` when absent or empty (a plain "message").
    pub event: Option<String>,
    /// The `data` lines of the block, joined with `\n`.
    pub data: String,
    /// The last event ID (WHATWG semantics: it persists across the events of a stream; `None` until an `id`
    /// field was seen).
    pub id: Option<String>,
    /// The reconnection time in milliseconds (persists like `id`; `None` until a valid `retry` field was seen).
    pub retry: Option<u64>,
}

/// An event as the parser lends it to its sink: the parser's own buffers, reused for the next event (a sink that
/// keeps events takes an [`SseEvent`] from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event<'a> {
    pub event: Option<&'a str>,
    pub data: &'a str,
    pub id: Option<&'a str>,
    pub retry: Option<u64>,
}

impl From<Event<'_>> for SseEvent {
    fn from(e: Event<'_>) -> Self {
        SseEvent { event: e.event.map(Into::into), data: e.data.into(), id: e.id.map(Into::into), retry: e.retry }
    }
}

/// Receives what the parser finds. Only events are required; comments and `retry` fields are optional.
pub trait SseSink {
    fn on_event(&mut self, event: Event<'_>);
    /// A comment line (`:` ...), without the colon and one leading space.
    fn on_comment(&mut self, _comment: &str) {}
    /// A valid `retry` field, at the moment it is read.
    fn on_retry(&mut self, _ms: u64) {}
}

impl SseSink for Vec<SseEvent> {
    fn on_event(&mut self, event: Event<'_>) {
        self.push(event.into());
    }
}

/// The parser refused to hold more than its configured limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    /// A line (or the data of one event) grew past `max_buffer_size` bytes without ending.
    BufferOverflow { limit: usize },
}

impl SseError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SseError::BufferOverflow { .. } => "sse_buffer_overflow",
        }
    }
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SseError::BufferOverflow { limit } => write!(
                f,
                "the event stream sent a line or event larger than maxBufferSize ({limit} bytes); \
                 raise maxBufferSize if such events are expected"
            ),
        }
    }
}

impl std::error::Error for SseError {}
