//! messages: roles, content (text or parts), tool calls, and how the conversation hangs together.

use crate::json::{Map, Value};

use super::checker::{Checker, UNBOUNDED};
use super::data_url;
use crate::issue::IssueCode;
use crate::path::Path;

/// The API documents 1..10 messages; more were accepted in practice, so more is a warning.
const DOCUMENTED_MAX_MESSAGES: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    System,
    User,
    Assistant,
    Tool,
}

impl Role {
    fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "system" => Role::System,
            "user" => Role::User,
            "assistant" => Role::Assistant,
            "tool" => Role::Tool,
            _ => return None,
        })
    }
}

/// State carried along the conversation.
#[derive(Default)]
struct Conversation<'v> {
    previous: Option<Role>,
    /// Ids of tool calls made by assistant messages so far, in order: a tool message answers a recent call, so
    /// they are searched from the end (a list: smaller in the wasm than a hash set).
    call_ids: Vec<&'v str>,
}

pub fn check(c: &mut Checker, path: &Path, value: &Value, _req: &Map) -> bool {
    let Some(messages) = c.array(path, value) else { return false };
    if messages.is_empty() {
        c.error(
            path,
            IssueCode::Empty,
            "messages is empty: add at least one message, e.g. {\"role\": \"user\", \"content\": \"Hello\"}.",
        );
        return false;
    }
    if messages.len() > DOCUMENTED_MAX_MESSAGES {
        let message = format!(
            "{} messages: the API documents at most {DOCUMENTED_MAX_MESSAGES}; longer conversations may be rejected.",
            messages.len()
        );
        c.warn(path, IssueCode::TooManyMessages, message);
    }
    let mut conversation = Conversation::default();
    for (i, message) in messages.iter().enumerate() {
        let path = path.index(i);
        let role = self::message(c, &path, message, &mut conversation);
        if let (Some(role), Some(previous)) = (role, conversation.previous) {
            if role == previous && matches!(role, Role::User | Role::Assistant | Role::System) {
                let message = "two messages in a row have the same role; some models reject this (error 20015). \
                               Merge them into one.";
                c.warn(&path.key("role"), IssueCode::ConsecutiveRoles, message);
            }
        }
        conversation.previous = role;
    }
    true
}

fn message<'v>(c: &mut Checker, path: &Path, value: &'v Value, conv: &mut Conversation<'v>) -> Option<Role> {
    let map = c.object(path, value)?;
    let role_path = path.key("role");
    let role = match Checker::field(map, "role") {
        None => {
            c.error(
                &role_path,
                IssueCode::Required,
                "role is required: \"system\", \"user\", \"assistant\" or \"tool\".",
            );
            None
        }
        Some(v) => c.string(&role_path, v).and_then(|s| {
            let role = Role::parse(s);
            if role.is_none() {
                let hint = if s == "developer" { " Use \"system\" for instructions." } else { "" };
                c.error(
                    &role_path,
                    IssueCode::InvalidValue,
                    format!("role must be \"system\", \"user\", \"assistant\" or \"tool\", not \"{s}\".{hint}"),
                );
            }
            role
        }),
    };
    let content = Checker::field(map, "content");
    let content_path = path.key("content");
    match role {
        Some(Role::System) | Some(Role::User) | None => {
            c.unknown_keys(path, map, &["role", "content", "name"]);
            match content {
                None => c.error(&content_path, IssueCode::Required, "content is required."),
                Some(v) => self::content(c, &content_path, v, role),
            }
        }
        Some(Role::Assistant) => {
            c.unknown_keys(path, map, &["role", "content", "name", "tool_calls", "reasoning_content"]);
            let calls =
                Checker::field(map, "tool_calls").map(|v| tool_calls(c, &path.key("tool_calls"), v, conv)).unwrap_or(0);
            match content {
                None if calls == 0 => c.error(
                    &content_path,
                    IssueCode::Required,
                    "an assistant message needs content, or tool_calls when it only called tools.",
                ),
                None => {}
                Some(v) => self::content(c, &content_path, v, role),
            }
            if let Some(v) = Checker::field(map, "reasoning_content") {
                c.string(&path.key("reasoning_content"), v);
            }
        }
        Some(Role::Tool) => {
            c.unknown_keys(path, map, &["role", "content", "tool_call_id"]);
            match content {
                None => c.error(
                    &content_path,
                    IssueCode::Required,
                    "content is required: the result of the tool call, as text.",
                ),
                Some(v) => self::content(c, &content_path, v, role),
            }
            let id_path = path.key("tool_call_id");
            let what = "a tool message needs tool_call_id: the id of the assistant's tool call it answers";
            match Checker::field(map, "tool_call_id").map(|v| c.string(&id_path, v)) {
                None | Some(Some("")) => c.error(&id_path, IssueCode::Required, format!("{what}.")),
                Some(Some(id)) if !conv.call_ids.iter().rev().any(|known| *known == id) => c.warn(
                    &id_path,
                    IssueCode::UnknownToolCall,
                    format!("no earlier assistant message made a tool call with id \"{id}\"."),
                ),
                Some(_) => {}
            }
        }
    }
    if let Some(v) = Checker::field(map, "name") {
        c.string(&path.key("name"), v);
    }
    role
}

