// The SiliconFlow mock (tests/mock/) behaves as the API doc says, proven with plain fetch: framing of every
// scenario, non-stream == accumulated stream, auth, CORS, error bodies, retries, aborts, drops and byte-wise writes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/siliconflow-mock.mjs";

const KEY = "sk-test";
const HEX32 = /^[0-9a-f]{32}$/;
const CHUNK_KEYS = ["id", "object", "created", "model", "choices", "system_fingerprint", "usage"];
const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"] },
  },
};
const SEARCH_TOOL = {
  type: "function",
  function: { name: "search", parameters: { type: "object", properties: { query: { type: "string" } } } },
};

let mock;
before(async () => {
  mock = await startMock({ apiKey: KEY });
});
after(() => mock.close());

// ---- helpers -------------------------------------------------------------------------------------------------

const chat = (extra = {}) => ({
  model: "deepseek-ai/DeepSeek-V3",
  messages: [{ role: "user", content: "Hello there, how are you today?" }],
  ...extra,
});

/** POST a chat request to `${url}${prefix}/v1/chat/completions`. */
function post(prefix, body, { key = KEY, raw, signal } = {}) {
  const headers = { "content-type": "application/json" };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(`${mock.url}${prefix}/v1/chat/completions`, {
    method: "POST",
    headers,
    body: raw ?? JSON.stringify(body),
    signal,
  });
}

/** A small SSE splitter: frames separated by a blank line (LF or CRLF), each { data, event, comments }. */
function frames(text) {
  const parts = text.replace(/\r\n/g, "\n").split("\n\n");
  assert.equal(parts.pop(), "", "the stream ends with a blank line");
  return parts.map((part) => {
    const frame = { data: null, event: null, comments: [] };
    for (const line of part.split("\n")) {
      if (line.startsWith(":")) frame.comments.push(line.slice(1).trim());
      else if (line.startsWith("data: ")) frame.data = frame.data === null ? line.slice(6) : `${frame.data}\n${line.slice(6)}`;
      else if (line.startsWith("event: ")) frame.event = line.slice(7);
      else assert.fail(`unexpected SSE line ${JSON.stringify(line)}`);
    }
    return frame;
  });
}

/** The JSON chunks of a stream's text (data frames other than [DONE]). */
const chunksOf = (text) => frames(text).filter((f) => f.data !== null && f.data !== "[DONE]").map((f) => JSON.parse(f.data));

async function streamed(prefix, body) {
  const res = await post(prefix, { ...body, stream: true });
  assert.equal(res.status, 200);
  const text = await res.text();
  return {
    res,
    text,
    get chunks() {
      return chunksOf(text);
    },
  };
}

async function nonStreamed(prefix, body) {
  const res = await post(prefix, body);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
  return res.json();
}

/** Accumulates chunks into a completion the way a tolerant client does (late names, "" ids, missing index...). */
function accumulate(chunks) {
  const out = { object: "chat.completion" };
  const states = new Map();
  for (const chunk of chunks) {
    out.id ??= chunk.id;
    out.created ??= chunk.created;
    out.model ??= chunk.model;
    if (chunk.usage) out.usage = chunk.usage;
    if ("system_fingerprint" in chunk) out.system_fingerprint = chunk.system_fingerprint;
    for (const { index, delta, finish_reason } of chunk.choices) {
      if (!states.has(index)) states.set(index, { role: null, content: null, reasoning: null, calls: [], finish: null });
      const s = states.get(index);
      s.role ??= delta.role ?? null;
      if (delta.content != null) s.content = (s.content ?? "") + delta.content;
      if (delta.reasoning_content != null) s.reasoning = (s.reasoning ?? "") + delta.reasoning_content;
      for (const call of delta.tool_calls ?? []) addCall(s.calls, call);
      if (finish_reason) s.finish = finish_reason;
    }
  }
  out.choices = [...states.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, s]) => {
      const message = { role: s.role ?? "assistant" };
      if (s.content !== null) message.content = s.content;
      if (s.reasoning !== null) message.reasoning_content = s.reasoning;
      const calls = s.calls.filter((c) => c.id || c.name || c.arguments).sort((a, b) => (a.index ?? 1e9) - (b.index ?? 1e9));
      if (calls.length) {
        message.tool_calls = calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } }));
      }
      return { index, message, finish_reason: s.finish };
    });
  return out;
}

