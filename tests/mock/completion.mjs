// The reply to a chat request: deterministic text, reasoning and tool calls derived from the request, planned once
// and then rendered either as stream chunks or as the non-streaming completion those chunks accumulate to.
//
// Determinism: ids and `created` depend only on the request body (minus `stream`/`stream_options`), the scenario
// tokens that change the reply (thinking, tools, tool_quirks, tokens) and the server's start time, so the same
// request streamed and not streamed gets the same ids, text and usage.
import { createHash } from "node:crypto";

const THINKING_MODEL = /R1|Thinking|QwQ/;
const DEFAULT_FRAGMENTS = 20;
const MAX_FRAGMENTS = 100_000;
const MAX_CHOICES = 16;

// Fixed sentences: Chinese and English, punctuation, characters JSON must escape, and exactly one emoji.
const SENTENCES = [
  "这是模拟服务器给出的回答。",
  "The reply is deterministic, so a test can compare it byte for byte.",
  "它包含中文标点：逗号、句号，还有引号“你好”！",
  'Quotes "like these", a back\\slash, a\ttab and a new\nline survive JSON escaping.',
  "Have a nice day 🙂",
];
// The `markdown` answer: what a chat UI must render (and the HTML it must not run).
const MARKDOWN = [
  "## Why the sky is blue",
  "",
  "Sunlight is **scattered** by the air's molecules, and *shorter* wavelengths scatter more (`Rayleigh`).",
  "",
  "1. Light enters the atmosphere.",
  "2. Blue light scatters in every direction.",
  "   - so it reaches your eyes from all over the sky",
  "",
  "| colour | wavelength (nm) | scattered |",
  "|---|---:|---|",
  "| blue | 450 | a lot |",
  "| red | 700 | little |",
  "",
  "```js",
  "const rayleigh = (wavelength) => 1 / wavelength ** 4;",
  'console.log(rayleigh(450) / rayleigh(700)); // "about 5.9"',
  "```",
  "",
  "> Read more on [Wikipedia](https://en.wikipedia.org/wiki/Rayleigh_scattering).",
  "",
  '<img src="x" onerror="window.__pwned = true"> <script>window.__pwned = true</script>',
].join("\n");

const THOUGHTS = [
  "Let me think about how to answer this step by step.",
  "我应该先复述问题，然后给出几句固定的回答。",
  "The answer should be short, friendly and mention what was asked.",
];
const DEFAULT_TOOL = {
  type: "function",
  function: {
    name: "get_current_weather",
    parameters: {
      type: "object",
      properties: { location: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
    },
  },
};

const sha = (text) => createHash("sha256").update(text).digest("hex");
const timeHex = (ms) => Math.floor(ms).toString(16).padStart(12, "0").slice(-12);

/** Does this request get a thinking reply? */
export function isThinking(body, scenario) {
  return scenario.thinking || body.enable_thinking === true || THINKING_MODEL.test(String(body.model));
}

/** The text of a message's content: a string, or the text parts of a content-part array. */
function textOf(content) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .filter((part) => part && part.type === "text" && typeof part.text === "string")
      .map((part) => part.text)
      .join(" ");
  }
  return content == null ? "" : JSON.stringify(content);
}

/** One line, at most `max` characters (code points), "…" when cut; "(empty)" for nothing. */
function summarize(text, max = 40) {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  if (chars.length === 0) return "(empty)";
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
}

/**
 * `count` fragments of `seed` (extended with `filler` sentences, in turn, until it has at least `count` code
 * points), split on code points so no character is ever cut in half.
 */
function fragments(seed, filler, count) {
  const chars = Array.from(seed);
  for (let k = 0; chars.length < count; k++) chars.push(...Array.from(` ${filler[k % filler.length]}`));
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(chars.slice(Math.floor((i * chars.length) / count), Math.floor(((i + 1) * chars.length) / count)).join(""));
  }
  return out;
}

/** Splits a string into at most `pieces` code-point fragments. */
function split(text, pieces) {
  return fragments(text, [""], Math.max(1, Math.min(pieces, Array.from(text).length)));
}

/** A sample value for a JSON-schema property (`variant` 1 gives other values, for a second call). */
function sampleValue(name, schema, variant) {
  if (Array.isArray(schema?.enum) && schema.enum.length > 0) return schema.enum[variant % schema.enum.length];
  if (Array.isArray(schema?.examples) && schema.examples.length > 0) return schema.examples[variant % schema.examples.length];
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  switch (type) {
    case "integer":
      return 3 + variant;
    case "number":
      return 1.5 + variant;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    case "null":
      return null;
    default:
      if (/location|city|place|address/i.test(name)) return variant ? "上海" : "Boston, MA";
      return variant ? `模拟 ${name}` : `mock ${name}`;
  }
}

