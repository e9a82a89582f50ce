// The model picker: a search box over the package's model catalog (a combobox with a list of matches), with
// capability filters, and each model's capabilities and context length in its row.
import { h } from "./dom.js";

function capabilities(model) {
  return [
    ["vision", model.vision, model.vision ? "reads images" : "text only"],
    [
      "thinking",
      model.thinking !== "none",
      model.thinking === "always" ? "always thinks" : model.thinking === "toggle" ? "thinking on or off" : "does not think",
    ],
    ["tools", model.tools, model.tools ? "calls tools" : "no tool calls"],
  ];
}

function contextLabel(tokens) {
  return tokens >= 1 << 20 ? `${tokens / (1 << 20)}M context` : `${Math.round(tokens / 1024)}K context`;
}

const CAPS = ["vision", "thinking", "tools"];

/** The capabilities a model has, by name. */
const capsOf = (model) => capabilities(model).filter(([, on]) => on).map(([cap]) => cap);

/** The model has every capability of `filters`, and every word of the query is in its id or its capabilities. */
function matches(model, filters, words) {
  const caps = capsOf(model);
  const text = `${model.id} ${caps.join(" ")}`.toLowerCase();
  return [...filters].every((cap) => caps.includes(cap)) && words.every((word) => text.includes(word));
}

/**
 * Builds the picker. `initial`: the model id to start with; `onChange()` after each pick. Returns { element,
 * value(), set(id) }.
 */
export function createModelPicker({ catalog, initial, onChange }) {
  const byId = new Map(catalog.map((model) => [model.id, model]));
  const filters = new Set();
  let value = initial;
  let active = -1; // the highlighted row while the list is open
  let shown = []; // the models listed

  const input = h("input", {
    id: "model",
    type: "text",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": "model-list",
    "aria-describedby": "model-caps issue-model",
    placeholder: "Search models…",
  });
  const list = h("ul", { id: "model-list", class: "model-list", role: "listbox", "aria-label": "Models", hidden: true });
  const count = h("p", { class: "model-count", "aria-live": "polite" });
  const badges = h("ul", { class: "caps", id: "model-caps", "aria-label": "What this model can do" });
  const filterBar = h(
    "div",
    { class: "filters", role: "group", "aria-label": "Only list models that can" },
    h("span", { class: "filters-label", "aria-hidden": "true" }, "Only:"),
    ...CAPS.map((cap) =>
      h(
        "button",
        {
          type: "button",
          class: "chip",
          "aria-pressed": "false",
          "aria-label": `only ${cap} models`,
          onclick: (event) => {
            const on = !filters.has(cap);
            if (on) filters.add(cap);
            else filters.delete(cap);
            event.currentTarget.setAttribute("aria-pressed", String(on));
            input.focus();
            open();
          },
        },
        cap,
      ),
    ),
  );

  function row(model, index) {
    const [org, name] = model.id.includes("/") ? model.id.split("/", 2) : ["", model.id];
    return h(
      "li",
      {
        role: "option",
        id: `model-option-${index}`,
        class: "model-option",
        "aria-selected": String(model.id === value),
        dataset: { id: model.id },
        onmousedown: (event) => event.preventDefault(), // keep the focus in the box
        onclick: () => pick(model.id),
      },
      h("span", { class: "model-name-line" }, h("span", { class: "model-org" }, org ? `${org}/` : ""), h("strong", {}, name)),
      h(
        "span",
        { class: "model-meta" },
        ...capsOf(model).map((cap) => h("span", { class: `cap cap-${cap}` }, cap)),
        h("span", { class: "cap ctx" }, contextLabel(model.context_length)),
      ),
    );
  }

  function render() {
    const words = input.value === value ? [] : input.value.toLowerCase().split(/\s+/).filter(Boolean);
    shown = catalog.filter((model) => matches(model, filters, words));
    list.replaceChildren(...shown.map(row));
    if (!shown.length) list.append(h("li", { class: "model-none", role: "presentation" }, "No model matches."));
    count.textContent = `${shown.length} of ${catalog.length} models`;
    highlight(Math.max(0, shown.findIndex((model) => model.id === value)));
  }

  function highlight(index) {
    active = shown.length ? Math.min(Math.max(index, 0), shown.length - 1) : -1;
    for (const [i, li] of [...list.querySelectorAll(".model-option")].entries()) li.classList.toggle("active", i === active);
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", `model-option-${active}`);
      list.children[active]?.scrollIntoView?.({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  function open() {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    render();
  }

  function close() {
    list.hidden = true;
    count.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    input.value = value;
  }

  function pick(id) {
    const changed = id !== value;
    value = id;
    close();
    renderBadges();
    if (changed) onChange();
  }

  function renderBadges() {
    const model = byId.get(value);
    if (!model) return badges.replaceChildren();
    badges.replaceChildren(
      ...capabilities(model).map(([cap, on, title]) =>
        h("li", { class: `cap cap-${cap}${on ? "" : " off"}`, title }, h("span", { class: "cap-name" }, cap), h("span", { class: "sr-only" }, `: ${title}`)),
      ),
      h("li", { class: "cap ctx", title: `${model.context_length.toLocaleString("en-US")} tokens` }, contextLabel(model.context_length)),
    );
  }

  input.addEventListener("focus", () => input.select());
  input.addEventListener("click", () => list.hidden && open());
  input.addEventListener("input", () => (list.hidden ? open() : render()));
  input.addEventListener("blur", () => close());
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) open();
      else highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (!list.hidden && shown[active]) pick(shown[active].id);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  input.value = value;
  renderBadges();
  const element = h(
    "div",
    { class: "field model-field" },
    h("label", { for: "model" }, "Model"),
    filterBar,
    h("div", { class: "picker" }, input, list),
    count,
    badges,
  );
  return {
    element,
    value: () => value,
    set: (id) => byId.has(id) && pick(id),
  };
}
