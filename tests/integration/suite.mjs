// The integration suite: the package against the mock SiliconFlow server, written once and run unchanged in
// every runtime (Node, Chromium, workerd, Deno, Bun). It uses only what all of them have: fetch, AbortController,
// timers, and the package. What the server saw is read from the mock's log over HTTP.

const KEY = "sk-mock";
const MESSAGES = [{ role: "user", content: "Why is the sky blue?" }];
const MODEL = "Qwen/Qwen3-8B";
const TOOLS = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather",
      parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } } },
    },
  },
];

class AssertionError extends Error {}
const fail = (message) => {
  throw new AssertionError(message);
};
const ok = (value, message) => value || fail(message);
const eq = (got, want, what) =>
  Object.is(got, want) || fail(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
const same = (got, want, what) => {
  const [a, b] = [JSON.stringify(got), JSON.stringify(want)];
  if (a !== b) fail(`${what}:\n  expected ${b}\n  got      ${a}`);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `promise` expecting a rejection; returns the error. */
async function rejects(promise, name, what) {
  try {
    await promise;
  } catch (error) {
    eq(error?.name, name, `${what}: error name (message: ${error?.message})`);
    ok(error instanceof Error, `${what}: an Error`);
    eq(typeof error.retryable, "boolean", `${what}: retryable`);
    return error;
  }
  return fail(`${what}: expected a ${name}, got a result`);
}

/** The suite: `[name, async (t) => {}]`, where t gives a client for a scenario and the mock's log. */
export const cases = [];
const test = (name, fn) => cases.push([name, fn]);

function context(api, mockUrl) {
  return {
    client: (scenario = "", options = {}) =>
      new api.SiliconFlow({
        apiKey: KEY,
        baseURL: scenario ? `${mockUrl}/s/${scenario}/v1` : `${mockUrl}/v1`,
        maxRetries: 0,
        ...options,
      }),
    async log() {
      const response = await fetch(`${mockUrl}/_mock/log`);
      return (await response.json()).filter((entry) => entry.method !== "OPTIONS");
    },
    /** Polls the log until `predicate` holds for some entry (the server may see a close a moment later). */
    async until(predicate, what, ms = 3000) {
      const start = Date.now();
      for (;;) {
        const entries = await this.log();
        const found = entries.find(predicate);
        if (found) return found;
        if (Date.now() - start > ms) fail(`the mock never saw: ${what}; log: ${JSON.stringify(entries)}`);
        await sleep(25);
      }
    },
    api,
  };
}

const text = (completion, i = 0) => completion.choices[i].message.content;
const body = (extra = {}) => ({ model: MODEL, messages: MESSAGES, ...extra });

/** Iterates a stream, returning the chunks. */
async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** What the non-streaming API answers, to compare a stream's accumulation with. */
async function reference(t, scenario, extra) {
  return t.client(scenario).chat.completions.create(body({ ...extra, stream: false }));
}

// --- Answers -------------------------------------------------------------------------------------------------

test("a non-streaming completion is the plain object the API sent", async (t) => {
  const completion = await t.client().chat.completions.create(body());
  eq(completion.object, "chat.completion", "object");
  ok(/^[0-9a-f]{32}$/.test(completion.id), `32-hex id, got ${completion.id}`);
  ok(text(completion).length > 10, "content");
  eq(completion.choices[0].finish_reason, "stop", "finish_reason");
  ok(completion.usage.total_tokens > 0, "usage");
});

test("a stream delivers chunks as sent and accumulates to the non-streaming response", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true }));
  const chunks = await collect(stream);
  ok(chunks.length > 5, `several chunks, got ${chunks.length}`);
  ok(chunks.every((c) => c.object === "chat.completion.chunk" && "usage" in c), "chunk shape");
  const joined = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
  const final = await stream.finalChatCompletion();
  eq(text(final), joined, "final content is every delta joined");
  same(final, await reference(t, "", {}), "final equals the non-streaming response");
  eq(stream.complete, true, "complete");
  const [entry] = await t.log();
  eq(stream.requestId, entry.traceId, "requestId is the trace id");
});

test("finalChatCompletion works without iterating, and every call resolves with the same object", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true }));
  const final = await stream.finalChatCompletion();
  same(final, await reference(t, "", {}), "final");
  ok((await stream.finalChatCompletion()) === final, "a second call resolves with the same object");
});

test("a thinking model's reasoning_content and answer are both kept whole", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true, enable_thinking: true }));
  const chunks = await collect(stream);
  const reasoning = chunks.map((c) => c.choices[0]?.delta?.reasoning_content ?? "").join("");
  const final = await stream.finalChatCompletion();
  ok(reasoning.length > 10, "reasoning streamed");
  eq(final.choices[0].message.reasoning_content, reasoning, "reasoning accumulated in full");
  ok(text(final).length > 10, "answer");
  ok(final.usage.completion_tokens_details.reasoning_tokens > 0, "reasoning tokens");
  same(final, await reference(t, "", { enable_thinking: true }), "final equals the non-streaming response");
});

test("a streamed tool call is assembled", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true, tools: TOOLS }));
  const final = await stream.finalChatCompletion();
  const [call] = final.choices[0].message.tool_calls;
  eq(call.function.name, "get_weather", "name");
  ok(typeof JSON.parse(call.function.arguments) === "object", "arguments are JSON");
  eq(final.choices[0].finish_reason, "tool_calls", "finish_reason");
  same(final, await reference(t, "", { tools: TOOLS }), "final equals the non-streaming response");
});

test("tool calls with late names, null names, empty ids and no index are assembled", async (t) => {
  const stream = await t.client("tool_quirks").chat.completions.create(body({ stream: true, tools: TOOLS }));
  const final = await stream.finalChatCompletion();
  const calls = final.choices[0].message.tool_calls;
  eq(calls.length, 2, "two calls");
  for (const call of calls) {
    ok(call.id && call.function.name, `id and name: ${JSON.stringify(call)}`);
    JSON.parse(call.function.arguments);
  }
  same(final, await reference(t, "tool_quirks", { tools: TOOLS }), "final equals the non-streaming response");
});

test("n > 1 streams each choice separately", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true, n: 2 }));
  const final = await stream.finalChatCompletion();
  eq(final.choices.length, 2, "two choices");
  ok(text(final, 0) !== text(final, 1), "different answers");
  same(final, await reference(t, "", { n: 2 }), "final equals the non-streaming response");
});

test("framing quirks change nothing: empty choices, empty finish_reason, role on every delta, CRLF, keep-alives, 1-byte writes", async (t) => {
  const want = await reference(t, "", {});
  const stream = await t
    .client("empty_choices,empty_finish,role_every,crlf,keepalive,bytewise")
    .chat.completions.create(body({ stream: true }));
  await collect(stream);
  same(await stream.finalChatCompletion(), want, "final");
});

