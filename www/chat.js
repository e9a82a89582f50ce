// The conversation as the page shows it: user bubbles, and assistant replies that stream (thinking panel, answer,
// tool calls as the stream's snapshot holds them), end (done, stopped, error with retry) and summarise their metrics.
import { formatMs, h } from "./dom.js";
import { copyButton } from "./copy.js";
import { MarkdownView } from "./markdown.js";
import { highlight } from "./highlight.js";

const scroller = () => document.getElementById("scroller");

/** Keeps the view pinned to the bottom while it streams, unless the reader scrolled up. */
function nearBottom() {
  const el = scroller();
  return el.scrollHeight - el.scrollTop - el.clientHeight < 120;
}

export function scrollToEnd() {
  const el = scroller();
  el.scrollTop = el.scrollHeight;
  showJump();
}

/** "Jump to latest" shows while the reader is scrolled up from the end. */
function showJump() {
  document.getElementById("jump").hidden = nearBottom();
}

export function watchScrolling() {
  scroller().addEventListener("scroll", showJump, { passive: true });
  document.getElementById("jump").addEventListener("click", scrollToEnd);
}

/** A user message (text and optional image data: URL); `onEdit()`: Edit puts it back in the composer. */
export function userMessage(log, { text, image, onEdit }) {
  const item = h(
    "li",
    { class: "msg user" },
    h("p", { class: "who" }, "You"),
    h(
      "div",
      { class: "bubble" },
      image ? h("img", { class: "attached", src: image, alt: "attached image" }) : null,
      text ? h("p", { class: "text" }, text) : null,
    ),
    onEdit
      ? h(
          "div",
          { class: "msg-actions" },
          h("button", { type: "button", class: "quiet small edit", title: "Edit this message and send it again", onclick: onEdit }, "Edit"),
        )
      : null,
  );
  log.append(item);
  scrollToEnd();
  return item;
}

/** A tool's result, as the page ran it for the model: which call it answers, and in which step. */
export function toolMessage(log, { name, id, content, step }) {
  const item = h(
    "li",
    { class: "msg tool", dataset: { step: String(step) } },
    h(
      "p",
      { class: "who" },
      `Step ${step} · result of `,
      h("code", { class: "fn" }, name || "?"),
      " for ",
      h("code", { class: "call-id", title: "tool_call_id" }, id),
    ),
    h("pre", { class: "bubble tool-result" }, content),
  );
  log.append(item);
  scrollToEnd();
  return item;
}

