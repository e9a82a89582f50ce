// "View code": the request Send would make, as cURL and as JavaScript with siliconflow-wasm, kept in step with the
// form and the conversation. The code is for the reader's own app: it calls SiliconFlow with their key from the
// environment, whatever this page talks to.
import { h } from "./dom.js";
import { copyButton } from "./copy.js";
import { highlight } from "./highlight.js";

const BASE_URL = "https://api.siliconflow.cn/v1";
const LONG_DATA_URL = 120;

/** `value` as indented JSON, long data: URLs (attached images) shortened so the code stays readable. */
const json = (value) =>
  JSON.stringify(
    value,
    (_, v) => (typeof v === "string" && v.startsWith("data:") && v.length > LONG_DATA_URL ? `${v.slice(0, 40)}…(${Math.round(v.length / 1024)} KB of base64)` : v),
    2,
  );

/** The request as a cURL command (the body in single quotes, for POSIX shells). */
export function curlFor(request) {
  const body = json(request).replaceAll("'", "'\\''");
  return [
    `curl${request.stream ? " -N" : ""} ${BASE_URL}/chat/completions \\`,
    '  -H "Authorization: Bearer $SILICONFLOW_API_KEY" \\',
    '  -H "Content-Type: application/json" \\',
    `  -d '${body}'`,
  ].join("\n");
}

/** The request as a script using the package; with tools, through the tool runner. */
export function javascriptFor(request) {
  const { stream: _stream, tools, ...params } = request;
  const lines = ['import { SiliconFlow } from "siliconflow-wasm";', "", "const client = new SiliconFlow({ apiKey: process.env.SILICONFLOW_API_KEY });", ""];
  if (tools?.length) {
    // Each declaration with the function that runs it: a name the reader's code defines.
    const withFunctions = tools.map((tool) => ({ ...tool, function: { ...tool.function, function: `@@${tool.function.name}@@` } }));
    const literal = json({ ...params, tools: withFunctions, stream: true }).replace(/"@@(\w+)@@"/g, "$1");
    lines.push(
      `// ${tools.map((t) => t.function.name).join(", ")}: your functions, given the parsed arguments.`,
      `const runner = client.chat.completions.runTools(${literal});`,
      'runner.on("content.delta", ({ delta }) => process.stdout.write(delta));',
      "console.log(await runner.finalContent(), runner.messages);",
    );
  } else {
    lines.push(`const stream = client.chat.completions.stream(${json(params)});`, "stream");
    if (params.enable_thinking || params.thinking_budget) lines.push('  .on("reasoning.delta", ({ delta }) => process.stderr.write(delta))');
    lines.push('  .on("content.delta", ({ delta }) => process.stdout.write(delta));', "const completion = await stream.finalChatCompletion();");
  }
  return lines.join("\n");
}

const VIEWS = [
  { id: "curl", label: "cURL", language: "sh", render: curlFor },
  { id: "js", label: "JavaScript", language: "js", render: javascriptFor },
];

/** The panel: tabs for the two forms, each a code block with Copy. `update(request)` redraws the open one. */
export function createCodePanel(root) {
  let current = VIEWS[0];
  let last;
  const code = h("code", { id: "code-text" });
  const tabs = VIEWS.map((view) =>
    h(
      "button",
      {
        type: "button",
        role: "tab",
        id: `code-tab-${view.id}`,
        class: "code-tab",
        "aria-selected": String(view === current),
        "aria-controls": "code-view",
        onclick: () => {
          current = view;
          for (const tab of tabs) tab.setAttribute("aria-selected", String(tab.id === `code-tab-${view.id}`));
          draw();
        },
      },
      view.label,
    ),
  );
  const label = h("span", { class: "code-lang" });
  const panel = h(
    "div",
    { class: "code-block complete", id: "code-view", role: "tabpanel" },
    h("div", { class: "code-head" }, label, copyButton(() => code.textContent, "Copy this code")),
    h("pre", { tabindex: "0" }, code),
  );
  root.replaceChildren(h("div", { class: "code-tabs", role: "tablist", "aria-label": "Request as" }, ...tabs), panel);

  function draw() {
    if (!last) return;
    label.textContent = current.label;
    panel.setAttribute("aria-labelledby", `code-tab-${current.id}`);
    code.replaceChildren(...highlight(current.render(last), current.language));
  }

  return {
    update(request) {
      last = request;
      if (root.closest("details")?.open !== false) draw();
    },
    draw,
  };
}
