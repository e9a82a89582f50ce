// What the demo's Chromium tests share: a demo server on the mock and a browser for the file's tests, fresh pages
// that collect page and console errors, and the steps a user takes (send, wait for the reply to end).
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { startDemo } from "../../www/serve.mjs";
import { launchChromium, pageProblems } from "../js/chromium.mjs";

export const CHAT = "/v1/chat/completions";

/**
 * Starts a demo (always the mock, whatever SILICONFLOW_API_KEY says) and Chromium before the file's tests and
 * stops them after. Returns { demo, browser, open, chatRequests } (demo and browser are set once started).
 */
export function demoHarness() {
  const it = {
    demo: undefined,
    browser: undefined,
    /**
     * A fresh page (own storage) on the demo. Collects page errors and console errors and warnings; `clean()`
     * asserts there were none besides `expected` (exact texts, in order).
     */
    async open(t, query = "", { width = 1280, height = 860, base = it.demo.url, context: options = {} } = {}) {
      const context = await it.browser.newContext({ viewport: { width, height }, ...options });
      t.after(() => context.close());
      const page = await context.newPage();
      const problems = pageProblems(page, { types: ["error", "warning"] });
      await page.goto(`${base}/${query}`);
      await page.waitForSelector("html[data-ready]");
      page.clean = (expected = []) => assert.deepEqual(problems, expected, "page and console errors");
      return page;
    },
    chatRequests: () => it.demo.mock.log.filter((entry) => entry.path === CHAT && entry.method === "POST"),
  };
  before(async () => {
    [it.demo, it.browser] = await Promise.all([startDemo({ upstream: { mock: {} } }), launchChromium()]);
  });
  after(async () => {
    await it.browser?.close();
    await it.demo?.close();
  });
  return it;
}

export const lastReply = (page) => page.locator(".msg.assistant").last();

export async function send(page, text) {
  await page.fill("#prompt", text);
  await page.press("#prompt", "Enter");
}

/**
 * Waits until the turn is over (Stop is gone: a tool run's steps are all done) and its last reply has ended
 * (done, stopped or error); returns that reply's state.
 */
export async function settled(page, timeout = 10_000) {
  const reply = lastReply(page);
  await page.locator("#stop").waitFor({ state: "hidden", timeout });
  await reply.and(page.locator('[data-state="done"], [data-state="stopped"], [data-state="error"]')).waitFor({ timeout });
  return reply.getAttribute("data-state");
}

/** Picks a model in the picker: its id typed into the search box, then its row clicked. */
export async function pickModel(page, id) {
  await page.fill("#model", id);
  await page.locator(`#model-list [role="option"][data-id="${id}"]`).click();
  assert.equal(await page.inputValue("#model"), id);
}
