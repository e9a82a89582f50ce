//! Error bodies. SiliconFlow sends `{"code", "message", "data"}` at the top level or a bare string (JSON or plain
//! text); OpenAI-compatible proxies send `{"error": {"message", "code", "type"}}`. All are read the same way.

use serde_json::Value;

/// What an error response (or a mid-stream error event) said.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiErrorBody {
    /// SiliconFlow's numeric code (`20012`, `30001`, `50505`, ...), when the body has one.
    pub code: Option<i64>,
    /// A sentence for people: the body's message, or the HTTP status when the body has none.
    pub message: String,
    /// SiliconFlow's `data` member, when present and not null.
    pub data: Option<Value>,
    /// The whole body: parsed JSON, or the text as a JSON string.
    pub body: Value,
}

/// Plain-text bodies longer than this are cut in `message` (the full text stays in `body`).
const MAX_MESSAGE_CHARS: usize = 500;

impl ApiErrorBody {
    /// Reads the body of an HTTP error response.
    pub fn parse(status: u16, text: &str) -> Self {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => Self::from_json(status, value),
            Err(_) => {
                let trimmed = text.trim();
                let message = if trimmed.is_empty() || trimmed.starts_with('<') {
                    status_line(status) // an empty body, or a proxy's HTML page
                } else {
                    truncate(trimmed)
                };
                ApiErrorBody { code: None, message, data: None, body: Value::String(text.into()) }
            }
        }
    }

    /// Reads a JSON error body of any known shape.
    pub fn from_json(status: u16, body: Value) -> Self {
        let (code, message, data) = match &body {
            Value::String(s) if !s.trim().is_empty() => (None, Some(truncate(s.trim())), None),
            Value::Object(map) => {
                let inner = map.get("error");
                let source = match inner {
                    Some(Value::Object(inner)) => inner,
                    _ => map,
                };
                let message = match (source.get("message"), inner) {
                    (Some(Value::String(m)), _) if !m.trim().is_empty() => Some(m.trim().to_string()),
                    (_, Some(Value::String(m))) if !m.trim().is_empty() => Some(m.trim().to_string()),
                    _ => None,
                };
                let data = map.get("data").filter(|d| !d.is_null()).cloned();
                (numeric_code(source.get("code")), message, data)
            }
            _ => (None, None, None),
        };
        ApiErrorBody { code, message: message.unwrap_or_else(|| status_line(status)), data, body }
    }
}

fn numeric_code(code: Option<&Value>) -> Option<i64> {
    match code? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// `HTTP 503 Service Unavailable`, for bodies that say nothing.
fn status_line(status: u16) -> String {
    let reason = match status {
        0 => return "the server reported an error without a message".into(),
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return format!("HTTP {status}"),
    };
    format!("HTTP {status} {reason}")
}
