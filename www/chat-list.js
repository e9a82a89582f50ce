// The saved chats' sidebar: open one, and for the open one rename, export (Markdown, JSON) and delete (asked
// twice).
import { h } from "./dom.js";

function ago(time) {
  const s = Math.round((Date.now() - time) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(time).toLocaleDateString();
}

/**
 * The list inside `root`; `actions`: { open(id), rename(id, title), remove(id), exportAs(id, "md" | "json") }.
 * Returns { render(chats, currentId) }.
 */
export function createChatList(root, actions) {
  const list = h("ul", { class: "chat-list", id: "chat-list" });
  const empty = h("p", { class: "hint chat-empty" }, "Chats are saved in this browser as you go.");
  root.append(empty, list);

  function item(chat, current) {
    const title = h("span", { class: "chat-title" }, chat.title);
    const open = h(
      "button",
      { type: "button", class: "chat-open", "aria-current": current ? "true" : undefined, onclick: () => actions.open(chat.id) },
      title,
      h("span", { class: "chat-when" }, ago(chat.updated)),
    );
    const li = h("li", { class: "chat-item", dataset: { id: chat.id } }, open);
    if (!current) return li;
    const rename = () => {
      const input = h("input", { type: "text", class: "chat-rename", value: chat.title, "aria-label": "Chat title", maxlength: 120 });
      let done = false;
      const finish = (save) => {
        if (done) return;
        done = true;
        const value = input.value.trim();
        if (save && value && value !== chat.title) actions.rename(chat.id, value);
        else input.replaceWith(open);
      };
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") finish(true);
        else if (event.key === "Escape") {
          event.stopPropagation();
          finish(false);
        }
      });
      input.addEventListener("blur", () => finish(true));
      open.replaceWith(input);
      input.focus();
      input.select();
    };
    const remove = h("button", { type: "button", class: "quiet small chat-delete", "aria-label": `Delete “${chat.title}”` }, "Delete");
    let armed;
    remove.addEventListener("click", () => {
      if (armed) return actions.remove(chat.id);
      // A second click within a few seconds deletes: no dialog, no accident.
      remove.textContent = "Delete for good?";
      remove.classList.add("armed");
      armed = setTimeout(() => {
        armed = undefined;
        remove.textContent = "Delete";
        remove.classList.remove("armed");
      }, 4000);
    });
    li.append(
      h(
        "div",
        { class: "chat-tools", role: "group", "aria-label": "This chat" },
        h("button", { type: "button", class: "quiet small chat-rename-button", "aria-label": `Rename “${chat.title}”`, onclick: rename }, "Rename"),
        h("button", { type: "button", class: "quiet small", "aria-label": `Export “${chat.title}” as Markdown`, onclick: () => actions.exportAs(chat.id, "md") }, "Markdown"),
        h("button", { type: "button", class: "quiet small", "aria-label": `Export “${chat.title}” as JSON`, onclick: () => actions.exportAs(chat.id, "json") }, "JSON"),
        remove,
      ),
    );
    return li;
  }

  return {
    render(chats, currentId) {
      empty.hidden = chats.length > 0;
      list.replaceChildren(...chats.map((chat) => item(chat, chat.id === currentId)));
    },
  };
}
