// The chat runtime's JavaScript: only what wasm-bindgen cannot express. Listeners and async iteration over a
// stream's events, a live copy of the completion and of partial JSON values, calling the user's tool functions,
// and a store for UI frameworks. What a chunk did to the completion, when a part of it is done, partial JSON,
// schema checks, what the tool runner does next and the messages sent to a model are the wasm's decisions.

// A stream()'s hub (a promise of it: api.js makes it when the runtime has loaded).
const HUB = Symbol.for("siliconflow-wasm.hub");

// The stream records' operations (src/stream/events.rs).
const WORDS = 6;
const [CHOICE, CONTENT, REASONING, ROLE, FINISH, TOOL, META, USAGE, EXTRA, CHUNK, CONTENT_DONE, REASONING_DONE, TOOL_DONE] =
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const [NEW, ID, NAME, ARGUMENTS] = [1 << 8, 1 << 9, 1 << 10, 1 << 11];
const META_ID = 1 << 8;
const META_KEYS = ["id", "created", "model", "system_fingerprint"]; // flagged by META_ID << 0..3
const IN_CHUNK = 1 << 16; // the value named is the chunk: the record's value is in it
const NONE = 0xffffffff;

/** Defines `key` on `target` as JSON.parse would (a `__proto__` key is a plain member). */
function define(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A value that grows as partial JSON arrives (src/json/partial.rs): each change makes a new root and new objects
 * along the path to the change, the rest shared, so that a UI sees a new value whenever it changed. */
class JsonValue {
  constructor(rt) {
    this.parser = new rt.PartialJson();
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

// Events an iterator may have waiting before the stream stops reading until it catches up.
const BACKLOG = 2048;

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
    let head = 0; // the next event to give (a moving start: shift() would copy the queue each time)
    let wake;
    let closed = false;
    const channel = this;
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
      backlog: () => queue.length - head,
    };
    return {
      [Symbol.asyncIterator]() {
        if (channel.ended) closed = true;
        else channel.iterators.add(iterator);
        start?.();
        return this;
      },
      async next() {
        while (head === queue.length && !closed) await new Promise((resolve) => (wake = resolve));
        wake = undefined;
        if (head < queue.length) {
          const value = queue[head];
          queue[head++] = undefined;
          if (head === queue.length) queue.length = head = 0;
          else if (head > 4096 && head * 2 > queue.length) queue.splice(0, head), (head = 0);
          if (queue.length - head < BACKLOG / 2) channel.drained();
          return { value, done: false };
        }
        channel.iterators.delete(iterator);
        channel.drained();
        return { value: undefined, done: true };
      },
      async return() {
        channel.iterators.delete(iterator);
        queue.length = head = 0;
        closed = true;
        channel.drained();
        return { value: undefined, done: true };
      },
    };
  }

  /** Resolves when every iterator has fewer than BACKLOG events waiting: the reader's pace sets the stream's. */
  async paced() {
    while ([...this.iterators].some((iterator) => iterator.backlog() >= BACKLOG)) {
      await new Promise((resolve) => (this.resume = resolve));
    }
  }

  drained() {
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }

  /** The next `name` event's value (its arguments when it has several); rejects when the stream fails first. */
  emitted(name) {
    return new Promise((resolve, reject) => {
      this.once(name, (...args) => resolve(args.length > 1 ? args : args[0]));
      if (name !== "error") this.finished.catch(reject);
    });
  }
}

/** A stream's events: reads its bytes (the stream claimed "raw"), parses them into records of what each chunk
 * did and the values they name (the wasm's EventStream), keeps the completion so far and emits. */
class Hub extends Channel {
  constructor(rt, stream, params = {}) {
    super();
    this.rt = rt;
    this.stream = stream;
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
    this.seen = false; // a chunk has arrived (the snapshot is undefined before)
    this.calls = []; // per choice slot: per call slot, the call's { call, value } once it appeared
    this.content = []; // per choice slot: the JsonValue of JSON content
    this.started = false;
    this.completion = undefined;
    this.onFail = () => stream.abort();
  }

