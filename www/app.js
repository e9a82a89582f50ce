// The demo page: wires the package (imported as an npm user would, through the page's import map) to the form,
// the conversation and the metrics.
import { Conversation, SiliconFlow, modelCatalog, validateRequest } from "siliconflow-wasm";
import { $, h } from "./dom.js";
import { AssistantView, scrollToEnd, toolMessage, userMessage, watchScrolling } from "./chat.js";
import { storedKey, setupKey } from "./key.js";
import { MetricsBar, TurnMetrics, summary } from "./metrics.js";
import { DEFAULT_MODEL, TOOL_DECLARATIONS, createParams, issueItem } from "./params.js";
import { PAGE_TOOLS } from "./tools.js";
import { createCodePanel } from "./view-code.js";
import { followAttempts, watchedFetch } from "./attempts.js";
import { readImage } from "./image.js";
import { createStructured } from "./structured.js";
import { deleteChat, getChat, listChats, putChat } from "./chat-store.js";
import { createChatList } from "./chat-list.js";
import { chatJson, chatMarkdown, download, fileName } from "./chat-export.js";

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
let busy = null; // { stop() } while a reply is on its way
let blocking = false; // the draft request has an error
let attachment = null; // { url: data: URL, name }
let retryButton = null; // the last failed reply's Retry (a newer message supersedes it)
let lastReply = null; // the newest reply's view: its Regenerate and Continue go when a newer turn starts
const turns = []; // each sent message's turn: { start (its index in the messages), once, text, image, item }
let chatId = null; // the saved chat this conversation is (null until its first reply)
let deleted = false; // the open chat was deleted while a reply streamed

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
const MAX_RETRIES = 2;

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
        ? new SiliconFlow({ apiKey: key, baseURL: SILICONFLOW_BASE_URL, fetch: watchedFetch, maxRetries: MAX_RETRIES })
        : new SiliconFlow({ baseURL: location.origin + apiPath(), fetch: watchedFetch, maxRetries: MAX_RETRIES }),
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
const structured = createStructured($("#settings-body"), validate);
// On a phone both panels start folded: the conversation gets the screen.
if (matchMedia("(max-width: 760px)").matches) settings.open = $("#chats").open = false;
const codePanel = createCodePanel($("#code-panel"));
$("#view-code").addEventListener("toggle", () => codePanel.draw());

function pendingUserMessage() {
  const text = prompt.value;
  if (!attachment) return { role: "user", content: text };
  const parts = [{ type: "image_url", image_url: { url: attachment.url } }];
  if (text.trim()) parts.push({ type: "text", text });
  return { role: "user", content: parts };
}

/** The request for `messages`: the form's values, with a suggestion's one-off changes (`once`) over them. */
const requestFor = (messages, once = {}) => {
  const format = structured.responseFormat();
  return { ...params.values(), ...(format && { response_format: format }), ...once, messages, stream: true };
};

