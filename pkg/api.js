// The public API, the same in every runtime. Each entry point (node.js, browser.js, worker.js) loads the wasm
// its runtime's way and re-exports this.
import { ChatCompletionStream } from "./dist/siliconflow_wasm.js";

// JavaScript protocols wasm-bindgen cannot declare on a class: async iteration and ReadableStream. Both only
// adapt the stream's pull methods (nextBatch, nextBytes), which do the work.
ChatCompletionStream.prototype[Symbol.asyncIterator] = async function* chunks() {
  this.claim("iterate");
  let ended = false;
  try {
    for (let batch; (batch = await this.nextBatch()) !== undefined; ) yield* batch;
    ended = true;
  } finally {
    // Leaving the loop early (break, return, a throw in its body) cancels the request.
    if (!ended) this.abort();
  }
};

/** The stream's SSE bytes as received, for re-streaming (e.g. from an edge function to a browser). */
ChatCompletionStream.prototype.toReadableStream = function toReadableStream() {
  this.claim("toReadableStream");
  return new ReadableStream({
    pull: async (controller) => {
      const bytes = await this.nextBytes();
      if (bytes === undefined) controller.close();
      else controller.enqueue(bytes);
    },
    cancel: () => this.abort(),
  });
};

export {
  buildRequest,
  ChatCompletionStream,
  modelCatalog,
  proxyRequest,
  SiliconFlow,
  SiliconFlow as default,
  SseParser,
  validateRequest,
} from "./dist/siliconflow_wasm.js";