function prettyArguments(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** One assistant reply, from the first byte to its end. */
export class AssistantView {
  /** `structured`: the answer is JSON for a schema, shown as the value parsed so far rather than as Markdown. */
  constructor(log, { model, step = 0, structured = false }) {
    this.structured = structured;
    this.thinkingStartedAt = undefined;
    this.thinkingEndedAt = undefined;
    this.answer = h("div", { class: "answer markdown", "aria-busy": "true" });
    this.markdown = new MarkdownView(this.answer);
    this.raw = ""; // the answer's Markdown source, as it arrived
    this.status = h("span", { class: "status" }, "waiting for the first token…");
    this.body = h("div", { class: "reply" }, this.answer);
    this.footer = h("div", { class: "reply-footer" });
    this.item = h(
      "li",
      { class: "msg assistant", dataset: { state: "waiting" } },
      h(
        "p",
        { class: "who" },
        h("span", { class: "model-name" }, model),
        step ? h("span", { class: "step" }, ` · step ${step}`) : null,
        this.status,
      ),
      this.body,
      this.footer,
    );
    log.append(this.item);
    scrollToEnd();
  }

  get state() {
    return this.item.dataset.state;
  }

  #follow(fn) {
    const pinned = nearBottom();
    fn();
    if (pinned) scrollToEnd();
    else showJump();
  }

  #streaming() {
    if (this.state === "waiting") {
      this.item.dataset.state = "streaming";
      this.status.textContent = "streaming";
    }
  }

  appendReasoning(text) {
    if (!text) return;
    this.#follow(() => {
      if (!this.thinking) {
        this.thinkingStartedAt = performance.now();
        this.thinkingLabel = h("span", { class: "thinking-label" }, "Thinking…");
        // A live timer while it thinks: the label says for how long so far.
        this.thinkingTimer = setInterval(() => {
          this.thinkingLabel.textContent = `Thinking… ${formatMs(performance.now() - this.thinkingStartedAt)}`;
        }, 100);
        this.thinkingText = document.createTextNode("");
        this.thinking = h(
          "details",
          { class: "thinking", open: true },
          h("summary", {}, this.thinkingLabel),
          h("div", { class: "thinking-text", tabindex: "0" }, this.thinkingText),
        );
        this.body.prepend(this.thinking);
      }
      this.#streaming();
      this.thinkingText.appendData(text);
    });
  }

  /** `answering`: the answer starts, and the panel folds away (the reader can open it again). */
  #endThinking(stopped = false, answering = false) {
    if (this.thinking && this.thinkingEndedAt === undefined) {
      clearInterval(this.thinkingTimer);
      if (answering) this.thinking.open = false;
      this.thinkingEndedAt = performance.now();
      const took = formatMs(this.thinkingEndedAt - this.thinkingStartedAt);
      this.thinkingLabel.textContent = stopped ? `Stopped while thinking, after ${took}` : `Thought for ${took}`;
    }
  }

  appendContent(text) {
    if (!text) return;
    this.#follow(() => {
      this.#endThinking(false, true);
      this.#streaming();
      this.raw += text;
      if (!this.structured) this.markdown.write(text);
    });
  }

  get text() {
    return this.raw;
  }

  /** Structured output: the value parsed so far (drawn once per frame, however many deltas arrive). */
  showParsed(value) {
    this.parsed = value;
    if (this.parsedFrame) return;
    this.parsedFrame = requestAnimationFrame(() => this.#drawParsed());
  }

  #drawParsed() {
    this.parsedFrame = 0;
    if (this.parsed === undefined) return;
    this.#follow(() => {
      if (!this.jsonView) {
        this.jsonView = h("code");
        this.answer.classList.add("structured");
        this.answer.replaceChildren(h("pre", { class: "json-live", tabindex: "0" }, this.jsonView));
      }
      this.jsonView.replaceChildren(...highlight(JSON.stringify(this.parsed, null, 2), "json"));
    });
  }

  /** Structured output: the final value, and the schema's verdict. */
  schemaVerdict(value, schemaName) {
    cancelAnimationFrame(this.parsedFrame);
    this.parsed = value;
    this.#drawParsed();
    this.body.append(h("p", { class: "note schema-ok" }, `✓ Matches the schema “${schemaName}”: checked by the package.`));
  }

  /** Shows the tool calls as assembled so far ({ id, name, arguments }). */
  showToolCalls(calls, { final = false } = {}) {
    if (calls.length === 0) return;
    this.#follow(() => {
      this.#endThinking(false, true);
      this.#streaming();
      if (!this.tools) {
        this.tools = h("div", { class: "tool-calls", "aria-label": "Tool calls" });
        this.answer.after(this.tools);
      }
      this.tools.replaceChildren(
        ...calls.map((call) =>
          h(
            "article",
            { class: "tool-call", dataset: { name: call.name || "" } },
            h(
              "header",
              {},
              h("span", { class: "tool-label" }, "Tool call"),
              h("code", { class: "fn" }, call.name || "…"),
              call.id ? h("code", { class: "call-id", title: "tool_call_id" }, call.id) : null,
            ),
            h("pre", { class: "args" }, final ? prettyArguments(call.arguments) : call.arguments || " "),
          ),
        ),
      );
    });
  }

  /** Attempt `attempt` of `of` failed (HTTP `status`, or no connection): the package may retry it. */
  attemptFailed(failure, attempt, of) {
    const after = failure.retryAfter ? ` · Retry-After ${failure.retryAfter}` : "";
    this.status.textContent = `${failureName(failure, "No connection")} on attempt ${attempt} of ${of}${after}…`;
  }

  /** The package is retrying: attempt `attempt` of `of`, after `failure`. */
  retrying(failure, attempt, of) {
    this.item.dataset.retries = String(attempt - 1);
    this.status.textContent = `Retrying after ${failureName(failure)}: attempt ${attempt} of ${of}…`;
  }

  /** After the reply: the retries it took. */
  retriedNote(failures) {
    const what = [...new Set(failures.map((f) => failureName(f)))].join(", ");
    this.body?.append(h("p", { class: "note retried-note" }, `Answered after ${failures.length} ${failures.length > 1 ? "retries" : "retry"} (${what}).`));
  }

  /** The reply ended normally. */
  done(note) {
    this.#endThinking();
    this.markdown.end();
    this.item.dataset.state = "done";
    this.answer.removeAttribute("aria-busy");
    this.status.textContent = "";
    if (!this.text && !this.tools) this.answer.append(h("span", { class: "empty" }, "(no text)"));
    if (note) this.body.append(h("p", { class: "note" }, note));
  }

  /** Stop was pressed: whatever arrived stays, marked as stopped. */
  stopped() {
    this.#endThinking(!this.text && !this.tools);
    this.markdown.end();
    this.item.dataset.state = "stopped";
    this.answer.removeAttribute("aria-busy");
    this.status.textContent = "";
    const note = this.text || this.tools
      ? "Stopped. The partial reply is kept."
      : this.thinking
        ? "Stopped while thinking, before the answer began. The reasoning so far is kept."
        : "Stopped before any reply arrived.";
    this.body.append(h("p", { class: "note stopped-note" }, note));
  }

  /**
   * The request or the stream failed: a card with the API's code, message and trace id, and Retry. `requestId`:
   * the trace id (error.requestId, or the stream's for errors mid-stream).
   */
  failed(error, { onRetry, requestId = error?.requestId }) {
    this.#endThinking();
    this.markdown.end();
    this.item.dataset.state = "error";
    this.answer.removeAttribute("aria-busy");
    this.status.textContent = "";
    if (!this.text) this.answer.remove();
    // Nothing arrived at all: no empty reply box above the error.
    if (!this.text && !this.tools && !this.thinking) this.body.remove();
    // Retry only where it can help: not for a refused key or a broken stream (the package says: retryable). A
    // structured answer that broke its schema may come right the next time.
    const helps = error?.retryable !== false || error?.name === "OutputValidationError";
    const retry = helps ? h("button", { type: "button", class: "retry primary", onclick: () => onRetry() }, "Retry") : null;
    this.errorCard = h(
      "div",
      { class: "error-card", role: "alert" },
      h("p", { class: "error-title" }, ...errorTitle(error)),
      h("p", { class: "error-message" }, error?.message || String(error)),
      error?.issues?.length ? h("ul", { class: "issues" }, ...error.issues.map((i) => h("li", {}, `${i.path || "(request)"}: ${i.message}`))) : null,
      requestId
        ? h(
            "p",
            { class: "error-trace" },
            "Trace id ",
            h("code", { class: "trace-id" }, requestId),
            " ",
            copyButton(() => requestId, "Copy the trace id"),
          )
        : null,
      h(
        "p",
        { class: "error-hint" },
        this.text ? "The text above is what arrived before the error. " : "",
        error?.retryable ? "This kind of error is often temporary." : "",
        helps ? "" : errorAdvice(error),
      ),
      retry ? h("div", { class: "actions" }, retry) : null,
    );
    this.footer.before(this.errorCard);
    scrollToEnd();
    return retry;
  }

  /**
   * The reply's actions, once it has ended: Copy (its Markdown) when there is text, and the `actions` given
   * ({ label, title, run }), such as Regenerate or Continue. Called again, it replaces them.
   */
  setActions(actions = []) {
    this.actionBar?.remove();
    const buttons = actions.map(({ label, title, run, name }) =>
      h("button", { type: "button", class: `quiet small ${name}`, title, onclick: run }, label),
    );
    if (this.text) buttons.unshift(copyButton(() => this.text, "Copy the reply as Markdown"));
    if (!buttons.length) return;
    this.actionBar = h("div", { class: "msg-actions", role: "group", "aria-label": "Reply actions" }, ...buttons);
    this.footer.before(this.actionBar);
  }

  /** Continue: the same reply takes more text. What it has is rendered again, so the Markdown picks up mid-block. */
  resume() {
    this.item.dataset.state = "streaming";
    this.status.textContent = "continuing";
    for (const el of this.item.querySelectorAll(".note, .error-card")) el.remove();
    this.actionBar?.remove();
    if (!this.answer.isConnected) this.body.prepend(this.answer);
    this.answer.setAttribute("aria-busy", "true");
    this.answer.replaceChildren();
    this.markdown = new MarkdownView(this.answer);
    this.markdown.write(this.raw);
  }

  /** Removes the view (Retry replaces it with a fresh one). */
  remove() {
    this.item.remove();
  }

  /** The reply's metrics line; the view stays at the end if it was there (not half under the composer). */
  setFooter(text) {
    this.#follow(() => (this.footer.textContent = text));
  }
}

/** What a failed attempt got: its HTTP status, or no connection at all. */
const failureName = ({ status }, none = "no connection") => (status ? `HTTP ${status}` : none);

/** What to do about an error that trying again would not fix. */
function errorAdvice(error) {
  if (error.status === 401 || error.status === 403) return "Trying again will not help: check the API key.";
  if (error.status === 400 || error.status === 404 || error.status === 422) return "Trying again will not help: the request needs a change.";
  return "Trying again would most likely fail the same way.";
}

function errorTitle(error) {
  const parts = [h("strong", { class: "error-name" }, error?.name || "Error")];
  if (Number.isFinite(error?.status)) parts.push(" · HTTP ", h("span", { class: "error-status" }, String(error.status)));
  if (error?.code !== undefined && error?.code !== null) parts.push(" · code ", h("span", { class: "error-code" }, String(error.code)));
  if (error?.timeout) parts.push(` · ${error.timeout} timeout`);
  return parts;
}
