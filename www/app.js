// The demo page: wires the package (imported as an npm user would, through the page's import map) to the form,
// the conversation and the metrics.
import { SiliconFlow, modelCatalog, validateRequest } from "siliconflow-wasm";
import { $, h } from "./dom.js";
import { AssistantView, scrollToEnd, toolMessage, userMessage, watchScrolling } from "./chat.js";
import { storedKey, setupKey } from "./key.js";
import { MetricsBar, TurnMetrics, summary } from "./metrics.js";
import { DEFAULT_MODEL, TOOL_DECLARATIONS, createParams, issueItem } from "./params.js";
import { PAGE_TOOLS } from "./tools.js";

const SILICONFLOW_BASE_URL = "https://api.siliconflow.cn/v1";
const mockTokens = new URLSearchParams(location.search).get("mock")?.trim() || undefined;

// The server writes its config into the page (no round trip); a page served without it asks.
const embedded = document.getElementById("demo-config")?.textContent;
const config = embedded
  ? JSON.parse(embedded)
  : await fetch("/_demo/config")
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));

// --- state ---
const conversation = []; // the messages every request sends: answered turns only
let busy = null; // { stop() } while a reply is on its way
let blocking = false; // the draft request has an error
let attachment = null; // { url: data: URL, name }
let retryButton = null; // the last failed reply's Retry (a newer message supersedes it)

const log = $("#log");
const prompt = $("#prompt");
const send = $("#send");
const stop = $("#stop");
const attach = $("#attach");
const attachLabel = $(".attach");
const composerIssues = $("#issue-messages");
const settings = $("#settings");
const metricsBar = new MetricsBar($("#metrics"));

// --- the client ---
let cachedClient = { id: undefined, client: undefined };

/** The path the page's requests go to on the demo server (a mock scenario when ?mock= is set). */
function apiPath() {
  return config.scenarios && mockTokens ? `/api/s/${encodeURIComponent(mockTokens)}/v1` : "/api/v1";
}

function client() {
  const key = storedKey();
  const id = key ? "direct" : apiPath();
  if (cachedClient.id !== id) {
    cachedClient = {
      id,
      client: key
        ? new SiliconFlow({ apiKey: key, baseURL: SILICONFLOW_BASE_URL })
        : new SiliconFlow({ baseURL: location.origin + apiPath() }),
    };
  }
  return cachedClient.client;
}

function renderUpstream() {
  const el = $("#upstream");
  const key = storedKey() !== undefined;
  const dot = (kind) => h("span", { class: `dot ${kind}`, "aria-hidden": "true" });
  if (key) {
    el.replaceChildren(dot("live"), "SiliconFlow, direct with your key");
  } else if (config.upstream === "mock") {
    el.replaceChildren(
      dot("mock"),
      "Mock SiliconFlow (offline)",
      mockTokens ? h("span", { class: "scenario" }, " · scenario ", h("code", {}, mockTokens)) : "",
    );
  } else if (config.upstream === "siliconflow") {
    el.replaceChildren(dot("live"), "SiliconFlow, through this server (its key stays there)");
  } else {
    el.replaceChildren(dot("live"), "Through this server's /api proxy");
  }
  if (mockTokens && (key || !config.scenarios)) el.append(h("span", { class: "scenario" }, " · ?mock= ignored: not the mock"));
  $("#mock-help").hidden = config.upstream !== "mock";
  const where = key || config.upstream !== "mock" ? "the SiliconFlow API" : "the mock SiliconFlow server (canned replies)";
  $("#welcome-text").replaceChildren(
    `Replies stream in token by token from ${where}. Every edit of the parameters is checked by the package's `,
    h("code", {}, "validateRequest"),
    " as you type.",
  );
}

// --- the form and live validation ---
const catalog = modelCatalog();
$("#settings-body").replaceChildren();
const params = createParams($("#settings-body"), catalog, validate);
if (matchMedia("(max-width: 760px)").matches) settings.open = false;

