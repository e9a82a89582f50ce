// Time to first chunk of a streamed completion: through the example Worker (the wrangler dry-run bundle, run in
// workerd by miniflare, with the mock as upstream) against the same request straight to the mock.
//
//   node bench/edge-latency.mjs [runs]      (default 300 runs of each, after 30 warm-up runs; needs pkg/ built)
//
// Both sides use Node's fetch over keep-alive connections, and the runs alternate so that drift hits both alike.
// miniflare puts its own entry worker in front of the Worker (one more in-process hop than in production).
import os from "node:os";
import { startMock } from "../tests/mock/siliconflow-mock.mjs";
import { buildWorker, startWorker } from "../tests/edge/harness.mjs";

const RUNS = Number(process.argv[2] ?? 300);
const WARMUP = 30;
const KEY = "sk-bench";
const request = {
  model: "Qwen/Qwen3-8B",
  messages: [{ role: "user", content: "How far is the proxy hop?" }],
  stream: true,
  max_tokens: 512, // under the Worker's MAX_TOKENS: both sides send the same parameters
};

/** ms until the first bytes of the body, and until its end. */
async function timeOnce(url, headers) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(request) });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  let first;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (first === undefined && value.length > 0) first = performance.now() - started;
  }
  return { first, last: performance.now() - started };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
};
const ms = (n) => `${n.toFixed(2).padStart(7)} ms`;

const mock = await startMock({ port: 0, apiKey: KEY });
const bundle = await buildWorker();
const mf = await startWorker(bundle, { SILICONFLOW_API_KEY: KEY, SILICONFLOW_BASE_URL: `${mock.url}/v1` });
try {
  const viaWorker = [`${await mf.ready}v1/chat/completions`, { "content-type": "application/json" }];
  const direct = [`${mock.url}/v1/chat/completions`, { "content-type": "application/json", authorization: `Bearer ${KEY}` }];
  for (let i = 0; i < WARMUP; i++) {
    await timeOnce(...direct);
    await timeOnce(...viaWorker);
  }
  const times = { direct: [], worker: [] };
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first.
    const order = i % 2 ? ["direct", "worker"] : ["worker", "direct"];
    for (const side of order) times[side].push(await timeOnce(...(side === "direct" ? direct : viaWorker)));
    mock.reset(); // keep the request log small
  }

  console.log(`edge latency: ${RUNS} streamed requests each (after ${WARMUP} warm-up), ${os.cpus().length} cores, ` +
    `Node ${process.version}; Worker bundle ${bundle.uploadSize}`);
  console.log(`${"time to first chunk".padEnd(34)}${"median".padStart(10)}${"p90".padStart(10)}`);
  const rows = {};
  for (const [side, label] of [["direct", "straight to the mock"], ["worker", "through the Worker (workerd)"]]) {
    for (const what of ["first", "last"]) {
      rows[`${side}.${what}`] = stats(times[side].map((t) => t[what]));
    }
    const first = rows[`${side}.first`];
    console.log(`  ${label.padEnd(32)}${ms(first.median)}${ms(first.p90)}`);
  }
  const added = {
    median: rows["worker.first"].median - rows["direct.first"].median,
    p90: rows["worker.first"].p90 - rows["direct.first"].p90,
  };
  console.log(`  ${"added by the proxy hop".padEnd(32)}${ms(added.median)}${ms(added.p90)}`);
  console.log(`  (whole stream: direct ${rows["direct.last"].median.toFixed(2)} ms, ` +
    `through the Worker ${rows["worker.last"].median.toFixed(2)} ms, medians)`);
} finally {
  await mf.dispose();
  await mock.close();
  await bundle.dispose();
}
