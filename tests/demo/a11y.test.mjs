// Accessibility of the demo, checked by axe-core in Chromium: light and dark, desktop and phone, after a reply
// (Markdown, a code block, a table), with an error and with tool steps. No serious or critical violation may be
// reported (colour contrast included: WCAG AA, 4.5:1 for text). Prints each case's counts, moderate and minor
// findings named, for the record.
//
//   node --test tests/demo/a11y.test.mjs            (needs pkg/ built: make pkg)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { demoHarness, send, settled } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const harness = demoHarness();

const LOOKS = [
  { name: "light", options: { viewport: { width: 1280, height: 860 }, colorScheme: "light" } },
  { name: "dark", options: { viewport: { width: 1280, height: 860 }, colorScheme: "dark" } },
  { name: "phone", options: { viewport: { width: 390, height: 844 }, colorScheme: "light", isMobile: true, hasTouch: true } },
  { name: "phone dark", options: { viewport: { width: 390, height: 844 }, colorScheme: "dark", isMobile: true, hasTouch: true } },
];

const STATES = [
  {
    name: "after a reply",
    query: "?mock=markdown,thinking",
    async act(page) {
      await send(page, "Why is the sky blue?");
      assert.equal(await settled(page), "done");
    },
  },
  {
    name: "with an error",
    query: "?mock=status=401",
    expected: ["console error: Failed to load resource: the server responded with a status of 401 (Unauthorized)"],
    async act(page) {
      await send(page, "Hello");
      assert.equal(await settled(page), "error");
    },
  },
  {
    name: "with tools",
    query: "",
    async act(page) {
      if (!(await page.isVisible("#p-tools"))) await page.click("#settings > summary");
      await page.check("#p-tools");
      await send(page, "What is 6 * 7?");
      assert.equal(await settled(page), "done");
    },
  },
];

/** axe's verdict on the page: the violations, by impact. */
async function audit(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return {
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ").trim()}`),
      })),
    };
  });
}

for (const look of LOOKS) {
  test(`axe: no serious or critical violations (${look.name}: empty, after a reply, with an error, with tools)`, async (t) => {
    const report = [];
    for (const state of [{ name: "empty", query: "", act: async () => {} }, ...STATES]) {
      harness.demo.mock.reset();
      const page = await harness.open(t, state.query, { context: { ...look.options, bypassCSP: true } });
      await state.act(page);
      // The panels open, so their controls are checked too.
      for (const id of ["settings", "chats", "advanced", "view-code"]) {
        await page.evaluate((id) => (document.getElementById(id).open = true), id);
      }
      const { passes, violations } = await audit(page);
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      report.push(
        `${look.name}, ${state.name}: ${passes} rules pass; violations: ${violations.length ? violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(", ") : "none"}`,
      );
      assert.deepEqual(bad, [], `${look.name}, ${state.name}`);
      page.clean(state.expected);
    }
    t.diagnostic(report.join("\n"));
  });
}

test("the roles: the conversation is a log, the settings and the chats are labelled landmarks", async (t) => {
  const page = await harness.open(t);
  assert.equal(await page.locator('[role="log"][aria-label="Conversation"] > ol#log').count(), 1);
  assert.equal(await page.locator('aside[aria-label="Settings"] #settings').count(), 1);
  assert.equal(await page.locator('nav[aria-label="Saved chats"] #chats').count(), 1);
  assert.equal(await page.locator("main #log").count(), 1);
  // Each reply is a list item of the log, its actions a labelled group.
  await send(page, "Hi");
  assert.equal(await settled(page), "done");
  assert.equal(await page.locator("#log > li.msg").count(), 2);
  assert.equal(await page.getAttribute(".msg.assistant .msg-actions", "aria-label"), "Reply actions");
  page.clean();
});
