// The benchmarks in Node: P1-P3 (each case and contender in a fresh process), P5 cold start, P6 time to first
// chunk. Called by bench/run.mjs; `node bench/node.mjs --child <case> <contender> <runs>` is one measurement.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cases, contenders, measure, timeToFirstChunk } from "./cases.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const STREAM_FILE = `${ROOT}bench/out/stream-10mb.sse`;

/** An earlier build of the package, for before/after figures in one run (bench/baseline.sh). */
export const BASELINE = `${ROOT}bench/out/baseline/node.js`;

async function libs() {
  const [{ SiliconFlow }, { default: OpenAI }, { createParser }, baseline] = await Promise.all([
    import("siliconflow-wasm"),
    import("openai"),
    import("eventsource-parser"),
    existsSync(BASELINE) ? import(BASELINE) : {},
  ]);
  return { SiliconFlow, OpenAI, createParser, Baseline: baseline.SiliconFlow };
}

/** One case and contender, in a fresh process: `{ ms, result }`. */
export function runCase(index, contender, runs) {
  const args = [fileURLToPath(import.meta.url), "--child", String(index), contender, String(runs)];
  return JSON.parse(execFileSync(process.execPath, args, { maxBuffer: 1 << 20, cwd: ROOT }).toString());
}

/** P5: wall time of fresh Node processes, alternating; medians in ms. */
export function coldStart(runs) {
  const programs = {
    "siliconflow-wasm": `import { validateRequest } from "siliconflow-wasm";
      if (validateRequest({ model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "hi" }] }).length) process.exit(1);`,
    "openai-node": `import OpenAI from "openai"; new OpenAI({ apiKey: "sk-bench" });`,
    "node alone": ``,
  };
  const times = Object.fromEntries(Object.keys(programs).map((k) => [k, []]));
  for (let i = 0; i < runs + 3; i += 1) {
    for (const [name, source] of Object.entries(programs)) {
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", source], { cwd: ROOT });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
      if (i >= 3) times[name].push(ms);
    }
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

/** P6 in this process, against the mock. */
export async function firstChunk(baseURL, apiKey, runs) {
  return timeToFirstChunk(await libs(), baseURL, apiKey, runs, () => performance.now());
}

const child = process.argv.indexOf("--child");
if (child !== -1) {
  const [index, contender, runs] = process.argv.slice(child + 1);
  const c = cases(readFileSync(STREAM_FILE))[Number(index)];
  const run = contenders(await libs())[c.kind][contender];
  const { ms, result } = await measure(run, c.bytes(), c.size, Number(runs), () => performance.now());
  process.stdout.write(JSON.stringify({ ms, result }));
  process.exit(0);
}
