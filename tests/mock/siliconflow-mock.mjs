#!/usr/bin/env node
// A faithful, dependency-free mock of the SiliconFlow chat API (see docs/api-notes.md), for the
// integration tests in every runtime and the in-browser demo.
//
//   import { startMock } from "./tests/mock/siliconflow-mock.mjs";
//   const mock = await startMock({ port: 0, apiKey: "sk-mock", delayMs: 0 });
//   const baseURL = `${mock.url}/s/thinking,delay=20/v1`;   // scenario tokens: see scenario.mjs
//   ...; await mock.waitFor((e) => e.closedByClient, 2000); mock.reset(); await mock.close();
//
//   node tests/mock/siliconflow-mock.mjs [--port N] [--key K] [--delay MS]   → prints `listening http://127.0.0.1:N`
//
// Routes: /v1/models, /v1/chat/completions (Bearer auth), /_mock/log (GET, the log as JSON; `?since=<seq>` for the
// entries after seq), /_mock/reset (POST); OPTIONS anywhere answers the CORS preflight.
import http from "node:http";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { listModels } from "./catalog.mjs";
import { completionBody, planCompletion, streamChunks } from "./completion.mjs";
import { BODIES, JSON_TYPE, NOT_FOUND, TEXT_TYPE, invalidParameter, sendError, sendJsonError, statusResponse } from "./errors.mjs";
import { sendCompletion, sendStream } from "./framing.mjs";
import { RequestLog } from "./log.mjs";
import { ScenarioError, parseScenario, splitScenarioPath } from "./scenario.mjs";

const EXPOSED = "x-siliconcloud-trace-id, retry-after, retry-after-ms";

/** One request/response pair: headers out, sleeps and backpressure that end when the client goes away. */
class Exchange {
  closed = false; // the response (or its connection) closed
  dropped = false; // the server destroyed the socket on purpose (drop_after, close())

  constructor(res, entry, log) {
    this.res = res;
    this.entry = entry;
    this.log = log;
    this.whenClosed = new Promise((done) => res.once("close", done)).then(() => {
      this.closed = true;
    });
  }

  /** writeHead, and the status goes in the log. */
  head(status, headers = {}) {
    this.res.writeHead(status, headers);
    this.log.update(this.entry, { status });
  }

  /** Waits `ms`, or less if the connection closes first. */
  async sleep(ms) {
    if (!(ms > 0) || this.closed) return;
    let timer;
    await Promise.race([new Promise((done) => (timer = setTimeout(done, ms))), this.whenClosed]);
    clearTimeout(timer);
  }

  /** Waits until the response can take more data (or closed). */
  drained() {
    return Promise.race([once(this.res, "drain").catch(() => {}), this.whenClosed]);
  }

  /** Destroys the socket mid-response, after everything written so far has reached the kernel. */
  async drop() {
    const socket = this.res.socket;
    await nextTurn(); // the http layer uncorks on the next tick
    while (socket && !socket.destroyed && socket.writableLength > 0) {
      await Promise.race([once(socket, "drain").catch(() => {}), this.whenClosed]);
    }
    this.dropped = true;
    socket?.destroy();
  }
}

function authOf(header, apiKey) {
  if (header === undefined) return "missing";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match && match[1].trim() === apiKey ? "ok" : "wrong";
}

async function readBody(req) {
  const parts = [];
  try {
    for await (const part of req) parts.push(part);
  } catch {
    return null; // the client went away mid-upload
  }
  return Buffer.concat(parts).toString("utf8");
}

function parseJson(text) {
  if (!text) return { ok: false, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: null };
  }
}

function preflight(req, res) {
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "authorization, content-type",
    "access-control-max-age": "600",
    ...(req.headers["access-control-request-private-network"] ? { "access-control-allow-private-network": "true" } : {}),
  });
  res.end();
}

/** Checks a chat request body the way SiliconFlow does; returns [status, errorBody] or null when it is fine. */
function invalidChat(parsed) {
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    return [400, invalidParameter("the request body must be a JSON object")];
  }
  const { model, messages } = parsed.value;
  if (typeof model !== "string" || model === "") return [400, invalidParameter("Field required: model")];
  if (!Array.isArray(messages) || messages.length === 0) {
    return [400, invalidParameter("Field required: messages (a non-empty array)")];
  }
  if (model.startsWith("unknown/")) return [400, BODIES.modelNotFound];
  return null;
}

/**
 * Starts the mock on 127.0.0.1. Resolves to { url, close(), log, reset(), waitFor(predicate, timeoutMs) }.
 * `delayMs` is the default pause between stream frames (scenario `delay` overrides it).
 */