/** The arguments of a call to `tool`: a small JSON object of its parameters' properties, `{"a": 1, "b": "x"}`. */
function sampleArguments(tool, variant = 0) {
  const properties = tool?.function?.parameters?.properties;
  const entries = properties && typeof properties === "object" ? Object.entries(properties).slice(0, 4) : [];
  return `{${entries.map(([name, schema]) => `${JSON.stringify(name)}: ${JSON.stringify(sampleValue(name, schema, variant))}`).join(", ")}}`;
}

/** Prompt tokens: a deterministic estimate from the messages (and tools). */
function promptTokens(body) {
  let chars = 0;
  for (const message of body.messages) chars += Array.from(textOf(message?.content)).length;
  if (Array.isArray(body.tools)) chars += JSON.stringify(body.tools).length;
  return Math.max(1, Math.ceil(chars / 4) + 4 * body.messages.length);
}

/** Usage as SiliconFlow sends it (cumulative on every chunk; the last one equals the non-streaming usage). */
export function usageOf(prompt, completion, reasoning) {
  const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (reasoning > 0) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  usage.prompt_tokens_details = { cached_tokens: 0 };
  usage.prompt_cache_hit_tokens = 0;
  usage.prompt_cache_miss_tokens = prompt;
  return usage;
}

// A step is one delta of one choice: { content, reasoning_content, tool_calls?, tokens, reasoningTokens }.
const say = (content) => ({ content, reasoning_content: null, tokens: 1, reasoningTokens: 0 });
const think = (reasoning) => ({ content: null, reasoning_content: reasoning, tokens: 1, reasoningTokens: 1 });
const call = (toolCalls, tokens = 1) => ({ content: null, reasoning_content: null, tool_calls: toolCalls, tokens, reasoningTokens: 0 });
const opening = (thinking) => ({ content: thinking ? null : "", reasoning_content: thinking ? "" : null, tokens: 0, reasoningTokens: 0 });

/** The messages of the turn in progress: those after the last user message. */
function turnOf(messages) {
  const lastUser = messages.findLastIndex((m) => m?.role === "user");
  return messages.slice(lastUser + 1);
}

/**
 * What kind of reply the request gets: "text", "tool_result" (text about a tool's output), "tool", "tool_quirks".
 * After a tool result the answer comes, unless the scenario asks for more steps (`tool_steps`).
 */
function replyKind(body, scenario, tools) {
  const last = body.messages.at(-1);
  const calls = turnOf(body.messages).filter((m) => m?.role === "assistant" && m.tool_calls?.length > 0).length;
  if (last?.role === "tool") return calls < (scenario.tool_steps ?? 0) ? "tool" : "tool_result";
  if (scenario.tools) return "tool";
  if (scenario.tool_quirks) return "tool_quirks";
  if (scenario.unknown_tool || scenario.bad_args || scenario.broken_args) return "tool";
  if (tools.length > 0 && last?.role === "user" && body.tool_choice !== "none") return "tool";
  return "text";
}

/** A value that a JSON Schema (of the subset users write) accepts: every property, the first of any choice. */
export function sampleOf(schema, name = "") {
  if (schema === null || typeof schema !== "object") return {};
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(choice) && choice.length > 0) return sampleOf(choice[0], name);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== "null") ?? types[0];
  const count = (min) => Math.max(1, Number.isInteger(min) ? min : 1);
  switch (type) {
    case "object": {
      const out = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = sampleOf(sub, key);
      return out;
    }
    case "array":
      return Array.from({ length: count(schema.minItems) }, () => sampleOf(schema.items ?? {}, name));
    case "integer":
      return Math.max(3, schema.minimum ?? 3);
    case "number":
      return Math.max(1.5, schema.minimum ?? 1.5);
    case "boolean":
      return true;
    case "null":
      return null;
    case "string": {
      const text = `mock ${name || "text"}`;
      return text.padEnd(schema.minLength ?? 0, "x").slice(0, schema.maxLength ?? Infinity);
    }
    default:
      return schema.properties ? sampleOf({ ...schema, type: "object" }, name) : "mock";
  }
}

/** A value of another type than `value`, for answers that break their schema. */
const wrongType = (value) => (typeof value === "number" ? "not a number" : typeof value === "string" ? 42 : "wrong");

/** A JSON answer for `schema` that breaks it: its first property of the wrong type (or the wrong type itself). */
function brokenSample(schema) {
  const value = sampleOf(schema);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const key = schema?.required?.[0] ?? Object.keys(value)[0];
    if (key !== undefined) return { ...value, [key]: wrongType(value[key]) };
  }
  return Array.isArray(value) ? { not: "an array" } : [value];
}