  /** The stream was aborted: no more events from what has been read (the next read is the AbortError). */
  interrupt() {
    this.interrupted = true;
  }

  /** Starts reading, once (in a microtask: listeners attached in the same turn see every event). */
  start() {
    if (this.started) return;
    this.started = true;
    queueMicrotask(() => this.pump());
  }

  async pump() {
    const { stream } = this;
    const parser = (this.parser = new this.rt.EventStream(stream.maxBufferSize));
    try {
      let end;
      while (end === undefined) {
        let bytes;
        if (this.iterators.size > 0) await this.paced();
        try {
          bytes = await stream.nextBytes();
        } catch (error) {
          // An abort, a timeout, a lost connection: what arrived is the parser's, not the stream's.
          if (error && typeof error === "object") error.partial = parser.snapshot();
          throw error;
        }
        if (this.failure !== undefined) throw this.failure;
        // The chunks are parsed only for someone who sees them.
        parser.chunks = this.wants("chunk");
        if (bytes === undefined) end = this.parse(() => parser.finish());
        else {
          const read = this.parse(() => parser.push(bytes));
          if (read !== undefined) this.dispatch(read);
          if (this.interrupted) continue; // to the AbortError
          // Nothing after [DONE] belongs to the completion: reading stops there.
          if (parser.done) end = this.parse(() => parser.finish());
        }
        if (this.failure !== undefined) throw this.failure;
      }
      const [values, records, completion, complete] = end;
      this.dispatch([values, records]);
      stream.rawDone(complete);
      if (this.failure !== undefined) throw this.failure;
      this.finish(completion);
      if (this.failure !== undefined) throw this.failure;
      this.completion = completion;
      this.emit("finalChatCompletion", completion);
      if (this.failure !== undefined) throw this.failure;
      this.end();
    } catch (error) {
      // The request ends too; the error comes back without the API key.
      this.end(stream.rawDone(false, this.failure ?? error));
    } finally {
      parser.free();
    }
  }

  /** The parser's answer; its errors get the response's request id. */
  parse(step) {
    try {
      return step();
    } catch (error) {
      if (error && typeof error === "object") error.requestId ??= this.stream.requestId;
      throw error;
    }
  }

  /** The final completion's parsed content (and the schema's verdict on it). */
  finish(completion) {
    if (!this.json) return;
    for (const choice of completion.choices) {
      const message = choice.message;
      if (message.content == null || message.tool_calls?.length) continue;
      const parsed = parseJson(this.rt, message.content);
      message.parsed = parsed.value ?? null;
      if (this.failure !== undefined || choice.index !== 0) continue;
      const problem = structuredProblem(this.rt, this.schema, parsed, message.content, completion);
      if (problem) this.fail(problem);
    }
  }

