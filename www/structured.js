// Structured output: the answer is JSON that must match a JSON Schema, picked from examples or edited. The
// package does the work (response_format json_schema; `parsed` on every content.delta; the final check in Rust,
// whose issues carry JSON paths): this file is the form for the schema and its state.
import { h } from "./dom.js";

const STORAGE = "siliconflow-wasm-demo:structured";

export const SCHEMAS = {
  recipe: {
    type: "object",
    properties: {
      name: { type: "string" },
      servings: { type: "integer", minimum: 1 },
      ingredients: {
        type: "array",
        items: {
          type: "object",
          properties: { item: { type: "string" }, amount: { type: "string" } },
          required: ["item", "amount"],
        },
      },
      steps: { type: "array", items: { type: "string" }, minItems: 1 },
    },
    required: ["name", "servings", "ingredients", "steps"],
    additionalProperties: false,
  },
  forecast: {
    type: "object",
    properties: {
      city: { type: "string" },
      days: {
        type: "array",
        items: {
          type: "object",
          properties: {
            date: { type: "string" },
            high_c: { type: "number" },
            low_c: { type: "number" },
            sky: { type: "string", enum: ["sunny", "cloudy", "rain", "snow"] },
          },
          required: ["date", "high_c", "low_c", "sky"],
        },
      },
    },
    required: ["city", "days"],
  },
  contact: {
    type: "object",
    properties: {
      name: { type: "string" },
      email: { type: "string" },
      phone: { type: ["string", "null"] },
      company: { type: ["string", "null"] },
    },
    required: ["name", "email", "phone", "company"],
    additionalProperties: false,
  },
};

/** Where JSON.parse stopped, as "line L, column C" (its messages give an offset, or nothing useful). */
function jsonError(text, error) {
  const at = /position (\d+)/.exec(error.message)?.[1];
  if (at === undefined) return error.message;
  const before = text.slice(0, Number(at));
  const line = before.split("\n").length;
  const column = Number(at) - before.lastIndexOf("\n");
  return `${error.message.replace(/ in JSON at position \d+.*$/, "")} at line ${line}, column ${column}`;
}

/**
 * The structured-output section inside `root`. `onChange()` after each edit. Returns { on(), responseFormat() →
 * the request's response_format or undefined, problem() → why the schema cannot be sent or undefined, slot (the
 * list for the schema's issues) }.
 */
export function createStructured(root, onChange) {
  const saved = load();
  const toggle = h("input", { type: "checkbox", id: "structured", "aria-describedby": "hint-structured" });
  const preset = h(
    "select",
    { id: "schema-preset" },
    ...Object.keys(SCHEMAS).map((name) => h("option", { value: name }, name)),
    h("option", { value: "custom" }, "custom (edited)"),
  );
  const editor = h("textarea", { id: "schema", rows: 12, spellcheck: "false", "aria-describedby": "issue-schema" });
  const slot = h("ul", { class: "issues", id: "issue-schema", "aria-live": "polite" });
  const body = h(
    "div",
    { class: "structured-body", hidden: true },
    h("div", { class: "field" }, h("label", { for: "schema-preset" }, "Example schema"), preset),
    h("div", { class: "field" }, h("label", { for: "schema" }, "JSON Schema"), editor, slot),
  );
  root.append(
    h(
      "section",
      { class: "group structured", "aria-label": "Structured output" },
      h(
        "div",
        { class: "field switch" },
        toggle,
        h("label", { for: "structured" }, "Structured output"),
        h(
          "p",
          { class: "hint", id: "hint-structured" },
          "The answer is JSON that must match the schema: it grows live as it streams, and the package checks it at the end.",
        ),
      ),
      body,
    ),
  );

  const show = (name) => {
    preset.value = name;
    editor.value = JSON.stringify(SCHEMAS[name], null, 2);
  };
  toggle.checked = saved.on === true;
  if (saved.preset in SCHEMAS) show(saved.preset);
  else if (typeof saved.schema === "string") {
    preset.value = "custom";
    editor.value = saved.schema;
  } else show("recipe");
  body.hidden = !toggle.checked;

  const changed = () => {
    body.hidden = !toggle.checked;
    try {
      localStorage.setItem(STORAGE, JSON.stringify({ on: toggle.checked, preset: preset.value, schema: editor.value }));
    } catch {
      // no storage: the form still works
    }
    onChange();
  };
  toggle.addEventListener("change", changed);
  preset.addEventListener("change", () => {
    if (preset.value in SCHEMAS) show(preset.value);
    changed();
  });
  editor.addEventListener("input", () => {
    preset.value = "custom";
    changed();
  });

  function parsed() {
    try {
      return { schema: JSON.parse(editor.value) };
    } catch (error) {
      return { error: `The schema is not JSON: ${jsonError(editor.value, error)}.` };
    }
  }

  return {
    slot,
    on: () => toggle.checked,
    name: () => (preset.value in SCHEMAS ? preset.value : "custom"),
    problem: () => (toggle.checked ? parsed().error : undefined),
    responseFormat() {
      if (!toggle.checked) return undefined;
      const { schema } = parsed();
      if (schema === undefined) return undefined;
      return { type: "json_schema", json_schema: { name: preset.value in SCHEMAS ? preset.value : "custom", schema } };
    },
  };
}

function load() {
  try {
    const state = JSON.parse(localStorage.getItem(STORAGE) ?? "{}");
    return state && typeof state === "object" ? state : {};
  } catch {
    return {};
  }
}
