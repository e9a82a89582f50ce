// The built package loads in Node from pkg/ with no init call, and its exports behave as expected.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "../../pkg/node.js";
import { check, expected } from "./exports-checks.mjs";

test("pkg/ loads in Node and every export behaves as specified", () => {
  const got = check(api);
  for (const key of Object.keys(expected)) assert.deepEqual(got[key], expected[key], key);
  assert.ok(got.catalog.count >= 60);
  assert.equal(got.catalog.first.id, "deepseek-ai/DeepSeek-R1");
  assert.deepEqual(got.catalog.qwen, ["toggle", false, true, 131072]);
  assert.equal(got.catalog.vision, true);
});
