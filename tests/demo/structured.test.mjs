// Structured output in the demo, in Chromium: a JSON Schema picked or edited, the answer's value growing live as
// it streams, the package's verdict at the end (issues with their paths), and a schema that cannot be sent.
//
//   node --test tests/demo/structured.test.mjs            (needs pkg/ built: make pkg)
import { test } from "node:test";
import assert from "node:assert/strict";
import { demoHarness, lastReply, send, settled } from "./harness.mjs";

const harness = demoHarness();
const { open, chatRequests } = harness;

test("with a schema, the value grows live as it streams, and the package's verdict shows at the end", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t, "?mock=delay=40,tokens=30");
  await page.check("#structured");
  assert.equal(await page.inputValue("#schema-preset"), "recipe");
  await page.selectOption("#schema-preset", "forecast");
  const schema = JSON.parse(await page.inputValue("#schema"));
  assert.deepEqual(schema.required, ["city", "days"]);
  // Every value the page showed while it streamed is JSON: the package's partial value, not the raw text.
  await page.evaluate(() => {
    window.shown = [];
    new MutationObserver(() => {
      const pre = document.querySelector(".msg.assistant .json-live");
      if (pre && window.shown.at(-1) !== pre.textContent) window.shown.push(pre.textContent);
    }).observe(document.getElementById("log"), { subtree: true, childList: true, characterData: true });
  });
  await send(page, "Weather in Paris, 3 days");
  assert.equal(await settled(page), "done");
  const shown = await page.evaluate(() => window.shown);
  assert.ok(shown.length >= 4, `the value was drawn ${shown.length} times`);
  const values = shown.map((text) => JSON.parse(text));
  const final = values.at(-1);
  assert.equal(typeof final.city, "string");
  assert.ok(Array.isArray(final.days));
  assert.ok(values.some((v) => v && typeof v === "object" && Object.keys(v).length < Object.keys(final).length), "a partial object came first");
  assert.match(await lastReply(page).locator(".schema-ok").textContent(), /Matches the schema “forecast”/);
  const body = chatRequests()[0].body;
  assert.deepEqual(body.response_format, { type: "json_schema", json_schema: { name: "forecast", schema } });
  // The history keeps the JSON text.
  await send(page, "And in Rome?");
  assert.equal(await settled(page), "done");
  assert.deepEqual(JSON.parse(chatRequests()[1].body.messages[1].content), final);
  page.clean();
});

test("an answer that breaks the schema: OutputValidationError with each issue's path; the value stays", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t, "?mock=json_fail=1");
  await page.check("#structured");
  await send(page, "A pancake recipe");
  assert.equal(await settled(page), "error");
  const reply = lastReply(page);
  assert.equal(await reply.locator(".error-name").textContent(), "OutputValidationError");
  const issues = await reply.locator(".error-card .issues li").allTextContents();
  assert.ok(issues.length >= 1);
  assert.match(issues[0], /^name: .*string/);
  assert.equal(typeof JSON.parse(await reply.locator(".json-live").textContent()).name, "number", "what arrived stays shown");
  page.clean();
});

test("a schema that is not JSON, or breaks JSON Schema's rules, is shown beside it and blocks Send", async (t) => {
  const page = await open(t);
  await page.check("#structured");
  await page.fill("#prompt", "hi");
  await page.fill("#schema", '{ "type": "object",\n  "properties": { "a": { "type": "string" } ');
  assert.match(await page.textContent("#issue-schema"), /The schema is not JSON: .* at line 2, column \d+|The schema is not JSON/);
  assert.equal(await page.inputValue("#schema-preset"), "custom");
  assert.equal(await page.isDisabled("#send"), true);
  await page.fill("#schema", '{ "type": "object", "properties": { "n": { "type": "integer", "minimum": "zero" } } }');
  const issue = await page.textContent("#issue-schema .issue.error");
  assert.match(issue, /minimum/);
  assert.match(await page.getAttribute("#issue-schema .issue.error", "data-path"), /^response_format\.json_schema\.schema\.properties\.n\.minimum$/);
  assert.equal(await page.isDisabled("#send"), true);
  await page.fill("#schema", '{ "type": "object", "properties": { "n": { "type": "integer", "minimum": 0 } } }');
  assert.equal(await page.locator("#issue-schema .issue.error").count(), 0);
  assert.equal(await page.isDisabled("#send"), false);
  // Off: the request has no response_format, and the schema's state is kept for next time.
  await page.uncheck("#structured");
  assert.equal(await page.isVisible("#schema"), false);
  await page.reload();
  await page.waitForSelector("html[data-ready]");
  assert.equal(await page.isChecked("#structured"), false);
  await page.check("#structured");
  assert.match(await page.inputValue("#schema"), /"minimum": 0/);
  page.clean();
});
