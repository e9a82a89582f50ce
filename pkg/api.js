// The public API over a loaded build (each entry point loads its runtime's build its runtime's way, then exports
// what this returns). What wasm-bindgen cannot declare on a class is added here: async iteration over a stream's
// chunks (through its pull method, nextBatch, where the work is done) and the chat runtime (runtime.js).
import { eventChunks, installRuntime } from "./runtime.js";

/** A stream's chunks, read by `for await`. */
async function* chunks(stream) {
  stream.claim("iterate");
  let ended = false;
  try {
    for (let batch; (batch = await stream.nextBatch()) !== undefined; ) yield* batch;
    ended = true;
  } finally {
    // Leaving the loop early (break, return, a throw in its body) cancels the request.
    if (!ended) stream.abort();
  }
}

export function api(wasm) {
  wasm.ChatCompletionStream.prototype[Symbol.asyncIterator] = function () {
    // A stream read through its events (stream(), or after on()) gives its chunks from there.
    return eventChunks(this) ?? chunks(this);
  };
  return { ...wasm, ...installRuntime(wasm) };
}
