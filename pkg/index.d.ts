// The package's API. The wire types (requests, responses, chunks, issues, the catalog) are generated from the Rust
// types into dist/types.d.ts; this file declares the classes and functions that carry them.
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  Issue,
  ModelInfo,
  ModelList,
} from "./dist/types";

export * from "./dist/types";

/** `new SiliconFlow(options)`: every option is optional (no apiKey behind a proxy that holds the key). */
export interface ClientOptions {
  apiKey?: string;
  /** Default `https://api.siliconflow.cn/v1`. */
  baseURL?: string;
  /** Default: the global fetch. Called unbound, with a Request. */
  fetch?: (request: Request) => Promise<Response>;
  /** Default 2. */
  maxRetries?: number;
  /** The whole request, in ms (default 10 minutes). */
  timeout?: number;
  /** The longest silence between two reads of a stream, in ms. */
  idleTimeout?: number;
  defaultHeaders?: Record<string, string>;
  /** The longest line or event a stream may send, in bytes (default 16 MiB); beyond it, a StreamError. */
  maxBufferSize?: number;
}

/** A call's own settings, over the client's. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  idleTimeout?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

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
}

export declare class Models {
  list(params?: { type?: string; sub_type?: string }, options?: RequestOptions): Promise<ModelList>;
}

/** A streamed completion: iterate it once (`for await`), or re-stream its bytes; the final completion either way. */
export declare class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  /** The response's `x-siliconcloud-trace-id`. */
  readonly requestId: string | undefined;
  /** At the end: whether `[DONE]` and every finish_reason arrived. `undefined` before the end. */
  readonly complete: boolean | undefined;
  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk>;
  /** The SSE bytes as received, for re-streaming. */
  toReadableStream(): ReadableStream<Uint8Array>;
  finalChatCompletion(): Promise<ChatCompletion>;
  abort(): void;
}

interface ErrorBase extends Error {
  /** Whether the condition is usually temporary, so that trying again later may succeed. */
  retryable: boolean;
  /** The response's trace id, when there was a response. */
  requestId?: string | null;
}
export interface ValidationError extends ErrorBase {
  name: "ValidationError";
  issues: Issue[];
}
export interface APIError extends ErrorBase {
  name: "APIError";
  status: number;
  /** SiliconFlow's numeric code (20012, 30001, 50505, ...), when the body has one. */
  code: number | null;
  requestId: string | null;
  body: unknown;
}
export interface ConnectionError extends ErrorBase {
  name: "ConnectionError";
  cause?: unknown;
}
export interface TimeoutError extends ErrorBase {
  name: "TimeoutError";
  timeout: "request" | "idle";
  partial?: ChatCompletion;
}
export interface AbortError extends ErrorBase {
  name: "AbortError";
  partial?: ChatCompletion;
}
export interface StreamError extends ErrorBase {
  name: "StreamError";
  code: "connection_lost" | "malformed_chunk" | "malformed_response" | "stream_api_error" | "sse_buffer_overflow" | "no_body" | "invalid_use" | (string & {});
  /** The completion as far as it got. */
  partial?: ChatCompletion;
  /** The server's error body, for errors it sent mid-stream. */
  body?: unknown;
  /** From SseParser.push: the events completed before the overflow. */
  events?: SseEvent[];
}
/** Every rejection of this package: narrow on `name`. */
export type SiliconFlowError = ValidationError | APIError | ConnectionError | TimeoutError | AbortError | StreamError;

export declare function validateRequest(request: unknown): Issue[];
export declare function buildRequest(request: ChatCompletionRequest): ChatCompletionRequest;
export declare function modelCatalog(): ModelInfo[];

export interface SseEvent {
  data: string;
  /** Absent for plain messages. */
  event?: string;
  /** The last event ID (it persists across the events of a stream). */
  id?: string;
  /** The reconnection time in ms, once a valid retry field was seen. */
  retry?: number;
}
export interface SseParserOptions {
  /** The largest line or event held, in bytes (default 16 MiB). */
  maxBufferSize?: number;
  /** Dispatch an event still open at finish() (the spec discards it). */
  dispatchUnterminated?: boolean;
}
export declare class SseParser {
  constructor(options?: SseParserOptions);
  push(chunk: Uint8Array | ArrayBuffer | ArrayBufferView | string): SseEvent[];
  finish(): SseEvent[];
  readonly lastEventId: string | undefined;
  readonly reconnectionTime: number | undefined;
  free(): void;
}

export interface ProxyOptions extends ClientOptions {
  apiKey: string;
  /** Model ids served (array or comma-separated); default any. */
  allowedModels?: string[] | string;
  /** The most max_tokens a request may ask for; requests without one get it. */
  maxTokens?: number | string;
  /** Browser origins allowed (array or comma-separated, "*" for any); requests without an Origin pass. */
  allowedOrigins?: string[] | string;
  /** Default 8 MiB. */
  maxBodyBytes?: number;
}
/** The server side of a browser app: validates, applies the policy, adds the key and streams the answer back. */
export declare function proxyRequest(request: Request, options: ProxyOptions): Promise<Response>;
