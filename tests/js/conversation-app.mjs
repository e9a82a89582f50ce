// A chat UI over a Conversation, as an app writes it with Preact: the store goes into useSyncExternalStore as is
// (subscribe, getSnapshot), no adapter. Loaded in Chromium by conversation-ui.test.mjs.
import { h, render } from "preact";
import { useSyncExternalStore } from "preact/compat";
import { Conversation, SiliconFlow } from "/pkg/browser.js";

/** Renders a conversation with the mock at `baseURL`, sends `text`, and reports what the page showed. */
export async function chat(baseURL, text, tools) {
  const client = new SiliconFlow({ apiKey: "sk-mock", baseURL, maxRetries: 0 });
  const conversation = new Conversation(client, { model: "Qwen/Qwen3-8B", tools });
  let renders = 0;
  function Chat() {
    const state = useSyncExternalStore(conversation.subscribe, conversation.getSnapshot);
    renders += 1;
    return h(
      "main",
      { "data-status": state.status },
      state.messages.map((m, i) => h("p", { key: i, class: m.role }, m.content ?? "")),
    );
  }
  const root = document.getElementById("root");
  render(h(Chat), root);
  const shown = []; // the reply's text each time the DOM changed, and the status then
  const statuses = [];
  const observer = new MutationObserver(() => {
    shown.push(root.querySelector("p.assistant:last-child")?.textContent ?? "");
    statuses.push(root.firstChild.dataset.status);
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  await conversation.send(text);
  await new Promise((resolve) => setTimeout(resolve, 50)); // Preact renders after a tick
  observer.disconnect();
  return {
    renders,
    status: root.firstChild.dataset.status,
    dom: [...root.querySelectorAll("p")].map((p) => [p.className, p.textContent]),
    state: conversation.messages.map((m) => [m.role, m.content ?? ""]),
    shown: shown.filter(Boolean),
    statuses: [...new Set(statuses)],
  };
}