fn content(c: &mut Checker, path: &Path, value: &Value, role: Option<Role>) {
    let parts = match value {
        Value::String(_) => return,
        Value::Array(parts) => parts,
        other => return c.wrong_type(path, "a string, or an array of content parts", other),
    };
    if parts.is_empty() {
        let message = "content is an empty array: give a string, or at least one part such as \
                       {\"type\": \"text\", \"text\": \"...\"}.";
        c.error(path, IssueCode::Empty, message);
        return;
    }
    for (i, part) in parts.iter().enumerate() {
        self::part(c, &path.index(i), part, role);
    }
}

fn part(c: &mut Checker, path: &Path, value: &Value, role: Option<Role>) {
    let Some(map) = c.object(path, value) else { return };
    let type_path = path.key("type");
    let kind = match Checker::field(map, "type") {
        None => {
            c.error(
                &type_path,
                IssueCode::Required,
                "type is required: \"text\", \"image_url\", \"video_url\" or \"audio_url\".",
            );
            return;
        }
        Some(v) => match c.string(&type_path, v) {
            Some(k) => k,
            None => return,
        },
    };
    match kind {
        "text" => {
            c.unknown_keys(path, map, &["type", "text"]);
            let text_path = path.key("text");
            match Checker::field(map, "text") {
                None => c.error(&text_path, IssueCode::Required, "a text part needs text."),
                Some(v) => {
                    c.string(&text_path, v);
                }
            }
        }
        "image_url" | "video_url" | "audio_url" => media(c, path, map, kind, role),
        other => c.error(
            &type_path,
            IssueCode::InvalidValue,
            format!("type must be \"text\", \"image_url\", \"video_url\" or \"audio_url\", not \"{other}\"."),
        ),
    }
}

/// image_url, video_url and audio_url parts.
fn media(c: &mut Checker, path: &Path, map: &Map, kind: &str, role: Option<Role>) {
    c.unknown_keys(path, map, &["type", kind]);
    let inner_path = path.key(kind);
    let inner = match Checker::field(map, kind) {
        None => {
            return c.error(
                &inner_path,
                IssueCode::Required,
                format!("this {kind} part needs {kind}: {{\"url\": ...}}."),
            )
        }
        Some(Value::String(_)) => {
            return c.error(
                &inner_path,
                IssueCode::InvalidType,
                format!("{kind} must be an object {{\"url\": ...}}, not a bare string."),
            )
        }
        Some(v) => match c.object(&inner_path, v) {
            Some(inner) => inner,
            None => return,
        },
    };
    let (media, known): (&str, &[&str]) = match kind {
        "image_url" => ("image", &["url", "detail"]),
        "video_url" => ("video", &["url", "detail", "max_frames", "fps"]),
        _ => ("audio", &["url"]),
    };
    c.unknown_keys(&inner_path, inner, known);
    let url_path = inner_path.key("url");
    if let Some(url) = c.required_string(&url_path, Checker::field(inner, "url"), &format!("{kind}.url")) {
        self::url(c, &url_path, url, media);
    }
    if let Some(v) = Checker::field(inner, "detail") {
        let detail_path = inner_path.key("detail");
        match c.string(&detail_path, v) {
            Some("auto" | "low" | "high") | None => {}
            Some(other) => c.error(
                &detail_path,
                IssueCode::InvalidValue,
                format!("detail must be \"auto\", \"low\" or \"high\", not \"{other}\"."),
            ),
        }
    }
    if let Some(v) = Checker::field(inner, "max_frames") {
        c.integer_in(&inner_path.key("max_frames"), v, 1, UNBOUNDED, "frames");
    }
    if let Some(v) = Checker::field(inner, "fps") {
        c.integer_in(&inner_path.key("fps"), v, 1, UNBOUNDED, "frames per second");
    }
    if role != Some(Role::User) && role.is_some() {
        c.warn(path, IssueCode::MediaUnsupported, format!("{media} parts are only read in user messages."));
    }
    if let Some(model) = c.model {
        let readable = match media {
            "image" => model.vision,
            "video" => model.video,
            _ => model.audio,
        };
        if !readable {
            let what = if media == "image" { "a text-only model" } else { "a model without this input" };
            // Suggest the reader with the longest context (the first of equals).
            let readers = crate::catalog::models().iter().filter(|m| match media {
                "image" => m.vision,
                "video" => m.video,
                _ => m.audio,
            });
            let reader = readers.fold(None, |best: Option<&crate::catalog::ModelInfo>, m| match best {
                Some(b) if b.context_length >= m.context_length => Some(b),
                _ => Some(m),
            });
            let hint = reader.map(|m| format!(" Pick a model that reads them, such as {}.", m.id)).unwrap_or_default();
            c.warn(
                path,
                IssueCode::MediaUnsupported,
                format!("{} is {what}: it cannot read {media} parts.{hint}", model.id),
            );
        }
    }
}

