// The demo's settings in Chromium: the searchable model picker with its filters, the Advanced section, and the
// "View code" panel that follows the form.
//
//   node --test tests/demo/settings.test.mjs            (needs pkg/ built: make pkg)
import { test } from "node:test";
import assert from "node:assert/strict";
import { demoHarness, send, settled } from "./harness.mjs";

const harness = demoHarness();
const { open, chatRequests } = harness;
const options = (page) => page.locator('#model-list [role="option"]');

test("the model picker: search, capability filters, context length, keyboard and mouse", async (t) => {
  const page = await open(t);
  const total = await page.evaluate(async () => (await import("siliconflow-wasm")).modelCatalog().length);
  assert.equal(await page.inputValue("#model"), "Qwen/Qwen3-8B");
  // Clicking opens the whole list, the current model marked.
  await page.click("#model");
  assert.equal(await page.getAttribute("#model", "aria-expanded"), "true");
  assert.equal(await options(page).count(), total);
  assert.equal(await page.textContent(".model-count"), `${total} of ${total} models`);
  assert.equal(await page.getAttribute('[role="option"][aria-selected="true"]', "data-id"), "Qwen/Qwen3-8B");
  // Words narrow it down, in any order, capabilities included.
  await page.fill("#model", "vl qwen");
  const ids = await options(page).evaluateAll((rows) => rows.map((row) => row.dataset.id));
  assert.ok(ids.length > 0 && ids.length < total);
  assert.ok(ids.every((id) => /qwen/i.test(id) && /vl/i.test(id)), ids.join());
  assert.match(await options(page).first().textContent(), /vision.*\d+K context/);
  await page.fill("#model", "no such model at all");
  assert.equal(await options(page).count(), 0);
  assert.equal(await page.textContent(".model-none"), "No model matches.");
  // Escape closes and keeps the model.
  await page.press("#model", "Escape");
  assert.equal(await page.getAttribute("#model", "aria-expanded"), "false");
  assert.equal(await page.inputValue("#model"), "Qwen/Qwen3-8B");
  // A filter lists only models that can; keyboard: arrows move, Enter picks.
  await page.click('button[aria-label="only thinking models"]');
  const thinking = await options(page).evaluateAll((rows) => rows.map((row) => row.querySelector(".cap-thinking") !== null));
  assert.ok(thinking.length > 0 && thinking.length < total && thinking.every(Boolean));
  await page.fill("#model", "qwen3 32b");
  const first = await options(page).first().getAttribute("data-id");
  const second = await options(page).nth(1).getAttribute("data-id");
  await page.press("#model", "ArrowDown");
  assert.equal(await page.getAttribute("#model", "aria-activedescendant"), "model-option-1");
  await page.press("#model", "ArrowUp");
  await page.press("#model", "ArrowDown");
  await page.press("#model", "Enter");
  assert.notEqual(first, second);
  assert.equal(await page.inputValue("#model"), second);
  assert.equal(await page.textContent("#current-model"), second);
  assert.match(await page.textContent("#model-caps"), /thinking.*context/);
  // The pick is what the next request uses, and it is kept across a reload.
  await send(page, "hello");
  assert.equal(await settled(page), "done");
  assert.equal(chatRequests().at(-1).body.model, second);
  await page.reload();
  await page.waitForSelector("html[data-ready]");
  assert.equal(await page.inputValue("#model"), second);
  page.clean();
});

test("rarely set parameters wait in Advanced; a value or an issue there opens it", async (t) => {
  const page = await open(t);
  assert.equal(await page.getAttribute("#advanced", "open"), null);
  for (const name of ["top_p", "top_k", "min_p", "n", "stop", "frequency_penalty"]) {
    assert.equal(await page.isVisible(`#p-${name}`), false, name);
  }
  for (const name of ["temperature", "max_tokens", "enable_thinking"]) assert.equal(await page.isVisible(`#p-${name}`), true, name);
  // Defaults show as "default …", not as values.
  assert.equal(await page.getAttribute("#p-temperature", "placeholder"), "default 0.7");
  assert.equal(await page.inputValue("#p-temperature"), "");
  await page.click("#advanced > summary");
  await page.fill("#p-top_p", "3");
  assert.match(await page.textContent("#issue-top_p"), /top_p/);
  // Closed again, then the composer's "Fix the error" opens it and focuses the field.
  await page.click("#advanced > summary");
  await page.fill("#prompt", "hi");
  await page.click(".composer-issues button.link");
  assert.equal(await page.getAttribute("#advanced", "open"), "");
  assert.equal(await page.evaluate(() => document.activeElement.id), "p-top_p");
  await page.fill("#p-top_p", "0.9");
  // After a reload the value is there, in an open Advanced.
  await page.reload();
  await page.waitForSelector("html[data-ready]");
  assert.equal(await page.getAttribute("#advanced", "open"), "");
  assert.equal(await page.inputValue("#p-top_p"), "0.9");
  page.clean();
});

/** The JSON body of a cURL command the panel shows. */
const curlBody = (text) => JSON.parse(text.slice(text.indexOf("-d '") + 4, text.lastIndexOf("'")).replaceAll("'\\''", "'"));

test("View code: the request as cURL and as JavaScript, in step with the form; its cURL body is what Send sends", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t);
  await page.click("#view-code > summary");
  const code = () => page.textContent("#code-text");
  assert.match(await code(), /^curl -N https:\/\/api\.siliconflow\.cn\/v1\/chat\/completions \\\n {2}-H "Authorization: Bearer \$SILICONFLOW_API_KEY"/);
  await page.fill("#p-temperature", "0.3");
  await page.fill("#prompt", "It's a test");
  let body = curlBody(await code());
  assert.deepEqual({ model: body.model, temperature: body.temperature, messages: body.messages }, {
    model: "Qwen/Qwen3-8B",
    temperature: 0.3,
    messages: [{ role: "user", content: "It's a test" }],
  });
  await page.press("#prompt", "Enter");
  assert.equal(await settled(page), "done");
  const sent = chatRequests()[0].body;
  for (const [name, value] of Object.entries(body)) assert.deepEqual(sent[name], value, name);
  // The next request carries the exchange.
  body = curlBody(await code());
  assert.deepEqual(body.messages.map((m) => m.role), ["user", "assistant", "user"]);

  await page.click("#code-tab-js");
  const js = await code();
  assert.match(js, /^import \{ SiliconFlow \} from "siliconflow-wasm";/);
  assert.match(js, /client\.chat\.completions\.stream\(\{\n {2}"model": "Qwen\/Qwen3-8B"/);
  assert.match(js, /"temperature": 0\.3/);
  assert.match(js, /\.on\("content\.delta"/);
  assert.equal(await page.locator("#code-text .tok-keyword").first().textContent(), "import");
  // With the page's tools: the tool runner, each tool with the function that runs it.
  await page.check("#p-tools");
  const runner = await code();
  assert.match(runner, /client\.chat\.completions\.runTools\(/);
  assert.match(runner, /"name": "calculate",[\s\S]*"function": calculate\n/);
  // Copy gives the code.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.click("#code-view .copy");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), runner);
  page.clean();
});
