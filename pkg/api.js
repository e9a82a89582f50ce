// The public API over a loaded build (each entry point loads its runtime's build its runtime's way, then exports
// this). JavaScript protocols wasm-bindgen cannot declare on a class: async iteration and ReadableStream. Both only
// adapt the stream's pull methods (nextBatch, nextBytes), which do the work.
export function api(wasm) {
  const { prototype } = wasm.ChatCompletionStream;

  prototype[Symbol.asyncIterator] = async function* chunks() {
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
  prototype.toReadableStream = function toReadableStream() {
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

  return wasm;
}
