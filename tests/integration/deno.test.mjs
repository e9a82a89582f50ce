// The integration suite in Deno (node_modules/.bin/deno), through runners/cli.mjs.
import { CLI_RUNNER, bin, runCli, runtimeTest } from "./runtimes.mjs";

runtimeTest("deno", (mockUrl) =>
  runCli(bin("deno"), ["run", "--allow-read", "--allow-net=127.0.0.1", "--allow-env", CLI_RUNNER], mockUrl),
);
