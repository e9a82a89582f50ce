//! Error bodies. SiliconFlow sends `{"code", "message", "data"}` at the top level or a bare string (JSON or plain
//! text); OpenAI-compatible proxies send `{"error": {"message", "code", "type"}}`. All are read the same way.

use crate::json::{Raw, Scanner, Str};

/// What an error response (or a mid-stream error event) said.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiErrorBody {
    /// SiliconFlow's numeric code (`20012`, `30001`, `50505`, ...), when the body has one.
    pub code: Option<i64>,
    /// A sentence for people: the body's message, or the HTTP status when the body has none.
    pub message: String,
    /// SiliconFlow's `data` member, when present and not null.
    pub data: Option<Raw>,
    /// The whole body as sent.
    pub body: Body,
}

/// A body as it came: JSON (`JSON.parse` gives its value) or plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Json(String),
    Text(String),
}

/// Plain-text bodies longer than this are cut in `message` (the full text stays in `body`).
const MAX_MESSAGE_CHARS: usize = 500;

/// The members of an error object this reads; the rest is skipped.
#[derive(Default)]
struct Fields<'a> {
    message: Option<Str<'a>>,
    code: Option<i64>,
    data: Option<&'a str>,
    /// `error`: an object (OpenAI style) or a string.
    inner: Option<Box<Fields<'a>>>,
    inner_text: Option<Str<'a>>,
}

impl ApiErrorBody {
    /// Reads the body of an HTTP error response (status 0: an error sent mid-stream).
    pub fn parse(status: u16, text: &str) -> Self {
        let json = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
        let mut s = Scanner::new(json);
        let read = match s.peek() {
            Some(b'{') => fields(&mut s, true).map(Some),
            Some(b'"') => s.string().map(|text| Some(Fields { inner_text: Some(text), ..Fields::default() })),
            _ => s.skip().map(|()| None),
        };
        match read.and_then(|fields| s.end().map(|()| fields)) {
            Ok(fields) => from_fields(status, fields.unwrap_or_default(), text),
            Err(_) => {
                let trimmed = text.trim();
                let message = if trimmed.is_empty() || trimmed.starts_with('<') {
                    status_line(status) // an empty body, or a proxy's HTML page
                } else {
                    truncate(trimmed)
                };
                ApiErrorBody { code: None, message, data: None, body: Body::Text(text.into()) }
            }
        }
    }
}

fn from_fields(status: u16, fields: Fields<'_>, text: &str) -> ApiErrorBody {
    let non_empty = |s: Option<Str<'_>>| s.map(|s| s.decode().trim().to_string()).filter(|m| !m.is_empty());
    let source = fields.inner.as_deref().unwrap_or(&fields);
    let message = non_empty(source.message).or_else(|| non_empty(fields.inner_text)).map(|m| truncate(&m));
    ApiErrorBody {
        code: source.code,
        message: message.unwrap_or_else(|| status_line(status)),
        data: fields.data.filter(|d| *d != "null").map(|d| Raw(d.to_string())),
        body: Body::Json(text.into()),
    }
}

fn fields<'a>(s: &mut Scanner<'a>, top: bool) -> Result<Fields<'a>, crate::json::JsonError> {
    let mut out = Fields::default();
    let mut key = s.object()?;
    while let Some(k) = key {
        let string = matches!(s.peek(), Some(b'"'));
        match k.decode().as_ref() {
            "message" if string => out.message = Some(s.string()?),
            "code" if string => out.code = s.string()?.decode().trim().parse().ok(),
            "code" if matches!(s.peek(), Some(b'-' | b'0'..=b'9')) => out.code = s.number()?.parse().ok(),
            "data" if top => out.data = Some(s.raw()?),
            "error" if top && string => out.inner_text = Some(s.string()?),
            "error" if top && s.peek() == Some(b'{') => out.inner = Some(Box::new(fields(s, false)?)),
            _ => s.skip()?,
        }
        key = s.next_key()?;
    }
    Ok(out)
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
