// The integration suite in Bun (node_modules/.bin/bun), through runners/cli.mjs.
import { CLI_RUNNER, bin, runCli, runtimeTest } from "./runtimes.mjs";

runtimeTest("bun", (mockUrl) => runCli(bin("bun"), [CLI_RUNNER], mockUrl));
