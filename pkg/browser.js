// Browsers (and bundlers): fetch and instantiate the wasm next to this file with top-level await, so users never
// call an init function.
import init from "./dist/siliconflow_wasm.js";

await init({ module_or_path: new URL("./dist/siliconflow_wasm_bg.wasm", import.meta.url) });

export * from "./api.js";
export { default } from "./api.js";