  dispatch([values, records]) {
    const snapshot = this.snapshot;
    const events = [];
    for (let r = 0; r < records.length && this.failure === undefined && !this.interrupted; r += WORDS) {
      const op = records[r] & 0xff;
      const flags = records[r] & ~0xff;
      const c = records[r + 1];
      const a = records[r + 2], b = records[r + 3], cc = records[r + 4];
      const inChunk = flags & IN_CHUNK;
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
          const delta = inChunk ? values[a].choices[b].delta.content : values[a];
          choice.message.content = (choice.message.content ?? "") + delta;
          if (delta !== "") events.push([CONTENT, c, delta]);
          break;
        }
        case REASONING: {
          const delta = inChunk ? values[a].choices[b].delta.reasoning_content : values[a];
          choice.message.reasoning_content = (choice.message.reasoning_content ?? "") + delta;
          if (delta !== "") events.push([REASONING, c, delta]);
          break;
        }
        case ROLE:
          choice.message.role = inChunk ? values[a].choices[b].delta.role : values[a];
          break;
        case FINISH:
          choice.finish_reason = inChunk ? values[a].choices[b].finish_reason : values[a];
          break;
        case TOOL: {
          const fragment = inChunk ? values[b].choices[cc].delta.tool_calls[records[r + 5]] : undefined;
          const slots = this.calls[c];
          if (flags & (ID | NAME | ARGUMENTS) && slots[a] === undefined) {
            const call = { id: "", type: "function", function: { name: "", arguments: "" } };
            (choice.message.tool_calls ??= []).push(call);
            slots[a] = { call, index: choice.message.tool_calls.length - 1, value: undefined };
          }
          const entry = slots[a];
          if (entry === undefined) break;
          if (flags & ID) entry.call.id = inChunk ? fragment.id : values[b];
          if (flags & NAME) entry.call.function.name = inChunk ? fragment.function.name : values[b];
          if (flags & ARGUMENTS) {
            const more = inChunk ? fragment.function.arguments : values[b];
            entry.call.function.arguments += more;
            events.push([TOOL, c, a, more]);
          }
          break;
        }
        case META:
          for (let i = 0; i < 4; i++) {
            if (!(flags & (META_ID << i))) continue;
            const key = META_KEYS[i];
            const value = values[records[r + 2 + i]];
            snapshot[key] = inChunk ? value[key] : value;
          }
          break;
        case USAGE: {
          const usage = inChunk ? values[a].usage : values[a];
          snapshot.usage = usage;
          events.push([USAGE, 0, usage]);
          break;
        }
        case EXTRA: {
          const member = values[cc];
          const target =
            a === 0 ? snapshot : a === 1 ? choice : a === 2 ? choice.message : a === 3 ? this.calls[c][b]?.call : this.calls[c][b]?.call.function;
          if (target) for (const [key, value] of Object.entries(member)) define(target, key, value);
          break;
        }
        case CHUNK:
          this.seen = true;
          // (Not among the values: a listener added since the read was parsed gets it parsed now.)
          if (a !== NONE) this.emit("chunk", values[a], snapshot);
          else if (this.wants("chunk")) this.emit("chunk", this.parser.chunk(b), snapshot);
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
    if (this.failure !== undefined || this.interrupted) return;
    const choice = this.snapshot.choices[c];
    const message = choice?.message;
    switch (op) {
      case CONTENT: {
        let parsed;
        if (this.json && this.wants("content.delta")) {
          this.content[c] ??= new JsonValue(this.rt);
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
          entry.value ??= new JsonValue(this.rt);
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
        const parsed = this.json ? parseJson(this.rt, message.content ?? "").value ?? null : undefined;
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
          parsed_arguments: parseJson(this.rt, call.function.arguments || "{}").value ?? null,
          choice: choice.index,
        });
        break;
      }
    }
  }
}

/** A JSON text's value (code fences allowed), or why it is not JSON. */
function parseJson(rt, text) {
  const value = new JsonValue(rt);
  value.push(text);
  const whole = value.finish();
  return { value: whole, error: value.error };
}

