// A Conversation's store contract with a real UI framework: Preact renders it through useSyncExternalStore in
// headless Chromium, against the mock, and the page shows the reply as it is written, then whole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/siliconflow-mock.mjs";
import { serveStatic } from "./static-server.mjs";
import { launchChromium, pageProblems } from "./chromium.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

async function openPage(t) {
  const mock = await startMock({ port: 0, apiKey: "sk-mock" });
  t.after(() => mock.close());
  const server = await serveStatic(root);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems = pageProblems(page);
  await page.goto(`${server.url}/tests/js/conversation.html`);
  return { page, problems, mockUrl: mock.url };
}

test("Preact renders a Conversation through useSyncExternalStore: the reply grows on the page, then stays whole", async (t) => {
  const { page, problems, mockUrl } = await openPage(t);
  const got = await page.evaluate(
    async ([baseURL]) => (await import("/tests/js/conversation-app.mjs")).chat(baseURL, "Why is the sky blue?"),
    [`${mockUrl}/s/delay=4,tokens=30/v1`],
  );
  assert.deepEqual(got.dom, got.state, "the page shows the conversation's messages");
  assert.equal(got.dom.length, 2);
  assert.match(got.dom[1][1], /You said: “Why is the sky blue\?”/);
  assert.equal(got.status, "idle");
  assert.ok(got.statuses.includes("streaming"), `statuses shown: ${got.statuses}`);
  const lengths = [...new Set(got.shown.map((s) => s.length))];
  assert.ok(lengths.length > 5, `the reply was shown growing: ${lengths}`);
  assert.ok(got.shown.every((s) => got.dom[1][1].startsWith(s)), "every text shown is a prefix of the reply");
  assert.ok(got.renders > 5 && got.renders < 200, `renders: ${got.renders}`);
  assert.deepEqual(problems, []);
});

test("Preact renders a Conversation with tools: the tool step shows, then the answer", async (t) => {
  const { page, problems, mockUrl } = await openPage(t);
  const got = await page.evaluate(async ([baseURL]) => {
    const { chat } = await import("/tests/js/conversation-app.mjs");
    const weather = {
      type: "function",
      function: {
        name: "get_weather",
        parameters: { type: "object", properties: { city: { type: "string" } } },
        function: async ({ city }) => `sunny in ${city}`,
      },
    };
    return chat(baseURL, "Weather in Boston?", [weather]);
  }, [`${mockUrl}/v1`]);
  assert.deepEqual(got.dom.map(([role]) => role), ["user", "assistant", "tool", "assistant"]);
  assert.equal(got.dom[2][1], "sunny in Boston, MA");
  assert.ok(got.statuses.includes("running_tools"), `statuses shown: ${got.statuses}`);
  assert.deepEqual(got.dom, got.state);
  assert.deepEqual(problems, []);
});
