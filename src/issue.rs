//! A problem found in a request, a schema, or a value checked against one: where (a JSON path), what (a stable
//! code and a sentence for people), and how bad.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The API would reject the request, or it cannot be what was meant: it is not sent.
    Error,
    /// The API may accept it, but it is probably a mistake.
    Warning,
}

/// A stable, machine-readable name for a kind of problem; `path` says where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    /// A required field is missing, null or empty.
    Required,
    /// A value has the wrong JSON type.
    InvalidType,
    /// A value is not one of the allowed ones.
    InvalidValue,
    /// A whole number was expected.
    NotInteger,
    /// A number is outside its range.
    OutOfRange,
    /// An array that must not be empty is.
    Empty,
    /// An array is longer than the API allows.
    TooMany,
    /// A tool or function name breaks the naming rule.
    InvalidName,
    /// The same tool name appears twice.
    DuplicateName,
    /// A URL is neither http(s) nor data:.
    InvalidUrl,
    /// A data: URL is malformed.
    InvalidDataUrl,
    /// A string that should hold JSON does not.
    InvalidJson,
    /// tool_choice names a function that is not in tools.
    UnknownTool,
    /// A tool message answers a call no earlier assistant message made.
    UnknownToolCall,
    /// The model id is not in the catalog.
    UnknownModel,
    /// A field this API does not have.
    UnknownField,
    /// A field SiliconFlow accepts but ignores.
    IgnoredField,
    /// The model cannot think, or cannot stop thinking.
    ThinkingUnsupported,
    /// A thinking option that has no effect with thinking off.
    ThinkingDisabled,
    /// An option that applies to other models only.
    UnsupportedParameter,
    /// Image, video or audio parts sent to a model that cannot read them.
    MediaUnsupported,
    /// Tools sent to a model without function calling, or with an option that breaks it.
    ToolsUnsupported,
    /// More messages than the API documents.
    TooManyMessages,
    /// Two messages in a row with the same role.
    ConsecutiveRoles,
    /// A JSON Schema keyword this package does not check values against.
    UnsupportedKeyword,
    /// A value has a member its schema does not allow (`additionalProperties`).
    ExtraProperty,
    /// A string shorter than `minLength`, or an array with fewer items than `minItems`.
    TooShort,
    /// A string longer than `maxLength`, or an array with more items than `maxItems`.
    TooLong,
    /// A value matches none of `anyOf` or `oneOf`, or more than one of `oneOf`.
    NoMatch,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Issue {
    /// Where: a JSON path into the request, `""` for the request itself.
    pub path: String,
    pub code: IssueCode,
    /// What is wrong and what to do, for a person filling in a form.
    pub message: String,
    pub severity: Severity,
}

impl Issue {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