function addCall(calls, delta) {
  const id = delta.id || null;
  let call = id ? calls.findLast((c) => c.id === id) : undefined;
  if (!call && delta.index !== undefined) call = calls.findLast((c) => c.index === delta.index && (!id || !c.id));
  if (!call && delta.index === undefined && !id) call = calls.at(-1);
  if (!call) calls.push((call = { index: delta.index, id: "", name: "", arguments: "" }));
  if (!call.id && id) call.id = id;
  call.index ??= delta.index;
  if (delta.function?.name && !call.name) call.name = delta.function.name;
  if (delta.function?.arguments) call.arguments += delta.function.arguments;
}

/** Reads a response body until `stop(text)` says so or it ends; returns { text, error }. */
async function readUntil(res, stop = () => false) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let reads = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, reads, error: null };
      reads++;
      text += decoder.decode(value, { stream: true });
      if (stop(text)) return { text, reads, error: null, reader };
    }
  } catch (error) {
    return { text, reads, error };
  }
}

const getLog = async () => (await fetch(`${mock.url}/_mock/log`)).json();

/** Polls GET /_mock/log (as a browser test would) until an entry matches. */
async function pollLog(predicate, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = (await getLog()).find(predicate);
    if (entry) return entry;
    if (Date.now() > deadline) assert.fail("no matching log entry over HTTP");
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---- framing ---------------------------------------------------------------------------------------------------

test("a plain stream has SiliconFlow's framing", async () => {
  const { res, text, chunks } = await streamed("", chat());
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.match(res.headers.get("x-siliconcloud-trace-id"), HEX32);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.equal(res.headers.get("access-control-expose-headers"), "x-siliconcloud-trace-id, retry-after, retry-after-ms");
  assert.match(text, /^data: \{"id":"[0-9a-f]{32}","object":"chat\.completion\.chunk"/);
  assert.ok(text.endsWith("\n\ndata: [DONE]\n\n"));
  assert.ok(!text.includes("\r"));
  for (const frame of frames(text)) assert.deepEqual([frame.event, frame.comments], [null, []]);

  let last = 0;
  chunks.forEach((chunk, i) => {
    assert.deepEqual(Object.keys(chunk), CHUNK_KEYS);
    assert.equal(chunk.id, chunks[0].id);
    assert.match(chunk.id, HEX32);
    assert.equal(chunk.object, "chat.completion.chunk");
    assert.equal(chunk.system_fingerprint, "");
    const { usage } = chunk;
    assert.ok(usage.completion_tokens >= last, "usage is cumulative");
    last = usage.completion_tokens;
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    assert.equal(chunk.choices.length, 1);
    const [{ index, delta, finish_reason }] = chunk.choices;
    assert.equal(index, 0);
    assert.ok("content" in delta && "reasoning_content" in delta, "both content keys on every delta");
    assert.equal(delta.reasoning_content, null);
    assert.equal("role" in delta, i === 0, "role on the first delta only");
    assert.equal(finish_reason, i === chunks.length - 1 ? "stop" : null);
  });
  assert.equal(JSON.stringify(chunks[0].choices[0].delta), '{"content":"","reasoning_content":null,"role":"assistant"}');
  assert.equal(JSON.stringify(chunks.at(-1).choices[0].delta), '{"content":"","reasoning_content":null}');
  const fragments = chunks.filter((c) => c.choices[0].delta.content).length;
  assert.equal(fragments, 20, "about 20 content fragments by default");
  const content = accumulate(chunks).choices[0].message.content;
  assert.ok(content.includes("Hello there, how are you today?"), "echoes the user message");
  assert.match(content, /[\u4e00-\u9fff]/);
  assert.match(content, /\p{Extended_Pictographic}/u);
});

test("tokens=N sets the number of content fragments", async () => {
  for (const n of [1, 5, 60]) {
    const { chunks } = await streamed(`/s/tokens=${n}`, chat());
    assert.equal(chunks.filter((c) => c.choices[0].delta.content).length, n);
  }
});

test("non-stream is exactly what the same request streamed accumulates to", async () => {
  const cases = [
    ["", chat()],
    ["/s/thinking", chat()],
    ["", chat({ model: "Qwen/Qwen3-8B", enable_thinking: true })],
    ["", chat({ model: "deepseek-ai/DeepSeek-R1" })],
    ["", chat({ model: "Qwen/QwQ-32B", n: 2 })],
    ["", chat({ tools: [WEATHER_TOOL] })],
    ["/s/tools", chat()],
    ["/s/tools", chat({ model: "deepseek-ai/DeepSeek-R1", tools: [SEARCH_TOOL] })],
    ["/s/tool_quirks", chat({ tools: [WEATHER_TOOL, SEARCH_TOOL] })],
    ["/s/tool_quirks", chat()],
    ["", chat({ n: 3 })],
    ["/s/tokens=7", chat({ max_tokens: 4 })],
    ["/s/role_every,empty_finish,empty_choices,keepalive,crlf", chat({ model: "deepseek-ai/DeepSeek-R1" })],
    [
      "",
      chat({
        tools: [WEATHER_TOOL],
        messages: [
          { role: "user", content: "Weather in Paris?" },
          { role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
          { role: "tool", tool_call_id: "c1", content: "Sunny, 21°C" },
        ],
      }),
    ],
  ];
  for (const [prefix, body] of cases) {
    const completion = await nonStreamed(prefix, body);
    const { chunks } = await streamed(prefix, body);
    const label = `${prefix} ${JSON.stringify(body).slice(0, 80)}`;
    assert.deepEqual(accumulate(chunks), completion, label);
    assert.deepEqual(Object.keys(completion), ["id", "object", "created", "model", "choices", "usage", "system_fingerprint"]);
    assert.match(completion.id, HEX32);
    assert.deepEqual(completion.usage.prompt_tokens_details, { cached_tokens: 0 }, label);
    assert.equal(completion.usage.prompt_cache_hit_tokens, 0);
    assert.equal(completion.usage.prompt_cache_miss_tokens, completion.usage.prompt_tokens);
  }
});

test("thinking: reasoning_content first, reasoning_tokens in usage", async () => {
  for (const [prefix, body] of [
    ["/s/thinking", chat()],
    ["", chat({ model: "Qwen/Qwen3-8B", enable_thinking: true })],
    ["", chat({ model: "deepseek-ai/DeepSeek-R1" })],
    ["", chat({ model: "Qwen/Qwen3-235B-A22B-Thinking-2507" })],
  ]) {
    const { chunks } = await streamed(prefix, body);
    assert.equal(JSON.stringify(chunks[0].choices[0].delta), '{"content":null,"reasoning_content":"","role":"assistant"}');
    const kinds = chunks.slice(1, -1).map(({ choices: [{ delta }] }) => {
      assert.ok((delta.content === null) !== (delta.reasoning_content === null), "exactly one of the two is null");
      return delta.content === null ? "r" : "c";
    });
    assert.match(kinds.join(""), /^r+c+$/);
    const { usage } = chunks.at(-1);
    assert.equal(usage.completion_tokens_details.reasoning_tokens, kinds.filter((k) => k === "r").length);
    assert.ok(usage.completion_tokens > usage.completion_tokens_details.reasoning_tokens);
  }
  const plain = await nonStreamed("", chat({ model: "Qwen/Qwen3-8B" }));
  assert.equal("reasoning_content" in plain.choices[0].message, false);
  assert.equal("completion_tokens_details" in plain.usage, false);
});

test("tools: one streamed call of the first tool, arguments from its properties", async () => {
  const { chunks } = await streamed("", chat({ tools: [WEATHER_TOOL, SEARCH_TOOL] }));
  const header = chunks[1].choices[0].delta;
  assert.deepEqual(Object.keys(header), ["content", "reasoning_content", "tool_calls"]);
  const [call] = header.tool_calls;
  assert.deepEqual(Object.keys(call), ["index", "id", "type", "function"]);
  assert.match(call.id, HEX32);
  assert.deepEqual(call.function, { name: "get_weather", arguments: "" });
  assert.ok(chunks.slice(2, -1).every((c) => c.choices[0].delta.tool_calls[0].function.arguments));
  assert.equal(chunks.at(-1).choices[0].finish_reason, "tool_calls");
  const message = accumulate(chunks).choices[0].message;
  assert.equal(message.content, "");
  assert.deepEqual(Object.keys(JSON.parse(message.tool_calls[0].function.arguments)), ["city", "days"]);

  // tool_choice "none": text, not a call.
  const none = await nonStreamed("", chat({ tools: [WEATHER_TOOL], tool_choice: "none" }));
  assert.equal(none.choices[0].finish_reason, "stop");
});

test("a tool result gets a text reply mentioning it", async () => {
  const body = chat({
    tools: [WEATHER_TOOL],
    messages: [
      { role: "user", content: "Weather in Paris?" },
      { role: "assistant", content: "", tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c1", content: "Sunny, 21°C" },
    ],
  });
  const completion = await nonStreamed("", body);
  assert.equal(completion.choices[0].finish_reason, "stop");
  assert.ok(completion.choices[0].message.content.includes("Sunny, 21°C"));
});

test("tool_quirks: late name, null name, empty id, a call without index, an extra empty chunk", async () => {
  const { chunks } = await streamed("/s/tool_quirks", chat({ tools: [WEATHER_TOOL, SEARCH_TOOL] }));
  const deltas = chunks.map((c) => c.choices[0].delta);
  const calls = deltas.flatMap((d) => d.tool_calls ?? []);
  assert.equal(calls[0].function.name, undefined, "the first call's name arrives later");
  assert.match(calls[0].id, HEX32);
  assert.deepEqual([calls[1].id, calls[1].function.name], ["", "get_weather"]);
  assert.ok(calls.some((c) => c.index === 0 && c.id === "" && c.function.name === null));
  const noIndex = calls.filter((c) => !("index" in c));
  assert.ok(noIndex.length >= 2 && noIndex[0].id && noIndex[0].function.name === "search");
  assert.deepEqual(deltas.at(-2), { content: null, reasoning_content: null }, "an extra empty chunk after the calls");
  assert.equal(chunks.at(-1).choices[0].finish_reason, "tool_calls");
  const message = accumulate(chunks).choices[0].message;
  assert.deepEqual(message.tool_calls.map((c) => c.function.name), ["get_weather", "search"]);
  for (const call of message.tool_calls) JSON.parse(call.function.arguments);
});

test("scripted tool runs: tool_steps, and after a tool result every scenario answers in text", async () => {
  const call = (id) => ({ role: "assistant", content: "", tool_calls: [{ id, type: "function", function: { name: "get_weather", arguments: "{}" } }] });
  const result = (id) => ({ role: "tool", tool_call_id: id, content: `result ${id}` });
  const user = { role: "user", content: "Weather?" };
  const turn = (...messages) => chat({ tools: [WEATHER_TOOL], messages: [user, ...messages] });
  const reason = async (prefix, body) => (await nonStreamed(prefix, body)).choices[0].finish_reason;
  assert.equal(await reason("/s/tool_steps=2", turn()), "tool_calls");
  assert.equal(await reason("/s/tool_steps=2", turn(call("a"), result("a"))), "tool_calls");
  assert.equal(await reason("/s/tool_steps=2", turn(call("a"), result("a"), call("b"), result("b"))), "stop");
  const second = await nonStreamed("/s/tool_steps=2", turn(call("a"), result("a")));
  assert.notDeepEqual(second.choices[0].message.tool_calls[0].function.arguments, '{"city": "Boston, MA"}', "another call");
  for (const scenario of ["tool_quirks", "unknown_tool", "bad_args", "broken_args"]) {
    assert.equal(await reason(`/s/${scenario}`, turn(call("a"), result("a"))), "stop", scenario);
  }
  assert.equal(await reason("/s/tools", turn(call("a"), result("a"))), "stop", "tools: the first reply only");
});

test("a parameter's examples give the call's arguments", async () => {
  const calc = { type: "function", function: { name: "calculate", parameters: { type: "object", properties: { expression: { type: "string", examples: ["(12 + 30) * 2"] } } } } };
  const call = (await nonStreamed("", chat({ tools: [calc] }))).choices[0].message.tool_calls[0];
  assert.deepEqual(JSON.parse(call.function.arguments), { expression: "(12 + 30) * 2" });
});

test("unknown_tool, bad_args and broken_args: the first call of a turn goes wrong that way", async () => {
  const first = async (scenario) => (await nonStreamed(`/s/${scenario}`, chat({ tools: [WEATHER_TOOL] }))).choices[0].message.tool_calls[0].function;
  assert.equal((await first("unknown_tool")).name, "lookup_unknown_thing");
  const bad = JSON.parse((await first("bad_args")).arguments);
  assert.equal(typeof bad.city, "number", "city, a string, comes as a number");
  const broken = (await first("broken_args")).arguments;
  assert.throws(() => JSON.parse(broken));
  const streamedCall = accumulate((await streamed("/s/bad_args", chat({ tools: [WEATHER_TOOL] }))).chunks).choices[0].message.tool_calls[0];
  assert.deepEqual(JSON.parse(streamedCall.function.arguments), bad, "streamed alike");
});

test("response_format: JSON answers that follow the schema; json_fail=k breaks the first k, json_text as prose", async () => {
  const schema = {
    type: "object",
    properties: { city: { type: "string" }, days: { type: "array", items: { type: "integer" }, minItems: 2 }, sunny: { type: ["boolean", "null"] } },
    required: ["city"],
  };
  const format = { type: "json_schema", json_schema: { name: "f", schema } };
  const content = async (prefix, body) => (await nonStreamed(prefix, body)).choices[0].message.content;
  assert.deepEqual(JSON.parse(await content("", chat({ response_format: format }))), { city: "mock city", days: [3, 3], sunny: true });
  const object = JSON.parse(await content("", chat({ response_format: { type: "json_object" } })));
  assert.equal(typeof object.answer, "string");
  assert.equal(typeof JSON.parse(await content("/s/json_fail=1", chat({ response_format: format }))).city, "number");
  const retried = chat({ response_format: format, messages: [...chat().messages, { role: "assistant", content: "{}" }, { role: "user", content: "fix it" }] });
  assert.equal(typeof JSON.parse(await content("/s/json_fail=1", retried)).city, "string", "the second answer follows it");
  const prose = await content("/s/json_fail=1,json_text", chat({ response_format: format }));
  assert.throws(() => JSON.parse(prose));
  const { chunks } = await streamed("", chat({ response_format: format }));
  assert.equal(accumulate(chunks).choices[0].message.content, await content("", chat({ response_format: format })));
});

test("markdown: the answer is a Markdown document, with HTML that must not run", async () => {
  const completion = await nonStreamed("/s/markdown", chat());
  const text = completion.choices[0].message.content;
  for (const part of ["## ", "**scattered**", "| colour |", "```js", "> Read more", "<script>"]) assert.ok(text.includes(part), part);
  const { chunks } = await streamed("/s/markdown", chat());
  assert.equal(accumulate(chunks).choices[0].message.content, text);
});

test("n > 1: choices interleave chunk by chunk, each with its own text", async () => {
  const { chunks } = await streamed("/s/tokens=4", chat({ n: 3 }));
  const order = chunks.map((c) => c.choices[0].index).join("");
  assert.equal(order, "012".repeat(5) + "012");
  const final = chunks.slice(-3);
  assert.ok(final.every((c) => c.choices[0].finish_reason === "stop"));
  assert.ok(chunks.filter((c) => "role" in c.choices[0].delta).length === 3, "role on each choice's first delta");
  const texts = accumulate(chunks).choices.map((c) => c.message.content);
  assert.equal(new Set(texts).size, 3);
});

test("role_every, empty_finish and empty_choices", async () => {
  const { chunks } = await streamed("/s/role_every,empty_finish,empty_choices", chat());
  const real = chunks.filter((c) => c.choices.length > 0);
  const empty = chunks.filter((c) => c.choices.length === 0);
  assert.equal(empty.length, Math.floor(real.length / 3));
  chunks.forEach((chunk, i) => {
    if ((i + 1) % 4 === 0) {
      assert.deepEqual(chunk.choices, [], "a choices: [] chunk after every 3rd chunk");
      assert.deepEqual(chunk.usage, chunks[i - 1].usage);
    }
  });
  real.slice(0, -1).forEach((c) => {
    assert.equal(c.choices[0].delta.role, "assistant");
    assert.equal(c.choices[0].finish_reason, "");
  });
  assert.equal(JSON.stringify(real.at(-1).choices[0]), '{"index":0,"delta":{"content":"","reasoning_content":null},"finish_reason":"stop"}');
});

test("keepalive, crlf and no_done", async () => {
  const keep = (await streamed("/s/keepalive,tokens=3", chat())).text;
  const kf = frames(keep);
  assert.deepEqual(
    kf.map((f) => (f.comments.length ? "k" : "d")).join(""),
    "dkdkdkdkdkd",
    "a comment frame between every two frames",
  );
  assert.ok(keep.includes("\n\n: keep-alive\n\n"));

  const crlf = (await streamed("/s/crlf,tokens=3", chat())).text;
  assert.ok(crlf.endsWith("\r\n\r\ndata: [DONE]\r\n\r\n"));
  assert.equal(crlf.replace(/\r\n/g, "").includes("\n"), false, "no bare LF");
  const lf = (await streamed("/s/tokens=3", chat())).text;
  assert.equal(crlf.replace(/\r\n/g, "\n"), lf);

  const noDone = (await streamed("/s/no_done", chat())).text;
  assert.ok(!noDone.includes("[DONE]"));
  assert.equal(chunksOf(noDone).at(-1).choices[0].finish_reason, "stop");
});

test("malformed, error_event and data_error", async () => {
  const bad = (await streamed("/s/malformed=2,tokens=3", chat())).text;
  const data = frames(bad).map((f) => f.data);
  assert.equal(data.length, 6);
  assert.throws(() => JSON.parse(data[1]));
  assert.ok(data[1].startsWith('{"id":"'));
  for (const i of [0, 2, 3, 4]) JSON.parse(data[i]);
  assert.equal(data[5], "[DONE]");

  const overloaded = '{"code":50505,"message":"Model service overloaded. Please try again later.","data":null}';
  const event = (await streamed("/s/error_event=2", chat())).text;
  assert.ok(event.endsWith(`\n\nevent: error\ndata: ${overloaded}\n\n`));
  assert.deepEqual(
    frames(event).map((f) => f.event),
    [null, null, "error"],
  );
  const plain = frames((await streamed("/s/data_error=1", chat())).text);
  assert.equal(plain.length, 2);
  assert.equal(JSON.parse(plain[0].data).object, "chat.completion.chunk");
  assert.deepEqual([plain[1].event, plain[1].data], [null, overloaded]);
});

// ---- auth, CORS, routes ----------------------------------------------------------------------------------------

test("auth: a missing or wrong key is 401 30014", async () => {
  const tokenInvalid = '{"code":30014,"message":"Token is invalid.","data":null}';
  mock.reset();
  for (const key of [null, "sk-wrong"]) {
    const res = await post("", chat(), { key });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(await res.text(), tokenInvalid);
  }
  const models = await fetch(`${mock.url}/v1/models`);
  assert.equal(models.status, 401);
  await models.body.cancel();
  assert.equal((await post("", chat())).status, 200);
  const log = await getLog();
  assert.deepEqual(
    log.map((e) => e.auth),
    ["missing", "wrong", "missing", "ok"],
  );
});

test("CORS preflight answers 204 anywhere and is logged", async () => {
  for (const path of ["/v1/chat/completions", "/s/thinking/v1/chat/completions", "/anything"]) {
    const res = await fetch(`${mock.url}${path}`, {
      method: "OPTIONS",
      headers: {
        origin: "http://example.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,x-stainless-os",
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("access-control-allow-methods"), "GET, POST, OPTIONS");
    assert.equal(res.headers.get("access-control-allow-headers"), "authorization,content-type,x-stainless-os");
    assert.equal(res.headers.get("access-control-max-age"), "600");
    assert.match(res.headers.get("x-siliconcloud-trace-id"), HEX32);
  }
  const entry = await mock.waitFor((e) => e.method === "OPTIONS" && e.scenario === "thinking", 1000);
  assert.equal(entry.status, 204);
  assert.equal(entry.path, "/v1/chat/completions");
});

test("GET /v1/models lists real ids and filters by type and sub_type", async () => {
  const get = async (query) => {
    const res = await fetch(`${mock.url}/v1/models${query}`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(res.status, 200);
    return res.json();
  };
  const all = await get("");
  assert.equal(all.object, "list");
  assert.ok(all.data.length >= 12);
  assert.deepEqual(all.data[0], { id: "Qwen/Qwen3-8B", object: "model", created: 0, owned_by: "" });
  const chatModels = (await get("?type=text&sub_type=chat")).data.map((m) => m.id);
  assert.ok(chatModels.includes("deepseek-ai/DeepSeek-R1") && !chatModels.includes("BAAI/bge-m3"));
  assert.ok((await get("?sub_type=embedding")).data.every((m) => /bge|Embedding/.test(m.id)));
  assert.deepEqual((await get("?type=text&sub_type=nonsense")).data, []);
  assert.deepEqual((await get("?type=hologram")).data, []);
});

test("request validation: invalid JSON, missing fields, unknown model", async () => {
  const expectError = async (res, status, code) => {
    assert.equal(res.status, status);
    assert.equal(res.headers.get("content-type"), "application/json; charset=utf-8");
    const body = await res.json();
    assert.deepEqual(Object.keys(body), ["code", "message", "data"]);
    assert.equal(body.code, code);
    return body;
  };
  await expectError(await post("", null, { raw: "{not json" }), 400, 20015);
  await expectError(await post("", { messages: [{ role: "user", content: "x" }] }), 400, 20015);
  await expectError(await post("", { model: "Qwen/Qwen3-8B" }), 400, 20015);
  await expectError(await post("", { model: "Qwen/Qwen3-8B", messages: [] }), 400, 20015);
  const unknown = await expectError(await post("", chat({ model: "unknown/model" })), 400, 20012);
  assert.equal(unknown.message, "Model does not exist. Please check it carefully.");
  const entry = await mock.waitFor((e) => e.body?.model === "unknown/model", 1000);
  assert.equal(entry.status, 400);
});

test("unknown paths are 404 plain text; unknown scenario tokens are a 400 from the mock", async () => {
  for (const path of ["/v2/nothing", "/v1/nothing", "/s/thinking/v1/embeddings"]) {
    const res = await fetch(`${mock.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(await res.text(), "404 page not found");
  }
  const res = await post("/s/thinkng", chat());
  assert.equal(res.status, 400);
  assert.match(await res.text(), /unknown scenario token "thinkng"/);
});

test("status=<code> answers SiliconFlow's body for that status", async () => {
  const expected = {
    400: ["application/json; charset=utf-8", '{"code":20012,"message":"Model does not exist. Please check it carefully.","data":null}'],
    401: ["application/json; charset=utf-8", '{"code":30014,"message":"Token is invalid.","data":null}'],
    402: ["application/json; charset=utf-8", '{"code":30001,"message":"Sorry, your account balance is insufficient","data":null}'],
    403: ["application/json; charset=utf-8", '"Forbidden"'],
    404: ["text/plain; charset=utf-8", "404 page not found"],
    429: [
      "application/json; charset=utf-8",
      '{"message":"Request was rejected due to rate limiting. If you want more, please contact contact@siliconflow.cn. Details:TPM limit reached.","data":null}',
    ],
    500: [null, ""],
    503: ["application/json; charset=utf-8", '{"code":50505,"message":"Model service overloaded. Please try again later.","data":null}'],
    504: ["application/json; charset=utf-8", '""'],
  };
  for (const [status, [type, body]] of Object.entries(expected)) {
    for (const stream of [false, true]) {
      const res = await post(`/s/status=${status}`, chat({ stream }));
      assert.equal(res.status, Number(status));
      assert.equal(res.headers.get("content-type"), type, `${status} content-type`);
      assert.match(res.headers.get("x-siliconcloud-trace-id"), HEX32);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.equal(await res.text(), body, `${status} body`);
    }
  }
});

test("times=<k> fails k times then succeeds; retry headers; counted per scenario string; reset clears", async () => {
  const prefix = "/s/status=429,times=2,retry_after=3,retry_after_ms=1500";
  for (let i = 0; i < 2; i++) {
    const res = await post(prefix, chat());
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "3");
    assert.equal(res.headers.get("retry-after-ms"), "1500");
    await res.body.cancel();
  }
  const ok = await post(prefix, chat());
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("retry-after"), null);
  await ok.json();
  // A different scenario string has its own count.
  assert.equal((await post("/s/status=429,times=2,delay=0", chat())).status, 429);
  // Without times, always.
  for (let i = 0; i < 3; i++) assert.equal((await post("/s/status=503", chat())).status, 503);
  // Reset over HTTP clears the counts and the log.
  assert.equal((await fetch(`${mock.url}/_mock/reset`, { method: "POST" })).status, 200);
  assert.deepEqual(await getLog(), []);
  assert.equal((await post(prefix, chat())).status, 429);
  assert.equal((await getLog())[0].seq, 1);
});

// ---- connection behaviour ----------------------------------------------------------------------------------------

test("stall + client abort: the log shows closedByClient, over HTTP", async () => {
  const controller = new AbortController();
  const res = await post("/s/stall", chat({ stream: true }), { signal: controller.signal });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const traceId = res.headers.get("x-siliconcloud-trace-id");
  const pending = (await fetch(`${mock.url}/_mock/log`).then((r) => r.json())).find((e) => e.traceId === traceId);
  assert.deepEqual([pending.status, pending.endedAt, pending.closedByClient, pending.closedAt], [200, null, false, null]);
  controller.abort();
  const entry = await pollLog((e) => e.traceId === traceId && e.closedAt !== null);
  assert.equal(entry.closedByClient, true);
  assert.equal(entry.endedAt, null);
  assert.equal(entry.scenario, "stall");
  assert.ok(entry.closedAt >= entry.startedAt);

  // The same for a non-streaming request, seen in process with waitFor.
  const second = new AbortController();
  const res2 = await post("/s/stall", chat(), { signal: second.signal });
  const id2 = res2.headers.get("x-siliconcloud-trace-id");
  second.abort();
  const entry2 = await mock.waitFor((e) => e.traceId === id2 && e.closedByClient, 2000);
  assert.equal(entry2.status, 200);
});

test("stall_after=<k>: k chunks then silence (abort is seen by the server)", async () => {
  const controller = new AbortController();
  const res = await post("/s/stall_after=2", chat({ stream: true }), { signal: controller.signal });
  const traceId = res.headers.get("x-siliconcloud-trace-id");
  const { text, reader } = await readUntil(res, (t) => t.split("\n\n").length - 1 >= 2);
  const more = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r("silence"), 150))]);
  assert.equal(more, "silence");
  assert.equal(chunksOf(text).length, 2);
  controller.abort();
  const entry = await mock.waitFor((e) => e.traceId === traceId && e.closedByClient, 2000);
  assert.equal(entry.endedAt, null);
});

test("drop_after=<k>: the body ends with an error after k chunks", async () => {
  const res = await post("/s/drop_after=3", chat({ stream: true }));
  assert.equal(res.status, 200);
  const traceId = res.headers.get("x-siliconcloud-trace-id");
  const { text, error } = await readUntil(res);
  assert.ok(error, "reading the body fails");
  assert.equal(chunksOf(text).length, 3);
  assert.ok(!text.includes("[DONE]"));
  const entry = await mock.waitFor((e) => e.traceId === traceId && e.closedAt !== null, 2000);
  assert.deepEqual([entry.closedByClient, entry.endedAt], [false, null]);

  const none = await post("/s/drop_after=0", chat({ stream: true }));
  const dropped = await readUntil(none);
  assert.ok(dropped.error);
  assert.equal(dropped.text, "");
});

test("bytewise delivers identical bytes, in many writes", async () => {
  const body = chat({ stream: true, model: "deepseek-ai/DeepSeek-R1" });
  const normal = Buffer.from(await (await post("/s/tokens=3", body)).arrayBuffer());
  const res = await post("/s/bytewise,tokens=3", body);
  const reader = res.body.getReader();
  const parts = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  const bytewise = Buffer.concat(parts);
  assert.ok(bytewise.equals(normal), "same bytes");
  assert.ok(parts.length > normal.length / 4, `${normal.length} bytes arrived in ${parts.length} reads`);
  // Non-streaming too.
  const a = await (await post("/s/tokens=3", chat())).text();
  const b = await (await post("/s/bytewise,tokens=3", chat())).text();
  assert.equal(a, b);
});

test("delay, headers_delay and the server's default delay", async () => {
  let t = performance.now();
  await streamed("/s/delay=25,tokens=3", chat());
  assert.ok(performance.now() - t >= 5 * 25 - 5, "4 pauses between 6 frames... at least");

  t = performance.now();
  const res = await post("/s/headers_delay=120", chat());
  assert.ok(performance.now() - t >= 110, "headers waited");
  await res.json();

  const slow = await startMock({ apiKey: KEY, delayMs: 30 });
  try {
    t = performance.now();
    const r = await fetch(`${slow.url}/s/tokens=2/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify(chat({ stream: true })),
    });
    await r.text();
    assert.ok(performance.now() - t >= 4 * 30 - 5);
  } finally {
    await slow.close();
  }
});

// ---- observability ---------------------------------------------------------------------------------------------

test("the log: entry shape, in process and over HTTP; unique trace ids; waitFor times out", async () => {
  mock.reset();
  const res = await post("/s/thinking,tokens=2", chat({ stream: true }));
  const traceId = res.headers.get("x-siliconcloud-trace-id");
  await res.text();
  const entry = await mock.waitFor((e) => e.traceId === traceId && e.endedAt !== null, 1000);
  assert.deepEqual(Object.keys(entry), [
    "seq",
    "traceId",
    "method",
    "path",
    "scenario",
    "auth",
    "body",
    "startedAt",
    "status",
    "endedAt",
    "closedByClient",
    "closedAt",
  ]);
  assert.deepEqual(
    { seq: entry.seq, method: entry.method, path: entry.path, scenario: entry.scenario, auth: entry.auth, status: entry.status },
    { seq: 1, method: "POST", path: "/v1/chat/completions", scenario: "thinking,tokens=2", auth: "ok", status: 200 },
  );
  assert.deepEqual(entry.body, chat({ stream: true }));
  assert.ok(entry.startedAt > 0 && entry.endedAt >= entry.startedAt);
  await mock.waitFor((e) => e.traceId === traceId && e.closedAt !== null, 1000);
  assert.equal(entry.closedByClient, false);
  assert.deepEqual(await getLog(), JSON.parse(JSON.stringify(mock.log)));
  assert.deepEqual(
    (await (await fetch(`${mock.url}/_mock/log?since=1`)).json()).map((e) => e.seq),
    [],
  );

  const ids = new Set();
  for (let i = 0; i < 5; i++) {
    const r = await post("", chat());
    ids.add(r.headers.get("x-siliconcloud-trace-id"));
    await r.json();
  }
  assert.equal(ids.size, 5);
  await assert.rejects(mock.waitFor((e) => e.path === "/never", 50), /no log entry matched/);
});

test("the CLI prints its URL and serves", async () => {
  const script = fileURLToPath(new URL("../mock/siliconflow-mock.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, "--port", "0", "--key", "sk-cli", "--delay", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(out.split("\n")[0]);
      });
      child.once("exit", (code) => reject(new Error(`CLI exited with ${code}`)));
    });
    const match = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    assert.ok(match, line);
    const res = await fetch(`${match[1]}/v1/models`, { headers: { authorization: "Bearer sk-cli" } });
    assert.equal(res.status, 200);
    await res.json();
  } finally {
    child.kill("SIGTERM");
  }
});
