// SiliconFlow's error bodies: top-level {code, message, data}, a bare JSON string, plain text or nothing, per the
// API doc's error table (NOT OpenAI's {error: {...}}).
import { STATUS_CODES } from "node:http";

export const JSON_TYPE = "application/json; charset=utf-8";
export const TEXT_TYPE = "text/plain; charset=utf-8";

export const BODIES = {
  modelNotFound: { code: 20012, message: "Model does not exist. Please check it carefully.", data: null },
  invalidToken: { code: 30014, message: "Token is invalid.", data: null },
  balance: { code: 30001, message: "Sorry, your account balance is insufficient", data: null },
  rateLimited: {
    message:
      "Request was rejected due to rate limiting. If you want more, please contact contact@siliconflow.cn. Details:TPM limit reached.",
    data: null,
  },
  overloaded: { code: 50505, message: "Model service overloaded. Please try again later.", data: null },
};

/** A 20015 parameter-validation body. */
export function invalidParameter(detail) {
  return { code: 20015, message: `Value error, ${detail}`, data: null };
}

const json = (value) => ({ type: JSON_TYPE, text: JSON.stringify(value) });

/** `404 page not found`, as plain text (unknown paths). */
export const NOT_FOUND = { type: TEXT_TYPE, text: "404 page not found" };

/**
 * What SiliconFlow answers a given HTTP status with: { type, text } (type null: no content-type header).
 * Statuses the doc does not list get {code: <status>, message: <reason phrase>, data: null}.
 */
export function statusResponse(status) {
  switch (status) {
    case 400:
      return json(BODIES.modelNotFound);
    case 401:
      return json(BODIES.invalidToken);
    case 402:
      return json(BODIES.balance);
    case 403:
      return json("Forbidden");
    case 404:
      return NOT_FOUND;
    case 429:
      return json(BODIES.rateLimited);
    case 500:
      return { type: null, text: "" };
    case 503:
      return json(BODIES.overloaded);
    case 504:
      return json("");
    default:
      return json({ code: status, message: STATUS_CODES[status] ?? "Error", data: null });
  }
}

/** Sends a whole error response: `{type, text}` with the given status and extra headers. */
export function sendError(exchange, status, { type, text }, headers = {}) {
  const all = { ...headers, "content-length": Buffer.byteLength(text) };
  if (type) all["content-type"] = type;
  exchange.head(status, all);
  exchange.res.end(text);
}

export const sendJsonError = (exchange, status, value, headers) => sendError(exchange, status, json(value), headers);
