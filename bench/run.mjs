// Every benchmark, in Node and in headless Chromium, each against its named peers in the same run:
//   P1 10 MB stream → final completion (ours / openai-node / eventsource-parser + JSON.parse + a loop)
//   P2 per-chunk delivery with for await and events() (ours / openai-node / eventsource-parser + JSON.parse)
//   P7 content.delta events of stream() (ours / openai-node)
//   P3 scaling: 8 MiB and 64 MiB data lines in 1-byte and 64 KiB reads (time(64) / time(8), each contender)
//   P4 size (bench/size.mjs)   P5 cold start   P6 time to first chunk against the local mock (ours / raw fetch)
// Prints tables and writes bench/out/results.json. A benchmark, not a test: nothing here passes or fails.
//
//   node bench/run.mjs [--quick] [--node-only] [--only P1,P3] [--repeat K]
// --quick: one run per case (best of 5 otherwise; 1-byte reads always run once) and no 1-byte 64 MiB case.
// --repeat K: measures the contenders of a case K times, in turn, and reports the median of the K figures (for
// before/after comparisons with a baseline build: bench/baseline.sh).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { cases } from "./cases.mjs";
import { openChromium } from "./chromium.mjs";
import { BASELINE, STREAM_FILE, coldStart, firstChunk, runCase } from "./node.mjs";
import { BUDGET, sizes } from "./size.mjs";
import { startMock } from "../tests/mock/siliconflow-mock.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1].split(",") : null;
const wanted = (id) => !only || only.includes(id);
const repeat = args.includes("--repeat") ? Number(args[args.indexOf("--repeat") + 1]) : 1;

mkdirSync(`${ROOT}bench/out`, { recursive: true });
if (!existsSync(STREAM_FILE)) {
  // The recorded-style stream: generated from seed 1 by the generator the tests use (tests/support/generate.rs).
  execFileSync("cargo", ["run", "--quiet", "--release", "--example", "generate_stream", "--", "1", String(10 << 20), STREAM_FILE], { cwd: ROOT, stdio: "inherit" });
}
const all = cases(readFileSync(STREAM_FILE));
const CONTENDERS = {
  final: ["siliconflow-wasm", "openai-node", "eventsource-parser"],
  chunks: ["siliconflow-wasm", "siliconflow-wasm events()", "openai-node", "eventsource-parser"],
  content: ["siliconflow-wasm", "openai-node"],
};
// An earlier build of the package (bench/baseline.sh): one more contender, for before/after figures in one run.
if (existsSync(BASELINE)) {
  console.log(`baseline: ${readFileSync(`${ROOT}bench/out/baseline/REVISION`, "utf8").trim()}`);
  for (const list of [CONTENDERS.final, CONTENDERS.chunks]) list.push("baseline");
}

const results = { machine: `${cpus()[0].model}, ${cpus().length} cores`, node: process.version, date: new Date().toISOString() };
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

/** P1-P3 in one runtime: `run(index, contender, runs)` measures one. */
async function pipelines(runtime, run) {
  const rows = [];
  for (const [index, c] of all.entries()) {
    if (!wanted(c.id) || (quick && c.bytewise && c.line === 64)) continue;
    const measured = {};
    const times = {};
    for (let k = 0; k < repeat; k += 1) {
      for (const contender of CONTENDERS[c.kind]) {
        measured[contender] = await run(index, contender, c.bytewise || quick ? 1 : 5);
        (times[contender] ??= []).push(measured[contender].ms);
        process.stdout.write(`  ${runtime} ${c.id} ${c.name}: ${contender} ${fmt(measured[contender].ms)}\n`);
      }
    }
    for (const [contender, list] of Object.entries(times)) {
      measured[contender].ms = [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    }
    // The contenders must agree (openai-node drops reasoning_content: compared apart).
    const key = ({ reasoning, ...rest }) => JSON.stringify(rest);
    const reference = key(measured["siliconflow-wasm"].result);
    for (const [name, m] of Object.entries(measured)) {
      if (key(m.result) !== reference) throw new Error(`${c.name}: ${name} disagrees: ${JSON.stringify(m.result)} vs ${reference}`);
    }
    const ours = measured["siliconflow-wasm"].ms;
    const row = { id: c.id, case: c.name, ours: fmt(ours) };
    for (const [name, m] of Object.entries(measured)) {
      if (name === "siliconflow-wasm") continue;
      row[name] = fmt(m.ms);
      row[`× ${name}`] = (m.ms / ours).toFixed(2);
    }
    if (c.kind === "final") row["reasoning kept (ours / openai-node)"] = `${measured["siliconflow-wasm"].result.reasoning} / ${measured["openai-node"].result.reasoning}`;
    rows.push({ ...row, _ms: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, v.ms])), _line: c.line, _bytewise: !!c.bytewise });
  }
  // P3: time(64 MiB) / time(8 MiB) per contender and read size.
  const scaling = [];
  for (const bytewise of [false, true]) {
    const [eight, sixtyFour] = [8, 64].map((line) => rows.find((r) => r._line === line && r._bytewise === bytewise));
    if (!eight || !sixtyFour) continue;
    const row = { reads: bytewise ? "1 byte" : "64 KiB" };
    for (const name of Object.keys(eight._ms)) row[`${name} t64/t8`] = (sixtyFour._ms[name] / eight._ms[name]).toFixed(2);
    scaling.push(row);
  }
  return { rows: rows.map(({ _ms, _line, _bytewise, ...r }) => ({ ...r, ms: _ms })), scaling };
}

