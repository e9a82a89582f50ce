// How the demo server delivers: one log line per API request saying how it ended.
//
//   node --test tests/demo/delivery.test.mjs            (needs pkg/ built: make pkg)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startDemo } from "../../www/serve.mjs";

const CHAT = "/v1/chat/completions";
const CHAT_BODY = JSON.stringify({ model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "hi" }], stream: true });

let demo;
const lines = [];

before(async () => {
  // Always the mock, whatever SILICONFLOW_API_KEY says.
  demo = await startDemo({ upstream: { mock: {} }, log: (line) => lines.push(line) });
});

after(async () => {
  await demo?.close();
});

const chat = (scenario, init = {}) =>
  fetch(`${demo.url}/api${scenario ? `/s/${scenario}` : ""}${CHAT}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: CHAT_BODY,
    ...init,
  });

/** The log lines of the requests made by `run`, once each has logged and a moment has passed for a second line. */
async function linesOf(run, count = 1) {
  const from = lines.length;
  await run();
  const deadline = Date.now() + 5000;
  while (lines.length - from < count && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
  await new Promise((done) => setTimeout(done, 300));
  return lines.slice(from);
}

test("each API request logs one line saying how it ended: answered, stopped by the browser, or broken off upstream", async () => {
  const answered = await linesOf(async () => assert.match(await (await chat()).text(), /data: \[DONE\]/));
  assert.equal(answered.length, 1, answered.join("\n"));
  assert.match(answered[0], /^POST \/api\/v1\/chat\/completions → 200 in \d+ ms \(trace [0-9a-f]{32}\)$/);

  // The upstream drops the connection after 3 chunks: the server breaks the browser's stream off too.
  const dropped = await linesOf(async () => {
    const response = await chat("drop_after=3");
    assert.equal(response.status, 200);
    await assert.rejects(response.text());
  });
  assert.equal(dropped.length, 1, dropped.join("\n"));
  assert.match(dropped[0], /^POST \/api\/s\/drop_after=3\/v1\/chat\/completions → upstream broke off after \d+ ms$/);

  // Stop: the browser goes away mid-stream.
  const stopped = await linesOf(async () => {
    const controller = new AbortController();
    const response = await chat("tokens=400", { signal: controller.signal });
    await response.body.getReader().read();
    controller.abort();
  });
  assert.equal(stopped.length, 1, stopped.join("\n"));
  assert.match(stopped[0], /^POST \/api\/s\/tokens=400\/v1\/chat\/completions → stopped by the browser after \d+ ms$/);
  const entry = await demo.mock.waitFor((e) => e.scenario === "tokens=400" && e.closedAt !== null, 5000);
  assert.equal(entry.closedByClient, true, "the upstream request was cancelled");

  // Stopped before the upstream answered (headers held back by the mock).
  const early = await linesOf(async () => {
    const controller = new AbortController();
    const response = chat("headers_delay=400", { signal: controller.signal });
    await demo.mock.waitFor((e) => e.scenario === "headers_delay=400", 5000);
    controller.abort();
    await assert.rejects(response);
  });
  assert.equal(early.length, 1, early.join("\n"));
  assert.match(early[0], /→ stopped by the browser after \d+ ms$/);
});
