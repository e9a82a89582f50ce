// `make demo`, for now: shows what was built and runs the exports from pkg/ in Node on a recorded stream.
// (The in-browser chat demo replaces this.)
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { buildRequest, modelCatalog, SseParser, validateRequest } from "../pkg/node.js";

const dist = new URL("../pkg/dist/", import.meta.url);
for (const file of ["siliconflow_wasm_bg.wasm", "siliconflow_wasm.js"]) {
  const bytes = readFileSync(new URL(file, dist));
  console.log(`built pkg/dist/${file}: ${statSync(new URL(file, dist)).size} B (gzip ${gzipSync(bytes, { level: 9 }).length} B)`);
}

const models = modelCatalog();
console.log(`\nmodelCatalog(): ${models.length} models, ${models.filter((m) => m.thinking !== "none").length} can think, ${models.filter((m) => m.vision).length} read images`);

const draft = { model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "Why is the sky blue?" }], thinking_budget: 50, min_p: 0.05 };
console.log("\nvalidateRequest(draft):");
for (const issue of validateRequest(draft)) console.log(`  ${issue.severity.padEnd(7)} ${issue.path}: ${issue.message}`);
try {
  buildRequest(draft);
} catch (error) {
  console.log(`buildRequest(draft) threw ${error.name}: ${error.message}`);
}
console.log("buildRequest(fixed):", JSON.stringify(buildRequest({ ...draft, thinking_budget: 1024, enable_thinking: true })));

const recorded = readFileSync(new URL("../tests/fixtures/streams/thinking.sse", import.meta.url));
const parser = new SseParser();
let answer = "";
let reasoning = "";
for (let i = 0; i < recorded.length; i += 7) {
  for (const event of parser.push(recorded.subarray(i, i + 7))) {
    if (event.data === "[DONE]") continue;
    const delta = JSON.parse(event.data).choices[0]?.delta ?? {};
    reasoning += delta.reasoning_content ?? "";
    answer += delta.content ?? "";
  }
}
console.log(`\nSseParser over a recorded thinking stream (7-byte reads): reasoning ${JSON.stringify(reasoning)}, answer ${JSON.stringify(answer)}`);
