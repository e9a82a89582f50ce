//! The options objects: every key the package reads, with its type and meaning. A key missing here is refused
//! (a TypeError with a "did you mean"): a misspelt `baseUrl` must not silently send the key to the default host.

/// What an option holds; its TypeScript type is `Kind::ts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number from 0 to 100.
    Count,
    /// Milliseconds, more than 0 (`Infinity`: none).
    Millis,
    /// A whole number of bytes, at least 1 (`Infinity`: no limit).
    Bytes,
    Flag,
    Headers,
    Fetch,
    Signal,
    /// An array of strings, or one comma-separated string (as environment variables hold lists).
    Names,
    /// A whole number, or a string holding one (as environment variables hold numbers).
    Whole,
    /// openai-node's, accepted (so that switching is an import change) and ignored: it means nothing here. The
    /// TypeScript type is given.
    Ignored(&'static str),
    /// One of a few strings (the TypeScript type given).
    OneOf(&'static str),
}

impl Kind {
    pub fn ts(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Count | Kind::Millis | Kind::Bytes => "number",
            Kind::Flag => "boolean",
            Kind::Headers => "Record<string, string | null | undefined>",
            Kind::Fetch => "(request: Request) => Promise<Response>",
            Kind::Signal => "AbortSignal",
            Kind::Names => "string[] | string",
            Kind::Whole => "number | string",
            Kind::Ignored(ts) | Kind::OneOf(ts) => ts,
        }
    }
}

pub struct Opt {
    pub name: &'static str,
    pub kind: Kind,
    /// For the declarations only: left out of the wasm, which never shows it.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
}

const fn opt(name: &'static str, kind: Kind, doc: &'static str) -> Opt {
    #[cfg(target_arch = "wasm32")]
    let _ = doc;
    Opt {
        name,
        kind,
        #[cfg(not(target_arch = "wasm32"))]
        doc,
    }
}

const IGNORED: &str = "openai-node's option, accepted and ignored (it means nothing for SiliconFlow).";

/// One options object: its TypeScript interface, who reads it (for messages), and its keys.
pub struct OptionSet {
    pub interface: &'static str,
    pub owner: &'static str,
    /// The keys of another set this one also takes (the interface extends it).
    pub base: Option<&'static OptionSet>,
    /// Keys that must be given (optional otherwise).
    pub required: &'static [&'static str],
    pub options: &'static [Opt],
}

impl OptionSet {
    pub fn find(&self, name: &str) -> Option<&Opt> {
        self.options.iter().find(|o| o.name == name).or_else(|| self.base.and_then(|base| base.find(name)))
    }

    /// Every key, the base's included.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = self.base.map(OptionSet::names).unwrap_or_default();
        names.extend(self.options.iter().map(|o| o.name));
        names
    }
}

pub static CLIENT: OptionSet = OptionSet {
    interface: "ClientOptions",
    owner: "new SiliconFlow()",
    base: None,
    required: &[],
    options: &[
        opt("apiKey", Kind::Text, "The SiliconFlow key; omit it behind a proxy that holds the key."),
        opt("baseURL", Kind::Text, "Default `https://api.siliconflow.cn/v1`."),
        opt("fetch", Kind::Fetch, "Default: the global fetch. Called unbound, with a Request."),
        opt("maxRetries", Kind::Count, "Default 2."),
        opt("timeout", Kind::Millis, "The whole request, in ms (default 10 minutes)."),
        opt("idleTimeout", Kind::Millis, "The longest silence between two reads of a stream, in ms."),
        opt("defaultHeaders", Kind::Headers, "Sent with every request."),
        opt(
            "maxBufferSize",
            Kind::Bytes,
            "The longest line or event a stream may send, in bytes (default 16 MiB); beyond it, a StreamError.",
        ),
        opt(
            "followRedirects",
            Kind::Flag,
            "Follow the API's redirects (default false: a redirect is an APIError naming where it leads).",
        ),
        opt("dangerouslyAllowBrowser", Kind::Ignored("boolean"), IGNORED),
        opt("organization", Kind::Ignored("string | null"), IGNORED),
        opt("project", Kind::Ignored("string | null"), IGNORED),
        opt("logLevel", Kind::Ignored("string"), IGNORED),
        opt("logger", Kind::Ignored("unknown"), IGNORED),
    ],
};

