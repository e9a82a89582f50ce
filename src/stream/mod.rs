//! From streamed bytes to the final completion: decode SSE events into chunks, and accumulate chunks into the
//! completion the non-streaming API would have returned.

mod accumulator;
mod chat_stream;
pub mod chunk;
mod decode;
mod error;
pub mod events;
mod merge;
mod tool_calls;

pub use accumulator::{Accumulated, Accumulator};
pub use chat_stream::ChatStream;
pub use decode::{decode, Decoded};
pub use error::{StreamError, StreamErrorKind};
pub use events::EventLog;
pub use tool_calls::ToolCallAssembler;
