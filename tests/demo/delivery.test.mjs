// How the demo server delivers the page: its production build (npm imports bundled, the package external), brotli
// and gzip, ETags and 304s, immutable versioned URLs, modulepreload and the .wasm preload, the config inside the
// page, the page's own size, its ready time on a throttled "Slow 4G" network (cold and warm cache), and one log line
// per API request saying how it ended.
//
//   node --test tests/demo/delivery.test.mjs            (needs pkg/ built: make pkg)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { startDemo } from "../../www/serve.mjs";
import { buildPage, pageBuild, watchedBuild } from "../../www/build.mjs";
import { IMMUTABLE, REVALIDATE } from "../../www/delivery.mjs";
import { DEMO_BUDGET, demoSizes } from "../../bench/demo-size.mjs";
import { launchChromium, pageProblems } from "../js/chromium.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHAT = "/v1/chat/completions";
const CHAT_BODY = JSON.stringify({ model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "hi" }], stream: true });

// DevTools' "Slow 4G" preset; the CPU is not throttled.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
// The issue's target for the page to be ready for input, cold cache, on that network.
const READY_TARGET_MS = 1500;
// Chromium's HTTP/1.1 connections per host: requests beyond them wait for a free one.
const CONNECTIONS_PER_HOST = 6;

let demo;
let browser;
const lines = [];

