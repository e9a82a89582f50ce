//! The chat runtime's decisions, apart from any JavaScript: the assistant message a completion adds to a
//! conversation and which messages carry reasoning back (`messages`), what to do with a turn's tool calls
//! (`tools`), and what to tell a model whose JSON answer did not match its schema (`repair`). The JS runtime
//! (events, the tool runner's loop, conversations) asks these and carries the answers out.

pub mod messages;
pub mod repair;
pub mod tools;