function table(title, rows) {
  console.log(`\n${title}`);
  console.table(rows.map(({ ms, ...r }) => r));
}

const mock = await startMock({ port: 0, apiKey: "sk-bench" });
const baseURL = `${mock.url}/v1`;
try {
  if (wanted("P4")) {
    results.size = await sizes();
    const s = results.size;
    console.log(`P4 size (gzip -9): ours ${s["siliconflow-wasm"].total} B (wasm ${s["siliconflow-wasm"].wasmGzip} + JS ${s["siliconflow-wasm"].jsGzip}), openai-node ${s["openai-node"].total} B, ratio ${(s["siliconflow-wasm"].total / s["openai-node"].total).toFixed(2)}, budget ${BUDGET} B`);
    if (s.baseline) console.log(`P4 size of the baseline build: ${s.baseline.total} B (wasm ${s.baseline.wasmGzip} + JS ${s.baseline.jsGzip})`);
  }

  console.log(`\nNode ${process.version}, ${results.machine}`);
  results.nodeRuntime = await pipelines("node", async (i, c, r) => runCase(i, c, r));
  if (wanted("P5")) results.nodeRuntime.coldStart = coldStart(quick ? 5 : 20);
  if (wanted("P6")) results.nodeRuntime.firstChunk = await firstChunk(baseURL, "sk-bench", quick ? 50 : 300);
  mock.reset();

  if (!args.includes("--node-only")) {
    console.log("\nheadless Chromium");
    const chromium = await openChromium();
    try {
      results.chromium = await pipelines("chromium", (i, c, r) => chromium.runCase(i, c, r));
      if (wanted("P5")) results.chromium.coldStart = await chromium.coldStart(quick ? 5 : 20);
      if (wanted("P6")) results.chromium.firstChunk = await chromium.firstChunk(baseURL, "sk-bench", quick ? 50 : 300);
    } finally {
      await chromium.close();
    }
  }
} finally {
  await mock.close();
}

writeFileSync(`${ROOT}bench/out/results.json`, JSON.stringify(results, null, 2));
for (const runtime of ["nodeRuntime", "chromium"]) {
  const r = results[runtime];
  if (!r) continue;
  const name = runtime === "chromium" ? "Chromium" : "Node";
  table(`${name}: P1-P3 (× peer = peer's time / ours: above 1, ours is faster)`, r.rows);
  if (r.scaling.length) table(`${name}: P3 scaling, time(64 MiB) / time(8 MiB)`, r.scaling);
  if (r.coldStart) {
    const c = r.coldStart;
    const base = c["node alone"] ?? c["empty bundle"];
    const ratio = (c["siliconflow-wasm"] / c["openai-node"]).toFixed(2);
    const beyond = ((c["siliconflow-wasm"] - base) / (c["openai-node"] - base)).toFixed(2);
    console.log(`${name} P5 cold start (median): ${Object.entries(c).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}; ours / openai-node ${ratio} (${beyond} beyond the baseline)`);
  }
  if (r.firstChunk) {
    const f = r.firstChunk;
    console.log(`${name} P6 first chunk: ours ${fmt(f.ours.median)} median / ${fmt(f.ours.p90)} p90, raw fetch ${fmt(f.raw.median)} / ${fmt(f.raw.p90)}; added ${fmt(f.ours.median - f.raw.median)} median`);
  }
}