/** Runs validateRequest on the request Send would make; shows each issue beside its field. */
function validate() {
  $("#current-model").textContent = params.model()?.id ?? "";
  const draft = requestFor([...history(), pendingUserMessage()]);
  codePanel.update(draft);
  let issues = validateRequest(draft);
  // The schema's issues (and a schema that is not JSON) show beside the schema.
  const schemaIssues = structured.on() ? issues.filter((issue) => issue.path.startsWith("response_format")) : [];
  const problem = structured.problem();
  if (problem) schemaIssues.unshift({ severity: "error", code: "schema_json", path: "response_format.json_schema.schema", message: problem });
  structured.slot.replaceChildren(...schemaIssues.map(issueItem));
  issues = issues.filter((issue) => !schemaIssues.includes(issue));
  const rest = params.showIssues(issues);
  blocking = issues.some((issue) => issue.severity === "error") || schemaIssues.some((issue) => issue.severity === "error");
  composerIssues.replaceChildren(...rest.map(issueItem));
  const inForm = issues.length - rest.length + schemaIssues.length;
  const formErrors = [...issues, ...schemaIssues].filter((issue) => issue.severity === "error" && !rest.includes(issue));
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
              if (first === "response_format" && structured.on()) $("#schema").focus();
              else params.focus(first === "tool_choice" ? "tools" : first);
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
// The conversation is the package's Conversation: its messages, and what a reply does to them (send, stop,
// retry, regenerate, edit, continue, load). The page draws each reply from its stream's events (onReply).
let replyStarted = null; // the turn in progress wires its reply's stream: (stream or tool run) => void
const chat = new Conversation(client(), { onReply: (reply) => replyStarted?.(reply) });
let editing = null; // the turn whose message is back in the composer (Edit), until it is sent again

/** The messages a draft follows: while a message is being edited, those before it. */
const history = () => chat.messages.slice(0, editing ? editing.start : chat.messages.length);

/** Sends the composer's message (or the edited one); `once`: request fields for this message only. */
async function sendMessage(once) {
  if (busy || blocking) return;
  const user = pendingUserMessage();
  if (prompt.value.trim() === "" && !attachment) return;
  $("#welcome").hidden = true;
  const edited = editing;
  editing = null;
  const turn = { start: edited ? edited.start : chat.messages.length, once, text: prompt.value, image: attachment };
  turn.item = userMessage(log, { text: prompt.value.trim(), image: attachment?.url, onEdit: () => editTurn(turn) });
  turns.push(turn);
  prompt.value = "";
  autosize();
  setAttachment(null);
  prompt.focus(); // Send hides while the reply streams: the focus stays in the composer
  await runTurn(turn, () => (edited ? chat.edit(turn.start, user.content) : chat.send(user.content)));
}

/** A newer turn makes an older Retry stale, and takes the older reply's Regenerate and Continue. */
function supersede() {
  if (retryButton) {
    retryButton.disabled = true;
    retryButton.title = "A newer message was sent";
    retryButton = null;
  }
  lastReply?.setActions([]);
  lastReply = null;
}

/** Takes what followed `turn`'s message off the page. */
function dropAfter(turn) {
  turns.splice(turns.indexOf(turn) + 1);
  while (turn.item.nextSibling) turn.item.nextSibling.remove();
}

/** Edit: the message goes back into the composer; sending it replaces it and what followed (Conversation.edit). */
function editTurn(turn) {
  if (busy) return;
  supersede();
  dropAfter(turn);
  turn.item.remove();
  turns.pop();
  editing = turn;
  if (!log.children.length) $("#welcome").hidden = false;
  prompt.value = turn.text;
  autosize();
  setAttachment(turn.image);
  prompt.focus();
}

/** Regenerate: the newest turn's reply (with its tool steps) is asked for again. */
function regenerate(turn) {
  if (busy) return;
  dropAfter(turn);
  prompt.focus(); // the button is gone with its reply
  runTurn(turn, () => chat.regenerate());
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
 * One reply: `act()` asks the Conversation for it (send, edit, regenerate, retry, continue) and the reply's
 * stream draws it into a new view (`resumed`: Continue's, which goes on); with tools, the package's tool runner
 * runs them here between answers, each answer a view of its own and each result a step.
 */
async function runTurn(turn, act, resumed) {
  supersede();
  const { messages: _, stream: __, tools: declared, ...params } = requestFor([], turn.once);
  const tools = declared?.length && !resumed ? PAGE_TOOLS.filter((t) => declared.some((d) => d.function.name === t.function.name)) : [];
  Object.assign(chat, { client: client(), params, tools: tools.length ? tools : undefined, maxSteps: MAX_STEPS });
  const metrics = new TurnMetrics();
  let stopped = false;
  let frame = 0;
  // Structured output: the answer is shown as the JSON value parsed so far.
  const schemaName = params.response_format?.type === "json_schema" ? params.response_format.json_schema?.name : undefined;
  let view = resumed;
  let step = 0;
  let reason;
  const shown = []; // what this turn added to the page (Retry takes it away)
  view?.resume();
  const current = () => {
    if (!view) {
      view = new AssistantView(log, { model: params.model, step: tools.length ? (step += 1) : 0, structured: schemaName !== undefined });
      shown.push(view.item);
    }
    return view;
  };
  current();
  const showMetrics = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), metricsBar.show(metrics)));
  };
  busy = {
    stop() {
      stopped = true;
      chat.stop();
    },
  };
  const attempts = followAttempts(current, MAX_RETRIES + 1);
  metricsBar.show(metrics);
  updateControls();
  // The package's events: the reply as it is written, tool calls as the stream's snapshot holds them, and with
  // tools, each message the run adds.
  let source;
  const toolOf = (id) => {
    for (const m of source.messages ?? []) for (const c of m.tool_calls ?? []) if (c.id === id) return { id, name: c.function.name };
    return { id, name: "" };
  };
  replyStarted = (reply) => {
    source = reply;
    reply
      // (A reply that goes on keeps its reasoning panel as it was: the conversation keeps no second reasoning.)
      .on("reasoning.delta", ({ delta, choice }) => choice === 0 && !resumed && current().appendReasoning(delta))
      .on("content.delta", ({ delta, choice, parsed }) => {
        if (choice !== 0) return;
        current().appendContent(delta);
        if (schemaName !== undefined && parsed !== undefined) current().showParsed(parsed);
      })
      .on("chunk", (chunk, snapshot) => {
        const delta = chunk.choices?.find((c) => (c.index ?? 0) === 0)?.delta ?? {};
        if (delta.tool_calls?.length) current().showToolCalls(callsOf(snapshot.choices[0]?.message));
        metrics.chunk(chunk, [delta.reasoning_content, delta.content, delta.tool_calls?.length].filter(Boolean).length);
        showMetrics();
      });
    if (!tools.length) return;
    reply.on("message", (message) => {
      if (message.role === "assistant") {
        const calls = callsOf(message);
        current().showToolCalls(calls, { final: true });
        if (calls.length) {
          current().done();
          current().setFooter(`Step ${step} of at most ${MAX_STEPS}: ${calls.length} tool call${calls.length > 1 ? "s" : ""}`);
          view = undefined;
        }
      } else if (message.role === "tool") {
        shown.push(toolMessage(log, { ...toolOf(message.tool_call_id), content: textOf(message.content), step }));
      }
    });
  };

  try {
    await act(); // the Conversation keeps a failure in its state: it does not reject
    if (chat.status === "error") {
      const error = chat.error;
      reason = "error";
      metrics.finish(error?.partial?.usage);
      retryButton = current().failed(error, {
        requestId: error?.requestId ?? source?.requestId,
        onRetry: () => {
          if (busy) return;
          retryButton = null;
          prompt.focus();
          // A failed Continue goes on again from what the reply has; anything else is asked for again.
          if (resumed) return runTurn(turn, () => chat.continue(), view);
          for (const item of shown) item.remove();
          runTurn(turn, () => chat.retry());
        },
      });
    } else if (stopped) {
      reason = "stopped";
      metrics.finish(undefined);
      current().stopped();
    } else {
      const final = await source.finalChatCompletion();
      metrics.finish(tools.length ? await source.totalUsage() : final.usage);
      const message = final.choices?.[0]?.message ?? { role: "assistant", content: current().text };
      reason = final.choices?.[0]?.finish_reason;
      const calls = callsOf(message);
      current().showToolCalls(calls, { final: true });
      current().done(endNote(final, source.complete) ?? (calls.length ? "The model called tools this page does not run." : undefined));
      if (schemaName !== undefined && message.parsed !== undefined) current().schemaVerdict(message.parsed, schemaName);
    }
  } finally {
    replyStarted = null;
    attempts.stop();
    if (attempts.retried.length && current().state !== "error") current().retriedNote(attempts.retried);
    cancelAnimationFrame(frame);
    metricsBar.show(metrics);
    current().setFooter(summary(metrics));
    offerActions(turn, current(), reason);
    busy = null;
    validate();
    saveChat();
  }
}

