// The pipeline benchmarks (P1 final completion, P2 per-chunk delivery, P3 scaling, P7 content events), written once for every
// runtime: the drivers (bench/node.mjs, bench/browser.html) hand in the libraries and the stream's bytes.
// Every contender gets the same bytes in the same reads through an injected `fetch`, and every result is checked
// against the others, so a contender that skips work cannot win.

export const MODEL = "deepseek-ai/DeepSeek-V3.2";
const REQUEST = { model: MODEL, messages: [{ role: "user", content: "Benchmark me." }], stream: true };
const BASE_URL = "http://bench.invalid/v1";
const KEY = "sk-bench";

/** Cuts `bytes` into reads, lazily: a fixed size, or seeded sizes between 1 B and 16 KiB like a network. */
export function* reads(bytes, size) {
  let seed = 42;
  for (let at = 0; at < bytes.length; ) {
    let n = size;
    if (size === "network") {
      seed = (seed * 1103515245 + 12345) >>> 0;
      n = 1 + (seed % 16384);
    }
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

/** A `fetch` answering every call with the stream, one read per pull. */
export function replayFetch(bytes, size) {
  return async () => {
    const it = reads(bytes, size);
    const body = new ReadableStream(
      {
        pull(controller) {
          const next = it.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
}

/** One SSE data line carrying `n` bytes of content in one chunk, then [DONE]. */
export function dataLine(n) {
  const head = new TextEncoder().encode(`data: {"id":"big","object":"chat.completion.chunk","created":1,"model":"${MODEL}","choices":[{"index":0,"delta":{"role":"assistant","content":"`);
  const tail = new TextEncoder().encode(`"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`);
  const bytes = new Uint8Array(head.length + n + tail.length);
  bytes.set(head);
  bytes.fill(0x78, head.length, head.length + n);
  bytes.set(tail, head.length + n);
  return bytes;
}

/** What every contender must agree on. */
function summary(completion) {
  const choice = completion.choices[0];
  const message = choice.message;
  return {
    content: message.content?.length ?? 0,
    reasoning: message.reasoning_content?.length ?? 0,
    tools: (message.tool_calls ?? []).map((t) => `${t.function.name}:${t.function.arguments.length}`).join(","),
    finish: choice.finish_reason,
  };
}

/** The hand-written path: eventsource-parser, JSON.parse and an accumulation loop. */
async function eventsourceParserFinal(createParser, fetchImpl) {
  const response = await fetchImpl(`${BASE_URL}/chat/completions`, { method: "POST", body: JSON.stringify(REQUEST) });
  const choices = [];
  let head;
  let usage;
  let done = false;
  const parser = createParser({
    onEvent(event) {
      if (done) return;
      if (event.data === "[DONE]") {
        done = true;
        return;
      }
      const chunk = JSON.parse(event.data);
      head ??= chunk;
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices ?? []) {
        const choice = (choices[c.index ?? 0] ??= { index: c.index ?? 0, message: { role: "assistant", content: "", reasoning_content: "" }, finish_reason: null });
        const delta = c.delta ?? {};
        if (delta.content) choice.message.content += delta.content;
        if (delta.reasoning_content) choice.message.reasoning_content += delta.reasoning_content;
        for (const t of delta.tool_calls ?? []) {
          const calls = (choice.message.tool_calls ??= []);
          const call = (calls[t.index ?? calls.length - 1] ??= { id: "", type: "function", function: { name: "", arguments: "" } });
          if (t.id) call.id = t.id;
          if (t.function?.name) call.function.name = t.function.name;
          if (t.function?.arguments) call.function.arguments += t.function.arguments;
        }
        if (c.finish_reason) choice.finish_reason = c.finish_reason;
      }
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done: end, value } = await reader.read();
    if (end) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  parser.feed(decoder.decode());
  return { id: head.id, object: "chat.completion", created: head.created, model: head.model, choices, usage };
}

/** The hand-written path for chunks: eventsource-parser and JSON.parse, the chunks of each read yielded. */
async function* eventsourceParserChunks(createParser, fetchImpl) {
  const response = await fetchImpl(`${BASE_URL}/chat/completions`, { method: "POST", body: JSON.stringify(REQUEST) });
  const parsed = [];
  let done = false;
  const parser = createParser({
    onEvent(event) {
      if (done) return;
      if (event.data === "[DONE]") done = true;
      else parsed.push(JSON.parse(event.data));
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done: end, value } = await reader.read();
    if (end) break;
    parser.feed(decoder.decode(value, { stream: true }));
    yield* parsed;
    parsed.length = 0;
  }
}

/**
 * The contenders of each case. `libs` = { SiliconFlow, OpenAI, createParser, Baseline? }; each function takes the
 * injected fetch and resolves to a value the contenders must agree on. `Baseline` is an earlier build of this
 * package (bench/baseline.sh), measured as one more contender when present.
 */
export function contenders(libs) {
  // 128 MiB lines allowed: P3 sends a 64 MiB one.
  const client = (SiliconFlow) => (fetch) =>
    new SiliconFlow({ apiKey: KEY, baseURL: BASE_URL, fetch, maxRetries: 0, maxBufferSize: 128 << 20 });
  const ours = client(libs.SiliconFlow);
  const openai = (fetch) => new libs.OpenAI({ apiKey: KEY, baseURL: BASE_URL, fetch, maxRetries: 0, dangerouslyAllowBrowser: true });
  const final = (make) => async (fetch) => summary(await (await make(fetch).chat.completions.create(REQUEST)).finalChatCompletion());
  const chunks = (make) => async (fetch) => countChunks(await make(fetch).chat.completions.create(REQUEST));
  const all = {
    final: {
      "siliconflow-wasm": final(ours),
      "openai-node": async (fetch) => summary(await openai(fetch).chat.completions.stream(REQUEST).finalChatCompletion()),
      "eventsource-parser": async (fetch) => summary(await eventsourceParserFinal(libs.createParser, fetch)),
    },
    chunks: {
      "siliconflow-wasm": chunks(ours),
      "siliconflow-wasm events()": async (fetch) => countEvents(ours(fetch).chat.completions.stream(REQUEST)),
      "openai-node": chunks(openai),
      "eventsource-parser": async (fetch) => countChunks(eventsourceParserChunks(libs.createParser, fetch)),
    },
    content: {
      "siliconflow-wasm": async (fetch) => contentDeltas(ours(fetch).chat.completions.stream(REQUEST)),
      "openai-node": async (fetch) => contentDeltas(openai(fetch).chat.completions.stream(REQUEST)),
    },
  };
  if (libs.Baseline) {
    const baseline = client(libs.Baseline);
    all.final.baseline = final(baseline);
    all.chunks.baseline = chunks(baseline);
    all.chunks["baseline events()"] = async (fetch) => countEvents(baseline(fetch).chat.completions.stream(REQUEST));
    all.content.baseline = async (fetch) => contentDeltas(baseline(fetch).chat.completions.stream(REQUEST));
  }
  return all;
}

/** The chunks of a stream's `events()`, counted as `countChunks` counts. */
async function countEvents(stream) {
  let chunks = 0;
  let chars = 0;
  for await (const event of stream.events()) {
    if (event.type !== "chunk") continue;
    chunks += 1;
    const delta = event.chunk.choices[0]?.delta;
    chars += (delta?.content?.length ?? 0) + (delta?.reasoning_content?.length ?? 0);
  }
  return { chunks, chars };
}

/** A stream's content.delta events (openai-node's shape: delta and snapshot), counted; resolves at the end. */
async function contentDeltas(stream) {
  let deltas = 0;
  let chars = 0;
  let snapshot = 0;
  stream.on("content.delta", (event) => {
    // (openai-node also emits empty deltas; ours does not.)
    if (event.delta === "") return;
    deltas += 1;
    chars += event.delta.length;
    snapshot = event.snapshot.length;
  });
  await stream.done();
  return { deltas, chars, snapshot };
}

async function countChunks(stream) {
  let chunks = 0;
  let chars = 0;
  for await (const chunk of stream) {
    chunks += 1;
    const delta = chunk.choices[0]?.delta;
    chars += (delta?.content?.length ?? 0) + (delta?.reasoning_content?.length ?? 0);
  }
  return { chunks, chars };
}

/** The cases: P1, P2 and P7 on the recorded stream, P3 on single data lines. `big` makes the 64 MiB line. */
export function cases(recorded) {
  return [
    { id: "P1", name: "10 MB stream → final completion, network reads", kind: "final", bytes: () => recorded, size: "network" },
    { id: "P1", name: "10 MB stream → final completion, 64 KiB reads", kind: "final", bytes: () => recorded, size: 64 << 10 },
    { id: "P2", name: "10 MB stream → for await over chunks, network reads", kind: "chunks", bytes: () => recorded, size: "network" },
    { id: "P7", name: "10 MB stream → content.delta events of stream(), network reads", kind: "content", bytes: () => recorded, size: "network" },
    { id: "P3", name: "8 MiB data line, 64 KiB reads", kind: "final", bytes: () => dataLine(8 << 20), size: 64 << 10, line: 8 },
    { id: "P3", name: "64 MiB data line, 64 KiB reads", kind: "final", bytes: () => dataLine(64 << 20), size: 64 << 10, line: 64 },
    { id: "P3", name: "8 MiB data line, 1-byte reads", kind: "final", bytes: () => dataLine(8 << 20), size: 1, line: 8, bytewise: true },
    { id: "P3", name: "64 MiB data line, 1-byte reads", kind: "final", bytes: () => dataLine(64 << 20), size: 1, line: 64, bytewise: true },
  ];
}

/** Runs one contender on one case `runs` times; the best time and the (checked) result. */
export async function measure(run, bytes, size, runs, now) {
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i += 1) {
    const fetch = replayFetch(bytes, size);
    const start = now();
    result = await run(fetch);
    best = Math.min(best, now() - start);
  }
  return { ms: best, result };
}

/**
 * P6: time to the first chunk of a streamed completion from the mock at `baseURL`: ours (validation, request,
 * SSE parsing, the chunk as an object) against a raw `fetch` whose reader has received the first whole event.
 * Both read every response to its end (connections stay reusable), and they alternate so that drift hits both alike.
 */
export async function timeToFirstChunk(libs, baseURL, apiKey, runs, now) {
  const request = { model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "First chunk, please." }], stream: true };
  const client = new libs.SiliconFlow({ apiKey, baseURL, maxRetries: 0 });
  const ours = async () => {
    const start = now();
    let first;
    for await (const chunk of await client.chat.completions.create(request)) {
      if (first === undefined && chunk) first = now() - start;
    }
    return first;
  };
  const raw = async () => {
    const start = now();
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(request),
    });
    // The first chunk is there when its event is complete (a blank line): what any parser must wait for.
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let first;
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (first === undefined) {
        text += decoder.decode(value, { stream: true });
        if (/\r?\n\r?\n|\r\r/.test(text)) first = now() - start;
      }
    }
    return first;
  };
  const times = { ours: [], raw: [] };
  for (let i = 0; i < runs + 20; i += 1) {
    const order = i % 2 ? ["ours", "raw"] : ["raw", "ours"];
    for (const side of order) {
      const ms = await (side === "ours" ? ours() : raw());
      if (i >= 20) times[side].push(ms); // the first 20 of each warm up
    }
  }
  return { ours: quantiles(times.ours), raw: quantiles(times.raw) };
}

function quantiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9) };
}
