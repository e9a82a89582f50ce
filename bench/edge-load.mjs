// The example Worker under load, against a bare pass-through Worker (`return fetch(upstream)` with the key added),
// each alone in its own workerd (miniflare), the mock as upstream: N concurrent streams of about C chunks.
// Reports workerd's CPU time per chunk (from /proc), time to the first chunk (p50, p99), chunks lost, and the
// workerd process's peak memory (VmHWM). A benchmark: it reports, it does not judge.
//
//   node bench/edge-load.mjs [streams] [chunks]     (default 200 streams of 200 chunks; needs pkg/ built)
import { readFileSync, readdirSync } from "node:fs";
import { Miniflare } from "miniflare";
import { startMock } from "../tests/mock/siliconflow-mock.mjs";
import { buildWorker, startWorker } from "../tests/edge/harness.mjs";

const STREAMS = Number(process.argv[2] ?? 200);
const CHUNKS = Number(process.argv[3] ?? 200);
const KEY = "sk-bench-load";
const TICK_MS = 10; // /proc's clock ticks (USER_HZ is 100 on Linux)
const request = {
  model: "Qwen/Qwen3-8B",
  messages: [{ role: "user", content: "Load, please." }],
  stream: true,
  max_tokens: 4096,
  thinking_budget: 4096, // what the Worker's policy sets: both sides send the same body
};

// The bare Worker: the key added, the body passed on, the answer returned as fetch gave it.
const BARE = `export default {
  fetch(request, env) {
    return fetch(env.UPSTREAM + "/chat/completions", {
      method: "POST",
      headers: { authorization: "Bearer " + env.KEY, "content-type": "application/json" },
      body: request.body,
    });
  },
};`;

/** The workerd processes running now (pid → parent pid). */
function workerds() {
  const found = new Map();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (name.startsWith("workerd")) found.set(Number(pid), stat);
    } catch {}
  }
  return found;
}

/** CPU ms (user + system) of a process so far. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14 and 15 of stat)
}

const peakKiB = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);

/** Starts a Worker with `start`, finds its workerd, runs the load; → the figures. */
async function measure(name, start) {
  const before = new Set(workerds().keys());
  const mf = await start();
  const [pid] = [...workerds().keys()].filter((p) => !before.has(p));
  if (pid === undefined) throw new Error(`${name}: no workerd process found`);
  const url = new URL("/v1/chat/completions", await mf.ready).href;
  const once = async () => {
    const started = performance.now();
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    if (response.status !== 200) throw new Error(`${name}: ${response.status} ${await response.text()}`);
    const decoder = new TextDecoder();
    let first;
    let text = "";
    for await (const bytes of response.body) {
      first ??= performance.now() - started;
      text += decoder.decode(bytes, { stream: true });
    }
    return { first, chunks: text.split("data: {").length - 1, done: text.includes("data: [DONE]") };
  };
  let expected = 0;
  for (let i = 0; i < 20; i += 1) expected = (await once()).chunks; // warm-up, and the chunks of one answer
  const cpu = cpuMs(pid);
  const results = await Promise.all(Array.from({ length: STREAMS }, once));
  const spent = cpuMs(pid) - cpu;
  const peak = peakKiB(pid);
  await mf.dispose();
  const chunks = results.reduce((n, r) => n + r.chunks, 0);
  const firsts = results.map((r) => r.first).sort((a, b) => a - b);
  const at = (q) => firsts[Math.min(firsts.length - 1, Math.floor(q * firsts.length))];
  return {
    name,
    "CPU per chunk (µs)": Math.round((spent * 1000) / chunks),
    "TTFC p50 (ms)": Math.round(at(0.5)),
    "TTFC p99 (ms)": Math.round(at(0.99)),
    "chunks lost": STREAMS * expected - chunks,
    "streams without [DONE]": results.filter((r) => !r.done).length,
    "peak memory (MB)": Math.round(peak / 1024),
  };
}

const mock = await startMock({ port: 0, apiKey: KEY });
const upstream = `${mock.url}/s/tokens=${CHUNKS - 2}/v1`;
const bundle = await buildWorker();
try {
  const rows = [];
  for (let round = 0; round < 2; round += 1) {
    rows.push(
      await measure("bare pass-through Worker", async () => {
        const mf = new Miniflare({
          modules: true,
          script: BARE,
          compatibilityDate: bundle.compatibilityDate,
          host: "127.0.0.1",
          port: 0,
          bindings: { UPSTREAM: upstream, KEY },
          outboundService: { network: { allow: ["public", "private", "local"], deny: [] } },
        });
        await mf.ready;
        return mf;
      }),
    );
    rows.push(await measure("the example Worker", () => startWorker(bundle, { SILICONFLOW_API_KEY: KEY, SILICONFLOW_BASE_URL: upstream })));
  }
  console.log(`${STREAMS} concurrent streams of ${CHUNKS} chunks, each Worker twice in turn:`);
  console.table(rows);
  const mean = (name, key) => rows.filter((r) => r.name === name).reduce((s, r) => s + r[key], 0) / 2;
  for (const key of ["CPU per chunk (µs)", "TTFC p50 (ms)", "TTFC p99 (ms)"]) {
    console.log(`${key}: ours / bare = ${(mean("the example Worker", key) / mean("bare pass-through Worker", key)).toFixed(2)}`);
  }
} finally {
  await bundle.dispose();
  await mock.close();
}
