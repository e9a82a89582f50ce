//! The edge proxy's decisions, apart from any JavaScript: which requests it serves, who may call it, what a request
//! may ask for, and the JSON errors it answers with. `wasm/proxy.rs` reads the options and the request and carries
//! these decisions out.

use serde::Serialize;

use crate::catalog;
use crate::json::{self, Map, Value};
use crate::number::Num;
use crate::validate::{fields, Issue};

/// Request bodies larger than this are refused (413) unless `maxBodyBytes` says otherwise; images travel as
/// data: URLs, hence the room.
pub const DEFAULT_MAX_BODY_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// The deployment's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Model ids the deployment serves; `None`: any.
    pub allowed_models: Option<Vec<String>>,
    /// The most tokens a request may ask for, for its answer (max_tokens) and for its reasoning
    /// (thinking_budget, which max_tokens does not count); requests without them get them.
    pub max_tokens: Option<u32>,
    /// The most answers (`n`) a request may ask for: each is billed.
    pub max_n: u32,
    /// Fields outside the request table forwarded all the same (the others are dropped).
    pub allowed_fields: Vec<String>,
    /// Browser origins allowed to call; `None`: any. Requests without an Origin (not from a browser) pass.
    pub allowed_origins: Option<Vec<String>>,
    pub max_body_bytes: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allowed_models: None,
            max_tokens: None,
            max_n: 1,
            allowed_fields: Vec::new(),
            allowed_origins: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// What the proxy does with a request, by method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A CORS preflight.
    Preflight,
    /// `POST …/chat/completions`.
    Chat,
    /// Anything else: a 404 with this refusal.
    NotFound(Refusal),
}

pub fn route(method: &str, path: &str) -> Route {
    let path = path.trim_end_matches('/');
    match method {
        "OPTIONS" => Route::Preflight,
        "POST" if path.ends_with("/chat/completions") => Route::Chat,
        _ => {
            let message = format!("this proxy serves POST …/chat/completions, not {method} {path}");
            Route::NotFound(Refusal::new(404, "not_found", message))
        }
    }
}

impl Policy {
    /// The origin to allow in CORS headers (`None` for requests without one), or the refusal of a browser origin
    /// the deployment does not serve.
    pub fn cors<'a>(&self, origin: Option<&'a str>) -> Result<Option<&'a str>, Refusal> {
        let Some(origin) = origin else { return Ok(None) };
        match &self.allowed_origins {
            Some(list) if !list.iter().any(|allowed| allowed == origin) => {
                let message = format!("the origin {origin} may not use this proxy");
                Err(Refusal::new(403, "origin_not_allowed", message))
            }
            _ => Ok(Some(origin)),
        }
    }

    /// Refuses a body of `size` bytes (declared, or read so far) over the limit.
    pub fn check_size(&self, size: f64) -> Result<(), Refusal> {
        if size <= self.max_body_bytes {
            return Ok(());
        }
        let message =
            format!("the request body has {} bytes or more; the limit is {}", Num(size), Num(self.max_body_bytes));
        Err(Refusal::new(413, "body_too_large", message))
    }

    /// Applies the rules to a validated body, so that a request cannot spend more than the deployment allows:
    /// a model outside the allowed ones, or more answers than `max_n`, is refused; fields outside the request
    /// table (and `allowed_fields`) are dropped; max_tokens is lowered to the cap, or set to it when the request
    /// has none, and so is thinking_budget for a model that may think (at least 128, the API's least).
    pub fn apply(&self, body: &mut Value) -> Result<(), Refusal> {
        let Value::Object(map) = body else { return Ok(()) };
        let model = map.get("model").and_then(Value::as_str).unwrap_or_default().to_string();
        if let Some(allowed) = &self.allowed_models {
            if !allowed.contains(&model) {
                let served = crate::text::join(allowed, ", ");
                let message = format!("the model {model} is not served here; allowed: {served}");
                return Err(Refusal::new(403, "model_not_allowed", message));
            }
        }
        let n = map.get("n").and_then(Value::as_f64).unwrap_or(1.0);
        if n > f64::from(self.max_n) {
            let most = self.max_n;
            let message =
                format!("n is {}; this proxy answers at most {most} (maxN), each answer being billed", Num(n));
            return Err(Refusal::new(400, "n_not_allowed", message));
        }
        map.retain(|key, _| fields::find(key).is_some() || self.allowed_fields.iter().any(|f| f == key));
        if let Some(cap) = self.max_tokens {
            cap_tokens(map, "max_tokens", f64::from(cap));
            let thinks = catalog::find(&model).is_none_or(|m| m.thinking != catalog::Thinking::None);
            if thinks || map.get("enable_thinking") == Some(&Value::Bool(true)) {
                cap_tokens(map, "thinking_budget", f64::from(cap.max(MIN_THINKING_BUDGET)));
            }
        }
        Ok(())
    }
}

