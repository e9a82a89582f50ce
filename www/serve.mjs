#!/usr/bin/env node
// The demo server: serves the page (www/) and the package (pkg/, imported by the page exactly as an npm user
// would), and forwards the page's API calls under /api/ to an upstream that holds the key.
//
// The page goes out as a production build, made in memory on the first request after a change under www/
// (www/build.mjs); index.html with versioned URLs, preloads and the config (www/page.mjs); every file compressed,
// with ETags and long-lived caching where the URL names the content (www/delivery.mjs).
//
//   node www/serve.mjs [--port N]        → prints `siliconflow-wasm demo: http://127.0.0.1:PORT` (default 8000,
//                                          or any free port when 8000 is taken)
//
// Upstream: without SILICONFLOW_API_KEY in the environment, the mock SiliconFlow server (tests/mock/), started in
// this process; /api/<path> goes to the mock's /<path> (scenario prefixes /api/s/<tokens>/v1/... included). With
// SILICONFLOW_API_KEY set, /api/v1/... goes to https://api.siliconflow.cn/v1/... with the key added here: it never
// reaches the page, a log line or an error body. The forwarding is the package's edge helper, proxyRequest (the
// same as in worker/): validation before any upstream traffic, responses streamed through chunk by chunk, the
// upstream request cancelled when the browser goes away.
//
//   import { startDemo } from "./www/serve.mjs";
//   const demo = await startDemo({ port: 0 });                         // upstream from the environment
//   const demo = await startDemo({ upstream: { mock: { apiKey } } });  // a mock with this key
//   const demo = await startDemo({ upstream: { url, apiKey } });       // any SiliconFlow-compatible origin
//   demo.url; demo.mock /* the mock (log, waitFor, reset) or null */; await demo.close();
import http from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startMock } from "../tests/mock/siliconflow-mock.mjs";
import { proxyRequest } from "../pkg/node.js";
import { ENTRIES, pageBuild } from "./build.mjs";
import { IMMUTABLE, REVALIDATE, compressedForms, sendBody } from "./delivery.mjs";
import { contentHash, readFresh } from "./fresh.mjs";
import { packageRelease, releasePath, renderPage, staticFile } from "./page.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PKG = join(ROOT, "pkg");

export const SILICONFLOW_ORIGIN = "https://api.siliconflow.cn";
/** Pause between the mock's stream frames, so streaming is visible. */
export const MOCK_DELAY_MS = 25;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

// Headers the page may send upstream, and the ones that come back. Nothing else crosses (no cookies, no
// Authorization from the page: the key is added here).
const REQUEST_HEADERS = ["content-type", "accept"];
const RESPONSE_HEADERS = [
  "content-type",
  "content-encoding",
  "cache-control",
  "x-siliconcloud-trace-id",
  "retry-after",
  "retry-after-ms",
];

/** The upstream: { kind, origin, apiKey, scenarios, mock }. */
async function resolveUpstream(upstream, env) {
  if (upstream === undefined) {
    const apiKey = env.SILICONFLOW_API_KEY?.trim();
    upstream = apiKey ? { url: SILICONFLOW_ORIGIN, apiKey } : { mock: {} };
  }
  if (upstream === "mock") upstream = { mock: {} };
  if (upstream.mock) {
    const apiKey = upstream.mock.apiKey ?? `sk-demo-${randomBytes(12).toString("hex")}`;
    const mock = await startMock({ port: 0, apiKey, delayMs: upstream.mock.delayMs ?? MOCK_DELAY_MS });
    return { kind: "mock", origin: new URL(mock.url), apiKey, scenarios: true, mock };
  }
  if (!upstream.url || !upstream.apiKey) throw new Error("startDemo: upstream needs { mock } or { url, apiKey }");
  const origin = new URL(upstream.url);
  const kind = origin.origin === SILICONFLOW_ORIGIN ? "siliconflow" : "proxy";
  return { kind, origin, apiKey: upstream.apiKey, scenarios: false, mock: null };
}

/** The upstream path for a page path under /api/, or null when it is not an API path we forward. */
function upstreamPath(path, scenarios) {
  const rest = path.slice("/api".length);
  const api = scenarios ? /^\/(s\/[^/]*\/)?v1(\/|$)/ : /^\/v1(\/|$)/;
  return api.test(rest) ? rest : null;
}