test("a stream without [DONE] resolves with what arrived, flagged incomplete", async (t) => {
  const stream = await t.client("no_done").chat.completions.create(body({ stream: true }));
  const final = await stream.finalChatCompletion();
  ok(text(final).length > 10, "content kept");
  eq(stream.complete, false, "complete");
});

test("toReadableStream re-streams the SSE bytes as received", async (t) => {
  const stream = await t.client("crlf").chat.completions.create(body({ stream: true }));
  const reader = stream.toReadableStream().getReader();
  const decoder = new TextDecoder();
  let sse = "";
  for (let r; !(r = await reader.read()).done; ) sse += decoder.decode(r.value, { stream: true });
  const raw = await fetch(`${t.mockUrl}/s/crlf/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body({ stream: true })),
  });
  // The mock derives ids from the request body, whose key order differs between the two senders.
  const sameIds = (sse) => sse.replaceAll(/"id":"[0-9a-f]{32}"/g, '"id":"…"');
  eq(sameIds(sse), sameIds(await raw.text()), "bytes");
  same(await stream.finalChatCompletion(), await reference(t, "", {}), "and it still accumulates");
});

test("a stream can be read once", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true }));
  await collect(stream);
  const error = await rejects(collect(stream), "StreamError", "second iteration");
  eq(error.code, "invalid_use", "code");
  ok(/read once/.test(error.message), error.message);
});

test("finalChatCompletion alongside for await: both see everything, one read at a time", async (t) => {
  const stream = await t.client("delay=5").chat.completions.create(body({ stream: true }));
  const iterating = collect(stream);
  const [chunks, final] = await Promise.all([iterating, stream.finalChatCompletion()]);
  eq(text(final), chunks.map((c) => c.choices[0]?.delta?.content ?? "").join(""), "the same content");
  same(final, await reference(t, "", {}), "final");
});

test("toReadableStream alongside finalChatCompletion loses no bytes", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true }));
  const reader = stream.toReadableStream().getReader();
  const final = stream.finalChatCompletion();
  const decoder = new TextDecoder();
  let sse = "";
  for (let r; !(r = await reader.read()).done; ) sse += decoder.decode(r.value, { stream: true });
  ok(sse.endsWith("data: [DONE]\n\n"), "the whole stream");
  const contents = [...sse.matchAll(/^data: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]).choices[0]?.delta?.content ?? "");
  eq(text(await final), contents.join(""), "the bytes hold what final accumulated");
});

test("a stream already read by finalChatCompletion cannot start a for await", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true }));
  await stream.finalChatCompletion();
  const error = await rejects(collect(stream), "StreamError", "late iteration");
  eq(error.code, "invalid_use", "code");
});

test("headers and keys HTTP cannot carry are refused up front, without quoting the key", async (t) => {
  const secret = "sk-secret\u200b";
  let thrown;
  try {
    new t.api.SiliconFlow({ apiKey: secret });
  } catch (error) {
    thrown = error;
  }
  ok(thrown instanceof TypeError && /apiKey/.test(thrown.message), `TypeError naming apiKey: ${thrown}`);
  ok(!thrown.message.includes("sk-secret"), "the key is not quoted");
  const error = await rejects(
    t.client().chat.completions.create(body(), { headers: { "x bad": "1" } }),
    "ValidationError",
    "bad header name",
  );
  ok(/header/.test(error.message), error.message);
  eq((await t.log()).length, 0, "requests");
});

test("a circular request is a ValidationError, not a crash", async (t) => {
  const loop = {};
  loop.self = loop;
  const error = await rejects(t.client().chat.completions.create({ ...body(), extra: loop }), "ValidationError", "circular");
  ok(error.issues.some((i) => /circular/.test(i.message)), JSON.stringify(error.issues[0]));
  eq((await t.log()).length, 0, "requests");
});

test("models.list filters by type and sub_type", async (t) => {
  const list = await t.client().models.list({ type: "text", sub_type: "chat" });
  eq(list.object, "list", "object");
  ok(list.data.length > 0 && list.data.every((m) => typeof m.id === "string"), "ids");
  const none = await t.client().models.list({ type: "text", sub_type: "no-such-kind" });
  eq(none.data.length, 0, "the filter reached the server");
});

test("a custom fetch is used, called unbound", async (t) => {
  let calls = 0;
  const client = t.client("", {
    fetch(request) {
      calls += 1;
      eq(this, undefined, "this");
      return fetch(request);
    },
  });
  await client.chat.completions.create(body());
  eq(calls, 1, "calls");
});

// --- Validation ----------------------------------------------------------------------------------------------

test("an invalid request is rejected before any network traffic", async (t) => {
  const error = await rejects(
    t.client().chat.completions.create({ model: MODEL, messages: [], thinking_budget: 50 }),
    "ValidationError",
    "invalid request",
  );
  same(error.issues.map((i) => `${i.path} ${i.code}`), ["messages empty", "thinking_budget out_of_range"], "issues");
  eq(error.retryable, false, "retryable");
  eq((await t.log()).length, 0, "requests the mock saw");
});

test("bad client options are clear errors", async (t) => {
  for (const [options, name] of [
    [{ timeout: -1 }, "timeout"],
    [{ baseURL: "api.siliconflow.cn/v1" }, "baseURL"],
    [{ baseURL: "ftp://example.com/v1" }, "baseURL"],
  ]) {
    let thrown;
    try {
      new t.api.SiliconFlow(options);
    } catch (error) {
      thrown = error;
    }
    ok(thrown instanceof TypeError && thrown.message.includes(name), `TypeError naming ${name}: ${thrown}`);
  }
});

test("a misspelt option is refused with the name it probably meant, before any network traffic", async (t) => {
  let thrown;
  try {
    new t.api.SiliconFlow({ apiKey: KEY, baseUrl: "https://elsewhere.example/v1" });
  } catch (error) {
    thrown = error;
  }
  ok(thrown instanceof TypeError, `a TypeError: ${thrown}`);
  eq(thrown.message, "new SiliconFlow(): unknown option baseUrl (did you mean baseURL?)", "message");
  ok(!thrown.message.includes(KEY), "no key");
  const error = await rejects(t.client().chat.completions.create(body(), { signl: null }), "ValidationError", "call option");
  ok(/unknown option signl \(did you mean signal\?\)/.test(error.message), `message: ${error.message}`);
  eq((await t.log()).length, 0, "requests the mock saw");
});

// --- Errors and retries --------------------------------------------------------------------------------------

const STATUSES = [
  [400, 20012, "Model does not exist. Please check it carefully.", false],
  [401, 30014, "Token is invalid.", false],
  [402, 30001, "Sorry, your account balance is insufficient", false],
  [403, null, "Forbidden", false],
  [404, null, "404 page not found", false],
  [429, null, "Request was rejected due to rate limiting", true],
  [500, null, "HTTP 500 Internal Server Error", true],
  [503, 50505, "Model service overloaded. Please try again later.", true],
  [504, null, "HTTP 504 Gateway Timeout", true],
];
for (const [status, code, message, retryable] of STATUSES) {
  test(`HTTP ${status} becomes an APIError with SiliconFlow's code, message and trace id`, async (t) => {
    for (const stream of [false, true]) {
      const error = await rejects(
        t.client(`status=${status}`).chat.completions.create(body({ stream })),
        "APIError",
        `${status}`,
      );
      eq(error.status, status, "status");
      eq(error.code, code, "code");
      ok(error.message.startsWith(message), `message "${error.message}"`);
      eq(error.retryable, retryable, "retryable");
      const entries = await t.log();
      eq(error.requestId, entries.at(-1).traceId, "requestId");
      ok(!JSON.stringify({ m: error.message, b: error.body, s: error.stack }).includes(KEY), "no key");
    }
  });
}

