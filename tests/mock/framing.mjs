// Putting a reply on the wire: SiliconFlow's SSE framing (`data: <json>\n\n` ... `data: [DONE]\n\n`) and the ways a
// stream can misbehave (delays, keep-alive comments, CRLF, byte-by-byte writes, stalls, drops, truncated JSON,
// mid-stream errors). "Chunk k" always counts `data: {json}` frames, 1-based, including `choices: []` ones.
import { setImmediate as nextTurn } from "node:timers/promises";
import { BODIES, JSON_TYPE } from "./errors.mjs";

export const SSE_TYPE = "text/event-stream; charset=utf-8";

/** Writes text to a response the way the scenario says (CRLF line ends, one byte per write), minding backpressure. */
class Wire {
  constructor(exchange, scenario) {
    this.exchange = exchange;
    this.res = exchange.res;
    this.bytewise = scenario.bytewise;
    this.eol = scenario.crlf ? "\r\n" : "\n";
  }

  /** One SSE frame: its lines, then a blank line. */
  frame(...lines) {
    return lines.map((line) => line + this.eol).join("") + this.eol;
  }

  async write(text) {
    const bytes = Buffer.from(text, "utf8");
    if (!this.bytewise) return this.#put(bytes);
    for (let i = 0; i < bytes.length && !this.exchange.closed; i++) {
      await this.#put(bytes.subarray(i, i + 1));
      await nextTurn(); // let each byte leave in its own write
    }
  }

  async #put(bytes) {
    if (this.exchange.closed) return;
    if (!this.res.write(bytes)) await this.exchange.drained();
  }
}

/** JSON cut in half (on a code point boundary). */
function truncated(json) {
  const chars = Array.from(json);
  return chars.slice(0, Math.max(1, Math.floor(chars.length / 2))).join("");
}

/** Streams `chunks` as SSE, applying the scenario's misbehaviour. `delayMs` is the default pause between frames. */
export async function sendStream(exchange, chunks, scenario, delayMs = 0) {
  const { res } = exchange;
  exchange.head(200, { "content-type": SSE_TYPE, "cache-control": "no-cache" });
  res.flushHeaders();
  if (scenario.stall) return; // headers only; the socket stays open until the client (or close()) ends it
  const wire = new Wire(exchange, scenario);
  const delay = scenario.delay ?? delayMs;
  const pause = async () => {
    if (delay > 0) await exchange.sleep(delay);
    if (scenario.keepalive) await wire.write(wire.frame(": keep-alive"));
  };
  const errorFrame = (...lines) => wire.write(wire.frame(...lines, `data: ${JSON.stringify(BODIES.overloaded)}`));

  /** After `sent` data chunks: does the stream stop here (stall, drop or error)? */
  const stopsAfter = async (sent) => {
    if (sent === scenario.stall_after) return true;
    if (sent === scenario.drop_after) {
      await exchange.drop();
      return true;
    }
    if (sent === scenario.error_event || sent === scenario.data_error) {
      await (sent === scenario.error_event ? errorFrame("event: error") : errorFrame());
      res.end();
      return true;
    }
    return false;
  };

  if (await stopsAfter(0)) return;
  let sent = 0;
  for (const chunk of chunks) {
    if (sent > 0) await pause();
    if (exchange.closed) return;
    const json = JSON.stringify(chunk);
    sent++;
    await wire.write(wire.frame(`data: ${sent === scenario.malformed ? truncated(json) : json}`));
    if (exchange.closed || (await stopsAfter(sent))) return;
  }
  if (!scenario.no_done) {
    await pause();
    await wire.write(wire.frame("data: [DONE]"));
  }
  if (!exchange.closed) res.end();
}

/** Sends the non-streaming completion (honouring stall and bytewise). */
export async function sendCompletion(exchange, body, scenario) {
  const text = JSON.stringify(body);
  exchange.head(200, { "content-type": JSON_TYPE, "content-length": Buffer.byteLength(text) });
  if (scenario.stall) {
    exchange.res.flushHeaders();
    return;
  }
  await new Wire(exchange, scenario).write(text);
  if (!exchange.closed) exchange.res.end();
}
