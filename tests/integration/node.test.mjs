// The integration suite in Node, in this process. (node:test also fails the test on an unhandled rejection.)
import * as api from "../../pkg/node.js";
import { runSuite } from "./suite.mjs";
import { trackRejections } from "./runners/rejections.mjs";
import { ONLY, runtimeTest } from "./runtimes.mjs";

runtimeTest("node", async (mockUrl) => {
  const finish = trackRejections((note) => process.on("unhandledRejection", note));
  return finish(await runSuite({ api, mockUrl, only: ONLY }));
});