/// The API's least thinking_budget.
const MIN_THINKING_BUDGET: u32 = 128;

/// `key` lowered to `cap`, or set to it when absent.
fn cap_tokens(map: &mut Map, key: &str, cap: f64) {
    if map.get(key).and_then(Value::as_f64).is_none_or(|n| n > cap) {
        map.insert(key, Value::Number(cap));
    }
}

/// A list option as an environment variable holds it: comma-separated names, blanks ignored. `None` when it
/// allows everything (`*`).
pub fn names<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Option<Vec<String>> {
    let items: Vec<String> =
        items.into_iter().map(|s| s.as_ref().trim().to_string()).filter(|s| !s.is_empty()).collect();
    (!items.iter().any(|s| s == "*")).then_some(items)
}

/// `names` of one comma-separated string.
pub fn comma_separated(text: &str) -> Option<Vec<String>> {
    names(text.split(','))
}

/// A whole number of tokens, at least 1, as a number or as an environment variable's text.
pub fn token_count(number: Option<f64>, text: Option<&str>) -> Option<u32> {
    let n = number.or_else(|| text.and_then(|t| crate::json::scan::parse_u64(t.trim()).map(|n| n as f64)))?;
    (n >= 1.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX)).then_some(n as u32)
}

/// A request the proxy will not forward, and why: answered as `{error: {type, message, issues?}}`, which the
/// package's client reads as an APIError.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub kind: &'static str,
    pub message: String,
    pub issues: Option<Vec<Issue>>,
}

impl Refusal {
    pub fn new(status: u16, kind: &'static str, message: impl Into<String>) -> Refusal {
        Refusal { status, kind, message: message.into(), issues: None }
    }

    /// A request with validation errors: 400, every issue, the first error as the message.
    pub fn invalid(issues: Vec<Issue>) -> Refusal {
        let message = issues.iter().find(|i| i.is_error()).map_or("invalid request", |i| &i.message).to_string();
        Refusal { status: 400, kind: "validation_error", message, issues: Some(issues) }
    }

    pub fn to_json(&self) -> String {
        let error = ReplyError { issues: self.issues.as_deref(), ..ReplyError::new(self.kind, &self.message) };
        json::to_string(&Reply { error })
    }
}

/// What the proxy answers a failure with: `{error: {type, message, ...}}` (OpenAI-style, which the client reads
/// as an APIError).
#[derive(Serialize)]
struct Reply<'a> {
    error: ReplyError<'a>,
}

#[derive(Serialize)]
struct ReplyError<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    issues: Option<&'a [Issue]>,
    /// For upstream API errors: SiliconFlow's code (null when it gave none), the status and the trace id.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<Option<&'a str>>,
}

impl<'a> ReplyError<'a> {
    fn new(kind: &'a str, message: &'a str) -> Self {
        ReplyError { kind, message, issues: None, code: None, status: None, request_id: None }
    }
}

/// `{error: {type, message}}` as JSON text.
pub fn error_json(kind: &str, message: &str) -> String {
    json::to_string(&Reply { error: ReplyError::new(kind, message) })
}

