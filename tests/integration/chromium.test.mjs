// The integration suite in headless Chromium: pkg/browser.js and the suite are served from the repo root and
// imported by tests/js/blank.html; the mock (another origin, CORS) runs in this process.
import { serveStatic } from "../js/static-server.mjs";
import { launchChromium, pageProblems } from "../js/chromium.mjs";
import { ONLY, ROOT, runtimeTest } from "./runtimes.mjs";

// Chromium logs a console error ("Failed to load resource: ...") for every failed request, including the ones
// the suite provokes on purpose; these are expected, anything else (JS errors included) fails the test:
// the unreachable port (net::ERR_UNSAFE_PORT, as Chromium blocks port 9, or a refused connection), the mock's
// `status=N` scenarios (that status), and its `drop_after` scenarios (a truncated chunked body).
function expectedNetworkError(message, mockUrl) {
  const text = message.text();
  const url = message.location().url ?? "";
  if (!text.startsWith("Failed to load resource: ")) return false;
  if (url.startsWith("http://127.0.0.1:9/")) return /net::ERR_(UNSAFE_PORT|CONNECTION_REFUSED)/.test(text);
  const scenario = url.startsWith(`${mockUrl}/s/`) ? url.slice(mockUrl.length + 3).split("/")[0].split(",") : [];
  const status = scenario.find((token) => token.startsWith("status="))?.slice(7);
  if (status) return text.includes(`the server responded with a status of ${status} `);
  if (scenario.some((token) => token.startsWith("drop_after="))) return text.includes("net::ERR_INCOMPLETE_CHUNKED_ENCODING");
  return false;
}

runtimeTest("chromium", async (mockUrl, t) => {
  const server = await serveStatic(ROOT);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems = pageProblems(page, { expected: (message) => expectedNetworkError(message, mockUrl) });
  await page.goto(`${server.url}/tests/js/blank.html`);
  const results = await page.evaluate(
    async ({ mockUrl, only }) => {
      const api = await import("/pkg/browser.js");
      const { runSuite } = await import("/tests/integration/suite.mjs");
      const { trackRejections } = await import("/tests/integration/runners/rejections.mjs");
      const finish = trackRejections((note) =>
        addEventListener("unhandledrejection", (event) => {
          event.preventDefault();
          note(event.reason);
        }),
      );
      return finish(await runSuite({ api, mockUrl, only }));
    },
    { mockUrl, only: ONLY },
  );
  const ok = problems.length === 0;
  const error = `${problems.length} unexpected page/console error(s):\n${problems.join("\n")}`;
  return [...results, { name: "(harness) no page errors, no console errors but the expected network ones", ok, ms: 0, ...(ok ? {} : { error }) }];
});
