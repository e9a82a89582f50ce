// The built package loads in headless Chromium from pkg/ with no init call, and gives exactly Node's results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import * as api from "../../pkg/node.js";
import { check } from "./exports-checks.mjs";
import { serveStatic } from "./static-server.mjs";
import { launchChromium, pageProblems } from "./chromium.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("pkg/ loads in Chromium and behaves exactly as in Node", async (t) => {
  const server = await serveStatic(root);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = pageProblems(page);
  await page.goto(`${server.url}/tests/js/blank.html`);
  const inBrowser = await page.evaluate(async () => {
    const api = await import("/pkg/browser.js");
    const { check } = await import("/tests/js/exports-checks.mjs");
    return check(api);
  });
  assert.deepEqual(inBrowser, check(api));
  assert.deepEqual(errors, []);
});