/** The OutputValidationError of a structured answer that is not JSON or does not match its schema, if it is so. */
function structuredProblem(rt, schema, parsed, content, completion, repairs) {
  const issues =
    parsed.error !== undefined
      ? [{ path: "", code: "invalid_json", message: `the answer is not JSON: ${parsed.error}.`, severity: "error" }]
      : schema !== undefined
        ? rt.checkValue(parsed.value, schema)
        : [];
  if (issues.length === 0) return undefined;
  const error = new Error(`the answer does not match its schema: ${issues[0].message}`);
  error.name = "OutputValidationError";
  Object.assign(error, { issues, content, partial: completion, retryable: false });
  if (repairs !== undefined) error.repairs = repairs;
  return error;
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
  constructor(wasm, rt, completions, params, options = {}) {
    super();
    const { maxSteps = 10, onToolError = "reply", signal, ...requestOptions } = options;
    const { tools = [], stream = false, ...rest } = params;
    this.wasm = wasm;
    this.rt = rt;
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
    this.plan = { rest, stream, definitions, functions, maxSteps, onToolError, requestOptions };
    this.forget = () => signal?.removeEventListener("abort", relay);
    this.started = false;
  }

  /** Starts the run, once (in a microtask: listeners attached in the same turn see every event). */
  start() {
    if (this.started) return;
    this.started = true;
    queueMicrotask(() => this.run(this.plan).finally(this.forget));
  }

  abort() {
    this.controller.abort();
  }

  get aborted() {
    return this.controller.signal.aborted;
  }

  async run({ rest, stream, definitions, functions, maxSteps, onToolError, requestOptions }) {
    const { wasm, rt } = this;
    const specs = definitions.map((t) => ({ name: t.function.name, parameters: t.function.parameters }));
    const signal = this.controller.signal;
    try {
      for (;;) {
        if (signal.aborted) throw abortError(signal);
        this.steps += 1;
        const request = { ...rest, messages: rt.messagesFor(this.messages, rest.model ?? ""), tools: definitions };
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
        const next = rt.nextStep(calls.length, this.steps, maxSteps);
        if (next === "done") break;
        if (next === "out_of_steps") {
          throw runError("max_steps", `the model still called tools after ${maxSteps} steps (maxSteps)`, this.messages);
        }
        const planned = rt.planTools(calls.map(parsedCall), specs);
        const results = await Promise.all(
          planned.map(async (plan) => {
            if (!plan.run) return plan.content;
            const fn = functions.get(plan.name);
            if (fn === undefined) return rt.toolFailure(plan.name, "it has no function to run");
            try {
              return resultText(await fn(plan.arguments, { signal }));
            } catch (error) {
              if (signal.aborted) throw abortError(signal);
              if (onToolError === "throw") {
                throw runError("tool_failed", `the tool ${plan.name} failed: ${error?.message ?? error}`, this.messages, error);
              }
              return rt.toolFailure(plan.name, String(error?.message ?? error));
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
    const hub = await stream[HUB];
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
 * The runtime over a loaded build (`wasm`: the client) and its wasm part (`rt`: the same module on servers, a
 * module of its own in browsers), for api.js: its objects are made, not started; api.js starts them once the
 * listeners attached meanwhile are on.
 */
export function runtime(wasm, rt) {
  return {
    /** The events of a stream claimed "raw". */
    hub: (stream, params) => new Hub(rt, stream, params),
    runTools: (completions, params, options) => new ChatCompletionRunner(wasm, rt, completions, params, options),
    parse: (completions, params, options) => parse(wasm, rt, completions, params, options),
  };
}

/** `parse()`: a non-streaming completion with `parsed` messages, asked again up to `maxRepairs` times. */
async function parse(wasm, rt, completions, params, options = {}) {
  const { maxRepairs = 0, ...requestOptions } = options;
  const format = params.response_format?.type;
  const schema = format === "json_schema" ? params.response_format.json_schema?.schema : undefined;
  let messages = [...params.messages];
  let usage;
  for (let attempt = 0; ; attempt += 1) {
    const completion = await completions.create({ ...params, messages, stream: false }, requestOptions);
    usage = addUsage(usage, completion.usage);
    if (usage) completion.usage = usage;
    if (format !== "json_object" && format !== "json_schema") {
      for (const choice of completion.choices) choice.message.parsed = null;
      return completion;
    }
    let first;
    for (const choice of completion.choices) {
      const parsed = parseJson(rt, choice.message.content ?? "");
      choice.message.parsed = parsed.value ?? null;
      first ??= parsed;
    }
    const content = completion.choices[0]?.message.content ?? "";
    const problem = structuredProblem(rt, schema, first ?? parseJson(rt, ""), content, completion, attempt);
    if (!problem) return completion;
    if (attempt >= maxRepairs) throw problem;
    const repair = rt.repairMessage(problem.issues, first?.error);
    messages = [...messages, wasm.completionToMessage(completion), { role: "user", content: repair }];
  }
}