function sendJson(res, status, value, headers = {}) {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": TYPES[".json"], "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Answers one /api/ request with the package's own edge helper, `proxyRequest`: it validates the request, adds the
 * key, sends it upstream (retrying before the first byte) and streams the answer back as it arrives. When the
 * browser goes away the request's signal aborts, which cancels the upstream request. Logs one line per request,
 * saying how it ended: answered, stopped by the browser, or broken off by the upstream.
 */
async function forward(req, res, upstream, path, search, log, origin) {
  const started = performance.now();
  const where = `${req.method} ${req.url}`;
  const controller = new AbortController();
  let ended = false;
  const end = (outcome) => {
    if (ended) return;
    ended = true;
    log(`${where} → ${outcome}`);
  };
  const after = () => `after ${Math.round(performance.now() - started)} ms`;
  // A close before the response was complete and before the upstream failed (which ends it first) is the browser's.
  res.once("close", () => {
    if (!res.writableFinished) {
      controller.abort();
      end(`stopped by the browser ${after()}`);
    }
  });
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = {};
  for (const name of REQUEST_HEADERS) if (req.headers[name]) headers[name] = req.headers[name];
  if (req.headers.origin) headers.origin = req.headers.origin;
  const request = new Request(`${origin}/api${path}${search}`, {
    method: req.method,
    headers,
    body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    signal: controller.signal,
  });
  // The scenario prefix (mock only) selects the mock's behaviour: /s/<tokens>/v1/... → <mock>/s/<tokens>/v1.
  const prefix = path.slice(0, path.indexOf("/v1") + "/v1".length);
  // (The proxy passes on the wait an upstream failure asked for, as retry-after-ms and retry-after: the page's
  // client retries, and shows when.)
  const response = await proxyRequest(request, {
    apiKey: upstream.apiKey,
    baseURL: upstream.origin.href.replace(/\/$/, "") + prefix,
    allowedOrigins: [origin],
    // The page's client retries (and shows each retry, with Retry-After): so the proxy does not, and its
    // x-should-retry: false is not passed on.
    maxRetries: 0,
  });
  if (res.destroyed) return; // the browser left while the upstream was being asked
  const out = {};
  for (const [name, value] of response.headers) if (RESPONSE_HEADERS.includes(name)) out[name] = value;
  res.writeHead(response.status, out);
  res.flushHeaders(); // a stream's headers go out before its first chunk
  const trace = response.headers.get("x-siliconcloud-trace-id");
  if (response.body) {
    const reader = response.body.getReader();
    res.once("close", () => reader.cancel().catch(() => {}));
    try {
      for (let r; !(r = await reader.read()).done; ) {
        if (!res.write(r.value)) await Promise.race([once(res, "drain"), once(res, "close")]);
        if (res.destroyed) return;
      }
    } catch {
      if (res.destroyed) return; // the read failed because the browser left (logged then)
      end(`upstream broke off ${after()}`);
      res.destroy(); // the browser sees the stream break too
      return;
    }
  }
  if (res.destroyed) return;
  res.end();
  end(`${response.status} in ${Math.round(performance.now() - started)} ms${trace ? ` (trace ${trace})` : ""}`);
}

/** The sha256 CSP source of each inline script the page runs (the import map; data blocks are never run). */
function inlineScriptHashes(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes, text]) => text.trim() !== "" && !/\btype="[^"]*json"/.test(attributes))
    .map(([, , text]) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`);
}

function contentSecurityPolicy(html) {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets the page compile the package's wasm; nothing needs eval.
    `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes(html).join(" ")}`,
    `connect-src 'self' ${SILICONFLOW_ORIGIN}`,
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const SECURITY_HEADERS = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

function sendText(res, status, text) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...SECURITY_HEADERS }).end(text);
}

const reported = new WeakSet(); // build failures already logged

/** The page's build, or its failure (the page's entry files then answer with it). */
async function currentBuild() {
  try {
    return { build: await pageBuild.current(), error: null };
  } catch (error) {
    return { build: null, error };
  }
}

/**
 * Serves the page (index.html as page.mjs writes it), its build (www/build.mjs), the other files of www/ and pkg/.
 * What a URL names for good may be cached for good: a page file whose `?v=` is its content's hash, a chunk (its name
 * is its hash), a package file under the current release directory (/pkg/@<hash>/). Anything else is revalidated on
 * each use.
 */
async function serveStatic(req, res, path, version, config, log) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  // The package's files are not the page's build: no need to check it for them.
  const { build, error } = path.startsWith("/pkg/") ? { build: null, error: null } : await currentBuild();
  if (error && !reported.has(error)) {
    reported.add(error); // once per failure: it is kept until a file changes
    log(error.message);
  }
  if (path === "/" || path === "/index.html") {
    const { html } = await renderPage({ build, config });
    const body = Buffer.from(html);
    const headers = { ...SECURITY_HEADERS, "content-security-policy": contentSecurityPolicy(html) };
    await sendBody(req, res, { body, hash: contentHash(body), type: TYPES[".html"], cacheControl: REVALIDATE, headers });
    return;
  }
  const output = build?.outputs.get(path);
  if (output) {
    const cacheControl = output.named || version === output.hash ? IMMUTABLE : REVALIDATE;
    await sendBody(req, res, { ...output, cacheControl, headers: SECURITY_HEADERS });
    return;
  }
  if (error && ENTRIES.some((name) => path === `/${name}`)) {
    sendText(res, 500, error.message);
    return;
  }
  let immutable = false;
  const release = releasePath(path);
  if (release) {
    // An older release's path gets today's file, revalidated: only the current one is known to be that content.
    const current = await packageRelease();
    immutable = release.version === current.version && current.files.has(release.path);
    path = release.path;
  }
  const file = staticFile(path);
  const type = TYPES[extname(path)];
  if (!file || !type || path.endsWith(".mjs")) return sendText(res, 404, "not found");
  let found;
  try {
    found = await readFresh(file);
  } catch {
    return sendText(res, 404, "not found");
  }
  const cacheControl = immutable || version === found.hash ? IMMUTABLE : REVALIDATE;
  await sendBody(req, res, { body: found.body, hash: found.hash, type, cacheControl, headers: SECURITY_HEADERS });
}

/** Builds the page and compresses what it loads, so the first visitor does not wait for either. */
async function prepare(config) {
  const { build } = await currentBuild();
  const { urls } = await renderPage({ build, config });
  await Promise.all(
    urls.map(async (url) => {
      url = releasePath(url)?.path ?? url;
      const output = build?.outputs.get(url);
      const file = output ?? (await readFresh(staticFile(url)).catch(() => null));
      const type = TYPES[extname(url)];
      if (file && type) await compressedForms(file.body, file.hash, type);
    }),
  );
}

/**
 * Starts the demo on 127.0.0.1. `upstream`: undefined (from the environment: SILICONFLOW_API_KEY, else the mock),
 * `{ mock: { apiKey?, delayMs? } }`, or `{ url, apiKey }`. `log(line)` gets one line per API request (never the
 * key), and the page's build errors. Resolves to { url, upstream: kind, mock (or null), close() } once the page is built and compressed.
 */
export async function startDemo({ port = 0, upstream, log = () => {}, env = process.env } = {}) {
  const up = await resolveUpstream(upstream, env);
  const config = { upstream: up.kind, scenarios: up.scenarios };
  const configBody = Buffer.from(JSON.stringify(config));
  const configHash = contentHash(configBody);

  const server = http.createServer({ noDelay: true }, (req, res) => {
    const url = new URL(req.url, "http://demo");
    let path;
    try {
      path = decodeURI(url.pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("bad path");
      return;
    }
    if (path === "/_demo/config") {
      // The page reads its copy in index.html; this stays for pages that still ask.
      sendBody(req, res, { body: configBody, hash: configHash, type: TYPES[".json"], cacheControl: "no-store" }).catch(() => res.destroy());
    } else if (path === "/api" || path.startsWith("/api/")) {
      const target = upstreamPath(url.pathname, up.scenarios);
      if (!target) sendJson(res, 404, { message: `The demo server forwards /api/v1/... only, not ${url.pathname}.`, data: null });
      else if (req.method !== "GET" && req.method !== "POST") sendJson(res, 405, { message: "GET or POST only.", data: null });
      else forward(req, res, up, target, url.search, log, origin).catch(() => res.destroy());
    } else {
      serveStatic(req, res, path, url.searchParams.get("v"), config, log).catch((error) => {
        if (res.headersSent) res.destroy();
        else sendText(res, 500, error.message);
      });
    }
  });
  let origin = "";
  server.listen(port, "127.0.0.1");
  try {
    await once(server, "listening");
  } catch (error) {
    await up.mock?.close();
    throw error;
  }
  origin = `http://127.0.0.1:${server.address().port}`;
  // A broken page or package shows on its first request instead.
  await prepare(config).catch(() => {});

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    upstream: up.kind,
    mock: up.mock,
    async close() {
      const closed = new Promise((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      await up.mock?.close();
    },
  };
}

