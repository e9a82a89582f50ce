//! The errors the package throws: each an `Error` whose `name` says what happened, with the fields listed here
//! (besides `message`). The binding layer sets no field these tables do not declare (checked in debug builds,
//! which the wasm tests run).

pub struct Field {
    pub name: &'static str,
    /// Present only in some cases.
    pub optional: bool,
    /// Its TypeScript type (may name the generated wire types); for the declarations only, like `doc`: left out
    /// of the wasm.
    #[cfg(not(target_arch = "wasm32"))]
    pub ts: &'static str,
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
}

const fn declare(name: &'static str, optional: bool, ts: &'static str, doc: &'static str) -> Field {
    #[cfg(target_arch = "wasm32")]
    let _ = (ts, doc);
    Field {
        name,
        optional,
        #[cfg(not(target_arch = "wasm32"))]
        ts,
        #[cfg(not(target_arch = "wasm32"))]
        doc,
    }
}

const fn field(name: &'static str, ts: &'static str, doc: &'static str) -> Field {
    declare(name, false, ts, doc)
}

const fn maybe(name: &'static str, ts: &'static str, doc: &'static str) -> Field {
    declare(name, true, ts, doc)
}

pub struct ErrorShape {
    pub name: &'static str,
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
    pub fields: &'static [Field],
}

impl ErrorShape {
    pub fn has(&self, name: &str) -> bool {
        COMMON.iter().chain(self.fields).any(|f| f.name == name)
    }
}

/// Fields of every error.
pub static COMMON: &[Field] = &[
    field(
        "retryable",
        "boolean",
        "Whether the condition is usually temporary, so that trying again later may succeed.",
    ),
    maybe("requestId", "string | null", "The response's `x-siliconcloud-trace-id`, when there was a response."),
    maybe("partial", "ChatCompletion", "The completion as far as it got, for errors during a stream."),
];

pub static VALIDATION: ErrorShape = ErrorShape {
    name: "ValidationError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "The request (or an option) is invalid; nothing was sent.",
    fields: &[field("issues", "Issue[]", "Every problem, with its JSON path.")],
};

pub static API: ErrorShape = ErrorShape {
    name: "APIError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "The API answered with an error status.",
    fields: &[
        field("status", "number", "The HTTP status."),
        field("requestId", "string | null", "The response's `x-siliconcloud-trace-id` (null when it sent none)."),
        field("code", "number | null", "SiliconFlow's numeric code (20012, 30001, 50505, ...), when the body has one."),
        field("body", "unknown", "The error body as sent: `{code, message, data}`, or a string."),
        maybe(
            "retryAfterMs",
            "number",
            "How long the server asked to wait before another attempt, in ms (its `retry-after-ms` or `retry-after`).",
        ),
    ],
};

pub static CONNECTION: ErrorShape = ErrorShape {
    name: "ConnectionError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "The API could not be reached.",
    fields: &[maybe("cause", "unknown", "What fetch threw.")],
};

pub static TIMEOUT: ErrorShape = ErrorShape {
    name: "TimeoutError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "`timeout` (the whole request) or `idleTimeout` (silence in a stream) ran out.",
    fields: &[field("timeout", "\"request\" | \"idle\"", "Which one.")],
};

pub static ABORT: ErrorShape = ErrorShape {
    name: "AbortError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "The caller's signal, `stream.abort()`, or a `break` ended the request.",
    fields: &[],
};

pub static STREAM: ErrorShape = ErrorShape {
    name: "StreamError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "The stream broke or was malformed, or was used in a way it cannot be.",
    fields: &[
        field(
            "code",
            "\"connection_lost\" | \"malformed_chunk\" | \"malformed_response\" | \"stream_api_error\" | \
             \"sse_buffer_overflow\" | \"no_body\" | \"invalid_use\" | (string & {})",
            "How it broke.",
        ),
        maybe("body", "unknown", "The server's error body, for an error it sent mid-stream."),
        maybe("events", "SseEvent[]", "From SseParser.push: the events completed before the overflow."),
    ],
};

pub static OUTPUT_VALIDATION: ErrorShape = ErrorShape {
    name: "OutputValidationError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "A structured answer (response_format json_schema or json_object) is not JSON, or does not match its schema.",
    fields: &[
        field("issues", "Issue[]", "Every problem, with its JSON path into the answer."),
        field("content", "string", "The answer as the model wrote it."),
        maybe("repairs", "number", "From parse(): how many times the model was asked again (maxRepairs)."),
    ],
};

pub static TOOL_RUN: ErrorShape = ErrorShape {
    name: "ToolRunError",
    #[cfg(not(target_arch = "wasm32"))]
    doc: "runTools() could not finish: out of steps, or a tool failed with onToolError \"throw\".",
    fields: &[
        field("code", "\"max_steps\" | \"tool_failed\" | \"no_choice\"", "Why."),
        field("messages", "Message[]", "The conversation so far."),
        maybe("cause", "unknown", "What the tool threw."),
    ],
};

/// Every error, in the order the declarations print them.
pub static ALL: [&ErrorShape; 8] =
    [&VALIDATION, &API, &CONNECTION, &TIMEOUT, &ABORT, &STREAM, &OUTPUT_VALIDATION, &TOOL_RUN];

/// An event of `SseParser` (an object built in JS, declared here with the errors' machinery).
pub static SSE_EVENT: &[Field] = &[
    field("data", "string", "The event's data lines, joined by newlines."),
    maybe("event", "string", "The event type; absent for plain messages."),
    maybe("id", "string", "The last event ID (it persists across the events of a stream)."),
    maybe("retry", "number", "The reconnection time in ms, once a valid retry field was seen."),
];
