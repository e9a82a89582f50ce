// A tiny element builder: h("p", { class: "note", onclick }, "text", child). Text is always set as text, never
// parsed as HTML, so nothing the API (or the user) sends can inject markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  el.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false));
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
export function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** "1 234" style grouping for counts. */
export const formatInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");

/** Milliseconds as "840 ms" or "1.24 s". */
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
