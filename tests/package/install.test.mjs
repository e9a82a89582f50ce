// The package as npm ships it: `npm pack` of pkg/, installed from the tarball into a fresh scratch project, then
// used with no init call and no configuration from Node ESM, Deno, a Vite production build in Chromium, and a
// Worker bundled by wrangler under miniflare. Each app (tests/package/apps/) streams a completion from the mock.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startMock } from "../mock/siliconflow-mock.mjs";
import { launchChromium, pageProblems } from "../js/chromium.mjs";
import { serveStatic } from "../js/static-server.mjs";
import { buildWorker, startWorker } from "../edge/harness.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const KEY = "sk-scratch-key";
const exec = promisify(execFile);
const bin = (name) => join(ROOT, "node_modules/.bin", name);

let scratch;
let packed;
let mock;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), "siliconflow-scratch-"));
  const { stdout } = await exec("npm", ["pack", "./pkg", "--json", "--pack-destination", scratch], { cwd: ROOT });
  [packed] = JSON.parse(stdout);
  await cp(join(ROOT, "tests/package/apps"), scratch, { recursive: true });
  const manifest = { name: "scratch", private: true, type: "module", dependencies: { "siliconflow-wasm": `file:./${packed.filename}` } };
  await writeFile(join(scratch, "package.json"), JSON.stringify(manifest));
  await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: scratch });
  mock = await startMock({ port: 0, apiKey: KEY });
});

after(async () => {
  await mock?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** What each app must have got from the mock. */
function checkResult(result, where) {
  assert.ok(result.chunks > 5, `${where}: several chunks, got ${result.chunks}`);
  assert.ok(result.content.length > 10, `${where}: content`);
  assert.equal(result.content, result.streamed, `${where}: the final completion is the streamed deltas joined`);
  assert.match(result.requestId ?? "", /^[0-9a-f-]{8,}$/, `${where}: the trace id`);
  assert.deepEqual(result.issues, ["empty"], `${where}: validateRequest`);
  assert.ok(result.models > 50, `${where}: modelCatalog`);
  assert.deepEqual(result.fields, ["model", "messages"], `${where}: the request-fields module`);
  assert.equal(result.deltas, result.content, `${where}: stream() events (the chat runtime loaded)`);
  assert.deepEqual(result.toolMessages, ["sunny in Boston, MA"], `${where}: runTools() ran the tool`);
  assert.match(result.answer, /The tool returned/, `${where}: runTools() answered`);
  assert.deepEqual(result.conversation, ["user", "assistant"], `${where}: a Conversation`);
}

const baseURL = () => `${mock.url}/v1`;

test("the tarball holds the built package and nothing else", () => {
  const files = packed.files.map((f) => f.path).sort();
  const wanted = ["package.json", "README.md", "api.js", "node.js", "browser.js", "worker.js", "index.d.ts", "dist/types.d.ts", "dist/request-fields.js", "dist/request-fields.d.ts", "dist/siliconflow_wasm.js", "dist/siliconflow_wasm_bg.wasm", "dist/web/siliconflow_wasm.js", "dist/web/siliconflow_wasm_bg.wasm", "dist/web-runtime/siliconflow_wasm.js", "dist/web-runtime/siliconflow_wasm_bg.wasm", "runtime.js", "conversation.js", "conversation.d.ts", "dist/model-catalog.js", "dist/model-catalog.d.ts"];
  for (const file of wanted) assert.ok(files.includes(file), `${file} is packed (packed: ${files.join(", ")})`);
  const extra = files.filter((f) => !wanted.includes(f) && !f.startsWith("dist/snippets/") && !f.startsWith("dist/web/snippets/") && !f.startsWith("dist/web-runtime/snippets/") && f !== "LICENSE");
  assert.deepEqual(extra, [], "nothing else is packed");
  assert.equal(packed.name, "siliconflow-wasm");
});

test("Node ESM: import and stream, no init", async () => {
  const { stdout } = await exec(process.execPath, ["node/main.mjs", baseURL(), KEY], { cwd: scratch });
  checkResult(JSON.parse(stdout), "Node");
});

test("Deno: import and stream, no init", async () => {
  const { stdout } = await exec(bin("deno"), ["run", "--allow-read", "--allow-net=127.0.0.1", "--allow-env", "node/main.mjs", baseURL(), KEY], {
    cwd: scratch,
    env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  });
  checkResult(JSON.parse(stdout), "Deno");
});

test("Vite: a production build with no config runs in Chromium", async () => {
  await exec(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"], { cwd: join(scratch, "vite") });
  const server = await serveStatic(join(scratch, "vite/dist"));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = pageProblems(page);
    await page.goto(`${server.url}/?base=${encodeURIComponent(baseURL())}&key=${KEY}`);
    const out = page.locator("#out[data-result], #out[data-error]");
    await out.waitFor({ state: "attached", timeout: 30_000 });
    assert.equal(await out.getAttribute("data-error"), null, "the page's call failed");
    checkResult(JSON.parse(await out.getAttribute("data-result")), "Vite build");
    assert.deepEqual(errors, [], "no page or console errors");
  } finally {
    await browser.close();
    await server.close();
  }
});

test("a Worker bundled by wrangler runs under miniflare", async () => {
  const bundle = await buildWorker(join(scratch, "worker"));
  const mf = await startWorker(bundle, { BASE_URL: baseURL(), API_KEY: KEY });
  try {
    const response = await mf.dispatchFetch("http://worker.test/");
    assert.equal(response.status, 200, await response.clone().text());
    checkResult(await response.json(), "Worker");
  } finally {
    await mf.dispose();
    await bundle.dispose();
  }
});
