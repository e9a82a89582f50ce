// The package's API. The wire types (requests, responses, chunks, issues, the catalog), the options objects and the
// errors are generated from the Rust code into dist/types.d.ts; this file declares the classes and functions.
import type {
  AbortError,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ClientOptions,
  Content,
  FunctionCall,
  Issue,
  JsonValue,
  Message,
  ModelInfo,
  ModelList,
  ModelListParams,
  ParseOptions,
  ProxyOptions,
  RequestOptions,
  ResponseMessage,
  RunToolsOptions,
  SiliconFlowError,
  SseEvent,
  SseParserOptions,
  Tool,
  Usage,
} from "./dist/types";

export * from "./dist/types";

/** `new SiliconFlow(options)`: every option is optional (no apiKey behind a proxy that holds the key). */
export declare class SiliconFlow {
  constructor(options?: ClientOptions);
  readonly baseURL: string;
  readonly chat: Chat;
  readonly models: Models;
}
export default SiliconFlow;

export declare class Chat {
  readonly completions: Completions;
}

export declare class Completions {
  create(params: ChatCompletionRequest & { stream: true }, options?: RequestOptions): Promise<ChatCompletionStream>;
  create(params: ChatCompletionRequest & { stream?: false | null }, options?: RequestOptions): Promise<ChatCompletion>;
  create(params: ChatCompletionRequest, options?: RequestOptions): Promise<ChatCompletion | ChatCompletionStream>;
  /** `create({ ...params, stream: true })`, returned at once: attach listeners, iterate, or await its final values.
   * A failure before the first chunk (an invalid request included) ends the stream with its error. */
  stream<T = unknown>(params: ChatCompletionRequest, options?: RequestOptions): ChatCompletionStream<T>;
  /** A non-streaming completion whose messages carry `parsed`: the JSON answer of `response_format` json_schema or
   * json_object (code fences allowed), checked against the schema; an OutputValidationError otherwise, after
   * `maxRepairs` tries. Usage is summed over the tries. */
  parse<T = unknown>(params: ChatCompletionRequest, options?: ParseOptions): Promise<ParsedChatCompletion<T>>;
  /** Runs tools until the model answers without calling one (at most `maxSteps` answers). */
  runTools(params: RunToolsParams, options?: RunToolsOptions): ChatCompletionRunner;
}

/** A completion whose messages carry their parsed JSON answer. */
export type ParsedChatCompletion<T = unknown> = ChatCompletion & {
  choices: Array<ChatCompletion["choices"][number] & { message: ResponseMessage & { parsed: T | null } }>;
};

/** A tool with its function: called with the parsed, schema-checked arguments and the run's abort signal. */
export interface RunnableTool<Args = any> {
  type: "function";
  function: {
    name: string;
    description?: string;
    parameters?: JsonValue;
    strict?: boolean;
    function: (args: Args, context: { signal: AbortSignal }) => unknown;
  };
}

export type RunToolsParams = Omit<ChatCompletionRequest, "tools" | "stream"> & {
  tools: Array<RunnableTool | Tool>;
  /** Stream every step, with the stream's events on the runner. */
  stream?: boolean | null;
};

/** The events of a stream, with their listeners' arguments (openai-node's names, and `reasoning.*`, `usage`). */
export interface ChatCompletionStreamEvents<T = unknown> {
  chunk: (chunk: ChatCompletionChunk, snapshot: ChatCompletion) => void;
  content: (delta: string, snapshot: string) => void;
  "content.delta": (event: { delta: string; snapshot: string; parsed: Partial<T> | null | undefined; choice: number }) => void;
  "content.done": (event: { content: string; parsed: T | null | undefined; choice: number }) => void;
  "reasoning.delta": (event: { delta: string; snapshot: string; choice: number }) => void;
  "reasoning.done": (event: { reasoning: string; choice: number }) => void;
  "tool_calls.function.arguments.delta": (event: ToolArgumentsDelta) => void;
  "tool_calls.function.arguments.done": (event: ToolArgumentsDone) => void;
  usage: (usage: Usage) => void;
  finalChatCompletion: (completion: ChatCompletion) => void;
  error: (error: SiliconFlowError) => void;
  abort: (error: AbortError) => void;
  end: () => void;
}

export interface ToolArgumentsDelta {
  index: number;
  name: string;
  arguments: string;
  arguments_delta: string;
  /** The arguments so far, as JSON that is whole where it is written (strings as far as they go). */
  parsed_arguments: unknown;
  choice: number;
}

export interface ToolArgumentsDone {
  index: number;
  name: string;
  arguments: string;
  /** The arguments, or null when they are not JSON. */
  parsed_arguments: unknown;
  choice: number;
}

/** The events of a tool run: a stream's (with `stream: true`), and the run's own. */
export interface ChatCompletionRunnerEvents<T = unknown> extends ChatCompletionStreamEvents<T> {
  chatCompletion: (completion: ChatCompletion) => void;
  message: (message: Message) => void;
  functionToolCall: (call: FunctionCall) => void;
  functionToolCallResult: (content: string) => void;
  step: (step: { step: number; completion: ChatCompletion; calls: PlannedCall[]; results: string[] }) => void;
  finalMessage: (message: Message) => void;
  finalContent: (content: string) => void;
  totalUsage: (usage: Usage) => void;
}

