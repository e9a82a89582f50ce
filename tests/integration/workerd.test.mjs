// The integration suite in workerd (the Cloudflare Workers runtime), run locally by miniflare: runners/worker.mjs
// imports pkg/worker.js (the .wasm as a CompiledWasm module) and the suite, and answers a request with the results.
import { Miniflare } from "miniflare";
import { ONLY, ROOT, runtimeTest } from "./runtimes.mjs";

runtimeTest("workerd", async (mockUrl, t) => {
  const mf = new Miniflare({
    modules: true,
    modulesRoot: ROOT, // the worker imports ../../../pkg/worker.js: every module must sit under the root
    scriptPath: `${ROOT}tests/integration/runners/worker.mjs`,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2025-09-01",
    cf: false,
    bindings: { MOCK_URL: mockUrl },
    // The mock listens on 127.0.0.1: let the worker's fetch reach loopback ("local"), not only the internet.
    outboundService: { network: { allow: ["public", "private", "local"], deny: [] } },
  });
  t.after(() => mf.dispose());
  // workerd enforces no CPU limit locally (miniflare has no option for one); the suite's ~30 s are wall time,
  // nearly all of it waiting on I/O and timers.
  const response = await mf.dispatchFetch(`http://localhost/${ONLY ? `?only=${encodeURIComponent(ONLY)}` : ""}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`the worker answered ${response.status}: ${text}`);
  return JSON.parse(text);
});