before(async () => {
  // Always the mock, whatever SILICONFLOW_API_KEY says.
  [demo, browser] = await Promise.all([startDemo({ upstream: { mock: {} }, log: (line) => lines.push(line) }), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/** A raw HTTP exchange with the demo server (no decompression): { status, headers, body }. */
function request(path, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${demo.url}${path}`, { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The page as served, and the URLs it names: { html, csp, modulepreloads, wasm, app, style, favicon }. */
async function servedPage() {
  const { headers, body } = await request("/");
  const html = body.toString("utf8");
  const href = (pattern) => html.match(pattern)?.[1];
  return {
    html,
    csp: headers["content-security-policy"],
    modulepreloads: [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]),
    wasm: href(/<link rel="preload" href="([^"]+\.wasm)" as="fetch" type="application\/wasm" crossorigin \/>/),
    app: href(/<script type="module" src="([^"]+)"/),
    style: href(/<link rel="stylesheet" href="([^"]+)"/),
    favicon: href(/<link rel="icon" href="([^"]+)"/),
  };
}

/** The bytes a URL should serve: the build's output for the page's files, else the file on disk. */
async function expectedBytes(url) {
  const path = url.split("?")[0].replace(/^\/pkg\/@[^/]+\//, "/pkg/");
  const output = (await pageBuild.current()).outputs.get(path);
  if (output) return output.body;
  return readFileSync(join(ROOT, path.startsWith("/pkg/") ? "" : "www", path));
}

const sha256 = (text) => createHash("sha256").update(text).digest("base64");

// --- Chromium on a throttled network ---

/**
 * Records when the page is ready (html[data-ready]), when the prompt is enabled and has focus (it takes typing from
 * then on: it is in the HTML, focused by autofocus), and the first contentful paint.
 */
function markReady() {
  const marks = (window.__marks = {});
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === "first-contentful-paint") marks.paint = entry.startTime;
  }).observe({ type: "paint", buffered: true });
  const promptUsable = () => {
    const prompt = document.getElementById("prompt");
    if (marks.prompt === undefined && prompt && !prompt.disabled && document.activeElement === prompt) marks.prompt = performance.now();
  };
  new MutationObserver(() => {
    if (marks.ready === undefined && document.documentElement?.dataset.ready !== undefined) marks.ready = performance.now();
    promptUsable();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready", "disabled"] });
  document.addEventListener("focusin", promptUsable, true);
}

/**
 * A page in `context` with its network emulated as `conditions` (none: unthrottled). Collects problems (console
 * errors and warnings, page errors) and every request as CDP reports it: { url, type, status, wireStatus (what
 * the server sent: 304 for a revalidation; undefined when served from the cache), fromCache }.
 */
async function instrumentedPage(context, conditions) {
  const page = await context.newPage();
  const problems = pageProblems(page, { types: ["error", "warning"] });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  if (conditions) await cdp.send("Network.emulateNetworkConditions", conditions);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  const requests = new Map();
  const entry = (id) => requests.get(id) ?? requests.set(id, {}).get(id);
  cdp.on("Network.requestWillBeSent", (e) => Object.assign(entry(e.requestId), { url: e.request.url, type: e.type }));
  cdp.on("Network.requestServedFromCache", (e) => (entry(e.requestId).fromCache = true));
  cdp.on("Network.responseReceived", (e) => {
    const r = entry(e.requestId);
    r.status = e.response.status;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.fromCache = true;
  });
  cdp.on("Network.responseReceivedExtraInfo", (e) => (entry(e.requestId).wireStatus = e.statusCode));
  for (const event of ["Network.loadingFinished", "Network.loadingFailed"]) cdp.on(event, (e) => (entry(e.requestId).done = true));
  await page.addInitScript(markReady);
  /** The page's requests, once every one begun has ended: one the browser starts late (the favicon) is known whole. */
  const settled = async () => {
    const begun = () => [...requests.values()].filter((r) => r.url);
    for (let waited = 0; begun().some((r) => !r.done) && waited < 5_000; waited += 20) await new Promise((go) => setTimeout(go, 20));
    return begun();
  };
  return { page, problems, requests: settled };
}

/**
 * Loads the page; resolves to its marks and its waterfall (Resource Timing: the document, then each request).
 * `early`: text typed into the prompt as soon as it has focus (before the page is ready, on a slow network).
 */
async function load(page, { early } = {}) {
  await page.goto(`${demo.url}/`, { waitUntil: early ? "commit" : "load" });
  let typedBeforeReady;
  if (early) {
    await page.waitForFunction(() => window.__marks?.prompt !== undefined, null, { timeout: 20_000, polling: 20 });
    typedBeforeReady = await page.evaluate(() => document.documentElement.dataset.ready === undefined);
    await page.keyboard.type(early);
  }
  await page.waitForSelector("html[data-ready]", { timeout: 20_000 });
  const result = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType("navigation");
    const row = (e, name) => ({
      name,
      start: Math.round(e.startTime),
      end: Math.round(e.responseEnd),
      bytes: e.transferSize,
      cached: e.transferSize === 0 && e.decodedBodySize > 0,
    });
    return {
      marks: window.__marks,
      waterfall: [row(nav, "/ (document)"), ...performance.getEntriesByType("resource").map((e) => row(e, e.name.replace(location.origin, "")))],
    };
  });
  return { ...result, typedBeforeReady };
}

function printWaterfall(title, { marks, waterfall }) {
  console.log(
    `${title}: first paint ${Math.round(marks.paint ?? NaN)} ms, the prompt takes typing ${Math.round(marks.prompt ?? NaN)} ms, ` +
      `ready (models, validation, Send) ${Math.round(marks.ready)} ms`,
  );
  for (const r of waterfall) {
    const what = r.cached ? "cache" : `${r.bytes} B`;
    console.log(`  ${String(r.start).padStart(5)} → ${String(r.end).padStart(5)} ms  ${what.padStart(8)}  ${r.name}`);
  }
}

describe("on a Slow 4G network", () => {
  let context;
  let cold;

  before(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } }); // its own, empty cache
  });
  after(() => context?.close());

  test(`cold cache: every request starts from the HTML; ready within two request latencies and the transfer`, async (t) => {
    const { page, problems } = await instrumentedPage(context, SLOW_4G);
    cold = await load(page, { early: "typed early" });
    printWaterfall("cold cache, Slow 4G", cold);
    const { marks, waterfall } = cold;
    const [doc, ...resources] = waterfall;
    const beforeReady = resources.filter((r) => r.start < marks.ready);

    // Nothing waits for a script to discover it: each request is known from the HTML (preloads, the import map).
    for (const r of beforeReady) assert.ok(r.start <= doc.end + 100, `${r.name} started at ${r.start} ms, the HTML ended at ${doc.end} ms`);

    // What this network allows: the HTML's latency, then everything else at once, and every byte at its rate;
    // one more latency for the requests that wait for one of Chromium's connections.
    const bytes = [doc, ...beforeReady].reduce((n, r) => n + r.bytes, 0);
    const floor = 2 * SLOW_4G.latency + (bytes / SLOW_4G.downloadThroughput) * 1000;
    const queued = beforeReady.length > CONNECTIONS_PER_HOST ? SLOW_4G.latency : 0;
    const bound = floor + queued + 300; // and the page's own start (compiling, the form)
    console.log(
      `  ${beforeReady.length} requests and ${bytes} B before ready: at best ${Math.round(floor)} ms on this network` +
        `${queued ? `, ${Math.round(floor + queued)} ms with ${beforeReady.length - CONNECTIONS_PER_HOST} waiting for a connection` : ""}`,
    );
    assert.ok(marks.ready <= bound, `ready at ${Math.round(marks.ready)} ms, more than ${Math.round(bound)} ms`);
    // Ready for input: the prompt takes typing from the first paint, long before the package is there; what was
    // typed stays, and can be sent once the page is ready.
    assert.ok(cold.typedBeforeReady, "typed before the page was ready");
    assert.ok(marks.prompt <= READY_TARGET_MS, `the prompt took typing at ${Math.round(marks.prompt)} ms`);
    assert.equal(await page.inputValue("#prompt"), "typed early");
    assert.equal(await page.isEnabled("#send"), true, "what was typed early can be sent");

    await t.test(`ready within ${READY_TARGET_MS} ms`, (st) => {
      // When the bytes alone cannot arrive in time, the target is out of reach for any delivery: reported as TODO.
      if (floor > READY_TARGET_MS) st.todo(`out of reach: ${bytes} B need ${Math.round(floor)} ms at best on this network`);
      assert.ok(marks.ready <= READY_TARGET_MS, `ready at ${Math.round(marks.ready)} ms`);
    });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("warm cache: only the HTML is revalidated (304); everything else comes from the cache", async () => {
    assert.ok(cold, "runs after the cold load, in its context");
    const { page, problems, requests } = await instrumentedPage(context, SLOW_4G);
    const warm = await load(page);
    printWaterfall("warm cache, Slow 4G", warm);
    const all = await requests();
    const network = all.filter((r) => !r.fromCache);
    console.log(`  ${all.length - network.length} of ${all.length} requests from the cache; to the server: ${network.map((r) => `${r.url.replace(demo.url, "")} ${r.wireStatus}`).join(", ")}`);
    assert.deepEqual(
      network.map((r) => [r.type, r.wireStatus]),
      [["Document", 304]],
    );
    assert.ok(all.length >= 8, "the page's files and the package's");
    // One round trip (the HTML's revalidation) and the page's start.
    assert.ok(warm.marks.ready <= SLOW_4G.latency + 500, `ready at ${Math.round(warm.marks.ready)} ms`);
    assert.ok(warm.marks.ready < cold.marks.ready);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe("the page as served", () => {
  test("modulepreload names every module loaded before the page runs, by the URL it loads with; the .wasm preload is the package's fetch", async (t) => {
    const context = await browser.newContext();
    t.after(() => context.close());
    const { page, problems, requests } = await instrumentedPage(context, null);
    await load(page);
    await page.waitForLoadState("load");
    // Chromium warns about a preload not used within a few seconds of the load event.
    await page.waitForTimeout(3500);
    const preloads = await page.$$eval('link[rel="modulepreload"]', (links) => links.map((l) => l.href));
    const wasmPreload = await page.$eval('link[rel="preload"][as="fetch"]', (l) => l.href);
    const all = await requests();
    const scripts = all.filter((r) => r.type === "Script").map((r) => r.url);
    assert.deepEqual([...scripts].sort(), [...preloads].sort(), "the modules loaded are the ones preloaded");
    assert.equal(new Set(scripts).size, scripts.length, "each fetched once");
    assert.ok(preloads.some((url) => url.includes("/pkg/@") && url.endsWith("/browser.js")), "the package's entry");
    assert.ok(preloads.some((url) => new URL(url).pathname === "/app.js"), "the page's bundle");
    assert.ok(preloads.every((url) => /[?&]v=|\/pkg\/@[^/]+\//.test(url)), "every one versioned");
    const wasm = all.filter((r) => r.url.endsWith(".wasm")).map((r) => r.url);
    assert.deepEqual(wasm, [wasmPreload], "the .wasm fetched once, by the preloaded URL");
    assert.ok(!all.some((r) => r.url.includes("/_demo/config")), "the config came with the page");
    assert.equal(await page.textContent("#upstream"), "Mock SiliconFlow (offline)", "and the page read it");
    assert.deepEqual(problems, [], "no console errors or warnings (CSP, preloads)");
  });

  test("the import map is the only inline script in the CSP; the config is a data block, never run", async () => {
    const { html, csp } = await servedPage();
    const importMap = html.match(/<script type="importmap">([\s\S]*?)<\/script>/)[1];
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'; /);
    assert.deepEqual([...csp.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]), [sha256(importMap)]);
    const config = html.match(/<script type="application\/json" id="demo-config">([\s\S]*?)<\/script>/)[1];
    assert.deepEqual(JSON.parse(config), { upstream: "mock", scenarios: true });
    assert.deepEqual(JSON.parse(importMap), {
      imports: {
        "siliconflow-wasm": importMap.match(/"(\/pkg\/@[^/"]+\/browser\.js)"/)[1],
        "siliconflow-wasm/request-fields": importMap.match(/"(\/pkg\/@[^/"]+\/dist\/request-fields\.js)"/)[1],
      },
    });
    // Still answered, for pages that ask.
    const response = await fetch(`${demo.url}/_demo/config`);
    assert.deepEqual(await response.json(), { upstream: "mock", scenarios: true });
  });

  test("brotli or gzip as accepted, with Vary and the length of what is sent; the bytes decompress to the file", async () => {
    const page = await servedPage();
    const urls = ["/", page.app, page.style, page.favicon, page.wasm, ...page.modulepreloads.filter((u) => u.startsWith("/pkg/")), "/app.js.map", "/_demo/config"];
    for (const url of urls) {
      const plain = await request(url);
      assert.equal(plain.status, 200, url);
      assert.equal(plain.headers["content-encoding"], undefined, url);
      assert.equal(Number(plain.headers["content-length"]), plain.body.length, url);
      if (url !== "/" && url !== "/_demo/config") assert.ok(plain.body.equals(await expectedBytes(url)), `${url}: the file's bytes`);

      for (const [accept, coding, decode] of [
        ["br", "br", brotliDecompressSync],
        ["gzip", "gzip", gunzipSync],
        ["gzip, deflate, br, zstd", "br", brotliDecompressSync],
        ["br;q=0, gzip", "gzip", gunzipSync],
      ]) {
        const sent = await request(url, { headers: { "accept-encoding": accept } });
        assert.equal(sent.status, 200);
        assert.match(sent.headers.vary ?? "", /Accept-Encoding/, url);
        assert.equal(Number(sent.headers["content-length"]), sent.body.length, `${url} ${accept}: content-length`);
        if (sent.headers["content-encoding"] === undefined) {
          // Sent as is only when compressing would not make it smaller.
          const smaller = coding === "br" ? brotliCompressSync(plain.body).length : gzipSync(plain.body).length;
          assert.ok(smaller >= plain.body.length, `${url} ${accept}: not compressed`);
          assert.ok(sent.body.equals(plain.body));
          continue;
        }
        assert.equal(sent.headers["content-encoding"], coding, `${url} ${accept}`);
        assert.ok(sent.body.length < plain.body.length, `${url} ${accept}: smaller`);
        assert.ok(decode(sent.body).equals(plain.body), `${url} ${accept}: decompresses to the same bytes`);
        const head = await request(url, { method: "HEAD", headers: { "accept-encoding": accept } });
        assert.equal(head.body.length, 0);
        assert.equal(head.headers["content-length"], sent.headers["content-length"]);
        assert.equal(head.headers.etag, sent.headers.etag);
      }
    }
    // The brotli page's own JS, CSS and the .wasm are smaller than gzip's.
    for (const url of [page.app, page.style, page.wasm]) {
      const [br, gz] = await Promise.all(["br", "gzip"].map((coding) => request(url, { headers: { "accept-encoding": coding } })));
      assert.ok(br.body.length < gz.body.length, url);
    }
  });

  test("API responses are passed through untouched: no compression, no ETag", async () => {
    const response = await request(`/api${CHAT}`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-encoding": "br, gzip" },
      body: CHAT_BODY,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers["content-encoding"], undefined);
    assert.equal(response.headers.etag, undefined);
    assert.match(response.body.toString("utf8"), /^data: \{/);
  });

  test("strong ETags, one per representation; If-None-Match answers 304 with the headers and no body", async () => {
    const page = await servedPage();
    for (const url of ["/", page.app, page.style, page.wasm, page.modulepreloads.at(-1), "/pkg/browser.js", "/app.js"]) {
      const tags = new Set();
      for (const accept of [undefined, "br", "gzip"]) {
        const headers = accept ? { "accept-encoding": accept } : {};
        const first = await request(url, { headers });
        assert.match(first.headers.etag, /^"[\w-]+"$/, `${url}: a strong ETag`);
        tags.add(first.headers.etag);
        const again = await request(url, { headers: { ...headers, "if-none-match": first.headers.etag } });
        assert.equal(again.status, 304, url);
        assert.equal(again.body.length, 0);
        assert.equal(again.headers.etag, first.headers.etag);
        assert.equal(again.headers["cache-control"], first.headers["cache-control"]);
        assert.equal(again.headers.vary, first.headers.vary);
        const weak = await request(url, { headers: { ...headers, "if-none-match": `"other", W/${first.headers.etag}` } });
        assert.equal(weak.status, 304, `${url}: If-None-Match compares weakly`);
        const stale = await request(url, { headers: { ...headers, "if-none-match": '"not-this-one"' } });
        assert.equal(stale.status, 200);
        assert.ok(stale.body.length > 0);
      }
      assert.equal(tags.size, 3, `${url}: identity, br and gzip have their own ETags`);
    }
  });

  test("versioned URLs are immutable; the same files unversioned, or under another version, are revalidated", async () => {
    const page = await servedPage();
    const cacheControl = async (url) => {
      const response = await request(url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers["x-content-type-options"], "nosniff", url);
      assert.equal(response.headers["referrer-policy"], "no-referrer", url);
      return response.headers["cache-control"];
    };
    assert.equal(await cacheControl("/"), REVALIDATE);
    for (const url of [page.app, page.style, page.favicon, page.wasm, ...page.modulepreloads]) assert.equal(await cacheControl(url), IMMUTABLE, url);
    assert.match(page.app, /^\/app\.js\?v=[\w-]+$/);
    assert.match(page.style, /^\/style\.css\?v=[\w-]+$/);
    assert.match(page.wasm, /^\/pkg\/@[\w-]+\/dist\/web\/siliconflow_wasm_bg\.wasm$/);
    for (const url of ["/app.js", "/style.css", "/favicon.svg", "/app.js?v=old", "/pkg/browser.js", "/pkg/dist/web/siliconflow_wasm_bg.wasm", "/pkg/@old/browser.js", "/app.js.map"]) {
      assert.equal(await cacheControl(url), REVALIDATE, url);
    }
    assert.ok((await request("/pkg/@old/browser.js")).body.equals(readFileSync(join(ROOT, "pkg/browser.js"))), "an old release path still answers");
    assert.equal((await request("/pkg/@old/../../www/serve.mjs")).status, 404);
    assert.equal((await request("/serve.mjs")).status, 404, "the server's own modules are not served");
  });
});

describe("the page's build", () => {
  test("npm imports are bundled, dynamic imports become chunks, the package stays external; rebuilt when a file changes", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "demo-build-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(
      join(dir, "app.js"),
      `import { SiliconFlow } from "siliconflow-wasm";
      import { requestFields } from "siliconflow-wasm/request-fields";
      import * as smd from "streaming-markdown";
      import { shared } from "./shared.js";
      import "./extra.css";
      document.title = shared + String(SiliconFlow) + Object.keys(smd).length + requestFields.length;
      export async function highlight(code) {
        const { h, render } = await import("preact");
        const { more } = await import("./more.js");
        return render(h("code", {}, code), document.body) + more;
      }`,
    );
    await writeFile(join(dir, "shared.js"), `export const shared = "first";`);
    await writeFile(join(dir, "more.js"), `import { shared } from "./shared.js"; export const more = shared + "!";`);
    await writeFile(join(dir, "style.css"), `body {\n  color: #ff0000;\n}\n`);
    await writeFile(join(dir, "extra.css"), `.icon { background: url(./icon.svg); }`);
    await writeFile(join(dir, "icon.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`);

    const watched = watchedBuild(dir);
    const page = await watched.current();
    const text = (build, url) => build.outputs.get(url).body.toString("utf8");
    const everything = (build) => [...build.outputs.keys()].filter((url) => url.endsWith(".js")).map((url) => text(build, url)).join("\n");
    const app = text(page, "/app.js");
    // (assert.ok with a message: a failed match would print the whole bundle)
    assert.ok(app.includes('from"siliconflow-wasm"'), "the package stays a bare import (the import map resolves it)");
    assert.ok(app.includes('from"siliconflow-wasm/request-fields"'));
    assert.ok(!everything(page).includes("streaming-markdown") && !everything(page).includes('"preact"'), "npm packages are bundled");
    assert.ok(app.includes("parser_write"), "streaming-markdown, statically imported, is in the entry");
    assert.ok(/\/\/# sourceMappingURL=app\.js\.map\n?$/.test(app));
    assert.ok(page.outputs.get("/app.js.map"));
    const chunks = [...page.outputs.keys()].filter((url) => /^\/chunk-\w+\.js$/.test(url));
    assert.ok(chunks.length >= 2, `the dynamic imports are chunks: ${chunks}`);
    assert.ok(chunks.every((url) => page.outputs.get(url).named), "named by their content's hash");
    assert.ok(chunks.some((url) => text(page, url).includes("http://www.w3.org/2000/svg")), "preact sits in a chunk loaded on first use");
    assert.ok(!app.includes("http://www.w3.org/2000/svg"), "not in the entry");
    assert.equal(text(page, "/style.css").trim().split("\n")[0], "body{color:red}");
    // CSS imported from JavaScript: a stylesheet of its own, which the page links too; what it references is named
    // by its hash.
    assert.deepEqual(page.styles, ["/style.css", "/app.css"]);
    const icon = [...page.outputs.keys()].find((url) => /^\/icon-\w+\.svg$/.test(url));
    assert.ok(icon && page.outputs.get(icon).named && text(page, "/app.css").includes(`url("./${icon.slice(1)}")`), text(page, "/app.css"));
    assert.ok(!page.outputs.get("/app.js").named && !page.outputs.get("/app.css").named && !page.outputs.get("/style.css").named);

    await writeFile(join(dir, "shared.js"), `export const shared = "second";`);
    const rebuilt = await watched.current();
    assert.notEqual(rebuilt, page);
    assert.ok(everything(rebuilt).includes('"second"') && !everything(rebuilt).includes('"first"'));
    assert.equal(await watched.current(), rebuilt, "unchanged files: the same build");

    await writeFile(join(dir, "shared.js"), `export const shared = ;`);
    await assert.rejects(watched.current(), /the page's build failed:\n.*shared\.js:1:\d+/);
  });

  test(`the page's own JS and CSS: at most ${DEMO_BUDGET} B gzip -9, all it loads outside /pkg/`, async (t) => {
    const { files, total, atLoad } = await demoSizes();
    for (const f of files) console.log(`  ${f.url.padEnd(26)} ${f.atLoad ? "at load" : "on use "}  ${f.raw} B raw, ${f.gzip} B gzip -9, ${f.br} B br`);
    console.log(`  at load: ${atLoad.gzip} B gzip -9 (${atLoad.br} B br); all: ${total.gzip} B gzip -9 (${total.br} B br), budget ${DEMO_BUDGET} B gzip -9`);
    assert.ok(total.gzip <= DEMO_BUDGET, `${total.gzip} B gzip -9`);

    // What the page loads besides the package and the HTML is what was counted.
    const context = await browser.newContext();
    t.after(() => context.close());
    const page = await context.newPage();
    const loaded = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (["script", "stylesheet"].includes(r.resourceType()) && !url.pathname.startsWith("/pkg/")) loaded.push(url.pathname);
    });
    await page.goto(`${demo.url}/`);
    await page.waitForSelector("html[data-ready]");
    assert.deepEqual(loaded.sort(), files.filter((f) => f.atLoad).map((f) => f.url).sort());
    const served = await buildPage();
    assert.deepEqual([...served.outputs.keys()].sort(), [...(await pageBuild.current()).outputs.keys()].sort(), "the server's build");
  });
});

// --- the API log ---

const chat = (scenario, init = {}) =>
  fetch(`${demo.url}/api${scenario ? `/s/${scenario}` : ""}${CHAT}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: CHAT_BODY,
    ...init,
  });

/** The log lines of the requests made by `run`, once each has logged and a moment has passed for a second line. */
async function linesOf(run, count = 1) {
  const from = lines.length;
  await run();
  const deadline = Date.now() + 5000;
  while (lines.length - from < count && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
  await new Promise((done) => setTimeout(done, 300));
  return lines.slice(from);
}

test("each API request logs one line saying how it ended: answered, stopped by the browser, or broken off upstream", async () => {
  const answered = await linesOf(async () => assert.match(await (await chat()).text(), /data: \[DONE\]/));
  assert.equal(answered.length, 1, answered.join("\n"));
  assert.match(answered[0], /^POST \/api\/v1\/chat\/completions → 200 in \d+ ms \(trace [0-9a-f]{32}\)$/);

  // The upstream drops the connection mid-stream (drop_after): the server breaks the browser's stream off too.
  const dropped = await linesOf(async () => {
    const response = await chat("drop_after=3");
    assert.equal(response.status, 200);
    await assert.rejects(response.text());
  });
  assert.equal(dropped.length, 1, dropped.join("\n"));
  assert.match(dropped[0], /^POST \/api\/s\/drop_after=3\/v1\/chat\/completions → upstream broke off after \d+ ms$/);

  // Stop: the browser goes away mid-stream.
  const stopped = await linesOf(async () => {
    const controller = new AbortController();
    const response = await chat("tokens=400", { signal: controller.signal });
    await response.body.getReader().read();
    controller.abort();
  });
  assert.equal(stopped.length, 1, stopped.join("\n"));
  assert.match(stopped[0], /^POST \/api\/s\/tokens=400\/v1\/chat\/completions → stopped by the browser after \d+ ms$/);
  const entry = await demo.mock.waitFor((e) => e.scenario === "tokens=400" && e.closedAt !== null, 5000);
  assert.equal(entry.closedByClient, true, "the upstream request was cancelled");

  // Stopped before the upstream answered (headers held back by the mock).
  const early = await linesOf(async () => {
    const controller = new AbortController();
    const response = chat("headers_delay=400", { signal: controller.signal });
    await demo.mock.waitFor((e) => e.scenario === "headers_delay=400", 5000);
    controller.abort();
    await assert.rejects(response);
  });
  assert.equal(early.length, 1, early.join("\n"));
  assert.match(early[0], /→ stopped by the browser after \d+ ms$/);
});
