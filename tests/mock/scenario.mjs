// Scenarios: chosen per request by a path prefix, `/s/<tokens>/v1/...`, where tokens are comma-separated `name` or
// `name=value` (URL-decoded). Plain `/v1/...` is the default behaviour (no tokens).

/** Tokens without a value (a value of 1/true/yes turns them on, 0/false/no off). */
const FLAGS = new Set([
  "thinking", // the reply thinks (reasoning_content first)
  "tools", // the turn's first reply is one tool call, whatever the request
  "tool_quirks", // two tool calls with the shapes other providers send (late name, null name, "" id, no index)
  "empty_choices", // a usage-only `choices: []` chunk after every 3rd chunk
  "empty_finish", // `"finish_reason":""` instead of null mid-stream
  "role_every", // role "assistant" on every delta, not just the first
  "stall", // headers, then nothing; the socket stays open
  "no_done", // end after the final chunk without `data: [DONE]`
  "bytewise", // every byte in its own write
  "crlf", // CRLF line ends
  "keepalive", // a `: keep-alive` comment frame between frames
  "unknown_tool", // the turn's first reply calls a tool the request does not declare
  "bad_args", // the turn's first reply calls a tool with arguments that break its parameters' schema
  "broken_args", // the turn's first reply calls a tool with arguments that are not JSON (cut short)
  "json_text", // with json_fail: the failing answers are prose, not JSON
  "markdown", // the answer is Markdown: headings, emphasis, lists, a table, code, a link, and HTML that must not run
  "echo_auth", // a careless upstream: the request's Authorization in the trace id, a header, the body and the chunks
]);

/** Tokens with a number: [minimum, integer?]. */
const NUMBERS = {
  tokens: [1, true], // about how many content fragments (default 20)
  status: [100, true], // answer this HTTP status with SiliconFlow's body for it ...
  times: [0, true], // ... the first k times for this scenario string (default: always)
  retry_after: [0, false], // `retry-after` header (seconds) on those error responses
  retry_after_ms: [0, false], // `retry-after-ms` header on those error responses
  stall_after: [0, true], // k data chunks, then nothing (socket stays open)
  drop_after: [0, true], // k data chunks, then the socket is destroyed
  malformed: [1, true], // data chunk k (1-based) is truncated JSON
  error_event: [0, true], // after k data chunks: `event: error` + a 50505 body, then the end
  data_error: [0, true], // after k data chunks: a plain `data:` frame with a 50505 body, then the end
  delay: [0, false], // ms between frames (default: the server's delayMs)
  headers_delay: [0, false], // ms before the response headers
  tool_steps: [1, true], // tool calls in a row before the answer: one more after each tool result, k in all
  json_fail: [1, true], // the first k JSON answers (response_format) break their schema
  redirect: [300, true], // answer this 3xx status with a Location on the mock's /v1/elsewhere (then normally there)
};

/** Tokens that change what the reply says (and so its ids); the rest only change how it travels. */
const CONTENT_TOKENS = [
  "markdown",
  "thinking",
  "tools",
  "tool_quirks",
  "tokens",
  "unknown_tool",
  "bad_args",
  "broken_args",
  "json_text",
  "tool_steps",
  "json_fail",
];

export const SCENARIO_TOKENS = [...FLAGS, ...Object.keys(NUMBERS)];

export class ScenarioError extends Error {}

/**
 * Parses the (already URL-decoded) token string. Returns an object with every flag (boolean) and every number
 * token (a number, or undefined when absent), plus `raw` (the string as given) and `contentKey`.
 */
export function parseScenario(raw = "") {
  const scenario = { raw };
  for (const flag of FLAGS) scenario[flag] = false;
  for (const name of Object.keys(NUMBERS)) scenario[name] = undefined;
  for (const token of raw.split(",").map((t) => t.trim()).filter(Boolean)) {
    const eq = token.indexOf("=");
    const name = eq < 0 ? token : token.slice(0, eq);
    const value = eq < 0 ? undefined : token.slice(eq + 1);
    if (FLAGS.has(name)) {
      if (value === undefined || /^(1|true|yes|on)$/i.test(value)) scenario[name] = true;
      else if (/^(0|false|no|off)$/i.test(value)) scenario[name] = false;
      else throw new ScenarioError(`scenario token ${name} takes no value (got "${value}")`);
    } else if (name in NUMBERS) {
      const [min, integer] = NUMBERS[name];
      const number = value === undefined || value.trim() === "" ? NaN : Number(value);
      if (!Number.isFinite(number) || number < min || (integer && !Number.isInteger(number))) {
        throw new ScenarioError(`scenario token ${name} needs ${integer ? "an integer" : "a number"} >= ${min} (got "${value ?? ""}")`);
      }
      scenario[name] = number;
    } else {
      throw new ScenarioError(`unknown scenario token "${name}"; known: ${SCENARIO_TOKENS.join(", ")}`);
    }
  }
  scenario.contentKey = CONTENT_TOKENS.filter((name) => scenario[name] !== false && scenario[name] !== undefined)
    .map((name) => (typeof scenario[name] === "number" ? `${name}=${scenario[name]}` : name))
    .join(",");
  return scenario;
}

/**
 * Splits a request path into the scenario string and the API path: `/s/thinking,delay=20/v1/models` →
 * { raw: "thinking,delay=20", path: "/v1/models" }; `/v1/models` → { raw: "", path: "/v1/models" }.
 */
export function splitScenarioPath(pathname) {
  const match = /^\/s\/([^/]*)(\/.*)?$/.exec(pathname);
  if (!match) return { raw: "", path: pathname };
  let raw;
  try {
    raw = decodeURIComponent(match[1]);
  } catch {
    throw new ScenarioError(`scenario segment "${match[1]}" is not valid percent-encoding`);
  }
  return { raw, path: match[2] ?? "/" };
}
