//! Server-Sent Events: the WHATWG "event stream interpretation" algorithm, incremental and byte-level.

mod event;
mod parser;

pub use event::{Event, SseError, SseEvent, SseSink};
pub use parser::{SseOptions, SseParser, DEFAULT_MAX_BUFFER_SIZE, KEPT_CAPACITY};
