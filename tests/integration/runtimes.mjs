// What the five runtime test files share: start the mock in the test process, hand its URL to a runtime that runs
// suite.mjs, then print one line per case, a summary, and assert that every case passed.
//
//   runtimeTest("bun", (mockUrl, t) => runCli(bin("bun"), [CLI_RUNNER], mockUrl));   // resolves to the results
//
// SUITE_ONLY=<substring> runs only the cases whose name contains it (in every runtime).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock/siliconflow-mock.mjs";

/** The repository root (with a trailing slash), and the tools and runner the CLI runtimes use. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const bin = (name) => `${ROOT}node_modules/.bin/${name}`;
export const CLI_RUNNER = "tests/integration/runners/cli.mjs";
export const ONLY = process.env.SUITE_ONLY || undefined;

/** Prints the results and asserts that there are some and that every one passed. */
export function report(runtime, results) {
  assert.ok(Array.isArray(results), `${runtime}: expected an array of results, got ${JSON.stringify(results)}`);
  for (const r of results) {
    const why = r.ok ? "" : `  ->  ${r.error.split("\n")[0].slice(0, 300)}`;
    console.log(`  ${r.ok ? "ok  " : "FAIL"} ${String(r.ms).padStart(5)} ms  ${r.name}${why}`);
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`${runtime}: ${passed}/${results.length} integration cases passed`);
  const failures = results.filter((r) => !r.ok);
  assert.ok(results.length > 0, `${runtime}: no cases ran`);
  assert.ok(
    failures.length === 0,
    `${runtime}: ${failures.length} of ${results.length} cases failed:\n` +
      failures.map((r) => `- ${r.name}\n    ${r.error.replaceAll("\n", "\n    ")}`).join("\n"),
  );
}

/** One node:test test: the mock runs for its duration; `run(mockUrl, t)` resolves to the suite's results. */
export function runtimeTest(runtime, run) {
  test(`the integration suite passes in ${runtime}`, async (t) => {
    // Not t.after: node:test ends a test early on an unhandled rejection, and the runtime still needs the mock.
    const mock = await startMock({ port: 0, apiKey: "sk-mock" });
    let results;
    try {
      results = await run(mock.url, t);
    } finally {
      await mock.close();
    }
    report(runtime, results);
  });
}

/**
 * Runs `command args... <mockUrl> [only]` from the repository root and resolves to the results the runner prints
 * on its last stdout line (runners/cli.mjs). stderr passes through, so runtime warnings stay visible.
 */
export function runCli(command, args, mockUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, mockUrl, ...(ONLY ? [ONLY] : [])], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (text) => (out += text));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const last = out.trimEnd().split("\n").at(-1) ?? "";
      try {
        if (code !== 0) throw new Error(`exited with ${signal ?? code}`);
        resolve(JSON.parse(last));
      } catch (error) {
        reject(new Error(`${command} ${args.join(" ")}: ${error.message}; stdout:\n${out}`));
      }
    });
  });
}
