// Headless Debian Chromium driven by playwright-core (Playwright's own browser download does not work here).
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * Collects what a page reports as going wrong, as texts: `page error: <message>` for an uncaught error and
 * `console <type>: <text>` for console messages of the given types, except those `expected(message)` accepts.
 */
export function pageProblems(page, { types = ["error"], expected = () => false } = {}) {
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (types.includes(message.type()) && !expected(message)) problems.push(`console ${message.type()}: ${message.text()}`);
  });
  return problems;
}
