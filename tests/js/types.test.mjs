// A typical program type-checks against the package's declarations (the wire types generated from the Rust types,
// the API in pkg/index.d.ts), including narrowing an error by `name`; its @ts-expect-error lines must be errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("tsc --noEmit accepts tests/types/usage.ts", () => {
  try {
    execFileSync(`${root}node_modules/.bin/tsc`, ["-p", "tests/types/tsconfig.json"], { cwd: root, encoding: "utf8" });
  } catch (error) {
    assert.fail(`tsc reported errors:\n${error.stdout}${error.stderr}`);
  }
});