const DEFAULT_PORT = 8000;

/** The --port option; undefined when not given. */
function cliPort(argv) {
  let port;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    if (flag === "--port") port = Number(inline ?? argv[++i]);
    else throw new Error(`unknown option ${argv[i]}; usage: node www/serve.mjs [--port N]`);
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error("--port needs a port number (0: any free port)");
  return port;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let port;
  try {
    port = cliPort(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  if (!existsSync(join(PKG, "dist", "siliconflow_wasm_bg.wasm"))) {
    console.error("pkg/ is not built yet: run `make demo` (it builds the package first) or `make pkg`.");
    process.exit(1);
  }
  const log = (line) => console.log(`  ${new Date().toLocaleTimeString()}  ${line}`);
  let demo;
  try {
    demo = await startDemo({ port: port ?? DEFAULT_PORT, log });
  } catch (error) {
    if (error.code !== "EADDRINUSE") throw error;
    if (port !== undefined) {
      console.error(`port ${port} is taken; pick another with --port N (0: any free port)`);
      process.exit(1);
    }
    console.log(`(port ${DEFAULT_PORT} is taken; using a free one)`);
    demo = await startDemo({ port: 0, log });
  }
  console.log(`siliconflow-wasm demo: ${demo.url}`);
  console.log(
    demo.upstream === "mock"
      ? "  upstream: the mock SiliconFlow server, offline (set SILICONFLOW_API_KEY to use the real API)"
      : `  upstream: ${SILICONFLOW_ORIGIN}/v1 with the key from SILICONFLOW_API_KEY (kept on this server)`,
  );
  console.log("  Ctrl+C stops it.");
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => demo.close().then(() => process.exit(0)));
}
