// Before/after in one process: the package now (pkg/) against the baseline build (bench/baseline.sh), on the P1, P2
// (for await and events()) and P7 cases, alternating, many rounds; medians. For changes too small for the
// per-process figures of run.mjs.
//   node bench/ab.mjs [rounds]
import { readFileSync } from "node:fs";
import { cases, contenders, measure } from "./cases.mjs";
import { BASELINE, STREAM_FILE } from "./node.mjs";

const rounds = Number(process.argv[2] ?? 15);
const [{ SiliconFlow }, baseline] = await Promise.all([import("siliconflow-wasm"), import(BASELINE)]);
const libs = { SiliconFlow, Baseline: baseline.SiliconFlow };
// Each case, and the pairs of contenders compared on it (now, baseline).
const pairs = { final: [["siliconflow-wasm", "baseline"]], chunks: [["siliconflow-wasm", "baseline"], ["siliconflow-wasm events()", "baseline events()"]], content: [["siliconflow-wasm", "baseline"]] };
const all = cases(readFileSync(STREAM_FILE)).filter((c) => ["P1", "P2", "P7"].includes(c.id));
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const c of all) {
  const run = contenders(libs)[c.kind];
  for (const [now, before] of pairs[c.kind]) {
    const times = { now: [], baseline: [] };
    for (let i = 0; i < rounds; i += 1) {
      for (const [name, key] of i % 2 ? [["now", now], ["baseline", before]] : [["baseline", before], ["now", now]]) {
        times[name].push((await measure(run[key], c.bytes(), c.size, 1, () => performance.now())).ms);
      }
    }
    const [a, b] = [median(times.now), median(times.baseline)];
    console.log(`${c.id} ${c.name} (${now}): now ${a.toFixed(1)} ms, baseline ${b.toFixed(1)} ms (baseline / now ${(b / a).toFixed(3)})`);
  }
}
