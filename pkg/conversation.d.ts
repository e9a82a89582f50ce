// Chat state for UIs: pkg/conversation.js.
import type { ChatCompletionRequest, Content, Message, RunnableTool, SiliconFlow, SiliconFlowError, Tool } from "./index";

/** A Conversation's request: every field but the messages, which it keeps, and with a system prompt. */
export type ConversationParams = Omit<ChatCompletionRequest, "messages" | "stream" | "tools"> & {
  system?: string;
  tools?: Array<RunnableTool | Tool>;
  maxSteps?: number;
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
}
