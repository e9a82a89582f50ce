// Chat state for UIs, over a client (pure JavaScript: it streams through the client's public API, so it loads
// nothing until a message is sent).

const CONTINUE = "Continue exactly where your last message stopped. Do not repeat anything and add no preface.";

/**
 * `new Conversation(client, { model, system, ...params })`: chat state for UIs, with the store contract of React's
 * `useSyncExternalStore` (`subscribe`, `getSnapshot`, bound), Svelte stores (`subscribe` calls back at once) and
 * anything that can watch a value.
 */
export class Conversation {
  constructor(client, { system, tools, maxSteps, onReply, ...params } = {}) {
    // Read when a reply starts: a UI may change them between replies.
    this.client = client;
    this.params = params;
    this.tools = tools;
    this.maxSteps = maxSteps;
    this.onReply = onReply;
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

  /**
   * The last reply goes on from where it stopped (Stop, or a max_tokens cut): the model is asked to continue
   * (`instruction`, not kept in the messages) and what it writes is appended to that reply.
   */
  continue(instruction = CONTINUE) {
    const last = this.state.messages.at(-1);
    if (last?.role !== "assistant" || last.tool_calls?.length) {
      return Promise.reject(new TypeError("continue(): the conversation does not end with a reply to go on with"));
    }
    return this.reply(this.state.messages.slice(0, -1), { head: last, instruction });
  }

  /** Replaces the messages (a saved chat, say), stopping a reply in progress. */
  load(messages) {
    this.controller?.abort();
    this.controller = undefined;
    const kept = messages.filter((m) => m && typeof m === "object").map((m) => (m.role === "assistant" ? sendable(m) : m));
    this.set({ messages: withoutUnanswered(kept), status: "idle", error: undefined });
  }

  untilLastUser() {
    const messages = this.state.messages;
    const last = messages.findLastIndex((m) => m.role === "user");
    return messages.slice(0, last + 1);
  }

  /** Streams a reply to `messages`: the reply shows as it is written (content, reasoning), tool calls and their
   * results as they come (with tools), and stays, whole or as far as it got, when it ends or is stopped. With
   * `more.head` (continue), the reply is appended to that message. */
  async reply(messages, more) {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const current = () => this.controller === controller;
    const head = more?.head;
    let done = [...messages]; // the messages that are final
    let live = head && { ...head }; // the reply being written
    const show = () => this.set({ messages: live ? [...done, { ...live }] : done });
    this.set({ messages: live ? [...done, { ...live }] : done, status: "streaming", error: undefined });
    const before = typeof head?.content === "string" ? head.content : "";
    try {
      const asked = head ? [...messages, head, { role: "user", content: more.instruction }] : messages;
      const params = { ...this.params, messages: asked };
      const options = { signal: controller.signal };
      // A reply that goes on is text: no tool calls in the middle of it.
      const tools = !head && this.tools?.length > 0;
      const runner = tools
        ? this.client.chat.completions.runTools({ ...params, tools: this.tools, stream: true }, { ...options, maxSteps: this.maxSteps })
        : this.client.chat.completions.stream(params, options);
      this.onReply?.(runner);
      const writing = (key) => (_, snapshot) => {
        if (!current()) return;
        const text = typeof snapshot === "string" ? snapshot : snapshot.snapshot;
        live = { ...(live ?? { role: "assistant", content: "" }), [key]: key === "content" ? before + text : text };
        show();
      };
      runner.on("content", writing("content"));
      if (!head) runner.on("reasoning.delta", (event) => writing("reasoning_content")(undefined, event));
      if (tools) {
        runner.on("message", (message) => {
          if (!current()) return;
          done = [...done, message];
          live = undefined;
          const calling = message.role === "assistant" && message.tool_calls?.length > 0;
          this.set({ messages: done, status: calling || message.role === "tool" ? "running_tools" : "streaming" });
        });
        // The tools have answered: the next request is on its way. (Not on "chunk": listening for chunks would
        // make the stream parse every one of them.)
        runner.on("step", () => current() && this.set({ status: "streaming" }));
      }
      await runner.done();
      if (!current()) return;
      if (head) done = [...done, { ...head, content: before + ((await runner.finalMessage())?.content ?? "") }];
      else if (!tools) done = [...done, sendable(await runner.finalMessage())];
      live = undefined;
      this.set({ messages: done, status: "idle" });
    } catch (error) {
      if (!current()) return;
      // What arrived stays (a stopped or broken reply is still worth reading), as far as it can be sent again.
      done = withoutUnanswered(live ? [...done, sendable(live)] : done);
      live = undefined;
      if (error?.name === "AbortError") this.set({ messages: done, status: "idle" });
      else this.set({ messages: done, status: "error", error });
    } finally {
      if (current()) this.controller = undefined;
    }
  }
}

/** A reply as the next request can carry it: text content, "" rather than none (a reply cut before its answer). */
function sendable(message) {
  if (!message || typeof message !== "object") return { role: "assistant", content: "" };
  return message.content == null && !message.tool_calls?.length ? { ...message, content: "" } : message;
}

/**
 * Without a last tool-calling message whose calls did not all get their results (a run stopped or failed between
 * them): the API refuses a conversation that leaves a call unanswered.
 */
function withoutUnanswered(messages) {
  const at = messages.findLastIndex((m) => m.role === "assistant" && m.tool_calls?.length);
  if (at < 0) return messages;
  const answered = new Set(messages.slice(at + 1).filter((m) => m.role === "tool").map((m) => m.tool_call_id));
  return messages[at].tool_calls.every((call) => answered.has(call.id)) ? messages : messages.slice(0, at);
}
