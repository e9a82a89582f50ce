// The checks run against the built package in every runtime. `check(api)` returns a plain summary, so a runtime's
// results can be compared with another's for equality.
export function check({ validateRequest, buildRequest, modelCatalog, SseParser }) {
  const out = {};
  const valid = { model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "你好" }] };
  out.validIssues = validateRequest(valid);
  out.issues = validateRequest({
    model: "Qwen/Qwen3-8B",
    messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,@@" } }] }],
    thinking_budget: 50,
    temperature: NaN,
  }).map(({ path, code, severity }) => `${path} ${code} ${severity}`);
  out.body = buildRequest({ ...valid, max_tokens: 4096, stop: null, temperature: undefined, seed: 1 });
  try {
    buildRequest({ model: "Qwen/Qwen3-8B", messages: [] });
    out.thrown = null;
  } catch (e) {
    out.thrown = { isError: e instanceof Error, name: e.name, message: e.message, issues: e.issues.map((i) => i.code) };
  }
  const catalog = modelCatalog();
  const qwen = catalog.find((m) => m.id === "Qwen/Qwen3-8B");
  catalog[0].id = "changed by the caller"; // each call's objects are the caller's
  out.catalog = {
    count: catalog.length,
    first: modelCatalog()[0],
    thinking: catalog.filter((m) => m.thinking === "toggle").length,
    qwen: [qwen.thinking, qwen.vision, qwen.min_p, qwen.context_length],
    vision: catalog.find((m) => m.id === "Qwen/Qwen3-VL-8B-Instruct")?.vision,
  };

  const parser = new SseParser();
  const bytes = new TextEncoder().encode("data: 你好\r\n\r\nid: 1\ndata: {\"a\":1}\n\n: keep-alive\n\nevent: error\ndata: x\n\n");
  const events = [];
  for (let i = 0; i < bytes.length; i += 1) events.push(...parser.push(bytes.subarray(i, i + 1)));
  events.push(...parser.finish());
  out.events = events;
  out.lastEventId = parser.lastEventId;
  try {
    new SseParser({ maxBufferSize: 4 }).push("data: too long");
  } catch (e) {
    out.overflow = { name: e.name, code: e.code };
  }
  return JSON.parse(JSON.stringify(out));
}

// What every runtime must report.
export const expected = {
  validIssues: [],
  issues: [
    "temperature invalid_type error",
    "messages[0].content[0].image_url.url invalid_data_url error",
    "messages[0].content[0] media_unsupported warning",
    "thinking_budget out_of_range error",
  ],
  body: { max_tokens: 4096, messages: [{ content: "你好", role: "user" }], model: "Qwen/Qwen3-8B", seed: 1 },
  thrown: {
    isError: true,
    name: "ValidationError",
    message: "invalid request: messages is empty: add at least one message, e.g. {\"role\": \"user\", \"content\": \"Hello\"}.",
    issues: ["empty"],
  },
  events: [
    { data: "你好" },
    { data: "{\"a\":1}", id: "1" },
    { data: "x", event: "error", id: "1" },
  ],
  lastEventId: "1",
  overflow: { name: "StreamError", code: "sse_buffer_overflow" },
};
