// The chat runtime's JavaScript: only what wasm-bindgen cannot express. Listeners and async iteration over a
// stream's events, a live copy of the completion and of partial JSON values, calling the user's tool functions,
// and a store for UI frameworks. What a chunk did to the completion, when a part of it is done, partial JSON,
// schema checks, what the tool runner does next and the messages sent to a model are the wasm's decisions.

const HUB = Symbol("siliconflow-wasm.events");
const PARAMS = Symbol("siliconflow-wasm.params");

// The stream records' operations (src/stream/events.rs).
const WORDS = 6;
const [CHOICE, CONTENT, REASONING, ROLE, FINISH, TOOL, META, USAGE, EXTRA, CHUNK, CONTENT_DONE, REASONING_DONE, TOOL_DONE] =
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const [NEW, ID, NAME, ARGUMENTS] = [1 << 8, 1 << 9, 1 << 10, 1 << 11];
const [META_ID, META_CREATED, META_MODEL, META_FINGERPRINT] = [1 << 8, 1 << 9, 1 << 10, 1 << 11];

/** Defines `key` on `target` as JSON.parse would (a `__proto__` key is a plain member). */
function define(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A value that grows as partial JSON arrives (src/json/partial.rs): each change makes a new root and new objects
 * along the path to the change, the rest shared, so that a UI sees a new value whenever it changed. */
class JsonValue {
  constructor(wasm) {
    this.parser = new wasm.PartialJson();
    this.root = undefined;
    this.path = []; // keys and indexes from the root to the innermost open container
    this.key = undefined; // the next member's key
    this.string = undefined; // the path of the string APPEND continues
    this.error = undefined;
  }

  push(text) {
    const ops = this.parser.push(text);
    if (ops) this.apply(ops);
    return this.root;
  }

  /** The whole value, or `undefined` (with `error`) when the text is not JSON. */
  finish() {
    try {
      const ops = this.parser.finish();
      if (ops) this.apply(ops);
      this.parser.free();
      return this.root;
    } catch (error) {
      this.error = String(error);
      this.parser.free();
      return undefined;
    }
  }

  apply(text) {
    const ops = JSON.parse(`[${text}]`);
    for (let i = 0; i < ops.length; ) {
      const op = ops[i++];
      if (op !== 5) this.string = undefined;
      if (op === 0 || op === 1) this.path.push(this.put(op === 0 ? {} : []));
      else if (op === 2) this.path.pop();
      else if (op === 3) this.key = ops[i++];
      else if (op === 4) this.string = this.put(ops[i++]);
      else if (op === 5) this.root = assoc(this.root, this.string, 0, this.at(this.string) + ops[i++]);
      else this.put(ops[i++]);
    }
  }

  /** Puts `value` in the innermost container (or as the root); returns its path. */
  put(value) {
    if (this.path.length === 0 && this.root === undefined) {
      this.root = value;
      return [];
    }
    const container = this.path.at(-1);
    const inner = this.at(container);
    const step = Array.isArray(inner) ? inner.length : this.key;
    const path = [...container, step];
    this.root = assoc(this.root, path, 0, value);
    return path;
  }

  at(path) {
    let node = this.root;
    for (const step of path) node = node[step];
    return node;
  }
}

/** `node` with the value at `path[from..]` replaced: the containers on the way copied, the rest shared. */
function assoc(node, path, from, value) {
  if (from === path.length) return value;
  const step = path[from];
  // (Spread, not Object.assign: a "__proto__" member is copied as a member, not set as the prototype.)
  const copy = Array.isArray(node) ? node.slice() : { ...node };
  define(copy, step, assoc(node[step], path, from + 1, value));
  return copy;
}

/** Listeners, in the shape of openai-node's: on, off, once, emitted. */
class Emitter {
  constructor() {
    this.listeners = new Map();
  }

  on(name, fn) {
    (this.listeners.get(name) ?? this.listeners.set(name, []).get(name)).push({ fn, once: false });
    return this;
  }

  once(name, fn) {
    (this.listeners.get(name) ?? this.listeners.set(name, []).get(name)).push({ fn, once: true });
    return this;
  }

  off(name, fn) {
    const list = this.listeners.get(name);
    const at = list?.findIndex((l) => l.fn === fn) ?? -1;
    if (at >= 0) list.splice(at, 1);
    return this;
  }

  has(name) {
    return (this.listeners.get(name)?.length ?? 0) > 0;
  }

  /** Calls the listeners of `name`; the first one that throws stops the dispatch and is returned. */
  call(name, args) {
    const list = this.listeners.get(name);
    if (!list?.length) return undefined;
    for (const listener of [...list]) {
      if (listener.once) list.splice(list.indexOf(listener), 1);
      try {
        listener.fn(...args);
      } catch (error) {
        return error ?? new Error(String(error));
      }
    }
    return undefined;
  }
}

/** Positional events as typed objects (`events()`), and back. */
const SHAPES = {
  chunk: ["chunk", "snapshot"],
  content: ["delta", "snapshot"],
  usage: ["usage"],
  finalChatCompletion: ["completion"],
  finalContent: ["content"],
  finalMessage: ["message"],
  message: ["message"],
  functionToolCall: ["functionCall"],
  functionToolCallResult: ["content"],
  totalUsage: ["usage"],
  error: ["error"],
  abort: ["error"],
  end: [],
};

function typed(name, args) {
  const shape = SHAPES[name];
  if (!shape) return { type: name, ...args[0] };
  const event = { type: name };
  shape.forEach((key, i) => (event[key] = args[i]));
  return event;
}

/** What the stream and the runner share: listeners, event iterators, how it ended. */
class Channel extends Emitter {
  constructor() {
    super();
    this.iterators = new Set();
    this.failure = undefined;
    this.ended = false;
    let settle;
    this.finished = new Promise((resolve, reject) => (settle = { resolve, reject }));
    this.finished.catch(() => {}); // observed through done() and the iterators
    this.settle = settle;
  }

  /** Whether anyone would see `name`. */
  wants(name) {
    return this.has(name) || this.iterators.size > 0;
  }

  /** Emits to the listeners and the iterators; a listener that throws fails the stream. */
  emit(name, ...args) {
    if (this.ended) return;
    for (const iterator of this.iterators) iterator.push(typed(name, args));
    const thrown = this.call(name, args);
    if (thrown !== undefined && this.failure === undefined) this.fail(thrown);
  }

  fail(error) {
    this.failure = error;
    this.onFail?.(error);
  }

  /** The end: `error` or `abort` first when it failed, then `end`; done() settles. */
  end(error) {
    if (this.ended) return;
    if (error !== undefined) {
      const name = error?.name === "AbortError" ? "abort" : "error";
      this.emit(name, error);
      // An error listener that throws does not change what the stream failed with.
      this.call("end", []);
      for (const iterator of this.iterators) iterator.push(typed("end", []), true);
      this.ended = true;
      this.settle.reject(error);
      return;
    }
    this.emit("end");
    this.ended = true;
    for (const iterator of this.iterators) iterator.close();
    this.settle.resolve();
  }

  /** `events()`: every event from now on, as `{ type, ... }`, until `end`. */
  events(start) {
    const queue = [];
    let wake;
    let closed = false;
    const iterator = {
      push: (event, last = false) => {
        queue.push(event);
        if (last) closed = true;
        wake?.();
      },
      close: () => {
        closed = true;
        wake?.();
      },
    };
    const channel = this;
    return {
      [Symbol.asyncIterator]() {
        if (channel.ended) closed = true;
        else channel.iterators.add(iterator);
        start?.();
        return this;
      },
      async next() {
        while (queue.length === 0 && !closed) await new Promise((resolve) => (wake = resolve));
        wake = undefined;
        if (queue.length > 0) return { value: queue.shift(), done: false };
        channel.iterators.delete(iterator);
        return { value: undefined, done: true };
      },
      async return() {
        channel.iterators.delete(iterator);
        queue.length = 0;
        closed = true;
        return { value: undefined, done: true };
      },
    };
  }

  /** The next `name` event's value (its arguments when it has several); rejects when the stream fails first. */
  emitted(name) {
    return new Promise((resolve, reject) => {
      this.once(name, (...args) => resolve(args.length > 1 ? args : args[0]));
      if (name !== "error") this.finished.catch(reject);
    });
  }
}

/** A stream's events: reads its records, keeps the completion so far, emits. */
class Hub extends Channel {
  constructor(wasm, stream) {
    super();
    this.wasm = wasm;
    this.stream = stream;
    const params = stream[PARAMS] ?? {};
    const format = params.response_format?.type;
    this.json = format === "json_object" || format === "json_schema";
    this.schema = format === "json_schema" ? params.response_format.json_schema?.schema : undefined;
    this.snapshot = {
      id: "",
      object: "chat.completion",
      created: 0,
      model: "",
      choices: [],
      usage: undefined,
      system_fingerprint: undefined,
    };
    this.calls = []; // per choice slot: per call slot, the call's { call, value } once it appeared
    this.content = []; // per choice slot: the JsonValue of JSON content
    this.started = false;
    this.completion = undefined;
    this.onFail = () => stream.abort();
  }

  /** Starts reading, once. */
  start() {
    if (this.started) return;
    this.started = true;
    queueMicrotask(() => this.pump());
  }

  async pump() {
    try {
      for (let batch; this.failure === undefined && (batch = await this.stream.nextEvents()) !== undefined; ) {
        this.dispatch(batch);
      }
      if (this.failure !== undefined) throw this.failure;
      const completion = await this.rustFinal.call(this.stream);
      this.finish(completion);
      if (this.failure !== undefined) throw this.failure;
      this.completion = completion;
      this.emit("finalChatCompletion", completion);
      if (this.failure !== undefined) throw this.failure;
      this.end();
    } catch (error) {
      this.end(this.failure ?? error);
    }
  }

  /** The final completion's parsed content (and the schema's verdict on it). */
  finish(completion) {
    if (!this.json) return;
    for (const choice of completion.choices) {
      const message = choice.message;
      if (message.content == null || message.tool_calls?.length) continue;
      const parsed = parseJson(this.wasm, message.content);
      message.parsed = parsed.value ?? null;
      if (this.failure !== undefined || choice.index !== 0) continue;
      const problem = structuredProblem(this.wasm, this.schema, parsed, message.content, completion);
      if (problem) this.fail(problem);
    }
  }

  dispatch([values, records, chunks]) {
    const snapshot = this.snapshot;
    const events = [];
    for (let r = 0; r < records.length && this.failure === undefined; r += WORDS) {
      const op = records[r] & 0xff;
      const flags = records[r] & ~0xff;
      const c = records[r + 1];
      const [a, b, cc, d] = [records[r + 2], records[r + 3], records[r + 4], records[r + 5]];
      const choice = snapshot.choices[c];
      switch (op) {
        case CHOICE:
          snapshot.choices.splice(c, 0, {
            index: a,
            message: { role: "assistant", content: null, reasoning_content: undefined, tool_calls: undefined },
            finish_reason: null,
          });
          this.calls.splice(c, 0, []);
          this.content.splice(c, 0, undefined);
          break;
        case CONTENT: {
          const delta = values[a].choices[b].delta.content;
          choice.message.content = (choice.message.content ?? "") + delta;
          if (delta !== "") events.push([CONTENT, c, delta]);
          break;
        }
        case REASONING: {
          const delta = values[a].choices[b].delta.reasoning_content;
          choice.message.reasoning_content = (choice.message.reasoning_content ?? "") + delta;
          if (delta !== "") events.push([REASONING, c, delta]);
          break;
        }
        case ROLE:
          choice.message.role = values[a].choices[b].delta.role;
          break;
        case FINISH:
          choice.finish_reason = values[a].choices[b].finish_reason;
          break;
        case TOOL: {
          const fragment = values[b].choices[cc].delta.tool_calls[d];
          const slots = this.calls[c];
          if (flags & (ID | NAME | ARGUMENTS) && slots[a] === undefined) {
            const call = { id: "", type: "function", function: { name: "", arguments: "" } };
            (choice.message.tool_calls ??= []).push(call);
            slots[a] = { call, index: choice.message.tool_calls.length - 1, value: undefined };
          }
          const entry = slots[a];
          if (entry === undefined) break;
          if (flags & ID) entry.call.id = fragment.id;
          if (flags & NAME) entry.call.function.name = fragment.function.name;
          if (flags & ARGUMENTS) {
            entry.call.function.arguments += fragment.function.arguments;
            events.push([TOOL, c, a, fragment.function.arguments]);
          }
          break;
        }
        case META:
          for (const [flag, key] of [[META_ID, "id"], [META_CREATED, "created"], [META_MODEL, "model"], [META_FINGERPRINT, "system_fingerprint"]]) {
            if (flags & flag) snapshot[key] = values[a][key];
          }
          break;
        case USAGE:
          snapshot.usage = values[a].usage;
          events.push([USAGE, 0, values[a].usage]);
          break;
        case EXTRA: {
          const member = values[chunks + cc];
          const target =
            a === 0 ? snapshot : a === 1 ? choice : a === 2 ? choice.message : a === 3 ? this.calls[c][b]?.call : this.calls[c][b]?.call.function;
          if (target) for (const [key, value] of Object.entries(member)) define(target, key, value);
          break;
        }
        case CHUNK:
          this.emit("chunk", values[a], snapshot);
          for (const event of events) this.event(event);
          events.length = 0;
          break;
        default:
          events.push([op, c, a]);
      }
    }
    for (const event of events) this.event(event);
  }

  /** One event from the records, with its payload. */
  event([op, c, a, extra]) {
    if (this.failure !== undefined) return;
    const choice = this.snapshot.choices[c];
    const message = choice?.message;
    switch (op) {
      case CONTENT: {
        let parsed;
        if (this.json && this.wants("content.delta")) {
          this.content[c] ??= new JsonValue(this.wasm);
          parsed = this.content[c].push(a) ?? null;
        }
        this.emit("content", a, message.content);
        this.emit("content.delta", { delta: a, snapshot: message.content, parsed, choice: choice.index });
        break;
      }
      case REASONING:
        this.emit("reasoning.delta", { delta: a, snapshot: message.reasoning_content, choice: choice.index });
        break;
      case TOOL: {
        const entry = this.calls[c][a];
        const call = entry.call;
        if (this.wants("tool_calls.function.arguments.delta")) {
          entry.value ??= new JsonValue(this.wasm);
          entry.parsed = entry.value.push(extra) ?? null;
        }
        this.emit("tool_calls.function.arguments.delta", {
          index: entry.index,
          name: call.function.name,
          arguments: call.function.arguments,
          arguments_delta: extra,
          parsed_arguments: entry.parsed ?? null,
          choice: choice.index,
        });
        break;
      }
      case USAGE:
        this.emit("usage", a);
        break;
      case CONTENT_DONE: {
        const parsed = this.json ? parseJson(this.wasm, message.content ?? "").value ?? null : undefined;
        this.emit("content.done", { content: message.content ?? "", parsed, choice: choice.index });
        break;
      }
      case REASONING_DONE:
        this.emit("reasoning.done", { reasoning: message.reasoning_content ?? "", choice: choice.index });
        break;
      case TOOL_DONE: {
        const entry = this.calls[c][a];
        if (entry === undefined) break; // a placeholder that never got anything
        const call = entry.call;
        this.emit("tool_calls.function.arguments.done", {
          index: entry.index,
          name: call.function.name,
          arguments: call.function.arguments,
          parsed_arguments: parseJson(this.wasm, call.function.arguments || "{}").value ?? null,
          choice: choice.index,
        });
        break;
      }
    }
  }
}

/** A JSON text's value (code fences allowed), or why it is not JSON. */
function parseJson(wasm, text) {
  const value = new JsonValue(wasm);
  value.push(text);
  const whole = value.finish();
  return { value: whole, error: value.error };
}

/** The OutputValidationError of a structured answer that is not JSON or does not match its schema, if it is so. */
function structuredProblem(wasm, schema, parsed, content, completion, repairs) {
  const issues =
    parsed.error !== undefined
      ? [{ path: "", code: "invalid_json", message: `the answer is not JSON: ${parsed.error}.`, severity: "error" }]
      : schema !== undefined
        ? wasm.checkValue(parsed.value, schema)
        : [];
  if (issues.length === 0) return undefined;
  const error = new Error(`the answer does not match its schema: ${issues[0].message}`);
  error.name = "OutputValidationError";
  Object.assign(error, { issues, content, partial: completion, retryable: false });
  if (repairs !== undefined) error.repairs = repairs;
  return error;
}

/** The events of a stream: its hub, made (and the stream claimed for it) on first use. */
function hubOf(wasm, stream) {
  if (stream[HUB] === undefined) {
    stream.claim("events");
    stream[HUB] = new Hub(wasm, stream);
  }
  return stream[HUB];
}

/** Sums usage objects: every number, nested ones too (`completion_tokens_details.reasoning_tokens`). */
function addUsage(total, usage) {
  if (!usage) return total;
  const out = { ...(total ?? {}) };
  for (const [key, value] of Object.entries(usage)) {
    if (typeof value === "number") out[key] = (out[key] ?? 0) + value;
    else if (value && typeof value === "object") out[key] = addUsage(out[key], value);
  }
  return out;
}

/** A tool's result as a tool message's content. */
function resultText(result) {
  return typeof result === "string" ? result : JSON.stringify(result ?? null);
}

/** The error a run fails with when it cannot go on (`code`: "max_steps", "tool_failed"). */
function runError(code, message, messages, cause) {
  const error = new Error(message);
  error.name = "ToolRunError";
  Object.assign(error, { code, messages, retryable: false });
  if (cause !== undefined) error.cause = cause;
  return error;
}

function abortError(signal) {
  const error = new Error("the request was aborted");
  error.name = "AbortError";
  error.retryable = false;
  if (signal?.reason !== undefined) error.cause = signal.reason;
  return error;
}

/** `runTools(params, options)`: the tool runner (events, final values, messages, usage). */
class ChatCompletionRunner extends Channel {
  constructor(wasm, completions, params, options = {}) {
    super();
    const { maxSteps = 10, onToolError = "reply", signal, ...requestOptions } = options;
    const { tools = [], stream = false, ...rest } = params;
    this.wasm = wasm;
    this.completions = completions;
    this.messages = [...(params.messages ?? [])];
    this.controller = new AbortController();
    this.usage = undefined;
    this.completion = undefined;
    this.steps = 0;
    const functions = new Map();
    const definitions = tools.map((tool) => {
      const { function: fn, ...declared } = tool.function ?? {};
      if (typeof fn === "function") functions.set(declared.name, fn);
      return { ...tool, function: declared };
    });
    const relay = () => this.controller.abort(signal.reason);
    if (signal?.aborted) this.controller.abort(signal.reason);
    else signal?.addEventListener("abort", relay, { once: true });
    this.run({ rest, stream, definitions, functions, maxSteps, onToolError, requestOptions }).finally(() =>
      signal?.removeEventListener("abort", relay),
    );
  }

  abort() {
    this.controller.abort();
  }

  get aborted() {
    return this.controller.signal.aborted;
  }

  async run({ rest, stream, definitions, functions, maxSteps, onToolError, requestOptions }) {
    const { wasm } = this;
    const specs = definitions.map((t) => ({ name: t.function.name, parameters: t.function.parameters }));
    const signal = this.controller.signal;
    await null; // listeners attached in the caller's turn see every event
    try {
      for (;;) {
        if (signal.aborted) throw abortError(signal);
        this.steps += 1;
        const request = { ...rest, messages: wasm.messagesFor(this.messages, rest.model ?? ""), tools: definitions };
        const completion = stream
          ? await this.streamStep(request, { ...requestOptions, signal })
          : await this.completions.create(request, { ...requestOptions, signal });
        this.completion = completion;
        this.usage = addUsage(this.usage, completion.usage);
        this.emit("chatCompletion", completion);
        const message = wasm.completionToMessage(completion);
        if (message === undefined) throw runError("no_choice", "the answer has no choice", this.messages);
        this.add(message);
        const calls = message.tool_calls ?? [];
        for (const call of calls) this.emit("functionToolCall", call.function);
        const next = wasm.nextStep(calls.length, this.steps, maxSteps);
        if (next === "done") break;
        if (next === "out_of_steps") {
          throw runError("max_steps", `the model still called tools after ${maxSteps} steps (maxSteps)`, this.messages);
        }
        const planned = wasm.planTools(calls.map(parsedCall), specs);
        const results = await Promise.all(
          planned.map(async (plan) => {
            if (!plan.run) return plan.content;
            const fn = functions.get(plan.name);
            if (fn === undefined) return wasm.toolFailure(plan.name, "it has no function to run");
            try {
              return resultText(await fn(plan.arguments, { signal }));
            } catch (error) {
              if (signal.aborted) throw abortError(signal);
              if (onToolError === "throw") {
                throw runError("tool_failed", `the tool ${plan.name} failed: ${error?.message ?? error}`, this.messages, error);
              }
              return wasm.toolFailure(plan.name, String(error?.message ?? error));
            }
          }),
        );
        if (signal.aborted) throw abortError(signal);
        planned.forEach((plan, i) => {
          const content = results[i];
          this.add({ role: "tool", tool_call_id: plan.id, content });
          this.emit("functionToolCallResult", content);
        });
        this.emit("step", { step: this.steps, completion, calls: planned, results });
        if (this.failure !== undefined) throw this.failure;
      }
      if (this.failure !== undefined) throw this.failure;
      this.emit("finalChatCompletion", this.completion);
      const final = this.messages.at(-1);
      this.emit("finalMessage", final);
      if (typeof final.content === "string") this.emit("finalContent", final.content);
      if (this.usage) this.emit("totalUsage", this.usage);
      if (this.failure !== undefined) throw this.failure;
      this.end();
    } catch (error) {
      this.end(this.failure ?? (signal.aborted && error?.name !== "ToolRunError" ? abortError(signal) : error));
    }
  }

  /** One streamed request, its events relayed as the runner's. */
  async streamStep(request, options) {
    const stream = this.completions.stream({ ...request, stream: true }, options);
    const hub = hubOf(this.wasm, stream);
    const relayed = ["chunk", "content", "content.delta", "content.done", "reasoning.delta", "reasoning.done", "tool_calls.function.arguments.delta", "tool_calls.function.arguments.done", "usage"];
    for (const name of relayed) if (this.wants(name)) hub.on(name, (...args) => this.emit(name, ...args));
    hub.start();
    await hub.finished;
    return hub.completion;
  }

  add(message) {
    this.messages.push(message);
    this.emit("message", message);
  }

  done() {
    return this.finished;
  }

  async finalChatCompletion() {
    await this.finished;
    return this.completion;
  }

  async finalMessage() {
    await this.finished;
    return this.messages.at(-1);
  }

  async finalContent() {
    return (await this.finalMessage()).content ?? null;
  }

  async totalUsage() {
    await this.finished;
    return this.usage;
  }

  [Symbol.asyncIterator]() {
    const events = this.events()[Symbol.asyncIterator]();
    return {
      next: async () => {
        for (;;) {
          const { value, done } = await events.next();
          if (done) return { value: undefined, done: true };
          if (value.type === "chunk") return { value: value.chunk, done: false };
          if (value.type === "error" || value.type === "abort") throw value.error;
        }
      },
      return: () => events.return(),
    };
  }
}

/** A call's arguments parsed for the planner (or why they could not be). Empty arguments are an empty object. */
function parsedCall(call) {
  const text = call.function.arguments?.trim() || "{}";
  try {
    return { id: call.id, name: call.function.name, arguments: JSON.parse(text) };
  } catch (error) {
    return { id: call.id, name: call.function.name, error: error.message };
  }
}

/**
 * `new Conversation(client, { model, system, ...params })`: chat state for UIs, with the store contract of React's
 * `useSyncExternalStore` (`subscribe`, `getSnapshot`, bound), Svelte stores (`subscribe` calls back at once) and
 * anything that can watch a value.
 */
export class Conversation {
  constructor(client, { system, tools, maxSteps, ...params } = {}) {
    this.client = client;
    this.params = params;
    this.tools = tools;
    this.maxSteps = maxSteps;
    this.listeners = new Set();
    this.controller = undefined;
    this.state = { messages: system ? [{ role: "system", content: system }] : [], status: "idle", error: undefined };
    this.subscribe = (listener) => {
      this.listeners.add(listener);
      listener(this.state);
      return () => this.listeners.delete(listener);
    };
    this.getSnapshot = () => this.state;
  }

  get messages() {
    return this.state.messages;
  }

  get status() {
    return this.state.status;
  }

  get error() {
    return this.state.error;
  }

  set(patch) {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener(this.state);
  }

  /** Sends a user message (text, or content parts) and streams the reply. */
  send(content) {
    return this.reply([...this.state.messages, { role: "user", content }]);
  }

  /** Stops the reply in progress; what arrived stays. */
  stop() {
    this.controller?.abort();
  }

  /** After an error: sends the conversation again, without the failed reply. */
  retry() {
    return this.reply(this.untilLastUser());
  }

  /** Replaces the last reply with a new one. */
  regenerate() {
    return this.reply(this.untilLastUser());
  }

  /** Replaces message `index` (a user message) and what followed it, and streams a new reply. */
  edit(index, content) {
    const messages = this.state.messages.slice(0, index);
    messages.push({ ...this.state.messages[index], content });
    return this.reply(messages);
  }

  untilLastUser() {
    const messages = this.state.messages;
    const last = messages.findLastIndex((m) => m.role === "user");
    return messages.slice(0, last + 1);
  }

  /** Streams a reply to `messages`: the reply shows as it is written (content, reasoning), tool calls and their
   * results as they come (with tools), and stays, whole or as far as it got, when it ends or is stopped. */
  async reply(messages) {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const current = () => this.controller === controller;
    let done = [...messages]; // the messages that are final
    let live; // the reply being written
    const show = () => this.set({ messages: live ? [...done, { ...live }] : done });
    this.set({ messages: done, status: "streaming", error: undefined });
    const params = { ...this.params, messages };
    const options = { signal: controller.signal };
    const tools = this.tools?.length > 0;
    const runner = tools
      ? this.client.chat.completions.runTools({ ...params, tools: this.tools, stream: true }, { ...options, maxSteps: this.maxSteps })
      : this.client.chat.completions.stream(params, options);
    const writing = (key) => (_, snapshot) => {
      if (!current()) return;
      live = { ...(live ?? { role: "assistant", content: "" }), [key]: typeof snapshot === "string" ? snapshot : snapshot.snapshot };
      show();
    };
    runner.on("content", writing("content"));
    runner.on("reasoning.delta", (event) => writing("reasoning_content")(undefined, event));
    if (tools) {
      runner.on("message", (message) => {
        if (!current()) return;
        done = [...done, message];
        live = undefined;
        const calling = message.role === "assistant" && message.tool_calls?.length > 0;
        this.set({ messages: done, status: calling || message.role === "tool" ? "running_tools" : "streaming" });
      });
      runner.on("chunk", () => current() && this.state.status !== "streaming" && this.set({ status: "streaming" }));
    }
    try {
      await runner.done();
      if (!current()) return;
      if (!tools) done = [...done, await runner.finalMessage()];
      live = undefined;
      this.set({ messages: done, status: "idle" });
    } catch (error) {
      if (!current()) return;
      // What arrived stays (a stopped or broken reply is still worth reading).
      if (live) done = [...done, live];
      live = undefined;
      if (error?.name === "AbortError") this.set({ messages: done, status: "idle" });
      else this.set({ messages: done, status: "error", error });
    } finally {
      if (current()) this.controller = undefined;
    }
  }
}

/** Adds the runtime to a loaded build: stream events, `stream()`, `parse()`, `runTools()`. */
export function installRuntime(wasm) {
  const stream = wasm.ChatCompletionStream.prototype;
  const completions = wasm.Completions.prototype;
  const rustStream = completions.stream;
  const rustFinal = stream.finalChatCompletion;
  Hub.prototype.rustFinal = rustFinal;

  completions.stream = function (params, options) {
    const created = rustStream.call(this, params, options);
    created[PARAMS] = params;
    hubOf(wasm, created);
    return created;
  };

  completions.runTools = function (params, options) {
    return new ChatCompletionRunner(wasm, this, params, options);
  };

  completions.parse = async function (params, options = {}) {
    const { maxRepairs = 0, ...requestOptions } = options;
    const format = params.response_format?.type;
    const schema = format === "json_schema" ? params.response_format.json_schema?.schema : undefined;
    let messages = [...params.messages];
    let usage;
    for (let attempt = 0; ; attempt += 1) {
      const completion = await this.create({ ...params, messages, stream: false }, requestOptions);
      usage = addUsage(usage, completion.usage);
      if (usage) completion.usage = usage;
      if (format !== "json_object" && format !== "json_schema") {
        for (const choice of completion.choices) choice.message.parsed = null;
        return completion;
      }
      const message = completion.choices[0]?.message;
      const parsed = parseJson(wasm, message?.content ?? "");
      for (const choice of completion.choices) choice.message.parsed = parseJson(wasm, choice.message.content ?? "").value ?? null;
      const problem = structuredProblem(wasm, schema, parsed, message?.content ?? "", completion, attempt);
      if (!problem) return completion;
      if (attempt >= maxRepairs) throw problem;
      const notJson = parsed.error !== undefined ? parsed.error : undefined;
      messages = [...messages, wasm.completionToMessage(completion), { role: "user", content: wasm.repairMessage(problem.issues, notJson) }];
    }
  };

  stream.on = function (name, fn) {
    const hub = hubOf(wasm, this);
    hub.on(name, fn);
    hub.start();
    return this;
  };
  stream.once = function (name, fn) {
    const hub = hubOf(wasm, this);
    hub.once(name, fn);
    hub.start();
    return this;
  };
  stream.off = function (name, fn) {
    this[HUB]?.off(name, fn);
    return this;
  };
  stream.emitted = function (name) {
    const hub = hubOf(wasm, this);
    hub.start();
    return hub.emitted(name);
  };
  stream.events = function () {
    const hub = hubOf(wasm, this);
    return hub.events(() => hub.start());
  };
  stream.done = function () {
    const hub = this[HUB];
    if (!hub) return rustFinal.call(this).then(() => undefined);
    hub.start();
    return hub.finished;
  };
  stream.currentSnapshot = function () {
    return this[HUB]?.started ? this[HUB].snapshot : this.snapshot();
  };
  stream.finalChatCompletion = function () {
    const hub = this[HUB];
    if (!hub) return rustFinal.call(this);
    hub.start();
    return hub.finished.then(() => hub.completion);
  };
  stream.finalMessage = async function () {
    return wasm.completionToMessage(await this.finalChatCompletion());
  };
  stream.finalContent = async function () {
    return (await this.finalMessage())?.content ?? null;
  };
  return { ChatCompletionRunner, Conversation, completionToMessage: (completion) => wasm.completionToMessage(completion) };
}

/** The async iterator of a stream read through its events (stream() streams, or after on()). */
export function eventChunks(stream) {
  const hub = stream[HUB];
  if (hub === undefined) return undefined;
  const events = hub.events(() => hub.start())[Symbol.asyncIterator]();
  return {
    async next() {
      for (;;) {
        const { value, done } = await events.next();
        if (done) return { value: undefined, done: true };
        if (value.type === "chunk") return { value: value.chunk, done: false };
        if (value.type === "error" || value.type === "abort") throw value.error;
      }
    },
    async return() {
      stream.abort();
      return events.return();
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
