// The package's modules as a browser loads them from /pkg/: which JavaScript files each entry imports statically
// (all fetched before the page's code runs: the page preloads them) or dynamically (on first use), and which .wasm
// the static ones fetch at load. Read from the files themselves, with esbuild's metafile, so a rebuilt package with
// other modules is followed without a hand list.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { freshValue } from "./fresh.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** `new URL("<file>.wasm", import.meta.url)`: how the package's modules name the .wasm they fetch. */
const WASM_URL = /new URL\(\s*(["'])([^"']+\.wasm)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The module graph under the URLs `entries` (paths under /pkg/, e.g. "/pkg/browser.js"). Resolves to { modules,
 * inputs }: modules is a Map of URL → { static: [URLs], dynamic: [URLs], wasm: [URLs it names] }.
 */
export async function packageGraph(entries) {
  const fileOf = (url) => join(ROOT, ...url.split("/").filter(Boolean));
  const urlOf = (path) => `/${relative(ROOT, join(ROOT, path)).split(sep).join("/")}`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries.map(fileOf),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir: join(ROOT, "pkg-graph"), // never written
    write: false,
    metafile: true,
    preserveSymlinks: true, // pkg/ may be a link: keep the paths (and URLs) under pkg/
    logLevel: "silent",
  }).catch((error) => {
    throw Object.assign(error, { inputs: entries.map(fileOf) }); // tried again once the package is (re)built
  });
  const modules = new Map();
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    const url = urlOf(path);
    const source = await readFile(join(ROOT, path), "utf8");
    const wasm = [...source.matchAll(WASM_URL)].map((m) => posix.join(posix.dirname(url), m[2]));
    const of = (kind) => [...new Set(input.imports.filter((i) => i.kind === kind && !i.external).map((i) => urlOf(i.path)))];
    modules.set(url, { static: of("import-statement"), dynamic: of("dynamic-import"), wasm });
  }
  return { modules, inputs: Object.keys(result.metafile.inputs).map((path) => join(ROOT, path)) };
}

/**
 * What loading `url` fetches before it runs: the modules it imports statically, transitively (itself first), and
 * the .wasm they instantiate at load. A module names a .wasm it fetches at load or later; the ones fetched at load
 * are those whose wasm-bindgen glue (`<name>.js` beside `<name>_bg.wasm`) is itself a static import: the glue of a
 * lazily loaded part is a dynamic import.
 */
export function loadedAtStart(modules, url) {
  const js = [];
  const visit = (u) => {
    if (js.includes(u) || !modules.has(u)) return;
    js.push(u);
    for (const next of modules.get(u).static) visit(next);
  };
  visit(url);
  const wasm = new Set();
  for (const u of js) {
    for (const w of modules.get(u).wasm) if (js.includes(w.replace(/_bg\.wasm$/, ".js"))) wasm.add(w);
  }
  return { js, wasm: [...wasm] };
}

const graphs = new Map(); // entries, joined → freshValue

/** The graph's modules under `entries`, recomputed when one of its files changes (a `make pkg` while serving). */
export async function currentPackageGraph(entries) {
  const key = entries.join(" ");
  if (!graphs.has(key)) graphs.set(key, freshValue(() => packageGraph(entries).then((value) => ({ value, inputs: value.inputs }))));
  return (await graphs.get(key).current()).modules;
}
