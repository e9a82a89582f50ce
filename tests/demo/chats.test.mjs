// Saved chats in the demo, in Chromium: kept in IndexedDB as they go, listed newest first, opened again (ready to
// go on), renamed, exported as Markdown and JSON, deleted.
//
//   node --test tests/demo/chats.test.mjs            (needs pkg/ built: make pkg)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { demoHarness, send, settled } from "./harness.mjs";

const harness = demoHarness();
const { open, chatRequests } = harness;
const titles = (page) => page.locator(".chat-title").allTextContents();

async function reload(page) {
  await page.reload();
  await page.waitForSelector("html[data-ready]");
}

test("a chat is saved as it goes, survives a reload, and opens ready to go on", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t, "?mock=markdown");
  assert.equal(await page.isVisible(".chat-empty"), true);
  await send(page, "Why is the sky blue?");
  assert.equal(await settled(page), "done");
  await send(page, "And at night?");
  assert.equal(await settled(page), "done");
  assert.deepEqual(await titles(page), ["Why is the sky blue?"]);
  assert.equal(await page.getAttribute(".chat-open", "aria-current"), "true");

  // A second chat, after New chat: newest first.
  await page.click("#new-chat");
  assert.equal(await page.locator(".msg").count(), 0);
  await send(page, "Something else");
  assert.equal(await settled(page), "done");
  assert.deepEqual(await titles(page), ["Something else", "Why is the sky blue?"]);

  await reload(page);
  assert.equal(await page.locator(".msg").count(), 0, "a reload starts empty");
  assert.deepEqual(await titles(page), ["Something else", "Why is the sky blue?"]);
  await page.click('.chat-open:has-text("Why is the sky blue?")');
  await page.locator('.chat-open[aria-current="true"]').waitFor();
  assert.equal(await page.locator(".msg.user").count(), 2);
  assert.equal(await page.locator(".msg.assistant").count(), 2);
  assert.equal(await page.locator(".msg.assistant").first().locator(".answer h2").textContent(), "Why the sky is blue");
  assert.equal(await page.locator("#welcome").isVisible(), false);
  // Going on sends the saved history; Regenerate is offered on the newest reply.
  assert.equal(await page.locator(".msg.assistant .regenerate").count(), 1);
  const before = chatRequests().length;
  await send(page, "Thanks");
  assert.equal(await settled(page), "done");
  const sent = chatRequests()[before].body.messages;
  assert.deepEqual(sent.map((m) => m.role), ["user", "assistant", "user", "assistant", "user"]);
  assert.equal(sent[0].content, "Why is the sky blue?");
  assert.match(sent[1].content, /^## Why the sky is blue/);
  // The chat moved to the top, and holds the new exchange after a reload.
  assert.deepEqual(await titles(page), ["Why is the sky blue?", "Something else"]);
  await reload(page);
  await page.click('.chat-open:has-text("Why is the sky blue?")');
  await page.locator('.chat-open[aria-current="true"]').waitFor();
  assert.equal(await page.locator(".msg.user").count(), 3);
  page.clean();
});

test("rename, export as Markdown and JSON, and delete (asked twice) the open chat", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t);
  await send(page, "Plan a trip");
  assert.equal(await settled(page), "done");
  await page.click(".chat-rename-button");
  await page.fill(".chat-rename", "Trip to Lisbon");
  await page.press(".chat-rename", "Enter");
  await page.locator('.chat-title:text("Trip to Lisbon")').waitFor();
  await reload(page);
  assert.deepEqual(await titles(page), ["Trip to Lisbon"]);
  await page.click(".chat-open");

  const [markdown] = await Promise.all([page.waitForEvent("download"), page.click('button[aria-label="Export “Trip to Lisbon” as Markdown"]')]);
  assert.equal(markdown.suggestedFilename(), "trip-to-lisbon.md");
  const md = await readFile(await markdown.path(), "utf8");
  assert.match(md, /^# Trip to Lisbon\n\nModel: `Qwen\/Qwen3-8B`/);
  assert.match(md, /## You\n\nPlan a trip\n\n## Assistant\n\nYou said: “Plan a trip”/);

  const [json] = await Promise.all([page.waitForEvent("download"), page.click('button[aria-label="Export “Trip to Lisbon” as JSON"]')]);
  assert.equal(json.suggestedFilename(), "trip-to-lisbon.json");
  const saved = JSON.parse(await readFile(await json.path(), "utf8"));
  assert.equal(saved.title, "Trip to Lisbon");
  assert.deepEqual(saved.messages.map((m) => m.role), ["user", "assistant"]);
  assert.match(saved.messages[1].content, /^You said: “Plan a trip”/);

  // Delete: the first click asks, the second deletes; the open chat leaves the page too.
  await page.click(".chat-delete");
  assert.equal(await page.textContent(".chat-delete"), "Delete for good?");
  assert.deepEqual(await titles(page), ["Trip to Lisbon"]);
  await page.click(".chat-delete");
  await page.locator(".chat-item").waitFor({ state: "detached" });
  assert.equal(await page.locator(".msg").count(), 0);
  await reload(page);
  assert.deepEqual(await titles(page), []);
  page.clean();
});

test("a chat with tool steps opens with its steps and results, each naming its call", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t);
  await page.check("#p-tools");
  await send(page, "What is 6 * 7?");
  assert.equal(await settled(page), "done");
  const texts = (selector) => page.locator(selector).allTextContents();
  const before = { steps: await texts(".msg.assistant .step"), results: await texts(".tool-result"), answers: await texts(".msg.assistant .answer") };
  assert.deepEqual(before.steps, [" · step 1", " · step 2"]);
  await page.click("#new-chat");
  await page.click(".chat-open");
  await page.locator('.chat-open[aria-current="true"]').waitFor();
  assert.equal(await page.locator(".msg.tool").count(), 1);
  assert.match(await page.textContent(".msg.tool .who"), /^Step 1 · result of calculate for [0-9a-f]{32}$/);
  assert.equal(await page.locator(".msg.assistant .tool-call").count(), 1);
  assert.deepEqual({ steps: await texts(".msg.assistant .step"), results: await texts(".tool-result"), answers: await texts(".msg.assistant .answer") }, before);
  page.clean();
});

test("a chat deleted while its reply streams stays deleted", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t, "?mock=delay=60");
  await send(page, "First");
  assert.equal(await settled(page), "done");
  await send(page, "Second, slowly");
  await page.locator('.msg.assistant[data-state="streaming"]').waitFor();
  await page.click(".chat-delete");
  await page.click(".chat-delete");
  assert.equal(await settled(page), "done");
  await page.waitForTimeout(200);
  assert.deepEqual(await titles(page), []);
  await reload(page);
  assert.deepEqual(await titles(page), []);
  page.clean();
});
