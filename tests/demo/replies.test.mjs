// The demo's replies in Chromium: Markdown rendered as it streams (and safely), code blocks with colours and Copy,
// the thinking panel's timer, and the actions on a message: Copy, Regenerate, Edit and resend, Continue.
//
//   node --test tests/demo/replies.test.mjs            (needs pkg/ built: make pkg)
//   UPDATE_SCREENSHOT=1 node --test tests/demo/replies.test.mjs   also refreshes www/screenshot.png (README's)
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { demoHarness, lastReply, send, settled } from "./harness.mjs";

const harness = demoHarness();
const { open, chatRequests } = harness;
const CLIPBOARD = { permissions: ["clipboard-read", "clipboard-write"] };
const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());
const messagesOf = (request) => request.body.messages.map((m) => ({ role: m.role, content: m.content }));

describe("Markdown in a reply", () => {
  test("?mock=markdown: headings, emphasis, lists, a table and a code block render while it streams", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t, "?mock=markdown,delay=40", { context: CLIPBOARD });
    await send(page, "Why is the sky blue?");
    // Rendered as it streams: the heading is an element before the reply is over.
    await page.waitForFunction(() => {
      const reply = [...document.querySelectorAll(".msg.assistant")].at(-1);
      return reply?.dataset.state === "streaming" && reply.querySelector(".answer h2");
    });
    assert.equal(await settled(page), "done");
    const answer = lastReply(page).locator(".answer");
    assert.equal(await answer.locator("h2").textContent(), "Why the sky is blue");
    assert.equal(await answer.locator("strong").first().textContent(), "scattered");
    assert.equal(await answer.locator("em").textContent(), "shorter");
    assert.equal(await answer.locator("p > code").textContent(), "Rayleigh");
    assert.equal(await answer.locator("ol > li").count(), 2);
    assert.match(await answer.locator("ol li ul > li").textContent(), /reaches your eyes/);
    const cells = async (selector) => (await answer.locator(selector).allTextContents()).map((text) => text.trim());
    assert.deepEqual(await cells("table th"), ["colour", "wavelength (nm)", "scattered"]);
    assert.deepEqual(await cells("table tbody td"), ["blue", "450", "a lot", "red", "700", "little"]);
    // The code block: its language, monospace, colours, and Copy.
    const block = answer.locator(".code-block");
    assert.equal(await block.locator(".code-lang").textContent(), "js");
    assert.match(await block.locator("pre").evaluate((el) => getComputedStyle(el).fontFamily), /mono/i);
    assert.deepEqual(await block.locator(".tok-keyword").allTextContents(), ["const"]);
    assert.deepEqual(await block.locator(".tok-comment").allTextContents(), ['// "about 5.9"']);
    assert.deepEqual(await block.locator(".tok-number").allTextContents(), ["1", "4", "450", "700"]);
    assert.deepEqual(await block.locator(".tok-call").allTextContents(), ["log", "rayleigh", "rayleigh"]);
    const code = "const rayleigh = (wavelength) => 1 / wavelength ** 4;\nconsole.log(rayleigh(450) / rayleigh(700)); // \"about 5.9\"";
    assert.equal((await block.locator("code").textContent()).trimEnd(), code);
    await block.getByRole("button", { name: "Copy" }).click();
    assert.equal((await clipboard(page)).trimEnd(), code);
    await block.getByRole("button", { name: "Copied" }).waitFor();
    // The link opens in a new tab, without a referrer.
    const link = answer.locator("blockquote a");
    assert.deepEqual(
      await link.evaluate((a) => [a.textContent, a.href, a.target, a.rel]),
      ["Wikipedia", "https://en.wikipedia.org/wiki/Rayleigh_scattering", "_blank", "noopener noreferrer nofollow"],
    );
    // HTML in the answer is text: no element made from it, nothing run.
    assert.equal(await answer.locator("img, script").count(), 0);
    assert.match(await answer.textContent(), /<img src="x" onerror="window\.pwned = true"> <script>window\.pwned = true<\/script>/);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // Copy on the reply gives its Markdown source.
    await lastReply(page).locator(".msg-actions").getByRole("button", { name: "Copy" }).click();
    const markdown = await clipboard(page);
    assert.ok(markdown.startsWith("## Why the sky is blue\n\nSunlight is **scattered**"), markdown);
    // The next request sends the answer's Markdown, not the rendered text.
    await send(page, "And at sunset?");
    assert.equal(await settled(page), "done");
    assert.equal(chatRequests()[1].body.messages[1].content, markdown);
    page.clean();
  });

  test("a javascript: link loses its target and an image is a link that is never loaded", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t);
    const images = [];
    page.on("request", (request) => request.url().includes("x.test") && images.push(request.url()));
    await send(page, "[a](javascript:window.__pwned=1)");
    assert.equal(await settled(page), "done");
    const link = lastReply(page).locator(".answer a");
    assert.equal(await link.textContent(), "a");
    assert.equal(await link.getAttribute("href"), null);
    assert.equal(await link.getAttribute("data-blocked"), "javascript:window.__pwned=1");
    await link.click();
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    await send(page, "![a cat](https://x.test/cat.png)");
    assert.equal(await settled(page), "done");
    const image = lastReply(page).locator(".answer a.md-image");
    assert.deepEqual(await image.evaluate((a) => [a.textContent, a.href, a.rel]), ["a cat", "https://x.test/cat.png", "noopener noreferrer nofollow"]);
    assert.equal(await lastReply(page).locator("img").count(), 0);
    assert.deepEqual(images, [], "the image URL was never requested");
    page.clean();
  });
});

