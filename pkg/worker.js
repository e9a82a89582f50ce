// Cloudflare Workers (workerd): compiling wasm from bytes is refused there, so the .wasm is imported as a
// pre-compiled WebAssembly.Module (the bundler's CompiledWasm rule) and instantiated synchronously.
import module from "./dist/siliconflow_wasm_bg.wasm";
import { initSync } from "./dist/siliconflow_wasm.js";

initSync({ module });

export * from "./api.js";
export { default } from "./api.js";
