// Runs the integration suite in a command-line runtime (Deno, Bun; Node works too) and prints the results as JSON
// on the last line of stdout:  <runtime> tests/integration/runners/cli.mjs <mockUrl> [only]
import process from "node:process";
import * as api from "../../../pkg/node.js";
import { runSuite } from "../suite.mjs";
import { trackRejections } from "./rejections.mjs";

const [mockUrl, only] = process.argv.slice(2);
if (!mockUrl) {
  console.error("usage: cli.mjs <mockUrl> [only]");
  process.exit(2);
}
const finish = trackRejections((note) => process.on("unhandledRejection", note));
const results = await finish(await runSuite({ api, mockUrl, only }));
// Exit explicitly: the suite's per-case 20 s timeout timers are never cleared, and a leaked client timer (up to the
// 10 min default timeout) would otherwise keep Deno or Bun alive long after the last case.
process.stdout.write(`\n${JSON.stringify(results)}\n`, () => process.exit(0));
