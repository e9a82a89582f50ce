// The built package loads in headless Chromium from pkg/ with no init call, and gives exactly Node's results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import * as api from "../../pkg/node.js";
import { check } from "./exports-checks.mjs";
import { serveStatic } from "./static-server.mjs";
import { launchChromium, pageProblems } from "./chromium.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** A blank page served from the repository root, in a browser closed after the test; and its problems so far. */
async function blankPage(t) {
  const server = await serveStatic(root);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = pageProblems(page);
  await page.goto(`${server.url}/tests/js/blank.html`);
  return { page, errors };
}

test("pkg/ loads in Chromium and behaves exactly as in Node", async (t) => {
  const { page, errors } = await blankPage(t);
  const inBrowser = await page.evaluate(async () => {
    const api = await import("/pkg/browser.js");
    const { check } = await import("/tests/js/exports-checks.mjs");
    return check(api);
  });
  assert.deepEqual(inBrowser, check(api));
  assert.deepEqual(errors, []);
});

test("the browser build leaves proxyRequest out, and says so when it is called", async (t) => {
  const { page, errors } = await blankPage(t);
  const thrown = await page.evaluate(async () => {
    const { proxyRequest } = await import("/pkg/browser.js");
    try {
      await proxyRequest(new Request("http://localhost/v1/chat/completions"), { apiKey: "sk-x" });
      return null;
    } catch (e) {
      return { type: e.constructor.name, message: e.message };
    }
  });
  assert.equal(thrown?.type, "TypeError");
  assert.match(thrown.message, /runs on servers/);
  assert.deepEqual(errors, []);
});