fn url(c: &mut Checker, path: &Path, url: &str, media: &str) {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("data:") {
        match data_url::parse(url) {
            Err(why) => c.error(path, IssueCode::InvalidDataUrl, format!("this is not a valid data: URL: {why}.")),
            Ok(parsed) => {
                let top = parsed.media_type.split('/').next().unwrap_or("");
                if !parsed.media_type.is_empty() && !top.eq_ignore_ascii_case(media) {
                    c.warn(
                        path,
                        IssueCode::InvalidDataUrl,
                        format!("this {media} part carries {}, not {media}/*.", parsed.media_type),
                    );
                } else if parsed.media_type.is_empty() {
                    c.warn(
                        path,
                        IssueCode::InvalidDataUrl,
                        format!("this data: URL names no media type; write data:{media}/...;base64,..."),
                    );
                }
                if !parsed.base64 {
                    c.warn(
                        path,
                        IssueCode::InvalidDataUrl,
                        "this data: URL is not base64-encoded; the API expects ;base64,",
                    );
                }
            }
        }
    } else if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        c.error(
            path,
            IssueCode::InvalidUrl,
            format!("url must start with https://, http:// or data:{media}/...;base64,"),
        );
    }
}

/// Checks an assistant message's tool_calls; returns how many there are.
fn tool_calls<'v>(c: &mut Checker, path: &Path, value: &'v Value, conv: &mut Conversation<'v>) -> usize {
    let Some(calls) = c.array(path, value) else { return 0 };
    for (i, call) in calls.iter().enumerate() {
        let path = path.index(i);
        let Some(map) = c.object(&path, call) else { continue };
        c.unknown_keys(&path, map, &["id", "type", "function", "index"]);
        if let Some(id) = c.required_string(&path.key("id"), Checker::field(map, "id"), "tool_calls[].id") {
            conv.call_ids.push(id);
        }
        if let Some(v) = Checker::field(map, "type") {
            let type_path = path.key("type");
            if let Some(t) = c.string(&type_path, v).filter(|t| *t != "function") {
                c.error(&type_path, IssueCode::InvalidValue, format!("type must be \"function\", not \"{t}\"."));
            }
        }
        let fn_path = path.key("function");
        let Some(function) = Checker::field(map, "function") else {
            c.error(&fn_path, IssueCode::Required, "function is required: {name, arguments}.");
            continue;
        };
        let Some(function) = c.object(&fn_path, function) else { continue };
        c.unknown_keys(&fn_path, function, &["name", "arguments"]);
        c.required_string(&fn_path.key("name"), Checker::field(function, "name"), "function.name");
        let args_path = fn_path.key("arguments");
        match Checker::field(function, "arguments") {
            None => c.error(
                &args_path,
                IssueCode::Required,
                "arguments is required: the call's arguments as a JSON string (\"{}\" for none).",
            ),
            Some(Value::String(s)) => {
                if !crate::json::scan::is_valid(s) {
                    c.warn(
                        &args_path,
                        IssueCode::InvalidJson,
                        "arguments is not valid JSON; send it back exactly as the model wrote it, or fix it.",
                    );
                }
            }
            Some(other) => c.error(
                &args_path,
                IssueCode::InvalidType,
                format!("arguments must be a JSON string, not {}; use JSON.stringify(arguments).", other.type_name()),
            ),
        }
    }
    calls.len()
}
