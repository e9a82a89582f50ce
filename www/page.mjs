// The page as the demo server sends it: www/index.html with
// - versioned URLs for what it loads, so all of it can be cached for good: `?v=<content hash>` on its own files (the
//   built /app.js and /style.css, the favicon); for the package, a release directory in the import map,
//   /pkg/@<hash of the package's files>/, which its relative imports and the .wasm it fetches (named relative to the
//   module that fetches it) inherit;
// - `<link rel="modulepreload">` for every module loaded before the page's code runs (its bundle and chunks, the
//   package's entry and its static imports) and a preload of the .wasm the package instantiates at load, so all of
//   them are requested together, right after the HTML, not one import level at a time;
// - the server's config as a JSON data block, which the page reads instead of asking /_demo/config.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { staticClosure } from "./build.mjs";
import { loadedAtStart, currentPackageGraph } from "./package-graph.mjs";
import { contentHash, readFresh } from "./fresh.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WWW = join(ROOT, "www");

const IMPORT_MAP = /<script type="importmap">([\s\S]*?)<\/script>/;

/** The file behind a static URL path (/pkg/… or a file of www/), or null. */
export function staticFile(path) {
  const parts = path.split("/").filter(Boolean);
  if (parts.some((p) => p === ".." || p === ".")) return null;
  return parts[0] === "pkg" ? join(ROOT, ...parts) : join(WWW, ...parts);
}

/** The import map target for a bare specifier (an exact entry, or the longest "prefix/" entry), or null. */
function mapped(imports, specifier) {
  if (imports[specifier]) return imports[specifier];
  const prefix = Object.keys(imports)
    .filter((key) => key.endsWith("/") && specifier.startsWith(key))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? imports[prefix] + specifier.slice(prefix.length) : null;
}

/** Every module reachable from `urls`, statically or dynamically. */
function reachable(modules, urls) {
  const seen = [];
  const visit = (u) => {
    if (seen.includes(u) || !modules.has(u)) return;
    seen.push(u);
    for (const next of [...modules.get(u).static, ...modules.get(u).dynamic]) visit(next);
  };
  urls.forEach(visit);
  return seen;
}

/** A /pkg/ URL in the release directory `version`. */
const inRelease = (url, version) => url.replace(/^\/pkg\//, `/pkg/@${version}/`);

/** For a path in a release directory, { version, path: the /pkg/ path it serves }; else null. */
export function releasePath(path) {
  const found = path.match(/^\/pkg\/@([^/]+)(\/.*)$/);
  return found ? { version: found[1], path: `/pkg${found[2]}` } : null;
}

/**
 * The package as the page loads it: the import map's targets under /pkg/ and every file they may load (modules,
 * static or dynamic, and the .wasm they name), with `version`, a hash of all those files' contents.
 */
export async function packageRelease() {
  const html = (await readFresh(join(WWW, "index.html"))).body.toString("utf8");
  const found = html.match(IMPORT_MAP);
  const map = found ? JSON.parse(found[1]) : { imports: {} };
  const imports = map.imports ?? {};
  const targets = [...new Set(Object.values(imports).filter((url) => url.startsWith("/pkg/") && url.endsWith(".js")))];
  const modules = targets.length ? await currentPackageGraph(targets) : new Map();
  const files = new Set();
  for (const url of reachable(modules, targets)) [url, ...modules.get(url).wasm].forEach((u) => files.add(u));
  const stamps = await Promise.all(
    [...files].sort().map((url) => readFresh(staticFile(url)).then((f) => `${url} ${f.hash}`, () => `${url} -`)),
  );
  return { html, found, map, imports, modules, files, version: contentHash(stamps.join("\n")) };
}

const escapeAttr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/**
 * The HTML to send for www/index.html, as { html, urls }. `build`: the page's build (www/build.mjs), or null when it
 * failed (the page then links its files unversioned, and they answer with the build's error). `config`: the object
 * the page reads. `urls`: the paths the page may load (what it links, the package's files), for the server to
 * prepare.
 */
export async function renderPage({ build, config }) {
  const { html, found, map, imports, modules, files, version } = await packageRelease();

  /** `url` with `?v=<hash of what it serves>`, or as it is when it serves nothing known. */
  const versioned = async (url) => {
    if (!url.startsWith("/") || url.includes("?") || url.includes("#")) return url;
    if (files.has(url)) return inRelease(url, version);
    const output = build?.outputs.get(url);
    if (output) return `${url}?v=${output.hash}`;
    const file = staticFile(url);
    const hash = file && (await readFresh(file).then((f) => f.hash, () => null));
    return hash ? `${url}?v=${hash}` : url;
  };

  const versionedImports = {};
  for (const [key, url] of Object.entries(imports)) versionedImports[key] = await versioned(url);
  const importMap = JSON.stringify({ ...map, imports: versionedImports });

  // What loads before the page's code runs: its bundle's static closure, then the package modules it imports.
  const { urls: pageModules, externals } = build ? staticClosure(build.outputs, build.entry) : { urls: [], externals: [] };
  const modulePreloads = await Promise.all(pageModules.map(versioned));
  const wasmPreloads = [];
  for (const specifier of externals) {
    const target = mapped(imports, specifier);
    if (!target) continue;
    const { js, wasm } = loadedAtStart(modules, target);
    for (const url of js) {
      const v = await versioned(url);
      if (!modulePreloads.includes(v)) modulePreloads.push(v);
    }
    for (const url of wasm) {
      const v = await versioned(url);
      if (!wasmPreloads.includes(v)) wasmPreloads.push(v);
    }
  }

  const head = [
    `<script type="importmap">${importMap}</script>`,
    // A data block, never run: the page reads it with JSON.parse.
    `<script type="application/json" id="demo-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>`,
    // The .wasm by the URL the package fetches it with, so that fetch finds it preloaded.
    ...wasmPreloads.map((url) => `<link rel="preload" href="${escapeAttr(url)}" as="fetch" type="application/wasm" crossorigin />`),
    ...modulePreloads.map((url) => `<link rel="modulepreload" href="${escapeAttr(url)}" />`),
  ].join("\n    ");
  let out = found ? html.replace(IMPORT_MAP, () => head) : html.replace("</head>", () => `  ${head}\n  </head>`);

  // Stylesheets the build makes besides the linked ones (CSS imported from JavaScript).
  const extraStyles = (build?.styles ?? []).filter((url) => !html.includes(`href="${url}"`));
  if (extraStyles.length) {
    const links = extraStyles.map((url) => `<link rel="stylesheet" href="${escapeAttr(url)}" />`).join("\n    ");
    out = out.replace(/(<link rel="stylesheet"[^>]*>)/, (tag) => `${tag}\n    ${links}`);
  }

  // The page's own links and scripts: versioned.
  const tags = [...out.matchAll(/<(?:link|script)\b[^>]*>/g)].map((m) => m[0]);
  const rewritten = new Map();
  for (const tag of tags) {
    const attr = tag.match(/\b(href|src)="(\/[^"?#]*)"/);
    if (!attr || /rel="(modulepreload|preload)"/.test(tag)) continue;
    const url = await versioned(attr[2]);
    rewritten.set(tag, tag.replace(attr[0], `${attr[1]}="${escapeAttr(url)}"`));
  }
  out = out.replace(/<(?:link|script)\b[^>]*>/g, (tag) => rewritten.get(tag) ?? tag);

  const urls = new Set([...out.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="(\/[^"?#]*)/g)].map((m) => m[1]));
  for (const url of [...files, ...pageModules]) urls.add(url);
  return { html: out, urls: [...urls] };
}
