// Chat state for UIs: pkg/conversation.js.
import type {
  ChatCompletionRequest,
  ChatCompletionRunner,
  ChatCompletionStream,
  Content,
  Message,
  RunnableTool,
  SiliconFlow,
  SiliconFlowError,
  Tool,
} from "./index";

/** A Conversation's request: every field but the messages, which it keeps, and with a system prompt. */
export type ConversationParams = Omit<ChatCompletionRequest, "messages" | "stream" | "tools"> & {
  system?: string;
  tools?: Array<RunnableTool | Tool>;
  maxSteps?: number;
  /** Called with each reply's stream (or tool run) as it starts: its events carry what the state does not
   * (deltas, chunks, usage, the final completion's finish_reason). */
  onReply?: (reply: ChatCompletionStream | ChatCompletionRunner) => void;
};

/** What a Conversation holds, the same object until something changes. */
export interface ConversationState {
  messages: Message[];
  status: "idle" | "streaming" | "running_tools" | "error";
  error: SiliconFlowError | undefined;
}

/** Chat state for a UI: React (`useSyncExternalStore(c.subscribe, c.getSnapshot)`), Svelte (`$c`), or anything
 * that can watch a value. The reply shows as it is written; with `tools`, tool steps run in between. */
export declare class Conversation {
  constructor(client: SiliconFlow, params: ConversationParams);
  /** What the next reply is asked with: read when a reply starts, so a UI may change them between replies. */
  client: SiliconFlow;
  params: Omit<ConversationParams, "system" | "tools" | "maxSteps" | "onReply">;
  tools: Array<RunnableTool | Tool> | undefined;
  maxSteps: number | undefined;
  readonly messages: Message[];
  readonly status: ConversationState["status"];
  readonly error: SiliconFlowError | undefined;
  /** Calls `listener` now and after every change, with the state; returns the function that stops it. Bound. */
  readonly subscribe: (listener: (state: ConversationState) => void) => () => void;
  /** The state (the same object until something changes). Bound. */
  readonly getSnapshot: () => ConversationState;
  send(content: Content): Promise<void>;
  stop(): void;
  retry(): Promise<void>;
  regenerate(): Promise<void>;
  edit(index: number, content: Content): Promise<void>;
  /** The last reply goes on from where it stopped (Stop, or a max_tokens cut), appended to it; `instruction` (not
   * kept) asks the model to continue. Rejects with a TypeError when the conversation does not end with a reply. */
  continue(instruction?: string): Promise<void>;
  /** Replaces the messages (a saved chat, say), stopping a reply in progress. */
  load(messages: Message[]): void;
}
