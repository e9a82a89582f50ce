//! Wire types, grouped by API area. Field names are the API's own (snake_case).
//!
//! Response-side types keep every field they do not know in `extra`, so nothing the server adds is lost.

mod chunk;
mod common;
mod error;
mod models;
mod request;
mod response;

pub use chunk::{ChatCompletionChunk, ChunkChoice, Delta, FunctionCallDelta, ToolCallDelta};
pub use common::{Extra, FunctionCall, Kept, ToolCall, ToolType};
pub use error::{ApiErrorBody, Body};
pub use models::{Model, ModelList};
pub use request::{
    AudioUrl, ChatCompletionRequest, Content, ContentPart, FunctionDefinition, ImageDetail, ImageUrl, JsonSchemaFormat,
    Message, NamedFunction, NamedToolChoice, ReasoningEffort, ResponseFormat, Stop, Tool, ToolChoice, ToolChoiceMode,
    VideoUrl,
};
pub use response::{ChatCompletion, Choice, CompletionTokensDetails, PromptTokensDetails, ResponseMessage, Usage};
