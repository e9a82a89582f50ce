// A saved chat as a file to download: Markdown (readable) or JSON (the messages, as the API takes them).

const text = (content) =>
  typeof content === "string"
    ? content
    : (content ?? []).map((part) => (part.type === "text" ? part.text : part.type === "image_url" ? "[image]" : "")).join("\n\n");

export function chatMarkdown(chat) {
  const out = [`# ${chat.title}`, "", `Model: \`${chat.model}\` · saved ${new Date(chat.updated).toISOString()}`];
  for (const message of chat.messages) {
    if (message.role === "user") out.push("", "## You", "", text(message.content));
    else if (message.role === "assistant") {
      out.push("", "## Assistant", "");
      if (message.content) out.push(text(message.content));
      for (const call of message.tool_calls ?? []) out.push("", `Tool call \`${call.function.name}\` (${call.id}): \`${call.function.arguments}\``);
    } else if (message.role === "tool") out.push("", `## Tool result (${message.tool_call_id})`, "", "```", text(message.content), "```");
    else if (message.role === "system") out.push("", "## System", "", text(message.content));
  }
  return `${out.join("\n").trim()}\n`;
}

export const chatJson = (chat) => `${JSON.stringify({ title: chat.title, model: chat.model, created: chat.created, updated: chat.updated, messages: chat.messages }, null, 2)}\n`;

/** A file name from the title: letters, digits and dashes. */
export const fileName = (chat, extension) =>
  `${chat.title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "").slice(0, 48) || "chat"}.${extension}`;

/** Offers `contents` as a download. */
export function download(name, contents, type) {
  const url = URL.createObjectURL(new Blob([contents], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