/** A tool call's arguments as the scenario wants them (`variant`: the call's step in the turn). */
function argumentsFor(tool, scenario, variant) {
  if (scenario.broken_args) return sampleArguments(tool).slice(0, -2);
  if (!scenario.bad_args) return sampleArguments(tool, variant);
  return JSON.stringify(brokenSample(tool?.function?.parameters ?? { type: "object" }));
}

/** The JSON content of an answer to a request with `response_format`, or undefined when it wants text. */
function jsonContent(body, scenario, subject) {
  const format = body.response_format?.type;
  if (format !== "json_object" && format !== "json_schema") return undefined;
  const schema = format === "json_schema" ? body.response_format.json_schema?.schema : undefined;
  const answered = body.messages.filter((m) => m?.role === "assistant").length;
  if (answered < (scenario.json_fail ?? 0)) {
    if (scenario.json_text) return `Sure! Here is what you asked about (${subject}), in a sentence.`;
    return JSON.stringify(schema ? brokenSample(schema) : []);
  }
  return JSON.stringify(schema ? sampleOf(schema) : { answer: subject });
}

/**
 * Plans the reply to a validated request body: { id, created, model, promptTokens, choices: [{ index, steps,
 * message, finishReason }] }. `steps` are the deltas of the stream (without role and finish_reason); `message` is
 * what they accumulate to.
 */
export function planCompletion(body, scenario, { startMs }) {
  const { stream, stream_options, ...rest } = body;
  const key = sha(`${JSON.stringify(rest)}\n${scenario.contentKey}`);
  const thinking = isThinking(body, scenario);
  const tools = (Array.isArray(body.tools) ? body.tools : []).filter((t) => typeof t?.function?.name === "string" && t.function.name);
  const kind = replyKind(body, scenario, tools);
  const last = body.messages.at(-1);
  const lastUser = [...body.messages].reverse().find((m) => m?.role === "user");
  const subject = summarize(textOf(kind === "tool_result" ? last?.content : lastUser?.content));
  const count = Math.min(scenario.tokens ?? DEFAULT_FRAGMENTS, MAX_FRAGMENTS);
  const n = Number.isInteger(body.n) && body.n > 1 ? Math.min(body.n, MAX_CHOICES) : 1;
  const maxTokens = Number.isInteger(body.max_tokens) && body.max_tokens >= 1 ? body.max_tokens : Infinity;
  const callId = (choice, k) => timeHex(startMs + 1 + k) + sha(`${key}:${choice}:${k}`).slice(0, 20);

  const choices = [];
  for (let index = 0; index < n; index++) {
    const steps = [opening(thinking)];
    let reasoning = null;
    if (thinking) {
      const variant = index > 0 ? `（第 ${index + 1} 种思路）` : "";
      const parts = fragments(`嗯，用户说的是“${subject}”${variant}。`, THOUGHTS, Math.max(2, Math.ceil(count / 2)));
      steps.push(...parts.map(think));
      reasoning = parts.join("");
    }
    let content = "";
    let toolCalls = null;
    let finishReason = "stop";
    const json = kind === "text" ? jsonContent(body, scenario, subject) : undefined;
    if (json !== undefined) {
      const parts = split(json, count);
      steps.push(...parts.map(say));
      content = json;
    } else if (kind === "text" && scenario.markdown) {
      const parts = split(MARKDOWN, count);
      steps.push(...parts.map(say));
      content = MARKDOWN;
    } else if (kind === "text" || kind === "tool_result") {
      const head = kind === "tool_result" ? `The tool returned: “${subject}”.` : `You said: “${subject}”.`;
      const rotated = [...SENTENCES.slice(index % SENTENCES.length), ...SENTENCES.slice(0, index % SENTENCES.length)];
      const seed = [index > 0 ? `Answer ${index + 1}. ${head}` : head, ...rotated].join(" ");
      let parts = fragments(seed, rotated, count);
      if (parts.length > maxTokens) {
        parts = parts.slice(0, maxTokens);
        finishReason = "length";
      }
      steps.push(...parts.map(say));
      content = parts.join("");
    } else if (kind === "tool") {
      const tool = tools[0] ?? DEFAULT_TOOL;
      const id = callId(index, 0);
      const step = turnOf(body.messages).filter((m) => m?.role === "tool").length;
      const name = scenario.unknown_tool && step === 0 ? "lookup_unknown_thing" : tool.function.name;
      const args = step === 0 ? argumentsFor(tool, scenario, 0) : sampleArguments(tool, step);
      steps.push(call([{ index: 0, id, type: "function", function: { name, arguments: "" } }]));
      for (const piece of split(args, 4)) steps.push(call([{ index: 0, function: { arguments: piece } }]));
      toolCalls = [{ id, type: "function", function: { name, arguments: args } }];
      finishReason = "tool_calls";
    } else {
      // Two calls, shaped the way various providers stream them.
      const first = tools[0] ?? DEFAULT_TOOL;
      const second = tools[1] ?? first;
      const [idA, idB] = [callId(index, 0), callId(index, 1)];
      const [argsA, argsB] = [sampleArguments(first), sampleArguments(second, 1)];
      const [piecesA, piecesB] = [split(argsA, 3), split(argsB, 3)];
      // Call A: the name arrives in the second chunk; continuations carry `id: ""` and `name: null`.
      steps.push(call([{ index: 0, id: idA, type: "function", function: { arguments: "" } }]));
      steps.push(call([{ index: 0, id: "", type: "function", function: { name: first.function.name, arguments: piecesA[0] } }]));
      for (const piece of piecesA.slice(1)) steps.push(call([{ index: 0, id: "", function: { name: null, arguments: piece } }]));
      // Call B: no index at all; continuations have neither index nor id.
      steps.push(call([{ id: idB, type: "function", function: { name: second.function.name, arguments: "" } }]));
      for (const piece of piecesB) steps.push(call([{ function: { name: null, arguments: piece } }]));
      // An extra empty chunk after the calls.
      steps.push({ content: null, reasoning_content: null, tokens: 0, reasoningTokens: 0 });
      toolCalls = [
        { id: idA, type: "function", function: { name: first.function.name, arguments: argsA } },
        { id: idB, type: "function", function: { name: second.function.name, arguments: argsB } },
      ];
      finishReason = "tool_calls";
    }
    const message = { role: "assistant", content };
    if (reasoning !== null) message.reasoning_content = reasoning;
    if (toolCalls) message.tool_calls = toolCalls;
    choices.push({ index, steps, message, finishReason });
  }
  return {
    id: timeHex(startMs) + key.slice(0, 20),
    created: Math.floor(startMs / 1000),
    model: body.model,
    promptTokens: promptTokens(body),
    choices,
  };
}

