// Live metrics of one reply: time to first token, tokens per second (with a sparkline), and usage.
import { formatInt, formatMs, h, svg } from "./dom.js";

const SAMPLE_MS = 120; // the sparkline's resolution
const MAX_POINTS = 80;

/** Counts one streamed reply. Token counts come from the chunks' `usage` when sent, else one per fragment. */
export class TurnMetrics {
  constructor(startedAt = performance.now()) {
    this.startedAt = startedAt;
    this.firstTokenAt = undefined;
    this.lastAt = startedAt;
    this.fragments = 0;
    this.usageTokens = undefined; // completion_tokens of the latest chunk that had usage
    this.tokensAtFirst = 0;
    this.samples = []; // tokens per second, one per SAMPLE_MS window
    this.window = { at: startedAt, tokens: 0 };
    this.usage = undefined; // the final usage
  }

  get tokens() {
    return this.usageTokens ?? this.fragments;
  }

  /** Time to first token (reasoning or content), ms. */
  get ttft() {
    return this.firstTokenAt === undefined ? undefined : this.firstTokenAt - this.startedAt;
  }

  /** Generation speed since the first token, tokens per second. */
  get rate() {
    if (this.firstTokenAt === undefined) return undefined;
    const seconds = (this.lastAt - this.firstTokenAt) / 1000;
    const tokens = this.tokens - this.tokensAtFirst;
    return seconds > 0.05 && tokens > 0 ? tokens / seconds : undefined;
  }

  /** A chunk arrived at `now`. `fragments`: how many text or tool fragments it carried. */
  chunk(chunk, fragments, now = performance.now()) {
    this.fragments += fragments;
    const completion = chunk?.usage?.completion_tokens;
    if (Number.isFinite(completion)) this.usageTokens = completion;
    if (chunk?.usage) this.usage = chunk.usage;
    if (fragments > 0 && this.firstTokenAt === undefined) {
      this.firstTokenAt = now;
      this.tokensAtFirst = Math.max(0, this.tokens - 1);
      this.window = { at: now, tokens: this.tokensAtFirst };
    }
    this.lastAt = now;
    if (this.firstTokenAt !== undefined && now - this.window.at >= SAMPLE_MS) this.#sample(now);
  }

  /** The stream ended; `usage` is the final completion's. */
  finish(usage, now = performance.now()) {
    if (usage) this.usage = usage;
    if (Number.isFinite(usage?.completion_tokens)) this.usageTokens = usage.completion_tokens;
    if (this.firstTokenAt !== undefined && now - this.window.at >= SAMPLE_MS / 2 && this.tokens > this.window.tokens) {
      this.#sample(this.lastAt);
    }
  }

  #sample(now) {
    const rate = ((this.tokens - this.window.tokens) * 1000) / Math.max(1, now - this.window.at);
    this.samples.push(rate);
    if (this.samples.length > MAX_POINTS) this.samples.shift();
    this.window = { at: now, tokens: this.tokens };
  }
}

/** The metrics bar: builds itself in `root` and shows a TurnMetrics. */
export class MetricsBar {
  constructor(root) {
    this.ttft = h("span", { class: "value", id: "metric-ttft" }, "–");
    this.rate = h("span", { class: "value", id: "metric-rate" }, "–");
    this.usage = h("span", { class: "value usage", id: "metric-usage" }, "–");
    this.spark = svg("svg", { class: "spark", viewBox: "0 0 100 24", preserveAspectRatio: "none", role: "img", "aria-label": "no data yet" });
    this.area = svg("path", { class: "spark-area", d: "" });
    this.line = svg("polyline", { class: "spark-line", points: "" });
    this.spark.append(this.area, this.line);
    root.append(
      metric("First token", this.ttft, "Time from sending to the first token"),
      metric("Speed", h("span", { class: "rate" }, this.rate, this.spark), "Tokens per second since the first token"),
      metric("Usage", this.usage, "Prompt, completion and reasoning tokens of the last reply"),
    );
  }

  show(metrics) {
    this.ttft.textContent = formatMs(metrics.ttft);
    const rate = metrics.rate;
    this.rate.textContent = rate === undefined ? "–" : `${rate.toFixed(rate < 10 ? 1 : 0)} tok/s`;
    this.#sparkline(metrics.samples);
    const u = metrics.usage;
    if (!u) {
      this.usage.textContent = metrics.tokens ? `${formatInt(metrics.tokens)} tokens so far` : "–";
    } else {
      const reasoning = u.completion_tokens_details?.reasoning_tokens;
      this.usage.replaceChildren(
        part(u.prompt_tokens, "prompt"),
        part(u.completion_tokens, "completion"),
        reasoning ? part(reasoning, "reasoning") : "",
      );
    }
  }

  #sparkline(samples) {
    if (samples.length === 0) {
      this.line.setAttribute("points", "");
      this.area.setAttribute("d", "");
      this.spark.setAttribute("aria-label", "no data yet");
      return;
    }
    const points = samples.length === 1 ? [samples[0], samples[0]] : samples;
    const max = Math.max(...points, 1);
    const xy = points.map((value, i) => [(i / (points.length - 1)) * 100, 22 - (value / max) * 20]);
    const line = xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
    this.line.setAttribute("points", line);
    this.area.setAttribute("d", `M0,24 L${line.replaceAll(" ", " L")} L100,24 Z`);
    this.spark.setAttribute("aria-label", `tokens per second over time, peak ${Math.round(max)}`);
  }
}

function metric(label, value, title) {
  return h("div", { class: "metric", title }, h("span", { class: "label" }, label), value);
}

function part(count, label) {
  return h("span", { class: "usage-part" }, h("b", {}, formatInt(count)), ` ${label}`);
}

/** A one-line summary for the reply's footer. */
export function summary(metrics) {
  const bits = [];
  if (metrics.ttft !== undefined) bits.push(`${formatMs(metrics.ttft)} to first token`);
  if (metrics.rate !== undefined) bits.push(`${metrics.rate.toFixed(1)} tok/s`);
  const u = metrics.usage;
  if (u?.total_tokens !== undefined) bits.push(`${formatInt(u.total_tokens)} tokens`);
  return bits.join(" · ");
}
