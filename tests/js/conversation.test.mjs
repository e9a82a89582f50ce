// Conversation's edges that the mock cannot produce, with a stand-in client: a reply cut before its answer, a
// final message missing, a tool run stopped or failed between a call and its result, a client that throws, saved
// messages with holes. Each must leave messages the next request can carry, and a status that is not stuck.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Conversation } from "../../pkg/conversation.js";

/** A stand-in for a stream or a tool run: `script(emit)` plays its events, then its result or its failure. */
function fakeRunner(script, { final } = {}) {
  const listeners = new Map();
  const runner = {
    on(name, fn) {
      (listeners.get(name) ?? listeners.set(name, []).get(name)).push(fn);
      return runner;
    },
    done: async () => script((name, ...args) => (listeners.get(name) ?? []).forEach((fn) => fn(...args))),
    finalMessage: async () => final,
  };
  return runner;
}

const clientOf = (make) => ({ chat: { completions: { stream: make, runTools: make } } });
const tool = { type: "function", function: { name: "f", parameters: { type: "object" }, function: () => "ok" } };
const call = { id: "c1", type: "function", function: { name: "f", arguments: "{}" } };

test("a reply cut before its answer (reasoning only, content null) is kept with content \"\"", async () => {
  const final = { role: "assistant", content: null, reasoning_content: "hmm" };
  const conversation = new Conversation(clientOf(() => fakeRunner(async () => {}, { final })), { model: "m" });
  await conversation.send("hi");
  assert.deepEqual(conversation.messages.at(-1), { role: "assistant", content: "", reasoning_content: "hmm" });
  assert.equal(conversation.status, "idle");
});

test("a stream that ended without a message leaves an empty reply, not a hole", async () => {
  const conversation = new Conversation(clientOf(() => fakeRunner(async () => {}, { final: undefined })), { model: "m" });
  await conversation.send("hi");
  assert.deepEqual(conversation.messages, [{ role: "user", content: "hi" }, { role: "assistant", content: "" }]);
});

test("a tool run that fails between a call and its result drops the unanswered call; an answered one stays", async () => {
  const failing = (answered) =>
    fakeRunner(async (emit) => {
      emit("message", { role: "assistant", content: "", tool_calls: [call] });
      if (answered) emit("message", { role: "tool", tool_call_id: "c1", content: "ok" });
      throw Object.assign(new Error("too many steps"), { name: "ToolRunError" });
    });
  let conversation = new Conversation(clientOf(() => failing(false)), { model: "m", tools: [tool] });
  await conversation.send("go");
  assert.equal(conversation.status, "error");
  assert.deepEqual(conversation.messages, [{ role: "user", content: "go" }]);
  conversation = new Conversation(clientOf(() => failing(true)), { model: "m", tools: [tool] });
  await conversation.send("go");
  assert.deepEqual(conversation.messages.map((m) => m.role), ["user", "assistant", "tool"]);
});

test("a client that throws at once ends the reply in error, not stuck streaming", async () => {
  const conversation = new Conversation(clientOf(() => {
    throw new TypeError("bad params");
  }), { model: "m" });
  await conversation.send("hi");
  assert.equal(conversation.status, "error");
  assert.equal(conversation.error.message, "bad params");
});

test("load keeps what can be sent: no holes, \"\" for a missing answer, no unanswered call", () => {
  const conversation = new Conversation(clientOf(() => fakeRunner(async () => {})), { model: "m" });
  conversation.load([{ role: "user", content: "a" }, null, { role: "assistant", content: null }, { role: "user", content: "b" }, { role: "assistant", content: null, tool_calls: [call] }]);
  assert.deepEqual(conversation.messages, [{ role: "user", content: "a" }, { role: "assistant", content: "" }, { role: "user", content: "b" }]);
});
