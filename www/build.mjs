// The page's production build: www/app.js bundled and minified by esbuild, split at dynamic imports (each becomes a
// chunk loaded on first use), with linked source maps; www/style.css minified. The package stays external: the page
// imports "siliconflow-wasm" through its import map from /pkg/, as an npm user's page would. Other bare imports
// (npm packages in node_modules) are bundled. Nothing is written to disk: the demo server serves the outputs from
// memory (www/serve.mjs), and bench/demo-size.mjs measures them.
//
//   import { buildPage, pageBuild } from "./www/build.mjs";
//   const page = await buildPage();          // one build
//   const page = await pageBuild.current();  // the last build, rebuilt when a file under www/ changed
import { build } from "esbuild";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { contentHash, freshValue } from "./fresh.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WWW = join(ROOT, "www");

/** The page's entry points: their outputs keep these names (and URLs: /app.js, /style.css). */
export const ENTRIES = ["app.js", "style.css"];
/** The package, which the page loads from /pkg/ through its import map. */
export const EXTERNAL = ["siliconflow-wasm", "siliconflow-wasm/*"];

const TYPES = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};
// Files a stylesheet may reference (a theme's font or icon), emitted beside the build under their hash.
const ASSETS = Object.fromEntries([".svg", ".png", ".woff2"].map((ext) => [ext, "file"]));

/** Every file under `dir`: a change to any of them may change the build (a new module, an edited one). */
async function filesUnder(dir) {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  return names.filter((d) => d.isFile()).map((d) => join(d.parentPath ?? d.path, d.name));
}

/**
 * Builds the page in `dir` (default www/; its app.js and style.css). Resolves to { outputs, entry, styles, inputs }:
 * - outputs: Map of URL path ("/app.js", "/chunk-….js", "/app.js.map", "/style.css", …) → { body (Buffer), type,
 *   hash, named: true when the file name itself carries a content hash (chunks, assets), imports: [{ url |
 *   external }] }
 *   (the statically imported chunks and external specifiers of a JS output);
 * - entry: "/app.js"; styles: the stylesheets the page links ("/style.css", and CSS imported from JS if any);
 * - inputs: the files the build depends on, to rebuild when one changes.
 * A failed build rejects with esbuild's messages, formatted, and `inputs` on the error.
 */
export async function buildPage({ dir = WWW } = {}) {
  const inputs = await filesUnder(dir);
  let result;
  try {
    result = await build({
      absWorkingDir: ROOT,
      entryPoints: ENTRIES.map((name) => join(dir, name)),
      outdir: dir,
      entryNames: "[name]",
      chunkNames: "chunk-[hash]",
      assetNames: "[name]-[hash]",
      loader: ASSETS,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      minify: true,
      charset: "utf8",
      sourcemap: "linked",
      external: EXTERNAL,
      nodePaths: [join(ROOT, "node_modules")], // a page outside the repository (the tests' fixture) resolves the same
      metafile: true,
      write: false,
      logLevel: "silent",
    });
  } catch (error) {
    const text = error.errors?.length ? `the page's build failed:\n${error.errors.map(formatMessage).join("\n")}` : String(error);
    throw Object.assign(new Error(text), { inputs });
  }
  const outputs = new Map();
  const urlOf = (path) => `/${relative(dir, join(ROOT, path)).split(sep).join("/")}`;
  const [app, style] = ENTRIES.map((name) => relative(ROOT, join(dir, name)).split(sep).join("/"));
  for (const file of result.outputFiles) {
    const url = `/${relative(dir, file.path).split(sep).join("/")}`;
    const body = Buffer.from(file.contents);
    const ext = url.slice(url.lastIndexOf("."));
    // Named by their content's hash: all but the entries' outputs and the source maps (a comment edited in a
    // source changes a chunk's map alone).
    outputs.set(url, { body, type: TYPES[ext] ?? "application/octet-stream", hash: contentHash(body), named: ext !== ".map", imports: [] });
  }
  let entry = "/app.js";
  const styles = [];
  for (const [path, meta] of Object.entries(result.metafile.outputs)) {
    const url = urlOf(path);
    const output = outputs.get(url);
    if (!output) continue;
    output.imports = meta.imports
      .filter((i) => i.kind === "import-statement")
      .map((i) => (i.external ? { external: i.path } : { url: urlOf(i.path) }));
    if (meta.entryPoint === app) {
      entry = url;
      output.named = false;
      if (meta.cssBundle) {
        styles.push(urlOf(meta.cssBundle)); // CSS imported from JavaScript
        outputs.get(urlOf(meta.cssBundle)).named = false;
      }
    } else if (meta.entryPoint === style) {
      styles.unshift(url);
      output.named = false;
    }
  }
  // Node packages the page bundles count as inputs too (an npm install changes them).
  for (const path of Object.keys(result.metafile.inputs)) {
    const file = join(ROOT, path);
    if (!inputs.includes(file)) inputs.push(file);
  }
  return { outputs, entry, styles, inputs };
}

function formatMessage({ text, location }) {
  return location ? `${location.file}:${location.line}:${location.column}: ${text}\n    ${location.lineText}` : text;
}

/** The page in `dir` built, and rebuilt on use when one of its inputs changed: `current()` resolves to the build. */
export function watchedBuild(dir = WWW) {
  return freshValue(async () => {
    const value = await buildPage({ dir });
    return { value, inputs: value.inputs };
  });
}

/** The demo's page (www/), as the server serves it. */
export const pageBuild = watchedBuild();

/** The URLs a JS output statically loads (itself and its chunks, transitively) and the externals they import. */
export function staticClosure(outputs, url) {
  const urls = [];
  const externals = [];
  const visit = (u) => {
    if (urls.includes(u)) return;
    urls.push(u);
    for (const i of outputs.get(u)?.imports ?? []) {
      if (i.external) {
        if (!externals.includes(i.external)) externals.push(i.external);
      } else visit(i.url);
    }
  };
  visit(url);
  return { urls, externals };
}