/**
 * The stream chunks of a plan, in order, with the scenario's chunk-level quirks (role_every, empty_finish,
 * empty_choices). Choices are interleaved chunk by chunk; each ends with its own final chunk.
 */
export function streamChunks(plan, scenario) {
  const chunks = [];
  let completion = 0;
  let reasoning = 0;
  const emit = (choices) =>
    chunks.push({
      id: plan.id,
      object: "chat.completion.chunk",
      created: plan.created,
      model: plan.model,
      choices,
      system_fingerprint: plan.fingerprint ?? "",
      usage: usageOf(plan.promptTokens, completion, reasoning),
    });
  const rounds = Math.max(...plan.choices.map((c) => c.steps.length));
  for (let round = 0; round < rounds; round++) {
    for (const choice of plan.choices) {
      const step = choice.steps[round];
      if (!step) continue;
      completion += step.tokens;
      reasoning += step.reasoningTokens;
      const delta = { content: step.content, reasoning_content: step.reasoning_content };
      if (round === 0 || scenario.role_every) delta.role = "assistant";
      if (step.tool_calls) delta.tool_calls = step.tool_calls;
      emit([{ index: choice.index, delta, finish_reason: scenario.empty_finish ? "" : null }]);
    }
  }
  for (const choice of plan.choices) {
    emit([{ index: choice.index, delta: { content: "", reasoning_content: null }, finish_reason: choice.finishReason }]);
  }
  if (!scenario.empty_choices) return chunks;
  // A usage-only chunk with `choices: []` after every 3rd chunk.
  return chunks.flatMap((chunk, i) => ((i + 1) % 3 === 0 ? [chunk, { ...chunk, choices: [] }] : [chunk]));
}

/** The non-streaming completion: exactly what `streamChunks` accumulates to. */
export function completionBody(plan) {
  let completion = 0;
  let reasoning = 0;
  for (const choice of plan.choices) {
    for (const step of choice.steps) {
      completion += step.tokens;
      reasoning += step.reasoningTokens;
    }
  }
  return {
    id: plan.id,
    object: "chat.completion",
    created: plan.created,
    model: plan.model,
    choices: plan.choices.map((c) => ({ index: c.index, message: c.message, finish_reason: c.finishReason })),
    usage: usageOf(plan.promptTokens, completion, reasoning),
    system_fingerprint: plan.fingerprint ?? "",
  };
}
