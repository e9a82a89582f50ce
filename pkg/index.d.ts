// The package's API. The wire types (requests, responses, chunks, issues, the catalog), the options objects and the
// errors are generated from the Rust code into dist/types.d.ts; this file declares the classes and functions.
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  Issue,
  ClientOptions,
  ModelInfo,
  ModelList,
  ModelListParams,
  ProxyOptions,
  RequestOptions,
  SseEvent,
  SseParserOptions,
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
}

export declare class Models {
  list(params?: ModelListParams, options?: RequestOptions): Promise<ModelList>;
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

export declare function validateRequest(request: unknown): Issue[];
export declare function buildRequest(request: ChatCompletionRequest): ChatCompletionRequest;
export declare function modelCatalog(): ModelInfo[];

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
