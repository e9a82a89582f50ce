// The demo page's own JavaScript and CSS as the demo server ships them (the build of www/build.mjs, which the server
// serves): each file raw, gzip -9 and brotli (best quality, what Chromium gets), and the totals. The package, under
// /pkg/, is not counted; source maps neither (only DevTools fetches them). "at load" marks what the page fetches
// before it is ready; the other chunks load on first use.
//
//   node bench/demo-size.mjs
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildPage, staticClosure } from "../www/build.mjs";

/** The demo's own JS and CSS, gzip -9, at most (the figure tests/demo/delivery.test.mjs holds it to). */
export const DEMO_BUDGET = 30 * 1024;

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
    .length;

/** { files: [{ url, atLoad, raw, gzip, br }], total: { raw, gzip, br }, atLoad: { raw, gzip, br } } */
export async function demoSizes() {
  const build = await buildPage();
  const loaded = new Set([...staticClosure(build.outputs, build.entry).urls, ...build.styles]);
  const files = [...build.outputs]
    .filter(([url]) => /\.(js|css)$/.test(url))
    .map(([url, { body }]) => ({ url, atLoad: loaded.has(url), raw: body.length, gzip: gzipSync(body, { level: 9 }).length, br: brotli(body) }));
  const sum = (list) => ({
    raw: list.reduce((n, f) => n + f.raw, 0),
    gzip: list.reduce((n, f) => n + f.gzip, 0),
    br: list.reduce((n, f) => n + f.br, 0),
  });
  return { files, total: sum(files), atLoad: sum(files.filter((f) => f.atLoad)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, total, atLoad } = await demoSizes();
  const row = (name, s, when = "") => `${name.padEnd(28)} ${when.padEnd(8)} ${String(s.raw).padStart(8)} ${String(s.gzip).padStart(10)} ${String(s.br).padStart(8)}`;
  console.log(`${"file".padEnd(28)} ${"".padEnd(8)} ${"raw B".padStart(8)} ${"gzip -9 B".padStart(10)} ${"br B".padStart(8)}`);
  for (const f of files) console.log(row(f.url, f, f.atLoad ? "at load" : "on use"));
  console.log(row("at load", atLoad));
  console.log(row("total", total));
  console.log(`budget: ${DEMO_BUDGET} B gzip -9 for the total: ${total.gzip <= DEMO_BUDGET ? "met" : `over by ${total.gzip - DEMO_BUDGET} B`}`);
}