test("retries back off exponentially (0.5 s, then 1 s, less up to 25 %) and then succeed", async (t) => {
  const completion = await t.client("status=503,times=2", { maxRetries: 2 }).chat.completions.create(body());
  ok(text(completion).length > 0, "answer after retries");
  const starts = (await t.log()).map((e) => e.startedAt);
  eq(starts.length, 3, "attempts");
  const gaps = [starts[1] - starts[0], starts[2] - starts[1]];
  ok(gaps[0] >= 375 && gaps[0] < 1000, `first wait ${gaps[0]} ms`);
  ok(gaps[1] >= 750 && gaps[1] < 1600, `second wait ${gaps[1]} ms`);
});

test("retry-after-ms and retry-after are honoured", async (t) => {
  await t.client("status=429,times=1,retry_after_ms=60", { maxRetries: 1 }).chat.completions.create(body());
  let starts = (await t.log()).map((e) => e.startedAt);
  ok(starts[1] - starts[0] >= 55 && starts[1] - starts[0] < 350, `retry-after-ms wait ${starts[1] - starts[0]} ms`);
  await fetch(`${t.mockUrl}/_mock/reset`, { method: "POST" });
  await t.client("status=503,times=1,retry_after=1", { maxRetries: 1 }).chat.completions.create(body());
  starts = (await t.log()).map((e) => e.startedAt);
  ok(starts[1] - starts[0] >= 950, `retry-after wait ${starts[1] - starts[0]} ms`);
});

test("retries stop after maxRetries with the last error, which says how long the server asked to wait", async (t) => {
  const error = await rejects(
    t.client("status=503,retry_after_ms=10", { maxRetries: 2 }).chat.completions.create(body()),
    "APIError",
    "exhausted",
  );
  eq(error.status, 503, "status");
  eq(error.retryAfterMs, 10, "retryAfterMs from retry-after-ms");
  eq((await t.log()).length, 3, "attempts");
  const seconds = await rejects(t.client("status=429,retry_after=120", { maxRetries: 0 }).chat.completions.create(body()), "APIError", "429");
  eq(seconds.retryAfterMs, 120000, "retryAfterMs from retry-after, beyond the minute the client would wait itself");
  const silent = await rejects(t.client("status=503", { maxRetries: 0 }).chat.completions.create(body()), "APIError", "503");
  ok(!("retryAfterMs" in silent), "no retryAfterMs when the server did not say");
});

test("connection errors are retried, then a ConnectionError", async (t) => {
  const client = new t.api.SiliconFlow({ apiKey: KEY, baseURL: "http://127.0.0.1:9/v1", maxRetries: 1 });
  const error = await rejects(client.chat.completions.create(body()), "ConnectionError", "unreachable");
  eq(error.retryable, true, "retryable");
  ok(!error.message.includes(KEY), "no key");
});

test("nothing is retried once the body has started", async (t) => {
  const stream = await t.client("drop_after=2", { maxRetries: 2 }).chat.completions.create(body({ stream: true }));
  await rejects(collect(stream), "StreamError", "dropped");
  eq((await t.log()).length, 1, "attempts");
});

test("an abort during a retry wait stops at once, without another attempt", async (t) => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  await rejects(
    t.client("status=503", { maxRetries: 3 }).chat.completions.create(body(), { signal: controller.signal }),
    "AbortError",
    "aborted wait",
  );
  ok(Date.now() - started < 450, `aborted after ${Date.now() - started} ms`);
  eq((await t.log()).length, 1, "attempts");
});

test("a redirect is an APIError saying where it leads, and the prompt goes nowhere else; followRedirects follows", async (t) => {
  const error = await rejects(t.client("redirect=307").chat.completions.create(body()), "APIError", "redirect");
  // A browser hides a redirect's answer from the page (status 0); elsewhere it says where it leads.
  ok(error.status === 307 || error.status === 0, `status ${error.status}`);
  ok(error.status === 0 ? /browser hides/.test(error.message) : /redirect to http.*\/v1\/elsewhere\//.test(error.message), error.message);
  eq(error.retryable, false, "retryable");
  eq((await t.log()).filter((e) => e.path.includes("elsewhere")).length, 0, "nothing reached the other path");
  const followed = await t.client("redirect=307", { followRedirects: true }).chat.completions.create(body());
  ok(text(followed).length > 10, "followed when asked to");
  ok((await t.log()).some((e) => e.path.includes("elsewhere")), "and it went there");
});

// --- Timeouts, aborts and broken streams ---------------------------------------------------------------------

test("the idle timeout ends a stalled stream, keeps what arrived, and closes the connection", async (t) => {
  const stream = await t.client("stall_after=3", { idleTimeout: 300 }).chat.completions.create(body({ stream: true }));
  const seen = [];
  const error = await rejects(
    (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta?.content ?? "");
    })(),
    "TimeoutError",
    "idle",
  );
  eq(error.timeout, "idle", "which timeout");
  eq(error.partial.choices[0].message.content, seen.join(""), "partial content");
  await t.until((e) => e.closedByClient, "the connection closed");
});

test("the total timeout bounds waiting for the response", async (t) => {
  const started = Date.now();
  const error = await rejects(
    t.client("headers_delay=3000", { timeout: 300 }).chat.completions.create(body()),
    "TimeoutError",
    "total",
  );
  eq(error.timeout, "request", "which timeout");
  ok(Date.now() - started < 2000, "fast");
  await t.until((e) => e.closedByClient, "the connection closed");
});

test("the total timeout also bounds a stream in progress", async (t) => {
  const stream = await t.client("stall", { timeout: 400 }).chat.completions.create(body({ stream: true }));
  const error = await rejects(stream.finalChatCompletion(), "TimeoutError", "total, mid-stream");
  eq(error.timeout, "request", "which timeout");
});

test("aborting the caller's signal cancels the stream and the server sees the close", async (t) => {
  const controller = new AbortController();
  const stream = await t
    .client("stall_after=2")
    .chat.completions.create(body({ stream: true }), { signal: controller.signal });
  const error = await rejects(
    (async () => {
      for await (const chunk of stream) if (chunk) controller.abort();
    })(),
    "AbortError",
    "signal",
  );
  ok(error.partial.choices.length > 0, "partial kept");
  await t.until((e) => e.closedByClient, "the connection closed");
});

