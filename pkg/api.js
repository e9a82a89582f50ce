// The public API over a loaded build (each entry point loads its runtime's build its runtime's way, then exports
// what this returns). What wasm-bindgen cannot declare on a class is added here: async iteration over a stream's
// chunks and its ReadableStream (which adapt its pull methods, nextBatch and nextBytes, where the work is done), and
// the chat runtime's methods (events, stream(), parse(), runTools()), which load it (runtime.js and its wasm part)
// on first use: a plain call never pays for it. What they are asked before it has loaded is passed on, in order.

// A stream's hub of events, or a run: a promise of it (shared with runtime.js), and the object once loaded.
const HUB = Symbol.for("siliconflow-wasm.hub");
const LIVE = Symbol();
const PARAMS = Symbol();
// What holds them: the stream (claimed for its events on first use) or the run.
const OPEN = Symbol();

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

/** The chunks of a stream or a run read through its events; leaving the loop early aborts it too. */
async function* eventChunks(source) {
  let ended = false;
  try {
    for await (const event of source.events()) {
      if (event.type === "chunk") yield event.chunk;
      else if (event.type === "error" || event.type === "abort") throw event.error;
    }
    ended = true;
  } finally {
    if (!ended) source.abort();
  }
}

/**
 * Defines `names` on `proto` as calls passed on to the loaded object: `on`, `once` and `off` return `this` (and
 * when the runtime cannot load, error and end listeners hear of it); the others return a promise.
 */
function passOn(proto, names, chained) {
  for (const name of names) {
    proto[name] = function (...args) {
      const target = this[OPEN]();
      const call = (live) => live[name](...args);
      if (!chained) return target[HUB].then(call);
      if (target[LIVE]) call(target[LIVE]);
      else target[HUB].then(call, (error) => (args[0] === "error" ? args[1](error) : args[0] === "end" && args[1]()));
      return this;
    };
  }
  /** `events()`: an async iterable at once, whose events start from this call. */
  proto.events = function () {
    const ready = this[OPEN]()[HUB].then((live) => live.events()[Symbol.asyncIterator]());
    const iterator = {
      next: () => ready.then((events) => events.next()),
      return: () => ready.then((events) => events.return(), () => ({ value: undefined, done: true })),
    };
    return { [Symbol.asyncIterator]: () => iterator };
  };
}

const CHAINED = ["on", "once", "off"];

/** What `runTools()` returns at once: the run (runtime.js) once the runtime has loaded, with its methods. */
class ChatCompletionRunner {
  constructor(load, completions, params, options = {}) {
    // The run's own signal, for abort() before the run has loaded; the caller's aborts it too.
    const controller = (this.controller = new AbortController());
    const caller = options.signal;
    const relay = () => controller.abort(caller.reason);
    if (caller?.aborted) relay();
    else caller?.addEventListener("abort", relay, { once: true });
    this.params = params;
    this[HUB] = load().then((runtime) => {
      const run = (this[LIVE] = runtime.runTools(completions, params, { ...options, signal: controller.signal }));
      run.start(); // in a microtask: after the listeners attached meanwhile
      run.finished.finally(() => caller?.removeEventListener("abort", relay)).catch(() => {});
      return run;
    });
    this[HUB].catch(() => {}); // observed through done() and the listeners
  }

  [OPEN]() {
    return this;
  }

  abort() {
    this.controller.abort();
  }

  get aborted() {
    return this.controller.signal.aborted;
  }

  /** The conversation so far: the request's messages, then the answers and tool results as they come. */
  get messages() {
    return this[LIVE]?.messages ?? [...(this.params.messages ?? [])];
  }

  [Symbol.asyncIterator]() {
    return eventChunks(this);
  }
}
passOn(ChatCompletionRunner.prototype, CHAINED, true);
passOn(ChatCompletionRunner.prototype, ["emitted", "done", "finalChatCompletion", "finalMessage", "finalContent", "totalUsage"]);

/**
 * The API over `wasm`, the loaded build; `loadRuntime()` resolves with the chat runtime's wasm part (the same
 * module on servers; a module of its own in browsers, fetched on first use).
 */
export function api(wasm, loadRuntime) {
  const stream = wasm.ChatCompletionStream.prototype;
  const completions = wasm.Completions.prototype;
  const { stream: rustStream } = completions;
  const { finalChatCompletion: rustFinal, abort: rustAbort } = stream;
  let loading;
  const load = () =>
    (loading ??= Promise.all([import("./runtime.js"), loadRuntime()]).then(([js, rt]) => js.runtime(wasm, rt)));

  /** The stream, claimed for its events ("raw": its bytes, which the hub parses) on first use. */
  stream[OPEN] = function () {
    if (!this[HUB]) {
      this.claim("raw");
      this[HUB] = load().then((runtime) => {
        const hub = (this[LIVE] = runtime.hub(this, this[PARAMS]));
        hub.start(); // in a microtask: after the listeners attached meanwhile
        return hub;
      });
      this[HUB].catch(() => rustAbort.call(this));
    }
    return this;
  };
  passOn(stream, CHAINED, true);
  passOn(stream, ["emitted"]);
  stream.abort = function () {
    rustAbort.call(this);
    this[LIVE]?.interrupt(); // no more events from what the hub has read: the next is the AbortError
  };
  /** The stream's SSE bytes as received, for re-streaming (e.g. from an edge function to a browser). */
  stream.toReadableStream = function () {
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
  stream[Symbol.asyncIterator] = function () {
    return this[HUB] ? eventChunks(this) : chunks(this);
  };
  // Without events, these read the stream in the wasm; with them, they wait for the hub.
  stream.done = function () {
    return (this[HUB] ? this[HUB].then((hub) => hub.finished) : rustFinal.call(this)).then(() => {});
  };
  stream.finalChatCompletion = function () {
    return this[HUB] ? this[HUB].then((hub) => hub.finished.then(() => hub.completion)) : rustFinal.call(this);
  };
  stream.finalMessage = async function () {
    return wasm.completionToMessage(await this.finalChatCompletion());
  };
  stream.finalContent = async function () {
    return (await this.finalMessage())?.content ?? null;
  };
  stream.currentSnapshot = function () {
    return this[LIVE]?.seen ? this[LIVE].snapshot : undefined;
  };

  completions.stream = function (params, options) {
    const created = rustStream.call(this, params, options);
    created[PARAMS] = params;
    return created[OPEN]();
  };
  completions.runTools = function (params, options) {
    return new ChatCompletionRunner(load, this, params, options);
  };
  completions.parse = function (params, options) {
    return load().then((runtime) => runtime.parse(this, params, options));
  };

  return {
    ...wasm,
    ChatCompletionRunner,
    // The browser build leaves out the proxy, which is for servers (they hold the API key).
    proxyRequest:
      wasm.proxyRequest ??
      (async () => {
        throw new TypeError("proxyRequest() runs on servers (Node, Deno, Bun, Workers), not in the browser build");
      }),
  };
}