function pendingUserMessage() {
  const text = prompt.value;
  if (!attachment) return { role: "user", content: text };
  const parts = [{ type: "image_url", image_url: { url: attachment.url } }];
  if (text.trim()) parts.push({ type: "text", text });
  return { role: "user", content: parts };
}

/** The request for `messages`: the form's values, with a suggestion's one-off changes (`once`) over them. */
const requestFor = (messages, once = {}) => ({ ...params.values(), ...once, messages, stream: true });

/** Runs validateRequest on the request Send would make; shows each issue beside its field. */
function validate() {
  $("#current-model").textContent = params.model()?.id ?? "";
  const issues = validateRequest(requestFor([...conversation, pendingUserMessage()]));
  const rest = params.showIssues(issues);
  blocking = issues.some((issue) => issue.severity === "error");
  composerIssues.replaceChildren(...rest.map(issueItem));
  const inForm = issues.length - rest.length;
  const formErrors = issues.filter((issue) => issue.severity === "error" && !rest.includes(issue));
  if (formErrors.length) {
    const first = formErrors[0].path.match(/^[A-Za-z_]+/)?.[0] ?? "";
    composerIssues.append(
      h(
        "li",
        { class: "issue error blocked" },
        h("span", { class: "sev" }, "Can't send"),
        " ",
        h(
          "button",
          {
            type: "button",
            class: "link",
            onclick: () => {
              settings.open = true;
              params.focus(first === "tool_choice" ? "tools" : first);
            },
          },
          `Fix ${formErrors.length === 1 ? "the error" : `${formErrors.length} errors`} in the parameters`,
        ),
      ),
    );
  }
  const count = $("#issue-count");
  count.hidden = inForm === 0;
  count.className = `issue-count${formErrors.length ? " has-errors" : ""}`;
  count.textContent = formErrors.length ? `${formErrors.length} error${formErrors.length > 1 ? "s" : ""}` : `${inForm} warning${inForm > 1 ? "s" : ""}`;
  updateControls();
}

function updateControls() {
  const empty = prompt.value.trim() === "" && !attachment;
  send.disabled = busy !== null || blocking || empty;
  send.hidden = busy !== null;
  stop.hidden = busy === null;
  const vision = params.model()?.vision === true;
  attach.disabled = !vision;
  attachLabel.classList.toggle("disabled", !vision);
  attachLabel.title = vision ? "Attach an image" : "This model reads text only; pick a vision model to attach an image";
  $("#new-chat").disabled = busy !== null;
}

// --- sending and streaming ---
/** Sends the composer's message; `once`: request fields for this message only (a suggestion's). */
async function sendMessage(once) {
  if (busy || blocking) return;
  const user = pendingUserMessage();
  if (prompt.value.trim() === "" && !attachment) return;
  $("#welcome").hidden = true;
  userMessage(log, { text: prompt.value.trim(), image: attachment?.url });
  prompt.value = "";
  autosize();
  setAttachment(null);
  supersede();
  await runTurn([...conversation, user], [user], once);
}

/** A newer message makes an older Retry stale. */
function supersede() {
  if (retryButton) {
    retryButton.disabled = true;
    retryButton.title = "A newer message was sent";
    retryButton = null;
  }
}

function assistantMessage(message) {
  const out = { role: "assistant", content: message.content ?? "" };
  if (message.tool_calls?.length) out.tool_calls = message.tool_calls;
  return out;
}

function endNote(final, complete) {
  const reason = final.choices?.[0]?.finish_reason;
  if (complete === false) return "The stream ended early (no [DONE] or finish_reason): this is what arrived.";
  if (reason === "length") return "Cut off at max_tokens.";
  if (reason === "content_filter") return "Stopped by the content filter.";
  return undefined;
}