/**
 * The newest reply's actions: Copy, Regenerate, and Continue when it stopped early (Stop, or max_tokens) and the
 * conversation ends with it.
 */
function offerActions(turn, view, reason) {
  lastReply = view;
  const actions = [{ name: "regenerate", label: "Regenerate", title: "Ask for this reply again", run: () => regenerate(turn) }];
  // A failed reply has its Retry (and Copy, for what arrived); Regenerate where Retry would not help.
  if (reason === "error") return view.setActions(retryButton ? [] : actions);
  const message = chat.messages.at(-1);
  const open = message?.role === "assistant" && !message.tool_calls?.length && view.text && message.content === view.text;
  // (Not a structured answer: a second JSON text appended to the first would be neither.)
  if (open && !view.structured && (reason === "length" || reason === "stopped")) {
    actions.push({
      name: "continue",
      label: "Continue",
      title: "Ask the model to go on from where this reply stopped",
      run: () => {
        if (busy) return;
        prompt.focus(); // the button goes while the reply goes on
        runTurn(turn, () => chat.continue(), view);
      },
    });
  }
  view.setActions(actions);
}

// --- attachments ---
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
/** Empties the page for a new conversation (the saved one stays saved). */
function clearChat() {
  chat.load([]);
  editing = null;
  turns.length = 0;
  chatId = null;
  supersede();
  log.replaceChildren();
  $("#welcome").hidden = false;
  metricsBar.show(new TurnMetrics());
  validate();
}

$("#new-chat").addEventListener("click", () => {
  if (busy) return;
  clearChat();
  refreshChats();
  prompt.focus();
});

