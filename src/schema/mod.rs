//! The JSON Schema subset this package checks values against: what users write for structured outputs and tool
//! parameters. A schema in a request is checked for what it says (`keywords`, used by the request validator);
//! a value is checked against it (`instance`: the model's JSON answer, a tool call's arguments).
//!
//! Checked: `type` (a name, or a list of names for nullable values), `properties`, `required`,
//! `additionalProperties`, `items`, `enum`, `const`, `anyOf`, `oneOf`, `allOf`, `minimum`, `maximum`,
//! `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `maxLength` (in characters), `minItems`, `maxItems`.
//! Annotations (`title`, `description`, `default`, `examples`, ...) are allowed and mean nothing here; any other
//! keyword is reported, once, as not checked.

mod instance;
mod keywords;

pub use instance::check as check_value;
pub use keywords::{check as check_schema, Keyword, KEYWORDS};
