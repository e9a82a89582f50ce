// The benchmarks in headless Chromium: P1-P3 (each case and contender in a fresh browser context), P5 cold start
// (fresh contexts, nothing cached, each library as an esbuild bundle), P6 time to first chunk from the page. Called by bench/run.mjs.
// openai-node and eventsource-parser are bundled for the page by esbuild (minified, as an app would ship them).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium, pageProblems } from "../tests/js/chromium.mjs";
import { serveStatic } from "../tests/js/static-server.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

async function bundle(source, file) {
  await build({
    stdin: { contents: source, resolveDir: ROOT, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outfile: `${ROOT}bench/out/${file}`,
    logLevel: "error",
  });
}

export async function openChromium() {
  await bundle(`export { default as OpenAI } from "openai"; export { createParser } from "eventsource-parser";`, "peers.js");
  // P5 loads each library as an app ships it: one esbuild bundle (ours fetches its .wasm next to it), against a
  // page that loads an empty bundle.
  await bundle(`export { default as OpenAI } from "openai";`, "openai.js");
  await bundle(`export { validateRequest } from "siliconflow-wasm";`, "ours.js");
  await bundle(`export {};`, "empty.js");
  mkdirSync(`${ROOT}bench/out/dist/web`, { recursive: true });
  copyFileSync(`${ROOT}pkg/dist/web/siliconflow_wasm_bg.wasm`, `${ROOT}bench/out/dist/web/siliconflow_wasm_bg.wasm`);
  const server = await serveStatic(ROOT);
  const browser = await launchChromium();
  const page = async (path) => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const problems = pageProblems(p, { types: [] });
    await p.goto(`${server.url}${path}`);
    await p.waitForFunction(() => document.title === "ready" || document.title === "failed", null, { timeout: 60_000 });
    if (problems.length) throw new Error(problems.join("\n"));
    return { page: p, close: () => context.close() };
  };
  /** Runs `fn(args)` in bench/browser.html, in a fresh context. */
  const evaluate = async (fn, args) => {
    const { page: p, close } = await page("/bench/browser.html");
    try {
      return await p.evaluate(fn, args);
    } finally {
      await close();
    }
  };
  return {
    /** One case and contender in a fresh context: `{ ms, result }`. */
    runCase: (index, contender, runs) => evaluate((a) => window.bench.pipeline(...a), [index, contender, runs]),
    /** P5: ms from navigation to the library loaded and used once; medians over fresh contexts, alternating. */
    async coldStart(runs) {
      const times = { "siliconflow-wasm": [], "openai-node": [], "empty bundle": [] };
      const libs = { "siliconflow-wasm": "ours", "openai-node": "openai", "empty bundle": "none" };
      for (let i = 0; i < runs + 2; i += 1) {
        for (const [name, lib] of Object.entries(libs)) {
          const { page: p, close } = await page(`/bench/cold.html?lib=${lib}`);
          const ms = await p.evaluate(() => window.loadedAt);
          await close();
          if (i >= 2) times[name].push(ms);
        }
      }
      const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
      return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    },
    /** P6 from a page, against the mock. */
    firstChunk: (baseURL, apiKey, runs) => evaluate((a) => window.bench.firstChunk(...a), [baseURL, apiKey, runs]),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
