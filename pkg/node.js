// Node, Bun and Deno: read the wasm next to this file and instantiate it before anything is exported, so users
// never call an init function.
import { readFileSync } from "node:fs";
import * as wasm from "./dist/siliconflow_wasm.js";
import { api } from "./api.js";

wasm.initSync({ module: readFileSync(new URL("./dist/siliconflow_wasm_bg.wasm", import.meta.url)) });

export const { buildRequest, ChatCompletionStream, modelCatalog, proxyRequest, SiliconFlow, SseParser, validateRequest } =
  api(wasm);
export default SiliconFlow;
