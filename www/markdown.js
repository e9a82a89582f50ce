// A reply's Markdown, rendered into the page as it streams. The parser (streaming-markdown) only ever appends
// elements and text nodes: no HTML string is parsed, so HTML in an answer stays visible text and cannot run.
// What this renderer adds on top is the rest of the safety and the code blocks:
// - links keep http(s) and mailto targets only, and open in a new tab without a referrer;
// - images become links: loading an image from a URL a model wrote could send the conversation to its server;
// - code blocks get a language label, a Copy button and, once the block is complete, colours.
import * as smd from "streaming-markdown";
import { h } from "./dom.js";
import { canHighlight, fenceLanguage, highlight } from "./highlight.js";
import { copyButton } from "./copy.js";

const SAFE_URL = /^(https?:|mailto:)/i;

/** The URL if a page may link to it, else undefined. */
export function safeUrl(value) {
  const url = value.trim();
  return SAFE_URL.test(url) ? url : undefined;
}

function codeBlock(parent) {
  const code = h("code");
  const label = h("span", { class: "code-lang" }, "code");
  const block = h(
    "div",
    { class: "code-block" },
    h("div", { class: "code-head" }, label, copyButton(() => code.textContent, "Copy code")),
    h("pre", { tabindex: "0" }, code), // focusable: a wide block scrolls by keyboard too
  );
  parent.appendChild(block);
  return { code, label, block };
}

/** Writes Markdown into `root` as it arrives: `write(text)` for each delta, `end()` once. */
export class MarkdownView {
  constructor(root) {
    this.root = root;
    this.nodes = [root];
    this.codes = new Map(); // <code> → { label, language }
    this.parser = smd.parser({
      data: this,
      add_token: (view, type) => view.#open(type),
      end_token: (view) => view.#close(),
      add_text: (view, text) => view.#top().appendChild(document.createTextNode(text)),
      set_attr: (view, type, value) => view.#attr(type, value),
    });
    this.ended = false;
  }

  #top() {
    return this.nodes[this.nodes.length - 1];
  }

  #open(type) {
    const parent = this.#top();
    let slot;
    switch (type) {
      case smd.DOCUMENT:
        return;
      case smd.CODE_BLOCK:
      case smd.CODE_FENCE: {
        const { code, label } = codeBlock(parent);
        this.codes.set(code, { label, language: "" });
        this.nodes.push(code);
        return;
      }
      case smd.IMAGE:
        slot = h("a", { class: "md-image", title: "An image the answer links to (not loaded)" });
        break;
      case smd.LINK:
      case smd.RAW_URL:
        slot = h("a");
        break;
      default: {
        // Everything else as the library builds it, under our element stack.
        const data = { nodes: [parent], index: 0 };
        smd.default_add_token(data, type);
        slot = data.nodes[1];
        this.nodes.push(slot);
        return;
      }
    }
    this.nodes.push(parent.appendChild(slot));
  }

  #close() {
    const el = this.nodes.pop();
    const code = this.codes.get(el);
    if (code) this.#finishCode(el, code);
    else if (el?.classList?.contains("md-image") && !el.textContent) el.textContent = "image";
  }

  #attr(type, value) {
    const el = this.#top();
    if (type === smd.HREF || type === smd.SRC) {
      const url = safeUrl(value);
      if (!url) {
        el.dataset.blocked = value.slice(0, 200);
        el.title = "Link removed: only http, https and mailto links are followed";
        return;
      }
      el.href = url;
      el.target = "_blank";
      el.rel = "noopener noreferrer nofollow";
    } else if (type === smd.LANG) {
      const code = this.codes.get(el);
      if (!code) return;
      code.language = fenceLanguage(value);
      if (code.language) {
        code.label.textContent = code.language;
        el.dataset.lang = code.language;
      }
    } else if (type === smd.START) {
      const start = Number.parseInt(value, 10);
      if (Number.isFinite(start)) el.setAttribute("start", String(start));
    } else if (type === smd.CHECKED) {
      el.checked = true;
    }
  }

  #finishCode(el, { language }) {
    if (canHighlight(language)) el.replaceChildren(...highlight(el.textContent, language));
    el.closest(".code-block")?.classList.add("complete");
  }

  write(text) {
    if (text && !this.ended) smd.parser_write(this.parser, text);
  }

  /** The answer is over (done, stopped or failed): unfinished blocks close, so code still gets its colours. */
  end() {
    if (this.ended) return;
    this.ended = true;
    smd.parser_end(this.parser);
    while (this.nodes.length > 1) this.#close();
  }
}
