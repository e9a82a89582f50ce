// The demo's in-page tools (www/tools.js): what the model gets back when it calls them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PAGE_TOOLS, calculate, convert } from "../../www/tools.js";

test("calculate: precedence, parentheses, powers and signs; anything else is an error that says where", () => {
  assert.equal(calculate("(12 + 30) * 2"), 84);
  assert.equal(calculate("2 + 3 * 4 ^ 2 / 8"), 8);
  assert.equal(calculate("2 ^ 3 ^ 2"), 512, "powers group to the right");
  assert.equal(calculate("-(1.5e1 - 5) * -2"), 20);
  assert.throws(() => calculate("alert(1)"), /unexpected "a"/);
  assert.throws(() => calculate("(1 + 2"), /expected "\)"/);
  assert.throws(() => calculate("1 / 0"), /no finite value/);
});

test("convert: lengths, masses and temperatures; units of different kinds are refused", () => {
  assert.equal(Number(convert(100, "km", "mi").toFixed(4)), 62.1371);
  assert.equal(Number(convert(1, "lb", "g").toFixed(3)), 453.592);
  assert.equal(Number(convert(100, "C", "F").toFixed(6)), 212);
  assert.equal(Number(convert(0, "k", "c").toFixed(2)), -273.15);
  assert.throws(() => convert(1, "kg", "km"), /cannot convert kg to km/);
});

test("the tools run through their declared arguments", async () => {
  const run = (name, args) => PAGE_TOOLS.find((t) => t.function.name === name).function.function(args);
  assert.equal(await run("calculate", { expression: "6 * 7" }), "42");
  assert.match(await run("current_time", { time_zone: "Asia/Shanghai" }), /\d{4}/);
  assert.throws(() => run("current_time", { time_zone: "Mars/Olympus" }), RangeError);
  assert.equal(await run("convert_units", { value: 1, from: "mi", to: "km" }), "1 mi = 1.609344 km");
});