describe("the thinking panel", () => {
  test("a live timer while the model thinks; the panel folds when the answer starts and opens on a click", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t, "?mock=thinking,delay=60");
    await send(page, "Think first");
    const label = lastReply(page).locator(".thinking summary");
    await page.waitForFunction(() => /^Thinking… \d/.test(document.querySelector(".thinking summary")?.textContent ?? ""));
    const first = await label.textContent();
    await page.waitForFunction((before) => {
      const text = document.querySelector(".thinking summary").textContent;
      return /^Thinking… \d/.test(text) && text !== before;
    }, first);
    assert.equal(await lastReply(page).locator(".thinking").getAttribute("open"), "", "open while thinking");
    // The answer starts: the panel folds.
    await page.waitForFunction(() => document.querySelector(".answer")?.textContent.length > 0);
    assert.equal(await lastReply(page).locator(".thinking").getAttribute("open"), null);
    assert.equal(await settled(page), "done");
    assert.match(await label.textContent(), /^Thought for \d/);
    await label.click();
    assert.ok((await lastReply(page).locator(".thinking-text").textContent()).length > 20);
    page.clean();
  });
});

describe("message actions", () => {
  test("Regenerate asks again for the same messages and replaces the reply; the history keeps one answer", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t);
    await send(page, "Tell me something");
    assert.equal(await settled(page), "done");
    await lastReply(page).getByRole("button", { name: "Regenerate" }).click();
    assert.equal(await settled(page), "done");
    assert.equal(await page.locator(".msg.assistant").count(), 1);
    assert.equal(await page.locator(".msg.user").count(), 1);
    const [first, again] = chatRequests();
    assert.deepEqual(messagesOf(again), messagesOf(first));
    await send(page, "And more");
    assert.equal(await settled(page), "done");
    assert.deepEqual(
      messagesOf(chatRequests()[2]).map((m) => m.role),
      ["user", "assistant", "user"],
    );
    // Only the newest reply offers Regenerate; Copy stays on every reply.
    assert.equal(await page.locator(".msg.assistant .regenerate").count(), 1);
    assert.equal(await page.locator(".msg.assistant").first().getByRole("button", { name: "Copy" }).count(), 1);
    page.clean();
  });

  test("Edit puts a message back in the composer and drops it and what followed; sending it goes on from there", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t);
    await send(page, "first question");
    assert.equal(await settled(page), "done");
    await send(page, "second question");
    assert.equal(await settled(page), "done");
    await page.locator(".msg.user").nth(1).getByRole("button", { name: "Edit" }).click();
    assert.equal(await page.inputValue("#prompt"), "second question");
    assert.equal(await page.locator(".msg").count(), 2, "the first exchange stays");
    await page.fill("#prompt", "second question, edited");
    await page.press("#prompt", "Enter");
    assert.equal(await settled(page), "done");
    const resent = messagesOf(chatRequests()[2]);
    assert.deepEqual(resent.map((m) => m.role), ["user", "assistant", "user"]);
    assert.equal(resent[0].content, "first question");
    assert.equal(resent[2].content, "second question, edited");
    // Editing the very first message empties the chat.
    await page.locator(".msg.user").first().getByRole("button", { name: "Edit" }).click();
    assert.equal(await page.locator(".msg").count(), 0);
    assert.equal(await page.isVisible("#welcome"), true);
    assert.equal(await page.inputValue("#prompt"), "first question");
    page.clean();
  });

  test("Continue after Stop: the same reply goes on, and the history holds the joined answer", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t, "?mock=delay=80");
    await send(page, "A long answer please");
    await page.waitForFunction(() => ([...document.querySelectorAll(".answer")].at(-1)?.textContent.length ?? 0) > 20);
    await page.click("#stop");
    assert.equal(await settled(page), "stopped");
    const partial = await lastReply(page).locator(".answer").textContent();
    await lastReply(page).getByRole("button", { name: "Continue" }).click();
    assert.equal(await settled(page), "done");
    assert.equal(await page.locator(".msg.assistant").count(), 1, "the same reply, not a new one");
    const joined = await lastReply(page).locator(".answer").textContent();
    assert.ok(joined.startsWith(partial) && joined.length > partial.length, joined);
    const asked = messagesOf(chatRequests()[1]);
    assert.deepEqual(asked.slice(0, 2), [
      { role: "user", content: "A long answer please" },
      { role: "assistant", content: partial },
    ]);
    assert.equal(asked[2].role, "user");
    assert.match(asked[2].content, /^Continue exactly where/);
    assert.equal(await lastReply(page).locator(".stopped-note").count(), 0);
    await send(page, "Thanks");
    assert.equal(await settled(page), "done");
    // The history holds the partial reply and its continuation as one message.
    const history = messagesOf(chatRequests()[2]);
    assert.deepEqual(history.map((m) => m.role), ["user", "assistant", "user"]);
    assert.ok(history[1].content.startsWith(partial) && history[1].content.endsWith("Have a nice day 🙂"), history[1].content);
    page.clean();
  });

  test("a tool run past its step limit: the error offers Regenerate, and the next message sends no unanswered call", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t, "?mock=tool_steps=10");
    await page.check("#p-tools");
    await send(page, "Keep calling");
    assert.equal(await settled(page, 20_000), "error");
    const reply = lastReply(page);
    assert.equal(await reply.locator(".error-name").textContent(), "ToolRunError");
    assert.equal(await reply.locator("button.retry").count(), 0);
    assert.equal(await reply.locator(".regenerate").count(), 1);
    await page.uncheck("#p-tools");
    await send(page, "Then just answer");
    assert.equal(await settled(page), "done");
    const messages = chatRequests().at(-1).body.messages;
    const ids = new Set(messages.filter((m) => m.role === "tool").map((m) => m.tool_call_id));
    for (const m of messages) for (const c of m.tool_calls ?? []) assert.ok(ids.has(c.id), `call ${c.id} has its result`);
    page.clean();
  });

  test("a stopped structured answer offers no Continue (two JSON texts would be neither)", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t, "?mock=delay=80,tokens=60");
    await page.check("#structured");
    await send(page, "A recipe");
    await page.waitForFunction(() => document.querySelector(".msg.assistant .json-live"));
    await page.click("#stop");
    assert.equal(await settled(page), "stopped");
    assert.equal(await lastReply(page).locator(".continue").count(), 0);
    assert.equal(await lastReply(page).locator(".regenerate").count(), 1);
    page.clean();
  });

  test("Continue after a max_tokens cut; a complete reply offers no Continue", async (t) => {
    harness.demo.mock.reset();
    const page = await open(t);
    await page.fill("#p-max_tokens", "3");
    await send(page, "Say a lot");
    assert.equal(await settled(page), "done");
    assert.match(await lastReply(page).locator(".note").textContent(), /Cut off at max_tokens/);
    await page.fill("#p-max_tokens", "");
    await lastReply(page).getByRole("button", { name: "Continue" }).click();
    assert.equal(await settled(page), "done");
    assert.equal(await lastReply(page).locator(".note").count(), 0);
    assert.equal(await lastReply(page).getByRole("button", { name: "Continue" }).count(), 0);
    page.clean();
  });
});