export async function startMock({ port = 0, apiKey = "sk-mock", delayMs = 0 } = {}) {
  const log = new RequestLog();
  const startMs = Date.now();
  const statusCounts = new Map(); // scenario string → error responses sent (for `times`)
  let shuttingDown = false;

  function admin(req, res, url) {
    if (req.method === "OPTIONS") return preflight(req, res);
    if (req.method === "GET" && url.pathname === "/_mock/log") {
      const since = Number(url.searchParams.get("since") ?? 0) || 0;
      const text = JSON.stringify(log.entries.filter((e) => e.seq > since));
      res.writeHead(200, { "content-type": JSON_TYPE, "cache-control": "no-store" });
      return res.end(text);
    }
    if (req.method === "POST" && url.pathname === "/_mock/reset") {
      reset();
      res.writeHead(200, { "content-type": JSON_TYPE });
      return res.end('{"ok":true}');
    }
    res.writeHead(404, { "content-type": TEXT_TYPE });
    res.end(NOT_FOUND.text);
  }

  function reset() {
    log.reset();
    statusCounts.clear();
  }

  async function handle(req, res) {
    const traceId = randomBytes(16).toString("hex");
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", EXPOSED);
    res.setHeader("x-siliconcloud-trace-id", traceId);
    const url = new URL(req.url, "http://mock");
    if (url.pathname.startsWith("/_mock/")) return admin(req, res, url);

    let where;
    let scenario;
    let scenarioError = null;
    try {
      where = splitScenarioPath(url.pathname);
      scenario = parseScenario(where.raw);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      where ??= { raw: url.pathname, path: url.pathname };
      scenarioError = error;
    }
    const auth = authOf(req.headers.authorization, apiKey);
    const entry = log.open({ traceId, method: req.method, path: where.path, scenario: where.raw, auth });
    const exchange = new Exchange(res, entry, log);
    res.once("finish", () => log.update(entry, { endedAt: log.now() }));
    res.once("close", () =>
      log.update(entry, {
        closedAt: log.now(),
        closedByClient: !res.writableFinished && !exchange.dropped && !shuttingDown,
      }),
    );

    const text = await readBody(req);
    const parsed = parseJson(text);
    log.update(entry, { body: parsed.value });
    if (text === null || exchange.closed) return;

    if (req.method === "OPTIONS") {
      exchange.log.update(entry, { status: 204 });
      return preflight(req, res);
    }
    if (scenarioError) {
      return sendError(exchange, 400, { type: TEXT_TYPE, text: `mock: ${scenarioError.message}` });
    }
    await exchange.sleep(scenario.headers_delay);
    if (exchange.closed) return;

    const path = where.path;
    if (path !== "/v1" && !path.startsWith("/v1/")) return sendError(exchange, 404, NOT_FOUND);
    if (auth !== "ok") return sendJsonError(exchange, 401, BODIES.invalidToken);

    if (scenario.echo_auth) {
      // Every place an upstream could leak what it was sent.
      const echoed = req.headers.authorization ?? "";
      res.setHeader("x-siliconcloud-trace-id", echoed);
      res.setHeader("x-echo-authorization", echoed);
      exchange.echo = echoed;
    }
    if (scenario.status !== undefined) {
      const sent = statusCounts.get(scenario.raw) ?? 0;
      if (scenario.times === undefined || sent < scenario.times) {
        statusCounts.set(scenario.raw, sent + 1);
        const headers = {};
        if (scenario.retry_after !== undefined) headers["retry-after"] = String(scenario.retry_after);
        if (scenario.retry_after_ms !== undefined) headers["retry-after-ms"] = String(scenario.retry_after_ms);
        return sendError(exchange, scenario.status, statusResponse(scenario.status), headers);
      }
    }

    if (scenario.redirect !== undefined && path !== "/v1/elsewhere/chat/completions") {
      const location = `http://${req.headers.host}/v1/elsewhere${path.slice(3)}`;
      exchange.head(scenario.redirect, { location, "content-type": TEXT_TYPE });
      return res.end(`moved to ${location}`);
    }
    if (path === "/v1/models" && req.method === "GET") {
      const body = listModels({ type: url.searchParams.get("type"), subType: url.searchParams.get("sub_type") });
      const json = JSON.stringify(body);
      exchange.head(200, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(json) });
      return res.end(json);
    }
    if ((path === "/v1/chat/completions" || path === "/v1/elsewhere/chat/completions") && req.method === "POST") {
      const problem = invalidChat(parsed);
      if (problem) return sendJsonError(exchange, ...problem);
      const plan = planCompletion(parsed.value, scenario, { startMs });
      if (exchange.echo !== undefined) plan.fingerprint = exchange.echo;
      if (parsed.value.stream === true) return sendStream(exchange, streamChunks(plan, scenario), scenario, delayMs);
      return sendCompletion(exchange, completionBody(plan), scenario);
    }
    return sendError(exchange, 404, NOT_FOUND);
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((error) => {
      console.error("siliconflow-mock:", error);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": TEXT_TYPE });
        res.end(`mock internal error: ${error.message}`);
      } else {
        res.destroy();
      }
    });
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** The log entries (a live array; see log.mjs for the shape). */
    log: log.entries,
    reset,
    waitFor: (predicate, timeoutMs) => log.waitFor(predicate, timeoutMs),
    /** Stops listening and ends every open connection (stalled streams included). */
    close() {
      shuttingDown = true;
      const closed = new Promise((done) => server.close(() => done()));
      server.closeAllConnections();
      return closed;
    },
  };
}

function cliOptions(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--port") options.port = Number(value());
    else if (flag === "--key") options.apiKey = value();
    else if (flag === "--delay") options.delayMs = Number(value());
    else throw new Error(`unknown option ${argv[i]}; usage: siliconflow-mock.mjs [--port N] [--key K] [--delay MS]`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let options;
  try {
    options = cliOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const mock = await startMock(options);
  console.log(`listening ${mock.url}`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => mock.close().then(() => process.exit(0)));
  }
}
