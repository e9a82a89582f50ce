// Before/after in one process: the package now (pkg/) against the baseline build (bench/baseline.sh), on the P1 and
// P2 cases, alternating, many rounds; medians. For changes too small for the per-process figures of run.mjs.
//   node bench/ab.mjs [rounds]
import { readFileSync } from "node:fs";
import { cases, contenders, measure } from "./cases.mjs";
import { BASELINE, STREAM_FILE } from "./node.mjs";

const rounds = Number(process.argv[2] ?? 15);
const [{ SiliconFlow }, baseline] = await Promise.all([import("siliconflow-wasm"), import(BASELINE)]);
const all = cases(readFileSync(STREAM_FILE)).filter((c) => c.id === "P1" || c.id === "P2");
const libs = { SiliconFlow, Baseline: baseline.SiliconFlow };
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const c of all) {
  const run = contenders(libs)[c.kind];
  const times = { now: [], baseline: [] };
  for (let i = 0; i < rounds; i += 1) {
    for (const [name, key] of i % 2 ? [["now", "siliconflow-wasm"], ["baseline", "baseline"]] : [["baseline", "baseline"], ["now", "siliconflow-wasm"]]) {
      times[name].push((await measure(run[key], c.bytes(), c.size, 1, () => performance.now())).ms);
    }
  }
  const [a, b] = [median(times.now), median(times.baseline)];
  console.log(`${c.id} ${c.name}: now ${a.toFixed(1)} ms, baseline ${b.toFixed(1)} ms (baseline / now ${(b / a).toFixed(3)})`);
}
