// Cloudflare Workers (workerd): compiling wasm from bytes is refused there, so the .wasm is imported as a
// pre-compiled WebAssembly.Module (the bundler's CompiledWasm rule) and instantiated synchronously.
import module from "./dist/siliconflow_wasm_bg.wasm";
import * as wasm from "./dist/siliconflow_wasm.js";
import { api } from "./api.js";

wasm.initSync({ module });

export const { buildRequest, ChatCompletionStream, modelCatalog, proxyRequest, SiliconFlow, SseParser, validateRequest } =
  api(wasm);
export default SiliconFlow;
