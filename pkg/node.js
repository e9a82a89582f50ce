// Node, Bun and Deno: read the wasm next to this file and instantiate it before anything is exported, so users
// never call an init function.
import { readFileSync } from "node:fs";
import { initSync } from "./dist/siliconflow_wasm.js";

initSync({ module: readFileSync(new URL("./dist/siliconflow_wasm_bg.wasm", import.meta.url)) });

export * from "./api.js";
export { default } from "./api.js";