/** A message's tool calls as the page shows them (those with something in them yet). */
function callsOf(message) {
  return (message?.tool_calls ?? [])
    .map((c) => ({ id: c.id, name: c.function?.name ?? "", arguments: c.function?.arguments ?? "" }))
    .filter((c) => c.id || c.name || c.arguments);
}

// The most answers a tool run may take (each tool step is one).
const MAX_STEPS = 6;

/**
 * One reply: sends `messages` and streams the answer into a new view; with tools, the package's tool runner runs
 * them here between answers, each answer a view of its own and each result a step. On success the conversation
 * gets `pending` (the messages this turn answers) and what the turn added.
 */
async function runTurn(messages, pending, once) {
  const request = requestFor(messages, once);
  const tools = request.tools?.length ? PAGE_TOOLS.filter((t) => request.tools.some((d) => d.function.name === t.function.name)) : [];
  const metrics = new TurnMetrics();
  let stopped = false;
  let frame = 0;
  let view;
  let step = 0;
  const shown = []; // what this turn added to the page (Retry takes it away)
  const current = () => {
    if (!view) {
      view = new AssistantView(log, { model: request.model, step: tools.length ? (step += 1) : 0 });
      shown.push(view.item);
    }
    return view;
  };
  current();
  const showMetrics = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), metricsBar.show(metrics)));
  };
  // The package's events: the reply as it is written, tool calls as the stream's snapshot holds them, and with
  // tools, each message the run adds.
  const source = tools.length
    ? client().chat.completions.runTools({ ...request, tools, stream: true }, { maxSteps: MAX_STEPS })
    : client().chat.completions.stream(request);
  busy = {
    stop() {
      stopped = true;
      source.abort();
    },
  };
  metricsBar.show(metrics);
  updateControls();
  source
    .on("reasoning.delta", ({ delta, choice }) => choice === 0 && current().appendReasoning(delta))
    .on("content.delta", ({ delta, choice }) => choice === 0 && current().appendContent(delta))
    .on("chunk", (chunk, snapshot) => {
      const delta = chunk.choices?.find((c) => (c.index ?? 0) === 0)?.delta ?? {};
      if (delta.tool_calls?.length) current().showToolCalls(callsOf(snapshot.choices[0]?.message));
      metrics.chunk(chunk, [delta.reasoning_content, delta.content, delta.tool_calls?.length].filter(Boolean).length);
      showMetrics();
    });
  if (tools.length) {
    source.on("message", (message) => {
      if (message.role === "assistant") {
        const calls = callsOf(message);
        current().showToolCalls(calls, { final: true });
        if (calls.length) {
          current().done();
          current().setFooter(`Step ${step} of at most ${MAX_STEPS}: ${calls.length} tool call${calls.length > 1 ? "s" : ""}`);
          view = undefined;
        }
      } else if (message.role === "tool") {
        shown.push(toolMessage(log, { ...toolOf(message.tool_call_id), content: message.content, step }));
      }
    });
  }
  const toolOf = (id) => {
    for (const m of source.messages ?? []) for (const c of m.tool_calls ?? []) if (c.id === id) return { id, name: c.function.name };
    return { id, name: "" };
  };

  try {
    const final = await source.finalChatCompletion();
    metrics.finish(tools.length ? await source.totalUsage() : final.usage);
    const message = final.choices?.[0]?.message ?? { role: "assistant", content: current().text };
    const calls = callsOf(message);
    current().showToolCalls(calls, { final: true });
    current().done(endNote(final, source.complete) ?? (calls.length ? "The model called tools this page does not run." : undefined));
    const added = tools.length ? source.messages.slice(request.messages.length) : [assistantMessage(message)];
    conversation.push(...pending, ...added);
  } catch (error) {
    metrics.finish(error?.partial?.usage);
    if (stopped && error?.name === "AbortError") {
      current().stopped();
      const text = error.partial?.choices?.[0]?.message?.content || current().text;
      if (text) conversation.push(...pending, { role: "assistant", content: text });
    } else {
      retryButton = current().failed(error, {
        requestId: error?.requestId ?? source.requestId,
        onRetry: () => {
          if (busy) return;
          retryButton = null;
          for (const item of shown) item.remove();
          runTurn(messages, pending, once);
        },
      });
    }
  } finally {
    cancelAnimationFrame(frame);
    metricsBar.show(metrics);
    current().setFooter(summary(metrics));
    busy = null;
    validate();
  }
}