test("a signal aborted before the call rejects at once", async (t) => {
  const controller = new AbortController();
  controller.abort();
  await rejects(t.client().chat.completions.create(body(), { signal: controller.signal }), "AbortError", "pre-aborted");
  eq((await t.log()).length, 0, "requests");
});

test("aborting a stream nobody reads clears its timeout timer at once", async (t) => {
  // Every timer of the test, and which fired: a timer left behind would keep a server process busy until it ends.
  const fired = [];
  const original = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms, ...rest) => original(() => (fired.push(ms), fn(...rest)), ms);
  try {
    const controller = new AbortController();
    const client = t.client("", { timeout: 300 });
    const stream = await client.chat.completions.create(body({ stream: true }), { signal: controller.signal });
    controller.abort();
    await sleep(450);
    eq(fired.filter((ms) => ms === 300).length, 0, "the request's 300 ms timers that fired after the abort");
    await rejects(stream.finalChatCompletion(), "AbortError", "read after the abort");
  } finally {
    globalThis.setTimeout = original;
  }
});

test("stream.abort() cancels the request; readers get an AbortError with the partial completion", async (t) => {
  const stream = await t.client("stall_after=2").chat.completions.create(body({ stream: true }));
  const reading = stream.finalChatCompletion();
  await sleep(100);
  stream.abort();
  const error = await rejects(reading, "AbortError", "abort()");
  ok(error.partial.choices[0].message.content.length > 0, "partial content");
  await t.until((e) => e.closedByClient, "the connection closed");
  stream.abort(); // again: a no-op
});

test("break out of for await cancels the request without an error", async (t) => {
  const stream = await t.client("delay=20").chat.completions.create(body({ stream: true }));
  let n = 0;
  for await (const chunk of stream) if (chunk && ++n === 3) break;
  eq(n, 3, "chunks read");
  await t.until((e) => e.closedByClient, "the connection closed");
});

test("abort after a normal end changes nothing", async (t) => {
  const stream = await t.client().chat.completions.create(body({ stream: true }));
  const final = await stream.finalChatCompletion();
  stream.abort();
  same(await stream.finalChatCompletion(), final, "final");
  eq(stream.complete, true, "complete");
  eq((await t.log())[0].closedByClient, false, "no close seen");
});