/// The upstream's API error, passed on: SiliconFlow's code, the status and the trace id beside the message.
pub fn upstream_json(status: u16, code: Option<i64>, message: &str, request_id: Option<&str>) -> String {
    let error = ReplyError {
        code: Some(code),
        status: Some(status),
        request_id: Some(request_id),
        ..ReplyError::new("upstream_error", message)
    };
    json::to_string(&Reply { error })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{IssueCode, Severity};

    fn body(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn routes_chat_posts_and_preflights_and_refuses_the_rest() {
        assert_eq!(route("POST", "/v1/chat/completions"), Route::Chat);
        assert_eq!(route("POST", "/api/v1/chat/completions/"), Route::Chat);
        assert_eq!(route("OPTIONS", "/anything"), Route::Preflight);
        let Route::NotFound(refusal) = route("GET", "/v1/models") else { panic!("a 404") };
        assert_eq!((refusal.status, refusal.kind), (404, "not_found"));
        assert_eq!(refusal.message, "this proxy serves POST …/chat/completions, not GET /v1/models");
    }

    #[test]
    fn origins_outside_the_list_are_refused_and_requests_without_one_pass() {
        let policy =
            Policy { allowed_origins: comma_separated("https://a.example, https://b.example"), ..Policy::default() };
        assert_eq!(policy.cors(Some("https://b.example")), Ok(Some("https://b.example")));
        assert_eq!(policy.cors(None), Ok(None));
        let refusal = policy.cors(Some("https://evil.example")).unwrap_err();
        assert_eq!((refusal.status, refusal.kind), (403, "origin_not_allowed"));
        assert_eq!(Policy::default().cors(Some("https://any.example")), Ok(Some("https://any.example")));
    }

    #[test]
    fn a_star_allows_everything_and_blank_entries_are_ignored() {
        assert_eq!(comma_separated("a, ,b,"), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(comma_separated("a,*"), None);
        assert_eq!(names(["x", " y "]), Some(vec!["x".to_string(), "y".to_string()]));
    }

    #[test]
    fn token_counts_come_as_numbers_or_text_and_must_be_whole_and_positive() {
        assert_eq!(token_count(Some(4096.0), None), Some(4096));
        assert_eq!(token_count(None, Some(" 512 ")), Some(512));
        assert_eq!(token_count(Some(0.0), None), None);
        assert_eq!(token_count(Some(1.5), None), None);
        assert_eq!(token_count(None, Some("lots")), None);
        assert_eq!(token_count(Some(1e12), None), None);
    }

    #[test]
    fn bodies_over_the_limit_are_refused_with_413() {
        let policy = Policy { max_body_bytes: 100.0, ..Policy::default() };
        assert_eq!(policy.check_size(100.0), Ok(()));
        let refusal = policy.check_size(101.0).unwrap_err();
        assert_eq!((refusal.status, refusal.kind), (413, "body_too_large"));
        assert_eq!(refusal.message, "the request body has 101 bytes or more; the limit is 100");
    }

    #[test]
    fn the_token_cap_lowers_or_sets_max_tokens_and_only_allowed_models_pass() {
        let policy = Policy { max_tokens: Some(4096), allowed_models: names(["Qwen/Qwen3-8B"]), ..Policy::default() };
        for (asked, sent) in [("", 4096.0), (r#","max_tokens":100"#, 100.0), (r#","max_tokens":100000"#, 4096.0)] {
            let mut request = body(&format!(r#"{{"model":"Qwen/Qwen3-8B"{asked}}}"#));
            policy.apply(&mut request).unwrap();
            assert_eq!(request.get("max_tokens"), Some(&Value::Number(sent)), "{asked}");
        }
        let refusal = policy.apply(&mut body(r#"{"model":"deepseek-ai/DeepSeek-R1"}"#)).unwrap_err();
        assert_eq!((refusal.status, refusal.kind), (403, "model_not_allowed"));
        assert_eq!(refusal.message, "the model deepseek-ai/DeepSeek-R1 is not served here; allowed: Qwen/Qwen3-8B");
    }

    #[test]
    fn n_above_max_n_is_refused_before_it_is_billed() {
        let policy = Policy::default();
        policy.apply(&mut body(r#"{"model":"Qwen/Qwen3-8B","n":1}"#)).unwrap();
        let refusal = policy.apply(&mut body(r#"{"model":"Qwen/Qwen3-8B","n":8}"#)).unwrap_err();
        assert_eq!((refusal.status, refusal.kind), (400, "n_not_allowed"));
        assert_eq!(refusal.message, "n is 8; this proxy answers at most 1 (maxN), each answer being billed");
        Policy { max_n: 8, ..Policy::default() }.apply(&mut body(r#"{"model":"Qwen/Qwen3-8B","n":8}"#)).unwrap();
    }

    #[test]
    fn the_token_cap_bounds_reasoning_too_for_models_that_may_think() {
        let policy = Policy { max_tokens: Some(4096), ..Policy::default() };
        let budget = |json: &str| {
            let mut request = body(json);
            policy.apply(&mut request).unwrap();
            request.get("thinking_budget").and_then(Value::as_f64)
        };
        // Lowered, set when absent, kept when below; for a model that may think or a request that asks to.
        assert_eq!(budget(r#"{"model":"Qwen/Qwen3-8B","enable_thinking":true,"thinking_budget":32768}"#), Some(4096.0));
        assert_eq!(budget(r#"{"model":"deepseek-ai/DeepSeek-R1"}"#), Some(4096.0));
        assert_eq!(budget(r#"{"model":"Qwen/Qwen3-8B","thinking_budget":1024}"#), Some(1024.0));
        assert_eq!(budget(r#"{"model":"some/unknown-model"}"#), Some(4096.0), "unknown models may think");
        assert_eq!(budget(r#"{"model":"deepseek-ai/DeepSeek-V3"}"#), None, "a model that never thinks");
        // Never below the API's least.
        let small = Policy { max_tokens: Some(64), ..Policy::default() };
        let mut request = body(r#"{"model":"Qwen/Qwen3-8B","thinking_budget":4096}"#);
        small.apply(&mut request).unwrap();
        assert_eq!(request.get("thinking_budget"), Some(&Value::Number(128.0)));
        assert_eq!(request.get("max_tokens"), Some(&Value::Number(64.0)));
    }

    #[test]
    fn fields_outside_the_request_table_are_dropped_unless_allowed() {
        let json = r#"{"model":"Qwen/Qwen3-8B","max_completion_tokens":1000000,"seed":1,"x_custom":true}"#;
        let mut request = body(json);
        Policy::default().apply(&mut request).unwrap();
        assert_eq!(crate::json::to_string(&request), r#"{"model":"Qwen/Qwen3-8B","seed":1}"#);
        let mut allowed = body(json);
        Policy { allowed_fields: vec!["x_custom".into()], ..Policy::default() }.apply(&mut allowed).unwrap();
        assert_eq!(crate::json::to_string(&allowed), r#"{"model":"Qwen/Qwen3-8B","seed":1,"x_custom":true}"#);
    }

    #[test]
    fn refusals_and_upstream_errors_are_openai_style_error_objects() {
        assert_eq!(error_json("not_found", "no"), r#"{"error":{"type":"not_found","message":"no"}}"#);
        let issue = Issue {
            path: "messages".into(),
            code: IssueCode::Empty,
            message: "messages is empty.".into(),
            severity: Severity::Error,
        };
        assert_eq!(
            Refusal::invalid(vec![issue]).to_json(),
            concat!(
                r#"{"error":{"type":"validation_error","message":"messages is empty.","issues":[{"path":"messages","#,
                r#""code":"empty","message":"messages is empty.","severity":"error"}]}}"#
            )
        );
        assert_eq!(
            upstream_json(503, Some(50505), "overloaded", Some("t1")),
            r#"{"error":{"type":"upstream_error","message":"overloaded","code":50505,"status":503,"request_id":"t1"}}"#
        );
        assert_eq!(
            upstream_json(429, None, "slow down", None),
            r#"{"error":{"type":"upstream_error","message":"slow down","code":null,"status":429,"request_id":null}}"#
        );
    }
}