// --- attachments ---
const MAX_SIDE = 1280;

async function readImage(file) {
  if (file.size <= 1_500_000 && /^image\/(png|jpeg|webp|gif)$/.test(file.type)) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }
  // Large or unusual images: scaled down and re-encoded as JPEG.
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL("image/jpeg", 0.88);
}

function setAttachment(value) {
  attachment = value;
  $("#attachment").hidden = !value;
  if (value) {
    $("#attachment-preview").src = value.url;
    $("#attachment-name").textContent = value.name;
  } else {
    $("#attachment-preview").removeAttribute("src");
    attach.value = "";
  }
  validate();
}

async function attachFile(file) {
  if (!file || !file.type.startsWith("image/")) return;
  try {
    setAttachment({ url: await readImage(file), name: file.name || "pasted image" });
  } catch {
    composerIssues.replaceChildren(issueItem({ severity: "error", code: "image", path: "", message: "This image could not be read." }));
  }
}

attach.addEventListener("change", () => attachFile(attach.files?.[0]));
$("#attachment-remove").addEventListener("click", () => {
  setAttachment(null);
  prompt.focus();
});
prompt.addEventListener("paste", (event) => {
  const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith("image/"));
  if (file && params.model()?.vision) {
    event.preventDefault();
    attachFile(file);
  }
});

// --- the composer ---
function autosize() {
  prompt.style.height = "auto";
  prompt.style.height = `${Math.min(prompt.scrollHeight, 220)}px`;
}

prompt.addEventListener("input", () => {
  autosize();
  validate();
});
prompt.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    if (!send.disabled) sendMessage();
  }
});
$("#composer").addEventListener("submit", (event) => {
  event.preventDefault();
  sendMessage();
});
stop.addEventListener("click", () => {
  busy?.stop();
  prompt.focus();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && busy) {
    event.preventDefault();
    busy.stop();
  }
});
$("#new-chat").addEventListener("click", () => {
  if (busy) return;
  conversation.length = 0;
  supersede();
  log.replaceChildren();
  $("#welcome").hidden = false;
  metricsBar.show(new TurnMetrics());
  validate();
  prompt.focus();
});

// --- suggestions ---
const SUGGESTIONS = [
  { label: "Why is the sky blue?", text: "Why is the sky blue?" },
  {
    label: "Think it through",
    text: "How many times does the letter r appear in “strawberry”? Think it through.",
    // For this message only: the settings stay as they are.
    once: () => {
      const thinking = params.model()?.thinking;
      if (thinking === "always") return {};
      return thinking === "toggle" ? { enable_thinking: true } : { model: DEFAULT_MODEL, enable_thinking: true };
    },
  },
  { label: "Use a tool", text: "What is (12 + 30) × 2?", once: () => ({ tools: TOOL_DECLARATIONS }) },
];
$("#suggestions").append(
  ...SUGGESTIONS.map((s) =>
    h(
      "button",
      {
        type: "button",
        class: "suggestion",
        onclick: () => {
          prompt.value = s.text;
          autosize();
          validate();
          if (!send.disabled) sendMessage(s.once?.());
          else prompt.focus();
        },
      },
      s.label,
    ),
  ),
);

setupKey(() => {
  renderUpstream();
  validate();
});
renderUpstream();
validate();
watchScrolling();
document.documentElement.dataset.ready = "true";
prompt.focus();
scrollToEnd();