test("a fetch that ignores the signal: abort, the caller's signal and both timeouts still end a read that never completes, and cancel the body", async (t) => {
  const event = `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", created: 1, model: MODEL, choices: [{ index: 0, delta: { content: "partial" }, finish_reason: null }] })}\n\n`;
  let cancelled = 0;
  // One chunk, then a body that never sends more and never ends, from a fetch that never looks at its signal.
  const fetch = async () =>
    new Response(
      new ReadableStream({
        start: (controller) => controller.enqueue(new TextEncoder().encode(event)),
        pull: () => new Promise(() => {}),
        cancel: () => void (cancelled += 1),
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  const ways = [
    ["stream.abort()", {}, (stream) => stream.abort(), "AbortError"],
    ["the caller's signal", {}, (_, controller) => controller.abort(), "AbortError"],
    ["idleTimeout", { idleTimeout: 150 }, () => {}, "TimeoutError"],
    ["timeout", { timeout: 300 }, () => {}, "TimeoutError"],
  ];
  for (const [way, options, end, name] of ways) {
    const before = cancelled;
    const controller = new AbortController();
    const stream = await t.client("", { fetch, ...options }).chat.completions.create(body({ stream: true }), { signal: controller.signal });
    const chunks = stream[Symbol.asyncIterator]();
    eq((await chunks.next()).value.choices[0].delta.content, "partial", `${way}: first chunk`);
    const next = chunks.next(); // a read that will never complete on its own
    const final = stream.finalChatCompletion(); // a second reader, waiting for that read
    await sleep(30);
    end(stream, controller);
    const error = await rejects(final, name, `${way}: finalChatCompletion`);
    eq(error.partial?.choices[0].message.content, "partial", `${way}: partial`);
    await rejects(next, name, `${way}: the iterator`);
    ok(cancelled > before, `${way}: the body was cancelled`);
  }
});

test("a dropped connection is a StreamError that keeps the partial content", async (t) => {
  // A pause before the drop: a browser that gets data and a reset in one network read may discard the data.
  const stream = await t.client("drop_after=3,delay=30").chat.completions.create(body({ stream: true }));
  const seen = [];
  const error = await rejects(
    (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta?.content ?? "");
    })(),
    "StreamError",
    "dropped",
  );
  eq(error.code, "connection_lost", "code");
  eq(error.requestId, stream.requestId, "requestId");
  // Three chunks were sent; a browser may lose the last one with the reset. Whatever arrived must be kept.
  ok(seen.length >= 1 && seen.length <= 3, `chunks before the drop: ${seen.length}`);
  eq(error.partial.choices[0].message.content, seen.join(""), "partial content");
  const again = await rejects(stream.finalChatCompletion(), "StreamError", "final after the drop");
  same(again.partial, error.partial, "same partial");
});

test("malformed JSON mid-stream is a StreamError with the partial completion", async (t) => {
  const stream = await t.client("malformed=3").chat.completions.create(body({ stream: true }));
  const error = await rejects(stream.finalChatCompletion(), "StreamError", "malformed");
  eq(error.code, "malformed_chunk", "code");
  ok(error.partial.choices[0].message.content.length > 0, "partial");
});

test("maxBufferSize bounds a stream's longest line; a larger limit lets it through", async (t) => {
  // One 40,000-character chunk after a short one: more than a 16 KiB limit, within a 64 KiB one.
  const event = (content) => `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", created: 1, model: MODEL, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
  const stream = event("first ") + event("x".repeat(40_000)) + "data: [DONE]\n\n";
  const fetch = async () => new Response(stream, { headers: { "content-type": "text/event-stream" } });
  const small = await t.client("", { fetch, maxBufferSize: 16 << 10 }).chat.completions.create(body({ stream: true }));
  const error = await rejects(small.finalChatCompletion(), "StreamError", "over the limit");
  eq(error.code, "sse_buffer_overflow", "code");
  ok(/maxBufferSize/.test(error.message), `the message names the option: ${error.message}`);
  eq(error.partial.choices[0].message.content, "first ", "partial");
  const large = await t.client("", { fetch, maxBufferSize: 64 << 10 }).chat.completions.create(body({ stream: true }));
  eq(text(await large.finalChatCompletion()).length, 6 + 40_000, "content");
});

test("an error event mid-stream is a StreamError with SiliconFlow's message and the partial completion", async (t) => {
  for (const scenario of ["error_event=3", "data_error=3"]) {
    await fetch(`${t.mockUrl}/_mock/reset`, { method: "POST" });
    const stream = await t.client(scenario).chat.completions.create(body({ stream: true }));
    const error = await rejects(stream.finalChatCompletion(), "StreamError", scenario);
    eq(error.code, "stream_api_error", "code");
    ok(/50505/.test(error.message) && /overloaded/.test(error.message), error.message);
    eq(error.body?.code, 50505, "SiliconFlow's code, in the body");
    eq(error.requestId, stream.requestId, "requestId");
    ok(error.partial.choices[0].message.content.length > 0, "partial");
  }
});

// --- The chat runtime: stream events, structured outputs, the tool runner, conversations ----------------------

const WEATHER = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city"],
    },
  },
};
const SEARCH = {
  type: "function",
  function: { name: "search", parameters: { type: "object", properties: { query: { type: "string" } } } },
};
/** `tool` with its function. */
const runnable = (tool, fn) => ({ ...tool, function: { ...tool.function, function: fn } });
const FORECAST = {
  type: "object",
  properties: {
    city: { type: "string" },
    days: { type: "array", items: { type: "object", properties: { day: { type: "string" }, high: { type: "number" } }, required: ["day", "high"] } },
    sunny: { type: "boolean" },
  },
  required: ["city", "days"],
  additionalProperties: false,
};
const schemaFormat = (schema = FORECAST) => ({ type: "json_schema", json_schema: { name: "forecast", schema } });

/** Records every event of `source` as [name, payload] (listeners on every name it can emit). */
function record(source, names) {
  const seen = [];
  for (const name of names) source.on(name, (...args) => seen.push([name, args.length > 1 ? args : args[0]]));
  return seen;
}
const STREAM_EVENTS = [
  "chunk",
  "content",
  "content.delta",
  "content.done",
  "reasoning.delta",
  "reasoning.done",
  "tool_calls.function.arguments.delta",
  "tool_calls.function.arguments.done",
  "usage",
  "finalChatCompletion",
  "error",
  "abort",
  "end",
];

test("stream(): events in order with openai-node's payloads, and the snapshot is the final completion", async (t) => {
  const stream = t.client().chat.completions.stream(body({ enable_thinking: true }));
  const seen = record(stream, STREAM_EVENTS);
  let snapshots = 0;
  stream.on("chunk", (chunk, snapshot) => {
    ok(snapshot === stream.currentSnapshot(), "the chunk event's snapshot is currentSnapshot()");
    snapshots += 1;
  });
  await stream.done();
  const final = await stream.finalChatCompletion();
  same(final, await reference(t, "", { enable_thinking: true }), "final equals the non-streaming response");
  same(stream.currentSnapshot(), final, "currentSnapshot() at the end is the final completion");
  const names = seen.map(([name]) => name);
  const order = (name) => names.indexOf(name);
  ok(order("reasoning.delta") < order("reasoning.done") && order("reasoning.done") < order("content.delta"), names.join());
  ok(order("content.done") < order("finalChatCompletion") && names.at(-1) === "end", names.join());
  eq(names.filter((n) => n === "reasoning.done").length, 1, "reasoning.done once");
  eq(names.filter((n) => n === "content.done").length, 1, "content.done once");
  const message = final.choices[0].message;
  const deltas = seen.filter(([n]) => n === "content.delta").map(([, e]) => e);
  eq(deltas.map((e) => e.delta).join(""), message.content, "content.delta deltas join to the content");
  eq(deltas.at(-1).snapshot, message.content, "the last content.delta's snapshot is the content");
  const [delta, snapshot] = seen.find(([n]) => n === "content")[1];
  eq(snapshot, delta, "content (delta, snapshot): the first snapshot is the first delta");
  const reasoning = seen.filter(([n]) => n === "reasoning.delta").map(([, e]) => e.delta).join("");
  eq(reasoning, message.reasoning_content, "reasoning.delta deltas join to reasoning_content");
  eq(seen.find(([n]) => n === "reasoning.done")[1].reasoning, message.reasoning_content, "reasoning.done");
  eq(seen.find(([n]) => n === "content.done")[1].content, message.content, "content.done");
  same(seen.filter(([n]) => n === "usage").at(-1)[1], final.usage, "the last usage event is the final usage");
  eq(snapshots, seen.filter(([n]) => n === "chunk").length, "one snapshot per chunk");
  same(seen.find(([n]) => n === "finalChatCompletion")[1], final, "finalChatCompletion's payload");
  eq((await stream.finalMessage()).content, message.content, "finalMessage()");
  eq(await stream.finalContent(), message.content, "finalContent()");
  eq(stream.complete, true, "complete");
});

test("stream(): tool-call arguments stream with partial values, done once per call, for every quirk", async (t) => {
  const stream = t.client("tool_quirks").chat.completions.stream(body({ tools: [WEATHER, SEARCH] }));
  const seen = record(stream, ["tool_calls.function.arguments.delta", "tool_calls.function.arguments.done"]);
  const final = await stream.finalChatCompletion();
  same(final, await reference(t, "tool_quirks", { tools: [WEATHER, SEARCH] }), "final");
  const calls = final.choices[0].message.tool_calls;
  const done = seen.filter(([n]) => n.endsWith(".done")).map(([, e]) => e);
  eq(done.length, 2, "one done event per call");
  done.forEach((event, i) => {
    eq(event.index, i, "index");
    eq(event.name, calls[i].function.name, "name");
    eq(event.arguments, calls[i].function.arguments, "arguments");
    same(event.parsed_arguments, JSON.parse(calls[i].function.arguments), "parsed_arguments");
  });
  const deltas = seen.filter(([n]) => n.endsWith(".delta")).map(([, e]) => e);
  for (const i of [0, 1]) {
    const mine = deltas.filter((e) => e.index === i);
    eq(mine.map((e) => e.arguments_delta).join(""), calls[i].function.arguments, `call ${i}: deltas join`);
    // Each partial value is extended by the next (strings grow, members are added).
    const values = mine.map((e) => JSON.stringify(e.parsed_arguments));
    ok(values.some((v) => v !== "null" && v !== "{}"), `call ${i}: some partial values: ${values}`);
  }
});

test("stream(): events() yields typed events to end; for await over it gives the chunks", async (t) => {
  const types = [];
  for await (const event of t.client().chat.completions.stream(body()).events()) {
    types.push(event.type);
    if (event.type === "chunk") ok(event.chunk.object === "chat.completion.chunk" && event.snapshot, "chunk event");
    if (event.type === "content") ok(typeof event.delta === "string" && typeof event.snapshot === "string", "content");
  }
  eq(types.at(-1), "end", "ends with end");
  ok(types.includes("content.delta") && types.includes("finalChatCompletion"), types.join());
  const chunks = await collect(t.client().chat.completions.stream(body()));
  const plain = await collect(await t.client().chat.completions.create(body({ stream: true })));
  same(chunks, plain, "the same chunks as create({ stream: true })");
});

test("stream(): without a chunk listener the events and snapshot are the same; one added mid-read hears every later chunk", async (t) => {
  // The whole answer in one read: a listener added at the first content hears the rest of that read's chunks.
  const whole = async (request) => {
    const response = await fetch(request);
    return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
  };
  const request = body({ enable_thinking: true });
  const names = STREAM_EVENTS.filter((name) => name !== "chunk");
  const listened = t.client("", { fetch: whole }).chat.completions.stream(request);
  const expected = record(listened, names);
  listened.on("chunk", () => {});
  const unheard = t.client("", { fetch: whole }).chat.completions.stream(request);
  const seen = record(unheard, names);
  const late = [];
  unheard.once("content.delta", () => unheard.on("chunk", (chunk) => late.push(chunk)));
  await Promise.all([listened.done(), unheard.done()]);
  same(seen, expected, "the same events with the same payloads");
  same(unheard.currentSnapshot(), listened.currentSnapshot(), "the same snapshot");
  const chunks = await collect(await t.client().chat.completions.create({ ...request, stream: true }));
  const first = chunks.findIndex((chunk) => chunk.choices[0]?.delta?.content);
  ok(first > 0 && first < chunks.length - 1, `the answer starts after the reasoning, before the end: ${first}`);
  same(late, chunks.slice(first + 1), "every chunk after the one that brought the first content, as sent");
});

test("a listener that throws fails the stream: the error event, done() rejects with it, the request ends", async (t) => {
  const stream = t.client("delay=5,tokens=200").chat.completions.stream(body());
  const boom = new Error("listener broke");
  let errors = 0;
  stream.on("content", () => {
    throw boom;
  });
  stream.on("error", (error) => {
    errors += 1;
    ok(error === boom, "the error event carries what the listener threw");
  });
  try {
    await stream.done();
    fail("done() resolved");
  } catch (error) {
    ok(error === boom, `done() rejects with it, got ${error}`);
  }
  eq(errors, 1, "one error event");
  await t.until((e) => e.closedByClient, "the request closed by the client");
});

test("stream(): a create() stream gets events too, from on(); an invalid request ends with its ValidationError", async (t) => {
  const created = await t.client().chat.completions.create(body({ stream: true }));
  const deltas = [];
  created.on("content.delta", (e) => deltas.push(e.delta));
  const final = await created.finalChatCompletion();
  eq(deltas.join(""), text(final), "content.delta from a create() stream");
  const sent = (await t.log()).length;
  const invalid = t.client().chat.completions.stream({ model: MODEL, messages: [] });
  let event;
  invalid.on("error", (error) => (event = error));
  const error = await rejects(invalid.done(), "ValidationError", "invalid request");
  ok(event === error && error.issues.length > 0, "the error event and the issues");
  eq((await t.log()).length, sent, "nothing sent");
});

test("stream(): abort() ends it with an abort event and an AbortError that keeps what arrived", async (t) => {
  const stream = t.client("delay=5,tokens=200").chat.completions.stream(body());
  let aborted;
  stream.on("abort", (error) => (aborted = error));
  stream.on("content", (_, snapshot) => snapshot.length > 20 && stream.abort());
  const error = await rejects(stream.finalChatCompletion(), "AbortError", "aborted");
  ok(aborted === error, "the abort event carries it");
  ok(error.partial.choices[0].message.content.length > 20, "partial content");
  await t.until((e) => e.closedByClient, "the request closed by the client");
});

test("stream() with json_schema: content.delta carries partial values, the final message its parsed answer", async (t) => {
  const stream = t.client("tokens=40").chat.completions.stream(body({ response_format: schemaFormat() }));
  const parsed = [];
  stream.on("content.delta", (e) => parsed.push(e.parsed));
  let done;
  stream.on("content.done", (e) => (done = e));
  const final = await stream.finalChatCompletion();
  const answer = JSON.parse(text(final));
  same(final.choices[0].message.parsed, answer, "message.parsed");
  same(done.parsed, answer, "content.done's parsed");
  ok(parsed.length > 5 && parsed.every((v) => v && typeof v === "object"), "a partial object at every delta");
  ok(parsed[0] !== parsed.at(-1) && JSON.stringify(parsed.at(-1)) === JSON.stringify(answer), "growing to the answer");
});

test("stream() with json_schema: an answer that breaks the schema fails with OutputValidationError", async (t) => {
  const stream = t.client("json_fail=1").chat.completions.stream(body({ response_format: schemaFormat() }));
  const error = await rejects(stream.finalChatCompletion(), "OutputValidationError", "broken answer");
  ok(error.issues.some((i) => i.path === "city"), JSON.stringify(error.issues));
  eq(error.content, text(error.partial), "content and partial");
});

test("parse(): json_schema answers come parsed; json_object too, without a schema", async (t) => {
  const completions = t.client().chat.completions;
  const parsed = await completions.parse(body({ response_format: schemaFormat() }));
  same(parsed.choices[0].message.parsed, JSON.parse(text(parsed)), "json_schema");
  ok(typeof parsed.choices[0].message.parsed.city === "string", "a value of the schema");
  const object = await completions.parse(body({ response_format: { type: "json_object" } }));
  same(object.choices[0].message.parsed, JSON.parse(text(object)), "json_object");
  const plain = await completions.parse(body());
  eq(plain.choices[0].message.parsed, null, "no response_format: parsed is null");
});

test("parse(): maxRepairs sends the issues back and counts every attempt's usage", async (t) => {
  const completions = t.client("json_fail=1").chat.completions;
  const first = await rejects(completions.parse(body({ response_format: schemaFormat() })), "OutputValidationError", "no repairs");
  eq(first.repairs, 0, "repairs");
  ok(first.issues.every((i) => typeof i.path === "string" && i.message), "issues with paths");
  await fetch(`${t.mockUrl}/_mock/reset`, { method: "POST" });
  const repaired = await completions.parse(body({ response_format: schemaFormat() }), { maxRepairs: 2 });
  same(repaired.choices[0].message.parsed, JSON.parse(text(repaired)), "the repaired answer");
  const log = (await t.log()).filter((e) => e.path === "/v1/chat/completions");
  eq(log.length, 2, "two requests");
  const turn = log[1].body.messages.slice(-2);
  eq(turn[0].role, "assistant", "the broken answer is sent back");
  ok(turn[1].role === "user" && /city/.test(turn[1].content), `with its issues: ${turn[1].content}`);
  const single = await reference(t, "", { response_format: schemaFormat() });
  ok(repaired.usage.prompt_tokens > single.usage.prompt_tokens, "usage summed over the attempts");
});

test("parse(): out of repairs, or not JSON at all: OutputValidationError with issues, content and partial", async (t) => {
  const broken = t.client("json_fail=3").chat.completions;
  const error = await rejects(broken.parse(body({ response_format: schemaFormat() }), { maxRepairs: 1 }), "OutputValidationError", "schema");
  eq(error.repairs, 1, "repairs");
  eq(error.content, text(error.partial), "content");
  ok(error.issues.length > 0 && error.issues[0].path === "city", JSON.stringify(error.issues));
  const prose = t.client("json_fail=1,json_text").chat.completions;
  const notJson = await rejects(prose.parse(body({ response_format: { type: "json_object" } })), "OutputValidationError", "prose");
  eq(notJson.issues[0].code, "invalid_json", "code");
  const bad = t.client().chat.completions.parse({ ...body(), response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "objet" } } } });
  await rejects(bad, "ValidationError", "a schema that is not one");
});

test("runTools(): runs the tool, sends its result, ends with the answer; messages, events and usage", async (t) => {
  for (const stream of [false, true]) {
    await fetch(`${t.mockUrl}/_mock/reset`, { method: "POST" });
    const calls = [];
    const tools = [runnable(WEATHER, async (args, { signal }) => {
      calls.push(args);
      ok(signal instanceof AbortSignal, "the run's signal");
      return { temperature: 21, city: args.city };
    })];
    const runner = t.client().chat.completions.runTools(body({ tools, stream }));
    const seen = record(runner, ["message", "functionToolCall", "functionToolCallResult", "chatCompletion", "finalContent", "totalUsage", "end", "content.delta"]);
    const content = await runner.finalContent();
    eq(calls.length, 1, "the tool ran once");
    eq(calls[0].city, "Boston, MA", "with parsed arguments");
    ok(/The tool returned/.test(content), `the answer: ${content}`);
    const roles = runner.messages.map((m) => m.role);
    same(roles, ["user", "assistant", "tool", "assistant"], "messages");
    eq(runner.messages[2].content, JSON.stringify({ temperature: 21, city: "Boston, MA" }), "the tool message");
    eq(runner.messages[2].tool_call_id, runner.messages[1].tool_calls[0].id, "tool_call_id");
    const names = seen.map(([n]) => n);
    ok(names.indexOf("functionToolCall") < names.indexOf("functionToolCallResult"), names.join());
    eq(names.at(-1), "end", "end last");
    eq(names.filter((n) => n === "chatCompletion").length, 2, "two answers");
    ok(stream === names.includes("content.delta"), `content.delta only when streaming (${stream})`);
    const usage = await runner.totalUsage();
    const log = (await t.log()).filter((e) => e.path === "/v1/chat/completions");
    eq(log.length, 2, "two requests");
    eq(log[1].body.messages.length, 3, "the second carries the call and its result");
    ok(usage.total_tokens > (await runner.finalChatCompletion()).usage.total_tokens, "usage summed over the steps");
  }
});

test("runTools(): parallel calls run concurrently, their results in the calls' order", async (t) => {
  let running = 0;
  let most = 0;
  const slow = (name) => async (args) => {
    running += 1;
    most = Math.max(most, running);
    await sleep(name === "get_weather" ? 40 : 5);
    running -= 1;
    return `${name} done`;
  };
  const runner = t.client("tool_quirks").chat.completions.runTools(body({ tools: [runnable(WEATHER, slow("get_weather")), runnable(SEARCH, slow("search"))] }));
  await runner.done();
  eq(most, 2, "both ran at once");
  const results = runner.messages.filter((m) => m.role === "tool").map((m) => m.content);
  same(results, ["get_weather done", "search done"], "in order");
});

test("runTools(): invalid, unparsable or unknown calls become tool messages and the tool does not run", async (t) => {
  for (const [scenario, pattern] of [["bad_args", /do not match its parameters/], ["broken_args", /not valid JSON/], ["unknown_tool", /no tool named "lookup_unknown_thing"/]]) {
    await fetch(`${t.mockUrl}/_mock/reset`, { method: "POST" });
    let ran = 0;
    const runner = t.client(scenario).chat.completions.runTools(body({ tools: [runnable(WEATHER, () => (ran += 1))] }));
    const steps = [];
    runner.on("step", (step) => steps.push(step));
    await runner.done();
    eq(ran, 0, `${scenario}: the function did not run`);
    const reply = runner.messages.find((m) => m.role === "tool");
    ok(pattern.test(reply.content), `${scenario}: ${reply.content}`);
    eq(steps[0].calls[0].run, false, `${scenario}: planned as a reply`);
    eq(runner.messages.at(-1).role, "assistant", `${scenario}: the model answered after`);
  }
});

test("runTools(): a tool that throws is reported to the model, or stops the run with onToolError: throw", async (t) => {
  const failing = [runnable(WEATHER, () => {
    throw new Error("the weather service is down");
  })];
  const runner = t.client().chat.completions.runTools(body({ tools: failing }));
  await runner.done();
  const reply = runner.messages.find((m) => m.role === "tool");
  eq(reply.content, "The tool get_weather failed: the weather service is down", "the tool message");
  const strict = t.client().chat.completions.runTools(body({ tools: failing }), { onToolError: "throw" });
  const error = await rejects(strict.done(), "ToolRunError", "onToolError: throw");
  eq(error.code, "tool_failed", "code");
  eq(error.cause?.message, "the weather service is down", "cause");
  same(error.messages.map((m) => m.role), ["user", "assistant"], "the messages so far");
});

test("runTools(): maxSteps stops a model that never stops calling, with the messages so far", async (t) => {
  const runner = t.client("tool_steps=99").chat.completions.runTools(body({ tools: [runnable(WEATHER, () => "ok")] }), { maxSteps: 3 });
  let event;
  runner.on("error", (error) => (event = error));
  const error = await rejects(runner.finalContent(), "ToolRunError", "max steps");
  eq(error.code, "max_steps", "code");
  ok(event === error, "the error event");
  eq(error.messages.filter((m) => m.role === "assistant").length, 3, "three answers");
  eq((await t.log()).filter((e) => e.path === "/v1/chat/completions").length, 3, "three requests");
});

test("runTools(): tool_steps chains calls until the answer; abort reaches running tools and ends the run", async (t) => {
  const chained = t.client("tool_steps=3").chat.completions.runTools(body({ tools: [runnable(WEATHER, (args) => args.city)] }));
  await chained.done();
  eq(chained.messages.filter((m) => m.role === "tool").length, 3, "three tool results");
  await fetch(`${t.mockUrl}/_mock/reset`, { method: "POST" });
  let toolSignal;
  const controller = new AbortController();
  const runner = t.client().chat.completions.runTools(
    body({
      tools: [runnable(WEATHER, (args, { signal }) => {
        toolSignal = signal;
        setTimeout(() => controller.abort(), 10);
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("stopped"))));
      })],
    }),
    { signal: controller.signal },
  );
  let aborted;
  runner.on("abort", (error) => (aborted = error));
  const error = await rejects(runner.done(), "AbortError", "aborted");
  ok(toolSignal.aborted && aborted === error, "the tool saw the abort; the abort event");
  eq((await t.log()).filter((e) => e.path === "/v1/chat/completions").length, 1, "no request after the abort");
});

test("runTools(): reasoning_content goes back within the turn for DeepSeek thinking models only", async (t) => {
  for (const [model, kept] of [["deepseek-ai/DeepSeek-R1", true], ["Qwen/Qwen3-8B", false]]) {
    await fetch(`${t.mockUrl}/_mock/reset`, { method: "POST" });
    const runner = t.client("thinking").chat.completions.runTools({ model, messages: MESSAGES, tools: [runnable(WEATHER, () => "sunny")] });
    await runner.done();
    ok(runner.messages[1].reasoning_content, `${model}: the runner keeps the reasoning`);
    const [, second] = (await t.log()).filter((e) => e.path === "/v1/chat/completions");
    const sent = second.body.messages.find((m) => m.role === "assistant");
    eq("reasoning_content" in sent, kept, `${model}: reasoning_content sent back`);
  }
});

test("completionToMessage() and finalMessage() give the assistant message to append", async (t) => {
  const completion = await t.client().chat.completions.create(body({ tools: TOOLS }));
  const message = t.api.completionToMessage(completion);
  eq(message.role, "assistant", "role");
  eq(message.content, null, "no content beside tool calls");
  same(message.tool_calls, completion.choices[0].message.tool_calls, "tool calls");
  const stream = await t.client().chat.completions.create(body({ stream: true, enable_thinking: true }));
  const final = await stream.finalMessage();
  eq(final.content, text(await reference(t, "", { enable_thinking: true })), "content");
  ok(final.reasoning_content.length > 0, "reasoning");
});

test("Conversation: send streams the reply through idle, streaming and idle; stop keeps what arrived", async (t) => {
  const conversation = new t.api.Conversation(t.client("delay=2"), { model: MODEL, system: "Be brief." });
  const states = [];
  const unsubscribe = conversation.subscribe((state) => states.push(state));
  eq(states.length, 1, "subscribe calls back at once");
  ok(conversation.getSnapshot() === states[0], "getSnapshot is the state, the same object until a change");
  await conversation.send("Why is the sky blue?");
  eq(conversation.status, "idle", "idle at the end");
  same(conversation.messages.map((m) => m.role), ["system", "user", "assistant"], "messages");
  ok(/You said: “Why is the sky blue\?”/.test(conversation.messages[2].content), conversation.messages[2].content);
  ok(states.some((s) => s.status === "streaming"), "streaming while it arrived");
  ok(states.filter((s) => s.status === "streaming").length > 3, "the reply showed as it was written");
  for (let i = 1; i < states.length; i++) ok(states[i] !== states[i - 1], "a new state object at every change");
  unsubscribe();
  const count = states.length;
  const slow = new t.api.Conversation(t.client("delay=5,tokens=200"), { model: MODEL });
  slow.subscribe(({ messages }) => messages.at(-1)?.role === "assistant" && messages.at(-1).content.length > 10 && slow.stop());
  await slow.send("Tell me a long story");
  eq(slow.status, "idle", "stopped is idle");
  ok(slow.messages.at(-1).role === "assistant" && slow.messages.at(-1).content.length > 10, "partial reply kept");
  eq(states.length, count, "no call after unsubscribe");
});

test("Conversation: tools run between replies; a failure is its status, and retry sends again", async (t) => {
  const conversation = new t.api.Conversation(t.client(), { model: MODEL, tools: [runnable(WEATHER, () => "sunny")] });
  const statuses = [];
  const whileAnswering = new Set(); // the status while the answer after the tool's result is being written
  conversation.subscribe((state) => {
    if (statuses.at(-1) !== state.status) statuses.push(state.status);
    if (state.messages.length === 4 && state.messages[3].content && state.status !== "idle") whileAnswering.add(state.status);
  });
  await conversation.send("Weather in Boston?");
  same(conversation.messages.map((m) => m.role), ["user", "assistant", "tool", "assistant"], "messages");
  same(statuses, ["idle", "streaming", "running_tools", "streaming", "idle"], "idle, streaming, the tools, the answer streaming, done");
  same([...whileAnswering], ["streaming"], "the answer after the tools streams as streaming");
  const failing = new t.api.Conversation(t.client("status=503,times=1"), { model: MODEL });
  await failing.send("hello");
  eq(failing.status, "error", "status");
  eq(failing.error?.name, "APIError", "error");
  await failing.retry();
  eq(failing.status, "idle", "retried");
  same(failing.messages.map((m) => m.role), ["user", "assistant"], "one reply");
});

test("Conversation: continue appends to a stopped or cut reply; onReply hears each reply; load restores", async (t) => {
  const replies = [];
  const conversation = new t.api.Conversation(t.client("delay=2"), { model: MODEL, max_tokens: 3, onReply: (r) => replies.push(r) });
  await conversation.send("Say a lot");
  eq(replies.length, 1, "onReply: one reply");
  eq((await replies[0].finalChatCompletion()).choices[0].finish_reason, "length", "cut at max_tokens");
  const cut = conversation.messages[1].content;
  conversation.params = { model: MODEL }; // read when the next reply starts
  const seen = [];
  conversation.subscribe(({ messages }) => seen.push(messages.at(-1)?.content));
  await conversation.continue();
  eq(replies.length, 2, "onReply: the continuation");
  same(conversation.messages.map((m) => m.role), ["user", "assistant"], "still one reply");
  const whole = conversation.messages[1].content;
  ok(whole.startsWith(cut) && whole.length > cut.length, whole);
  ok(seen.every((text) => typeof text === "string" && text.startsWith(cut)), "the reply only grew");
  const asked = (await t.log()).filter((e) => e.path.endsWith("/chat/completions")).at(-1).body.messages;
  same(asked.map((m) => m.role), ["user", "assistant", "user"], "asked with the reply and an instruction");
  eq(asked[1].content, cut, "the reply so far");
  ok(/^Continue exactly where/.test(asked[2].content), asked[2].content);
  let refused;
  await new t.api.Conversation(t.client(), { model: MODEL }).continue().catch((e) => (refused = e));
  eq(refused?.name, "TypeError", "nothing to continue");
  const restored = new t.api.Conversation(t.client(), { model: MODEL });
  restored.load(conversation.messages);
  same(restored.messages, conversation.messages, "load");
  eq(restored.status, "idle", "idle after load");
  await restored.send("And then?");
  same(restored.messages.map((m) => m.role), ["user", "assistant", "user", "assistant"], "goes on from what was loaded");
});

/**
 * Runs every case (or those whose name contains `only`) against the mock at `mockUrl`, resetting the mock's log
 * before each. Resolves with `[{ name, ok, ms, error? }]`; never rejects.
 */
export async function runSuite({ api, mockUrl, only }) {
  const t = { ...context(api, mockUrl), mockUrl };
  const results = [];
  for (const [name, fn] of cases) {
    if (only && !name.includes(only)) continue;
    const started = Date.now();
    try {
      await fetch(`${mockUrl}/_mock/reset`, { method: "POST" });
      let timer;
      const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new AssertionError("timed out after 20 s")), 20_000);
      });
      await Promise.race([fn(t), limit]).finally(() => clearTimeout(timer));
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: String(error?.stack ?? error) });
    }
  }
  return results;
}
