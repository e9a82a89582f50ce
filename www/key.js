// The visitor's own API key: kept in this tab's sessionStorage only, never logged, never rendered back into the
// page (it shows as "key set ✓" with a Clear button). With a key, the page calls SiliconFlow directly.
import { $ } from "./dom.js";

const STORAGE = "siliconflow-wasm-demo:key";

export function storedKey() {
  try {
    return sessionStorage.getItem(STORAGE) || undefined;
  } catch {
    return undefined;
  }
}

/** Wires the key form in the page; `onChange()` runs when a key is set or cleared. */
export function setupKey(onChange) {
  const form = $("#key-form");
  const input = $("#key-input");
  const set = $("#key-set");
  const clear = $("#key-clear");
  const status = $("#key-status");

  function render() {
    const has = storedKey() !== undefined;
    form.hidden = has;
    set.hidden = !has;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = input.value.trim();
    input.value = ""; // never left in the page
    if (!key) {
      status.textContent = "Paste a key first.";
      return;
    }
    try {
      sessionStorage.setItem(STORAGE, key);
      status.textContent = "";
    } catch {
      status.textContent = "This browser refused to store the key (sessionStorage is unavailable).";
      return;
    }
    render();
    onChange();
    clear.focus();
  });

  clear.addEventListener("click", () => {
    try {
      sessionStorage.removeItem(STORAGE);
    } catch {
      // nothing stored
    }
    render();
    onChange();
    input.focus();
  });

  render();
}