pub static REQUEST: OptionSet = OptionSet {
    interface: "RequestOptions",
    owner: "request options",
    base: None,
    required: &[],
    options: &[
        opt("signal", Kind::Signal, "Aborting it cancels the request (and the stream)."),
        opt("timeout", Kind::Millis, "Over the client's."),
        opt("idleTimeout", Kind::Millis, "Over the client's."),
        opt("maxRetries", Kind::Count, "Over the client's."),
        opt("headers", Kind::Headers, "Added to the client's defaultHeaders."),
        opt("idempotencyKey", Kind::Ignored("string"), IGNORED),
    ],
};

pub static MODELS_LIST: OptionSet = OptionSet {
    interface: "ModelListParams",
    owner: "models.list()",
    base: None,
    required: &[],
    options: &[
        opt("type", Kind::Text, "`text`, `image`, `audio`, `video`."),
        opt("sub_type", Kind::Text, "`chat`, `embedding`, `reranker`, `text-to-image`, ..."),
    ],
};

pub static PROXY: OptionSet = OptionSet {
    interface: "ProxyOptions",
    owner: "proxyRequest()",
    base: Some(&CLIENT),
    required: &["apiKey"],
    options: &[
        opt("apiKey", Kind::Text, "The SiliconFlow key the proxy adds to each request (keep it in a secret)."),
        opt("allowedModels", Kind::Names, "Model ids served (\"*\" for any); default any."),
        opt(
            "maxTokens",
            Kind::Whole,
            "The most tokens a request may ask for, for its answer (max_tokens) and for its reasoning \
             (thinking_budget, at least 128); requests without them get them.",
        ),
        opt("maxN", Kind::Whole, "The most answers (n) a request may ask for (default 1)."),
        opt(
            "allowFields",
            Kind::Names,
            "Request fields outside the request table to forward all the same (default none: they are dropped).",
        ),
        opt("allowedOrigins", Kind::Names, "Browser origins allowed (\"*\" for any); requests without an Origin pass."),
        opt("maxBodyBytes", Kind::Bytes, "The largest request body, in bytes (default 8 MiB)."),
    ],
};

pub static SSE_PARSER: OptionSet = OptionSet {
    interface: "SseParserOptions",
    owner: "SseParser",
    base: None,
    required: &[],
    options: &[
        opt("maxBufferSize", Kind::Bytes, "The largest line or event held, in bytes (default 16 MiB)."),
        opt("dispatchUnterminated", Kind::Flag, "Dispatch an event still open at finish() (the spec discards it)."),
    ],
};

/// `parse()`'s options (read by the chat runtime in JS; the rest go to the request).
pub static PARSE: OptionSet = OptionSet {
    interface: "ParseOptions",
    owner: "parse()",
    base: Some(&REQUEST),
    required: &[],
    options: &[opt(
        "maxRepairs",
        Kind::Count,
        "How many times to send the schema's issues back to the model and ask again (default 0).",
    )],
};

/// `runTools()`'s options (read by the chat runtime in JS; the rest go to each request).
pub static RUN_TOOLS: OptionSet = OptionSet {
    interface: "RunToolsOptions",
    owner: "runTools()",
    base: Some(&REQUEST),
    required: &[],
    options: &[
        opt("maxSteps", Kind::Count, "The most answers the run asks for (default 10); then a ToolRunError."),
        opt(
            "onToolError",
            Kind::OneOf("\"reply\" | \"throw\""),
            "A tool that throws: tell the model (\"reply\", the default) or stop the run (\"throw\").",
        ),
    ],
};

/// Every set, in the order the declarations print them.
pub static ALL: [&OptionSet; 7] = [&CLIENT, &REQUEST, &MODELS_LIST, &PROXY, &SSE_PARSER, &PARSE, &RUN_TOOLS];
