// SSE parser throughput: siliconflow-wasm's SseParser (Rust, in wasm) against eventsource-parser on the same
// bytes, in the same run. Prints MB/s and the ratio. A benchmark, not a test: nothing here passes or fails.
//
//   node bench/sse-parser.mjs [--quick] [--no-bytewise]
// --quick: one run per case; --no-bytewise: skip the one-byte reads of 64 MiB (about two minutes).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { createParser } from "eventsource-parser";
import { SseParser } from "../pkg/node.js";
import { reads } from "./cases.mjs"; // the same reads as the pipeline benchmarks

const quick = process.argv.includes("--quick");
const root = new URL("../", import.meta.url);
const out = new URL("bench/out/", root);
mkdirSync(out, { recursive: true });

// The 10 MB recorded-style stream: generated from a seed by the same generator the tests use.
const streamFile = new URL("stream-10mb.sse", out);
if (!existsSync(streamFile)) {
  execFileSync("cargo", ["run", "--quiet", "--release", "--example", "generate_stream", "--", "1", String(10 << 20), streamFile.pathname], {
    cwd: root.pathname,
    stdio: "inherit",
  });
}
const recorded = readFileSync(streamFile);

const contenders = {
  "siliconflow-wasm": (chunks) => {
    const parser = new SseParser({ maxBufferSize: 256 << 20 });
    let events = 0;
    let chars = 0;
    for (const chunk of chunks) {
      for (const event of parser.push(chunk)) {
        events += 1;
        chars += event.data.length;
      }
    }
    parser.finish();
    return { events, chars };
  },
  "eventsource-parser": (chunks) => {
    let events = 0;
    let chars = 0;
    const parser = createParser({
      onEvent(event) {
        events += 1;
        chars += event.data.length;
      },
    });
    const decoder = new TextDecoder();
    for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
    parser.feed(decoder.decode());
    return { events, chars };
  },
};

let chunksAreBytewise = false;

function measure(name, run, chunks, bytes) {
  // One-byte reads of 64 MiB take a minute per contender: one run of those; five of the rest.
  const runs = quick || chunksAreBytewise ? 1 : 5;
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    result = run(chunks);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { name, ms: best, mbps: bytes / 1e6 / (best / 1e3), ...result };
}

const cases = [
  { name: "10 MB SiliconFlow stream, network-sized reads (1 B..16 KiB)", bytes: recorded, size: "network" },
  { name: "10 MB SiliconFlow stream, 64 KiB reads", bytes: recorded, size: 64 << 10 },
  { name: "64 MiB data line, 64 KiB reads", bytes: dataLine(64 << 20), size: 64 << 10 },
  ...(process.argv.includes("--no-bytewise") ? [] : [{ name: "64 MiB data line, 1-byte reads", bytes: dataLine(64 << 20), size: 1 }]),
];

function dataLine(n) {
  const bytes = new Uint8Array(n + 8);
  bytes.set(new TextEncoder().encode("data: "));
  bytes.fill(0x78, 6, n + 6);
  bytes.set([0x0a, 0x0a], n + 6);
  return bytes;
}

// Each (case, contender) pair runs in a fresh process, so neither inherits the other's heap or JIT state.
const child = process.argv.indexOf("--child");
if (child !== -1) {
  const [caseIndex, contender] = process.argv.slice(child + 1);
  const c = cases[Number(caseIndex)];
  const chunks = { [Symbol.iterator]: () => reads(c.bytes, c.size) };
  chunksAreBytewise = c.size === 1;
  process.stdout.write(JSON.stringify(measure(contender, contenders[contender], chunks, c.bytes.length)));
  process.exit(0);
}

console.log(`SSE parser throughput — Node ${process.version}, ${cpus()[0].model}, ${cpus().length} cores`);
console.log("best of 5 runs (1 for one-byte reads), each case and parser in a fresh process;");
console.log("ratio = eventsource-parser time / siliconflow-wasm time (> 1: ours is faster)\n");
const rows = [];
for (const [index, c] of cases.entries()) {
  const run = (name) => {
    const args = [new URL(import.meta.url).pathname, "--child", String(index), name, ...process.argv.slice(2)];
    return JSON.parse(execFileSync(process.execPath, args, { maxBuffer: 1 << 20 }).toString());
  };
  const [ours, theirs] = Object.keys(contenders).map(run);
  if (ours.events !== theirs.events || ours.chars !== theirs.chars) {
    throw new Error(`${c.name}: the parsers disagree (${ours.events}/${ours.chars} vs ${theirs.events}/${theirs.chars})`);
  }
  rows.push({
    case: c.name,
    events: ours.events,
    "ours MB/s": ours.mbps.toFixed(1),
    "eventsource-parser MB/s": theirs.mbps.toFixed(1),
    ratio: (theirs.ms / ours.ms).toFixed(2),
  });
  console.log(`${c.name}: ours ${ours.ms.toFixed(0)} ms, eventsource-parser ${theirs.ms.toFixed(0)} ms`);
}
console.log();
console.table(rows);