/** What the runner did with a call: ran it, or answered it without running (an unknown tool, bad arguments). */
export type PlannedCall =
  | { id: string; run: true; name: string; arguments: unknown }
  | { id: string; run: false; content: string; issues: Issue[] };

/** An interface of events, each with its listener's type. */
type Listeners<E> = { [K in keyof E]: (...args: any[]) => void };

/** An event as `events()` yields it: `{ type, ...payload }` (positional arguments get names). */
export type StreamEvent<T = unknown, E extends Listeners<E> = ChatCompletionStreamEvents<T>> = {
  [K in keyof E]: { type: K } & EventFields<K, Parameters<E[K]>>;
}[keyof E];

type EventFields<K, A extends any[]> = K extends "chunk"
  ? { chunk: A[0]; snapshot: A[1] }
  : K extends "content"
    ? { delta: A[0]; snapshot: A[1] }
    : K extends "usage" | "totalUsage"
      ? { usage: A[0] }
      : K extends "finalChatCompletion" | "chatCompletion"
        ? { completion: A[0] }
        : K extends "message" | "finalMessage"
          ? { message: A[0] }
          : K extends "functionToolCall"
            ? { functionCall: A[0] }
            : K extends "functionToolCallResult" | "finalContent"
              ? { content: A[0] }
              : K extends "error" | "abort"
                ? { error: A[0] }
                : A extends [infer P] ? P : {};

/** Listeners and event iteration, as openai-node's streams have them. */
interface Events<E extends Listeners<E>, T> {
  on<K extends keyof E>(name: K, listener: E[K]): this;
  once<K extends keyof E>(name: K, listener: E[K]): this;
  off<K extends keyof E>(name: K, listener: E[K]): this;
  /** The next occurrence's argument (its arguments, as an array, when it has several). */
  emitted<K extends keyof E>(name: K): Promise<Parameters<E[K]> extends [infer One] ? One : Parameters<E[K]>>;
  /** Every event from now on, as `{ type, ... }`, ending after `end` (an `error` or `abort` event comes first). */
  events(): AsyncIterable<StreamEvent<T, E>>;
  /** Resolves when the stream or run has ended; rejects with what failed it (a listener that threw included). */
  done(): Promise<void>;
}

export declare class Models {
  list(params?: ModelListParams, options?: RequestOptions): Promise<ModelList>;
}

/** A streamed completion: iterate it (`for await`), listen to its events, or re-stream its bytes; the final
 * completion any way. */
export declare class ChatCompletionStream<T = unknown> implements AsyncIterable<ChatCompletionChunk> {
  /** The response's `x-siliconcloud-trace-id`. */
  readonly requestId: string | undefined;
  /** At the end: whether `[DONE]` and every finish_reason arrived. `undefined` before the end. */
  readonly complete: boolean | undefined;
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk>;
  /** The SSE bytes as received, for re-streaming. */
  toReadableStream(): ReadableStream<Uint8Array>;
  /** The whole completion; with `response_format` JSON, its messages carry `parsed`. */
  finalChatCompletion(): Promise<ParsedChatCompletion<T>>;
  /** The assistant message to append to the conversation. */
  finalMessage(): Promise<Message>;
  finalContent(): Promise<string | null>;
  /** The completion so far, kept up to date in place while events are read (undefined before the first chunk). */
  currentSnapshot(): ChatCompletion | undefined;
  abort(): void;
}
// Its listeners and event iteration (merged into the class).
export interface ChatCompletionStream<T = unknown> extends Events<ChatCompletionStreamEvents<T>, T> {}

/** `runTools()`: a tool run's events, its messages and its final values. */
export declare class ChatCompletionRunner<T = unknown> implements AsyncIterable<ChatCompletionChunk> {
  /** The conversation: the messages given, then every assistant message and tool result of the run. */
  readonly messages: Message[];
  readonly aborted: boolean;
  /** The chunks of every step (with `stream: true`). */
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk>;
  finalChatCompletion(): Promise<ChatCompletion>;
  finalMessage(): Promise<Message>;
  finalContent(): Promise<string | null>;
  /** Usage summed over every step. */
  totalUsage(): Promise<Usage | undefined>;
  abort(): void;
}
export interface ChatCompletionRunner<T = unknown> extends Events<ChatCompletionRunnerEvents<T>, T> {}

// Chat state for UIs (pure JavaScript, in its own module).
export { Conversation } from "./conversation";
export type { ConversationState, ConversationParams } from "./conversation";

/** The assistant message a completion adds to the conversation (content, tool calls, reasoning). */
export declare function completionToMessage(completion: ChatCompletion): Message;

export declare function validateRequest(request: unknown): Issue[];
export declare function buildRequest(request: ChatCompletionRequest): ChatCompletionRequest;
// The model table, as data (a module of its own, loaded only by the apps that call it).
export { modelCatalog } from "./dist/model-catalog";

export declare class SseParser {
  constructor(options?: SseParserOptions);
  push(chunk: Uint8Array | ArrayBuffer | ArrayBufferView | string): SseEvent[];
  finish(): SseEvent[];
  readonly lastEventId: string | undefined;
  readonly reconnectionTime: number | undefined;
  free(): void;
}

/** The server side of a browser app: validates, applies the policy, adds the key and streams the answer back. */
export declare function proxyRequest(request: Request, options: ProxyOptions): Promise<Response>;