test("the README's screenshot: thinking, Markdown with code, and a tool step with its result", async (t) => {
  harness.demo.mock.reset();
  const page = await open(t, "?mock=thinking,markdown,delay=5", { width: 1440, height: 1400 });
  await send(page, "Why is the sky blue?");
  assert.equal(await settled(page), "done");
  await page.check("#p-tools");
  await send(page, "What is (12 + 30) × 2?");
  assert.equal(await settled(page), "done");
  assert.equal(await page.locator(".msg.tool").count(), 1);
  assert.equal(await page.locator(".msg.assistant .thinking").count(), 3);
  assert.equal(await page.locator(".msg.assistant .code-block").count(), 1);
  // The tool step's thinking open; the view at the end (the Markdown reply above it).
  await page.locator(".msg.assistant").nth(1).locator(".thinking summary").click();
  await page.evaluate(() => {
    const scroller = document.getElementById("scroller");
    scroller.scrollTop = scroller.scrollHeight;
  });
  await page.locator("#jump").waitFor({ state: "hidden" });
  const out = fileURLToPath(new URL("../out/", import.meta.url));
  await mkdir(out, { recursive: true });
  await page.screenshot({ path: `${out}demo-readme.png` });
  if (process.env.UPDATE_SCREENSHOT) await copyFile(`${out}demo-readme.png`, fileURLToPath(new URL("../../www/screenshot.png", import.meta.url)));
  page.clean();
});
