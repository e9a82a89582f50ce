// The example Worker (worker/) exactly as it ships: `wrangler deploy --dry-run` bundles it (the package resolved
// through its exports map, the .wasm as a CompiledWasm module), and miniflare runs that bundle in real workerd with
// the policy vars of worker/wrangler.toml, a test key and the mock as upstream. Shared by tests/edge/ and bench/.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WORKER_DIR = join(ROOT, "worker");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const QUIET = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1", CI: "1" };

/** Runs a command in `cwd` and resolves with its output; rejects (with the output) when it fails. */
function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...QUIET }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (text) => (out += text));
    child.stderr.setEncoding("utf8").on("data", (text) => (out += text));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${out}`)),
    );
  });
}

/**
 * Bundles a Worker folder (default worker/) with `wrangler deploy --dry-run --outdir <tmp>` and reads its
 * wrangler.toml. → { outdir, uploadSize: "347.09 KiB / gzip: 152.91 KiB", vars, compatibilityDate,
 * compatibilityFlags, dispose }
 */
export async function buildWorker(dir = WORKER_DIR) {
  const outdir = await mkdtemp(join(tmpdir(), "siliconflow-worker-"));
  const output = await run(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir], dir);
  const uploadSize = /Total Upload: (.+)/.exec(output)?.[1]?.trim();
  if (!uploadSize) throw new Error(`wrangler printed no upload size:\n${output}`);
  const { unstable_readConfig } = await import("wrangler"); // wrangler's own reading of the config it deploys
  const config = unstable_readConfig({ config: join(dir, "wrangler.toml") });
  return {
    outdir,
    uploadSize,
    vars: config.vars,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    dispose: () => rm(outdir, { recursive: true, force: true }),
  };
}

/**
 * Runs the bundle in workerd (miniflare) with the wrangler.toml vars, overridden by `bindings` (the secret
 * SILICONFLOW_API_KEY, SILICONFLOW_BASE_URL). Resolves with the Miniflare (dispatchFetch, ready → its URL).
 */
export async function startWorker(bundle, bindings) {
  const mf = new Miniflare({
    modules: true,
    modulesRoot: bundle.outdir,
    scriptPath: join(bundle.outdir, "index.js"),
    // The rules wrangler itself applies to the bundle it uploads.
    modulesRules: [
      { type: "ESModule", include: ["**/*.js"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: bundle.compatibilityDate,
    compatibilityFlags: bundle.compatibilityFlags,
    cf: false,
    host: "127.0.0.1",
    port: 0,
    bindings: { ...bundle.vars, ...bindings },
    // The mock listens on 127.0.0.1: let the Worker's fetch reach loopback ("local"), not only the internet.
    outboundService: { network: { allow: ["public", "private", "local"], deny: [] } },
  });
  await mf.ready;
  return mf;
}
