// The example Worker (worker/), bundled exactly as `wrangler deploy` would upload it, run in real workerd
// (miniflare) with worker/wrangler.toml's policy vars, a test key, and the mock server as its upstream.
//
//   node --test --test-concurrency=1 tests/edge/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { proxyRequest, SiliconFlow, validateRequest } from "../../pkg/node.js";
import { startMock } from "../mock/siliconflow-mock.mjs";
import { BODIES } from "../mock/errors.mjs";
import { buildWorker, startWorker } from "./harness.mjs";

const KEY = "sk-edge-7d41c09e5b2a-never-leak-me";
const ORIGIN = "http://localhost:5173"; // in worker/wrangler.toml's ALLOWED_ORIGINS
const EVIL = "https://evil.example";
const MODEL = "Qwen/Qwen3-8B"; // in ALLOWED_MODELS
const CHAT = "http://proxy.test/v1/chat/completions";
const ask = (content, extra = {}) => ({ model: MODEL, messages: [{ role: "user", content }], ...extra });

let bundle;
let mock;
/** One Worker per upstream scenario (the scenario is part of SILICONFLOW_BASE_URL). */
const workers = new Map();
/** Every response the tests saw from the Worker: { label, status, headers, body }. */
const seen = [];

before(async () => {
  mock = await startMock({ port: 0, apiKey: KEY });
  bundle = await buildWorker();
});

after(async () => {
  await Promise.all([...workers.values()].map(async (mf) => (await mf).dispose()));
  await mock?.close();
  await bundle?.dispose();
});

function worker(scenario = "") {
  if (!workers.has(scenario)) {
    const base = scenario ? `${mock.url}/s/${scenario}/v1` : `${mock.url}/v1`;
    workers.set(scenario, startWorker(bundle, { SILICONFLOW_API_KEY: KEY, SILICONFLOW_BASE_URL: base }));
  }
  return workers.get(scenario);
}

function remember(label, response, body) {
  seen.push({ label, status: response.status, headers: [...response.headers], body });
}

/** A request to the Worker, read whole and remembered. → { response, text, json } */
async function call(scenario, label, { method = "POST", headers = {}, body, json = body !== undefined } = {}) {
  const mf = await worker(scenario);
  const response = await mf.dispatchFetch(CHAT, {
    method,
    headers: { ...(json ? { "content-type": "application/json" } : {}), ...headers },
    body: json ? JSON.stringify(body) : body,
  });
  return read(label, response);
}

/** A response read whole and remembered. → { response, text, json } */
async function read(label, response) {
  const text = await response.text();
  remember(label, response, text);
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { response, text, json };
}

