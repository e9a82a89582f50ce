// The request log: one entry per request, updated as the response goes out, readable in process and over HTTP.
//
// Entry: { seq, traceId, method, path, scenario, auth: "ok"|"missing"|"wrong", body (parsed JSON or null),
//          startedAt, status, endedAt, closedByClient, closedAt }
// Times are ms (performance.now() relative to server start); status/endedAt/closedAt are null until known.
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";

export class RequestLog {
  #t0 = performance.now();
  #seq = 0;
  #events = new EventEmitter().setMaxListeners(0);
  /** The entries, oldest first. The same array for the server's lifetime (reset() empties it in place). */
  entries = [];

  /** ms since the server started. */
  now() {
    return Math.round((performance.now() - this.#t0) * 1000) / 1000;
  }

  open({ traceId, method, path, scenario, auth }) {
    const entry = {
      seq: ++this.#seq,
      traceId,
      method,
      path,
      scenario,
      auth,
      body: null,
      startedAt: this.now(),
      status: null,
      endedAt: null,
      closedByClient: false,
      closedAt: null,
    };
    this.entries.push(entry);
    this.#changed();
    return entry;
  }

  update(entry, fields) {
    Object.assign(entry, fields);
    this.#changed();
  }

  reset() {
    this.entries.length = 0;
    this.#seq = 0;
  }

  /** Resolves with the first entry (oldest first) for which `predicate` is true, now or later; rejects on timeout. */
  waitFor(predicate, timeoutMs = 5000) {
    const find = () =>
      this.entries.find((entry) => {
        try {
          return predicate(entry);
        } catch {
          return false;
        }
      });
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const entry = find();
        if (!entry) return;
        stop();
        resolve(entry);
      };
      const timer = setTimeout(() => {
        stop();
        const summary = this.entries.map((e) => `#${e.seq} ${e.method} ${e.path} [${e.scenario}] ${e.status}`).join("; ");
        reject(new Error(`waitFor: no log entry matched within ${timeoutMs} ms (log: ${summary || "empty"})`));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.#events.off("change", check);
      };
      this.#events.on("change", check);
    });
  }

  #changed() {
    this.#events.emit("change");
  }
}
