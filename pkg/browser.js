// Browsers (and bundlers): fetch and instantiate the browser build's wasm next to this file with top-level await,
// so users never call an init function. That build leaves out proxyRequest, which is for servers.
import init, * as wasm from "./dist/web/siliconflow_wasm.js";
import { api } from "./api.js";

await init({ module_or_path: new URL("./dist/web/siliconflow_wasm_bg.wasm", import.meta.url) });

export const { buildRequest, ChatCompletionStream, modelCatalog, proxyRequest, SiliconFlow, SseParser, validateRequest } =
  api(wasm);
export default SiliconFlow;
