// The model picker and the parameters form: what the user chose, as request fields, and the validation issues
// shown beside the field each one is about (matched by the issue's `path`).
import { requestFields } from "siliconflow-wasm/request-fields";
import { $, h } from "./dom.js";
import { createModelPicker } from "./model-picker.js";
import { PAGE_TOOLS } from "./tools.js";

export const DEFAULT_MODEL = "Qwen/Qwen3-8B";
const STORAGE = "siliconflow-wasm-demo:params";

/** The tools the "tools" switch offers, as the request declares them (their functions run in tools.js). */
export const TOOL_DECLARATIONS = PAGE_TOOLS.map(({ type, function: { function: _run, ...declared } }) => ({ type, function: declared }));

// The form's fields, from the package's request table: every field a person sets by typing or choosing (the model,
// the messages and tools have controls of their own). kind: number (text box, parsed leniently so the package can
// say what is wrong), toggle and choice (selects whose empty option is the default), lines (one per line), text.
const FIELDS = requestFields
  .filter((field) => field.input !== "none" && !field.ignored)
  .map((field) => ({
    name: field.name,
    kind: field.input,
    advanced: field.advanced,
    hint: field.models ? `${field.hint} ${field.models} only.` : field.hint,
    placeholder: field.default === null ? "model default" : `default ${field.default}`,
    options:
      field.input === "toggle"
        ? [["", "model default"], ["true", "on"], ["false", "off"]]
        : [["", field.default === null ? "model default" : `default (${field.default})`], ...(field.choices ?? [])],
  }));

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A number when the text is one, undefined when empty, else the text itself (the validator names the problem). */
function parseNumber(text) {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return NUMBER.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Which control an issue belongs beside: the first segment of its path. */
function fieldOf(path) {
  const head = /^[A-Za-z_]+/.exec(path ?? "")?.[0] ?? "";
  if (head === "tool_choice") return "tools";
  return head;
}

/**
 * Builds the picker and the form inside `root`. `onChange()` runs after every edit. Returns
 * { values(), model(), showIssues(issues) → issues for no control, focus(name), reset() }.
 */
export function createParams(root, catalog, onChange) {
  const byId = new Map(catalog.map((model) => [model.id, model]));
  const saved = loadSaved(byId);
  const inputs = new Map(); // field name → control
  const slots = new Map(); // field name → issue list element

  // --- model picker ---
  const picker = createModelPicker({ catalog, initial: saved.model ?? DEFAULT_MODEL, onChange: changed });
  root.append(h("section", { class: "group model-group" }, picker.element, issueSlot("model")));

  // --- parameters ---
  const form = h("form", { id: "params", class: "group params", "aria-label": "Parameters", novalidate: true });
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const field of FIELDS) if (!field.advanced) form.append(fieldRow(field));
  // Rarely set parameters, folded away.
  const advanced = FIELDS.filter((field) => field.advanced);
  const more = h(
    "details",
    { class: "advanced", id: "advanced" },
    h("summary", {}, `Advanced (${advanced.length})`),
    h("div", { class: "advanced-fields" }, ...advanced.map(fieldRow)),
  );
  const tools = h("input", { type: "checkbox", id: "p-tools", name: "tools", "aria-describedby": "hint-tools issue-tools" });
  inputs.set("tools", tools);
  form.append(
    h(
      "div",
      { class: "field switch", dataset: { field: "tools" } },
      tools,
      h("label", { for: "p-tools" }, "Tools that run in this page"),
      h(
        "p",
        { class: "hint", id: "hint-tools" },
        ...PAGE_TOOLS.flatMap((t, i) => [i ? ", " : "", h("code", {}, t.function.name)]),
        ": the package's tool runner checks each call's arguments, runs it here and sends the result back.",
      ),
      issueSlot("tools"),
    ),
  );
  form.append(more);
  form.append(
    h("div", { class: "form-actions" }, h("button", { type: "button", class: "quiet", onclick: () => reset() }, "Reset parameters")),
  );
  root.append(form);
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  function fieldRow(field) {
    const id = `p-${field.name}`;
    let control;
    if (field.kind === "toggle" || field.kind === "choice") {
      control = h("select", { id, name: field.name }, ...field.options.map(([value, label]) => h("option", { value }, label)));
    } else if (field.kind === "lines") {
      control = h("textarea", { id, name: field.name, rows: 2, placeholder: field.placeholder, spellcheck: "false" });
    } else {
      control = h("input", {
        id,
        name: field.name,
        type: "text",
        inputmode: field.kind === "number" ? "decimal" : "text",
        autocomplete: "off",
        spellcheck: "false",
        placeholder: field.placeholder,
      });
    }
    control.setAttribute("aria-describedby", `hint-${field.name} issue-${field.name}`);
    inputs.set(field.name, control);
    return h(
      "div",
      { class: `field field-${field.kind}`, dataset: { field: field.name } },
      h("label", { for: id }, h("code", {}, field.name)),
      control,
      h("p", { class: "hint", id: `hint-${field.name}` }, field.hint),
      issueSlot(field.name),
    );
  }

  function issueSlot(name) {
    const slot = h("ul", { class: "issues", id: `issue-${name}`, "aria-live": "polite" });
    slots.set(name, slot);
    return slot;
  }

  function changed() {
    save();
    onChange();
  }

  /** The request fields the form sets (unset ones are left out). */
  function values() {
    const out = { model: picker.value() };
    for (const field of FIELDS) {
      const raw = inputs.get(field.name).value;
      let value;
      if (field.kind === "number") value = parseNumber(raw);
      else if (field.kind === "toggle") value = raw === "" ? undefined : raw === "true";
      else if (field.name === "response_format") value = raw === "" ? undefined : { type: raw };
      else if (field.kind === "choice" || field.kind === "text") value = raw === "" ? undefined : raw;
      else if (field.kind === "lines") {
        const lines = raw.split("\n").filter((line) => line !== "");
        value = lines.length ? lines : undefined;
      }
      if (value !== undefined) out[field.name] = value;
    }
    if (tools.checked) out.tools = TOOL_DECLARATIONS;
    return out;
  }

  /** Shows each issue beside its control; returns the ones that belong to none (e.g. messages). */
  function showIssues(issues) {
    for (const slot of slots.values()) slot.replaceChildren();
    for (const control of [...inputs.values(), $("#model", root)]) control.removeAttribute("aria-invalid");
    const rest = [];
    for (const issue of issues) {
      const name = fieldOf(issue.path);
      const slot = slots.get(name);
      if (!slot) {
        rest.push(issue);
        continue;
      }
      slot.append(issueItem(issue));
      if (issue.severity === "error") (name === "model" ? $("#model", root) : inputs.get(name))?.setAttribute("aria-invalid", "true");
      // An issue in a folded section opens it, so it is seen.
      if (inputs.get(name)?.closest("details.advanced")) more.open = true;
    }
    return rest;
  }

  function focus(name) {
    if (inputs.get(name)?.closest("details.advanced")) more.open = true;
    (name === "model" ? $("#model", root) : inputs.get(name))?.focus();
  }

  function save() {
    const state = { model: picker.value(), tools: tools.checked };
    for (const field of FIELDS) state[field.name] = inputs.get(field.name).value;
    try {
      localStorage.setItem(STORAGE, JSON.stringify(state));
    } catch {
      // storage may be unavailable (private mode); the form still works
    }
  }

  function restore(state) {
    for (const field of FIELDS) inputs.get(field.name).value = typeof state[field.name] === "string" ? state[field.name] : "";
    tools.checked = state.tools === true;
  }

  function reset() {
    restore({});
    changed();
  }

  restore(saved);
  // Advanced opens when it holds a value, so nothing set is out of sight.
  if (advanced.some((field) => inputs.get(field.name).value !== "")) more.open = true;

  return {
    values,
    model: () => byId.get(picker.value()),
    setModel: (id) => picker.set(id),
    showIssues,
    focus,
  };
}

function loadSaved(byId) {
  try {
    const state = JSON.parse(localStorage.getItem(STORAGE) ?? "{}");
    if (state && typeof state === "object") {
      if (!byId.has(state.model)) delete state.model;
      return state;
    }
  } catch {
    // ignore unreadable saved state
  }
  return {};
}

/** One issue, as a list item: severity, message, and its code for reference. */
export function issueItem(issue) {
  return h(
    "li",
    { class: `issue ${issue.severity}`, dataset: { code: issue.code, path: issue.path } },
    h("span", { class: "sev" }, issue.severity === "error" ? "Error" : "Warning"),
    " ",
    h("span", { class: "issue-message" }, issue.message),
  );
}