/** The same request sent straight to the mock (the body exactly as the proxy forwarded it). */
async function direct(scenario, body) {
  const base = scenario ? `${mock.url}/s/${scenario}/v1` : `${mock.url}/v1`;
  const response = await fetch(`${base}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
    body: JSON.stringify(body),
  });
  return { response, text: await response.text() };
}

const chatEntries = () => mock.log.filter((e) => e.path === "/v1/chat/completions");

/** Asserts the Worker's JSON error: status, type, x-should-retry false, JSON content type; → error object. */
function assertRefusal({ response, json }, status, type) {
  assert.equal(response.status, status, JSON.stringify(json));
  assert.match(response.headers.get("content-type"), /^application\/json/);
  assert.equal(response.headers.get("x-should-retry"), "false");
  assert.equal(json?.error?.type, type, JSON.stringify(json));
  assert.equal(typeof json.error.message, "string");
  return json.error;
}

test("wrangler deploy --dry-run bundles the Worker", () => {
  assert.match(bundle.uploadSize, /^[\d.]+ KiB \/ gzip: [\d.]+ KiB$/);
  console.log(`  wrangler deploy --dry-run: Total Upload ${bundle.uploadSize}`);
});

test("a stream passes through chunk by chunk, while the mock is still sending", async () => {
  const scenario = "delay=150,tokens=12";
  mock.reset();
  const mf = await worker(scenario);
  const started = performance.now();
  const response = await mf.dispatchFetch(CHAT, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify(ask("stream it", { stream: true })),
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /^text\/event-stream/);
  assert.equal(response.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(response.headers.get("access-control-expose-headers"), /x-siliconcloud-trace-id/);
  const [entry] = chatEntries();
  assert.equal(response.headers.get("x-siliconcloud-trace-id"), entry.traceId);

  const reader = response.body.getReader();
  const chunks = [];
  let beforeEnd = 0; // chunks that reached the client while the mock had not finished the response
  let firstAt;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstAt ??= performance.now() - started;
    if (entry.endedAt === null) beforeEnd++;
    chunks.push(value);
  }
  const lastAt = performance.now() - started;
  const text = Buffer.concat(chunks).toString("utf8");
  remember("stream", response, text);
  console.log(`  first chunk after ${firstAt.toFixed(0)} ms, last after ${lastAt.toFixed(0)} ms; ` +
    `${beforeEnd} of ${chunks.length} reads before the mock ended the response`);
  // The mock sends ~15 frames 150 ms apart: the first must arrive long before the last.
  assert.ok(beforeEnd >= 5, `only ${beforeEnd} reads arrived before the mock finished`);
  assert.ok(lastAt - firstAt > 1000, `first at ${firstAt} ms, last at ${lastAt} ms: buffered?`);
  assert.ok(text.endsWith("data: [DONE]\n\n"), text.slice(-80));

  // Byte for byte what the mock sends for the same request, which the proxy forwarded with the policy's caps.
  assert.deepEqual(entry.body, { ...ask("stream it", { stream: true }), max_tokens: 4096, thinking_budget: 4096 });
  const same = await direct(scenario, entry.body);
  assert.equal(text, same.text);
});

test("a non-streaming request gets the JSON completion", async () => {
  mock.reset();
  const { response, text, json } = await call("", "complete", { body: ask("whole", { max_tokens: 100 }) });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /^application\/json/);
  assert.equal(json.object, "chat.completion");
  const [entry] = chatEntries();
  // MAX_TOKENS bounds the reasoning of a model that may think too.
  assert.deepEqual(entry.body, ask("whole", { max_tokens: 100, thinking_budget: 4096 }));
  assert.equal(text, (await direct("", entry.body)).text);
});

test("MAX_TOKENS caps max_tokens: lowered when above, set when absent, kept when below", async () => {
  for (const [asked, sent] of [[100_000, 4096], [undefined, 4096], [64, 64]]) {
    mock.reset();
    const { response } = await call("", `cap ${asked}`, { body: ask("cap", { max_tokens: asked }) });
    assert.equal(response.status, 200);
    assert.equal(chatEntries()[0].body.max_tokens, sent, `asked ${asked}`);
  }
});

test("invalid bodies are refused with the core's issues, and nothing goes upstream", async () => {
  mock.reset();
  const bodies = [
    { messages: [{ role: "user", content: "no model" }] },
    ask("budget", { enable_thinking: true, thinking_budget: 50 }),
    { model: MODEL, messages: [] },
    ask("types", { temperature: "hot", max_tokens: 1.5, stop: ["a", "b", "c", "d", "e"] }),
  ];
  for (const body of bodies) {
    const reply = await call("", "invalid", { body, headers: { origin: ORIGIN } });
    const error = assertRefusal(reply, 400, "validation_error");
    assert.equal(reply.response.headers.get("access-control-allow-origin"), ORIGIN);
    assert.deepEqual(error.issues, validateRequest(body), JSON.stringify(body));
    assert.ok(error.issues.some((i) => i.severity === "error"));
    assert.equal(error.message, error.issues.find((i) => i.severity === "error").message);
  }
  assert.equal(mock.log.length, 0, "the mock saw a request");
});

test("bodies that are not JSON get 400, too large ones 413, before any upstream traffic", async () => {
  mock.reset();
  for (const body of ["not json", "{\"model\": ", ""]) {
    const reply = await call("", "not json", { body, json: false, headers: { "content-type": "application/json" } });
    assertRefusal(reply, 400, "invalid_json");
  }
  // 9 MiB: the declared Content-Length is over the 8 MiB default.
  const big = JSON.stringify(ask("x".repeat(9 << 20)));
  const declared = await call("", "too large", { body: big, json: false });
  assert.match(assertRefusal(declared, 413, "body_too_large").message, /limit is 8388608/);
  // The same without a Content-Length (a streamed body): counted once read.
  const mf = await worker("");
  const bytes = new TextEncoder().encode(big);
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 1 << 20) controller.enqueue(bytes.subarray(i, i + (1 << 20)));
      controller.close();
    },
  });
  const response = await mf.dispatchFetch(CHAT, { method: "POST", body: stream, duplex: "half" });
  const text = await response.text();
  remember("too large, streamed", response, text);
  assertRefusal({ response, json: JSON.parse(text) }, 413, "body_too_large");
  assert.equal(mock.log.length, 0, "the mock saw a request");
});

test("a model outside ALLOWED_MODELS is refused with 403, nothing upstream", async () => {
  mock.reset();
  const reply = await call("", "model", { body: ask("hi", { model: "zai-org/GLM-4.5" }), headers: { origin: ORIGIN } });
  const error = assertRefusal(reply, 403, "model_not_allowed");
  assert.match(error.message, /zai-org\/GLM-4\.5.*Qwen\/Qwen3-8B, deepseek-ai\/DeepSeek-V3\.2/);
  assert.equal(reply.response.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(mock.log.length, 0, "the mock saw a request");
});

test("CORS: preflights answered for allowed origins only; a disallowed origin's request is refused", async () => {
  mock.reset();
  const preflight = (origin) =>
    call("", `preflight ${origin}`, {
      method: "OPTIONS",
      json: false,
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });

  const allowed = await preflight(ORIGIN);
  assert.equal(allowed.response.status, 204);
  assert.equal(allowed.response.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(allowed.response.headers.get("access-control-allow-methods"), /POST/);
  assert.match(allowed.response.headers.get("access-control-allow-headers"), /content-type/);
  assert.match(allowed.response.headers.get("vary"), /origin/i);
  // The other origin of the list.
  const second = await preflight("http://127.0.0.1:8000");
  assert.equal(second.response.headers.get("access-control-allow-origin"), "http://127.0.0.1:8000");

  const refused = await preflight(EVIL);
  assertRefusal(refused, 403, "origin_not_allowed");
  assert.equal(refused.response.headers.get("access-control-allow-origin"), null);

  const real = await call("", "evil POST", { body: ask("hi", { stream: true }), headers: { origin: EVIL } });
  assert.match(assertRefusal(real, 403, "origin_not_allowed").message, /evil\.example/);
  assert.equal(real.response.headers.get("access-control-allow-origin"), null);
  assert.equal(mock.log.length, 0, "the mock saw a request");
});

test("upstream 429 and 503, after the proxy's retries, become JSON errors with status, code, message, trace id", async () => {
  const cases = [
    { scenario: "status=429,retry_after_ms=20", status: 429, code: null, message: BODIES.rateLimited.message },
    { scenario: "status=503", status: 503, code: 50505, message: BODIES.overloaded.message },
    { scenario: "status=401", status: 401, code: 30014, message: BODIES.invalidToken.message, attempts: 1 },
  ];
  for (const { scenario, status, code, message, attempts = 3 } of cases) {
    mock.reset();
    const reply = await call(scenario, scenario, { body: ask("fail", { stream: true }), headers: { origin: ORIGIN } });
    const error = assertRefusal(reply, status, "upstream_error");
    const entries = chatEntries();
    // maxRetries 2 (the client's default): three attempts for retryable statuses, all seen by the mock.
    assert.equal(entries.length, attempts, `${scenario}: ${entries.length} upstream attempts`);
    assert.ok(entries.every((e) => e.status === status && e.auth === "ok"));
    const last = entries.at(-1).traceId;
    assert.deepEqual(error, { type: "upstream_error", message, code, status, request_id: last });
    assert.equal(reply.response.headers.get("x-siliconcloud-trace-id"), last);
    assert.equal(reply.response.headers.get("access-control-allow-origin"), ORIGIN);
    // The wait the upstream asked for is passed on (and readable by the page); none when it asked for none.
    const waits = ["retry-after-ms", "retry-after"].map((name) => reply.response.headers.get(name));
    assert.deepEqual(waits, scenario.includes("retry_after_ms=20") ? ["20", "1"] : [null, null], scenario);
    if (waits[0]) assert.match(reply.response.headers.get("access-control-expose-headers"), /retry-after-ms/);
  }
  // Retries happen before the first byte only: a 503 once, then the stream.
  mock.reset();
  const recovered = await call("status=503,times=1", "recovered", { body: ask("again", { stream: true }) });
  assert.equal(recovered.response.status, 200);
  assert.deepEqual(chatEntries().map((e) => e.status), [503, 200]);
  assert.ok(recovered.text.endsWith("data: [DONE]\n\n"));
});

test("a client cancel closes the upstream connection", async (t) => {
  const scenario = "delay=100,tokens=60";
  const mf = await worker(scenario);
  const start = (signal) =>
    mf.dispatchFetch(CHAT, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask("cancel me", { stream: true })),
      signal,
    });

  await t.test("cancelling the body reader mid-stream", async () => {
    mock.reset();
    const response = await start();
    const reader = response.body.getReader();
    const { value } = await reader.read();
    remember("cancelled", response, Buffer.from(value).toString("utf8"));
    await reader.cancel();
    const entry = await mock.waitFor((e) => e.closedByClient, 5000);
    assert.equal(entry.endedAt, null);
    assert.equal(mock.log.length, 1);
  });

  await t.test("aborting the dispatchFetch mid-stream", async () => {
    mock.reset();
    const controller = new AbortController();
    const response = await start(controller.signal);
    const reader = response.body.getReader();
    const { value } = await reader.read();
    remember("aborted", response, Buffer.from(value).toString("utf8"));
    controller.abort();
    await assert.rejects(reader.read(), { name: "AbortError" });
    const entry = await mock.waitFor((e) => e.closedByClient, 5000);
    assert.equal(entry.endedAt, null);
  });

  // Before the upstream's headers: workerd (1.20260426.1, also plain workerd without miniflare, with or without the
  // enable_request_signal flag) does not notice the client's disconnect while the handler is still waiting, so
  // request.signal never fires; it notices when it writes the response, and dropping that response closes the
  // upstream connection then, before the body. Upstream: headers after 1.5 s, then a 6 s stream.
  await t.test("aborting before the upstream answered: closed once its headers arrive, never read to the end", async () => {
    const slow = "headers_delay=1500,delay=100,tokens=60";
    const mfSlow = await worker(slow);
    mock.reset();
    const controller = new AbortController();
    const pending = mfSlow.dispatchFetch(CHAT, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask("never mind", { stream: true })),
      signal: controller.signal,
    });
    const entry = await mock.waitFor((e) => e.path === "/v1/chat/completions", 5000);
    controller.abort();
    await assert.rejects(pending, { name: "AbortError" });
    await mock.waitFor((e) => e.closedByClient, 6000);
    assert.equal(entry.endedAt, null);
    assert.ok(entry.closedAt - entry.startedAt < 4500, `upstream closed after ${entry.closedAt - entry.startedAt} ms`);
    assert.equal(mock.log.length, 1, "the proxy retried after the client went away");
  });

  // The proxy's own request.signal wiring, where the runtime does fire it: proxyRequest called in Node.
  await t.test("request.signal aborting before the upstream answered cancels it at once (proxyRequest in Node)", async () => {
    mock.reset();
    const controller = new AbortController();
    const request = new Request(CHAT, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask("never mind", { stream: true })),
      signal: controller.signal,
    });
    const pending = proxyRequest(request, { apiKey: KEY, baseURL: `${mock.url}/s/headers_delay=3000/v1` });
    const entry = await mock.waitFor((e) => e.path === "/v1/chat/completions", 5000);
    controller.abort();
    const response = await pending;
    const text = await response.text();
    remember("node proxy aborted", response, text);
    assert.equal(response.status, 499, text);
    await mock.waitFor((e) => e.closedByClient, 1000);
    assert.ok(entry.closedAt - entry.startedAt < 1000, `upstream closed after ${entry.closedAt - entry.startedAt} ms`);
    assert.equal(mock.log.length, 1);
  });
});

test("100 concurrent streamed requests all complete, byte-identical to the mock's own answer", async () => {
  const scenario = "thinking,tokens=40,delay=5";
  const mf = await worker(scenario);
  mock.reset();
  const body = JSON.stringify(ask("in parallel", { stream: true, max_tokens: 512 }));
  const started = performance.now();
  const replies = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      const response = await mf.dispatchFetch(CHAT, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await response.text();
      remember(`concurrent ${i}`, response, text);
      return { status: response.status, traceId: response.headers.get("x-siliconcloud-trace-id"), text };
    }),
  );
  const wall = performance.now() - started;
  const proxied = chatEntries();
  assert.equal(proxied.length, 100, "upstream requests");
  assert.ok(proxied.every((e) => e.status === 200 && e.endedAt !== null && !e.closedByClient));
  assert.ok(proxied.every((e) => JSON.stringify(e.body) === JSON.stringify(proxied[0].body)));

  const same = await direct(scenario, proxied[0].body);
  const normalize = (text, traceId) => text.replaceAll(traceId, "<trace>");
  const expected = normalize(same.text, same.response.headers.get("x-siliconcloud-trace-id"));
  assert.ok(expected.endsWith("data: [DONE]\n\n"));
  const traceIds = new Set(proxied.map((e) => e.traceId));
  let identical = 0;
  for (const [i, reply] of replies.entries()) {
    assert.equal(reply.status, 200, `request ${i}`);
    assert.ok(traceIds.has(reply.traceId), `request ${i}: trace id ${reply.traceId} not in the mock log`);
    assert.equal(normalize(reply.text, reply.traceId), expected, `request ${i}`);
    identical++;
  }
  assert.equal(new Set(replies.map((r) => r.traceId)).size, 100, "trace ids repeated: responses crossed?");
  console.log(`  100 concurrent streams: ${identical}/100 byte-identical (${expected.length} bytes each), ` +
    `wall ${wall.toFixed(0)} ms`);
});

test("the package's client, with no key and baseURL at the Worker, streams through it and reads its refusals", async () => {
  const scenario = "thinking,tokens=16";
  const mf = await worker(scenario);
  const url = await mf.ready;
  let calls = 0;
  /** Node's fetch, counting the client's requests and remembering each response for the key check. */
  const countingFetch = (label) => async (request) => {
    calls++;
    const response = await fetch(request);
    remember(label, response, await response.clone().text());
    return response;
  };
  // The browser side: no apiKey, and the Origin a browser would send.
  const client = new SiliconFlow({ baseURL: `${url}v1`, defaultHeaders: { origin: ORIGIN }, fetch: countingFetch("client") });
  const upstream = new SiliconFlow({ apiKey: KEY, baseURL: `${mock.url}/s/${scenario}/v1` });

  mock.reset();
  // (Within the Worker's caps, so that it forwards the request as sent.)
  const params = ask("through the proxy", { enable_thinking: true, max_tokens: 1000, thinking_budget: 1000 });
  const stream = await client.chat.completions.create({ ...params, stream: true });
  let content = "";
  let reasoning = "";
  for await (const chunk of stream) {
    content += chunk.choices[0]?.delta?.content ?? "";
    reasoning += chunk.choices[0]?.delta?.reasoning_content ?? "";
  }
  const [entry] = chatEntries();
  assert.equal(entry.auth, "ok");
  assert.equal(stream.requestId, entry.traceId);
  assert.equal(stream.complete, true);
  const answered = seen.findLast((r) => r.label === "client");
  assert.deepEqual(new Map(answered.headers).get("access-control-allow-origin"), ORIGIN, "no CORS for the Origin");
  const final = await stream.finalChatCompletion();
  const expected = await upstream.chat.completions.create(params);
  assert.deepEqual(final, expected);
  assert.equal(content, expected.choices[0].message.content);
  assert.equal(reasoning, expected.choices[0].message.reasoning_content);

  mock.reset();
  calls = 0;
  const refused = await client.chat.completions.create(ask("hi", { model: "zai-org/GLM-4.5" })).catch((e) => e);
  assert.equal(refused.name, "APIError", String(refused));
  assert.equal(refused.status, 403);
  assert.match(refused.message, /not served here/);
  // A policy refusal has no SiliconFlow numeric code; its kind is in the body.
  assert.equal(refused.code ?? null, null);
  assert.equal(refused.body.error.type, "model_not_allowed");
  assert.equal(refused.retryable, false);
  assert.equal(calls, 1, "the client retried a refusal");
  assert.equal(mock.log.length, 0);

  // An upstream 503 the proxy retried already: the client does not retry it again (x-should-retry: false).
  const failing = await worker("status=503,retry_after_ms=10");
  const viaProxy = new SiliconFlow({ baseURL: `${await failing.ready}v1`, fetch: countingFetch("client 503") });
  mock.reset();
  calls = 0;
  const overloaded = await viaProxy.chat.completions.create(ask("hi", { stream: true })).catch((e) => e);
  assert.equal(overloaded.name, "APIError", String(overloaded));
  assert.equal(overloaded.status, 503);
  assert.equal(overloaded.code, 50505);
  assert.equal(overloaded.message, BODIES.overloaded.message);
  assert.equal(overloaded.requestId, chatEntries().at(-1).traceId);
  assert.equal(overloaded.retryAfterMs, 10, "the wait the upstream asked for, passed on");
  assert.equal(calls, 1, "the client retried what the proxy had retried");
  assert.equal(chatEntries().length, 3);
});

// --- Spending, the key, redirects: what an abuser or a careless upstream would try ---------------------------

/** A request to proxyRequest called in Node, with `options` over the test's; → { response, text, json }. */
async function viaNode(label, body, options = {}, scenario = "") {
  const base = scenario ? `${mock.url}/s/${scenario}/v1` : `${mock.url}/v1`;
  const request = new Request(CHAT, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return read(label, await proxyRequest(request, { apiKey: KEY, baseURL: base, maxRetries: 0, ...options }));
}

test("n is bounded: above MAX_N refused (each answer is billed), beyond the API's 128 invalid; nothing upstream", async () => {
  mock.reset();
  const error = assertRefusal(await call("", "n=8", { body: ask("eight answers", { n: 8 }) }), 400, "n_not_allowed");
  assert.match(error.message, /at most 1 \(maxN\)/);
  const huge = assertRefusal(await call("", "n=1e6", { body: ask("a million", { n: 1_000_000 }) }), 400, "validation_error");
  assert.equal(huge.issues[0].path, "n");
  assert.equal(chatEntries().length, 0, "nothing reached the upstream");
  const allowed = await viaNode("node maxN 2", ask("two", { n: 2 }), { maxN: 2 });
  assert.equal(allowed.response.status, 200, allowed.text);
  assert.equal(allowed.json.choices.length, 2);
});

test("MAX_TOKENS bounds reasoning too: thinking_budget lowered to it, or set for a model that may think", async () => {
  for (const [asked, sent] of [[32_768, 4096], [undefined, 4096], [512, 512]]) {
    mock.reset();
    const body = ask("think", { enable_thinking: true, thinking_budget: asked });
    const { response } = await call("", `budget ${asked}`, { body });
    assert.equal(response.status, 200);
    assert.equal(chatEntries()[0].body.thinking_budget, sent, `asked ${asked}`);
  }
});

test("fields outside the request table are dropped, unless allowFields lets them through", async () => {
  mock.reset();
  const body = ask("extra", { max_completion_tokens: 1_000_000, x_vendor: { a: 1 }, seed: 7 });
  assert.equal((await call("", "unknown fields", { body })).response.status, 200);
  const [entry] = chatEntries();
  assert.ok(!("max_completion_tokens" in entry.body) && !("x_vendor" in entry.body), JSON.stringify(entry.body));
  assert.equal(entry.body.seed, 7, "a field of the table (accepted and ignored by the API) is kept");
  mock.reset();
  await viaNode("node allowFields", body, { allowFields: "x_vendor" });
  assert.deepEqual(chatEntries()[0].body.x_vendor, { a: 1 });
  assert.ok(!("max_completion_tokens" in chatEntries()[0].body));
});

test("a careless upstream echoing the key: no header, trace id or JSON body passes it on", async () => {
  mock.reset();
  const plain = await call("echo_auth", "echo json", { body: ask("echo") });
  assert.equal(plain.response.status, 200, plain.text);
  assert.equal(plain.response.headers.get("x-echo-authorization"), null, "only the proxy's own headers");
  assert.equal(plain.response.headers.get("x-siliconcloud-trace-id"), null, "a trace id that is not one is dropped");
  assert.equal(plain.json.system_fingerprint, "Bearer [redacted]", "the JSON body is scrubbed");
  const node = await viaNode("node echo json", ask("echo"), {}, "echo_auth");
  assert.equal(node.json.system_fingerprint, "Bearer [redacted]");
  const failing = await call("echo_auth,status=503", "echo error", { body: ask("echo") });
  assert.equal(failing.response.status, 503);
  assert.equal(failing.json.error.request_id, null, "nor into error.request_id");
  // A streamed body is passed through untouched (no JavaScript per chunk): the README states that residual risk.
  const mf = await worker("echo_auth");
  const streamed = await mf.dispatchFetch(CHAT, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ask("echo", { stream: true })) });
  assert.equal(streamed.headers.get("x-siliconcloud-trace-id"), null);
  assert.ok((await streamed.text()).includes(KEY), "passed through as sent (not remembered: the README says so)");
});

test("an upstream redirect is not followed: a 502 naming where it led, and the prompt goes nowhere else", async () => {
  for (const code of [302, 307]) {
    mock.reset();
    const error = assertRefusal(await call(`redirect=${code}`, `redirect ${code}`, { body: ask("secret prompt") }), 502, "upstream_error");
    assert.equal(error.status, code);
    assert.match(error.message, /redirect to http:\/\/127\.0\.0\.1:\d+\/v1\/elsewhere\/chat\/completions/);
    assert.equal(mock.log.filter((e) => e.path.includes("elsewhere")).length, 0, "nothing reached the other path");
    const node = await viaNode(`node redirect ${code}`, ask("secret prompt"), { followRedirects: true }, `redirect=${code}`);
    assert.equal(node.response.status, 502, "the proxy never follows, whatever its options say");
  }
});

test("the key appears in no response: headers or body", () => {
  assert.ok(seen.length > 120, `only ${seen.length} responses seen`);
  for (const { label, status, headers, body } of seen) {
    for (const [name, value] of headers) assert.ok(!value.includes(KEY), `${label} (${status}): header ${name}`);
    assert.ok(!body.includes(KEY), `${label} (${status}): body`);
    assert.ok(!body.includes(KEY.slice(3, 20)), `${label} (${status}): body has part of the key`);
  }
});