// --- saved chats ---
const textOf = (content) =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.filter((p) => p?.type === "text").map((p) => p.text).join("\n")
      : content == null
        ? ""
        : JSON.stringify(content);
const imageOf = (content) => (Array.isArray(content) ? content.find((p) => p.type === "image_url")?.image_url?.url : undefined);

const chatList = createChatList($("#chats-body"), {
  open: (id) => openChat(id),
  async rename(id, title) {
    const saved = await getChat(id).catch(() => undefined);
    if (saved) await putChat({ ...saved, title }).catch(() => {});
    refreshChats();
  },
  async remove(id) {
    await deleteChat(id).catch(() => {});
    if (id === chatId) {
      if (busy) [chatId, deleted] = [null, true];
      else clearChat();
    }
    refreshChats();
  },
  async exportAs(id, kind) {
    const saved = await getChat(id).catch(() => undefined);
    if (!saved) return;
    if (kind === "md") download(fileName(saved, "md"), chatMarkdown(saved), "text/markdown");
    else download(fileName(saved, "json"), chatJson(saved), "application/json");
  },
});

async function refreshChats() {
  try {
    chatList.render(await listChats(), chatId);
  } catch {
    chatList.render([], null); // no IndexedDB (some private modes): chats are not kept
  }
}

/** Saves the conversation as it is now (the first save names the chat after its first message). */
async function saveChat() {
  const messages = chat.messages;
  if (!messages.length) return;
  if (deleted) {
    deleted = false; // deleted while its reply streamed: not saved again (going on makes a new chat)
    return;
  }
  const now = Date.now();
  const id = (chatId ??= crypto.randomUUID()); // this chat's, even if New chat is clicked meanwhile
  try {
    const saved = await getChat(id);
    const first = textOf(messages.find((m) => m.role === "user")?.content).trim().replace(/\s+/g, " ");
    await putChat({
      id,
      title: saved?.title ?? (first.length > 60 ? `${first.slice(0, 60)}…` : first || "Image"),
      created: saved?.created ?? now,
      updated: now,
      model: params.model()?.id,
      messages: JSON.parse(JSON.stringify(messages)),
    });
  } catch {
    // not kept (no IndexedDB); the chat goes on
  }
  refreshChats();
}

/** Shows a saved chat, ready to go on (its messages become the conversation; Edit and Regenerate work). */
async function openChat(id) {
  if (busy) return;
  const saved = await getChat(id).catch(() => undefined);
  if (busy) return; // a message was sent meanwhile: it goes on
  if (!saved) return refreshChats();
  clearChat();
  chatId = id;
  if (saved.model) params.setModel(saved.model);
  chat.load(saved.messages);
  const messages = chat.messages;
  $("#welcome").hidden = messages.length > 0;
  let turn;
  let view;
  let step = 0;
  const toolTurn = (from) => {
    for (let i = from + 1; i < messages.length && messages[i].role !== "user"; i++) if (messages[i].role === "tool") return true;
    return false;
  };
  for (const [i, message] of messages.entries()) {
    if (message.role === "user") {
      const text = textOf(message.content);
      const image = imageOf(message.content);
      const me = { start: i, text, image: image && { url: image, name: "image" }, tools: toolTurn(i) };
      me.item = userMessage(log, { text: text.trim(), image, onEdit: () => editTurn(me) });
      turns.push((turn = me));
      step = 0;
    } else if (message.role === "assistant") {
      view = new AssistantView(log, { model: saved.model, step: turn?.tools ? (step += 1) : 0 });
      view.appendContent(textOf(message.content));
      view.showToolCalls(callsOf(message), { final: true });
      view.done();
      view.setActions([]);
    } else if (message.role === "tool") {
      const call = messages.flatMap((m) => m.tool_calls ?? []).find((c) => c.id === message.tool_call_id);
      toolMessage(log, { id: message.tool_call_id, name: call?.function?.name ?? "", content: textOf(message.content), step });
    }
  }
  // Regenerate belongs to the last reply, when the chat ends with one (not with a message that got none).
  if (turn && view && messages.at(-1)?.role !== "user") offerActions(turn, view, undefined);
  refreshChats();
  validate();
  scrollToEnd();
}

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
  cachedClient = { id: undefined, client: undefined }; // a new key (or none): a new client
  renderUpstream();
  validate();
});
renderUpstream();
validate();
refreshChats();
watchScrolling();
document.documentElement.dataset.ready = "true";
prompt.focus();
scrollToEnd();
