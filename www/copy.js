// A Copy button: puts text on the clipboard and says whether it worked, then goes back to its label.
import { h } from "./dom.js";

async function copyText(button, text, label) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => (button.textContent = label), 1500);
}

/** A button that copies `text()` (read when clicked, so it copies what is there then). */
export function copyButton(text, title, label = "Copy") {
  return h("button", { type: "button", class: "quiet small copy", title, onclick: (e) => copyText(e.currentTarget, text(), label) }, label);
}
