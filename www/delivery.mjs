// How the demo server sends a static body (the page, its build, the package's files): brotli or gzip as the browser
// accepts (compressed once per content and kept in memory), a strong ETag per representation with 304 answers to
// If-None-Match, and the caching policy the caller picked.
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/** For URLs that name their content (`?v=<hash>`, hashed chunk names): never revalidated. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** For everything else: cached, but revalidated (a 304 when unchanged) before each use. */
export const REVALIDATE = "no-cache";

const COMPRESSIBLE = /^(text\/|image\/svg\+xml|application\/(json|javascript|wasm|manifest\+json|xml))/;

const brotli = promisify(brotliCompress);
const deflate = promisify(gzip);

// Compressed bodies by content hash, least recently used first; bounded, as edits keep making new contents.
const compressed = new Map();
const CACHE_BYTES = 64 * 1024 * 1024;
let cachedBytes = 0;

/** The body's br and gzip forms (brotli's best quality, gzip -9), computed once per content. */
export function compressedForms(body, hash, type) {
  let entry = compressed.get(hash);
  if (entry) {
    compressed.delete(hash);
    compressed.set(hash, entry);
    return entry.forms;
  }
  const mode = type.startsWith("text/") || type.includes("json") ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC;
  const forms = Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: mode,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    deflate(body, { level: 9 }),
  ]).then(([br, gz]) => ({ br, gzip: gz }));
  entry = { forms, bytes: body.length };
  compressed.set(hash, entry);
  cachedBytes += entry.bytes;
  forms.catch(() => compressed.delete(hash));
  for (const [key, old] of compressed) {
    if (cachedBytes <= CACHE_BYTES || key === hash) break;
    compressed.delete(key);
    cachedBytes -= old.bytes;
  }
  return forms;
}

/** The coding to send for an Accept-Encoding header: "br" when accepted, else "gzip" when accepted, else null. */
export function chooseEncoding(header = "") {
  const quality = new Map();
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith("q="));
    quality.set(name, q ? Number(q.slice(2)) : 1);
  }
  const accepted = (coding) => (quality.get(coding) ?? quality.get("*") ?? 0) > 0;
  return accepted("br") ? "br" : accepted("gzip") ? "gzip" : null;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for this header). */
function matches(header, etag) {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * Answers a GET or HEAD with `body` (a Buffer whose content hash is `hash`). `cacheControl`: IMMUTABLE,
 * REVALIDATE or another Cache-Control value; `headers`: more headers (security ones, a CSP).
 */
export async function sendBody(req, res, { body, hash, type, cacheControl, headers = {} }) {
  const compressible = COMPRESSIBLE.test(type);
  let encoding = compressible ? chooseEncoding(req.headers["accept-encoding"]) : null;
  let out = body;
  if (encoding) {
    const forms = await compressedForms(body, hash, type);
    if (forms[encoding].length < body.length) out = forms[encoding];
    else encoding = null; // a body too small to gain: sent as is
  }
  // Each representation has its own strong ETag: the br bytes are not the gzip bytes.
  const etag = `"${hash}${encoding ? `-${encoding}` : ""}"`;
  const common = { etag, "cache-control": cacheControl, ...(compressible ? { vary: "Accept-Encoding" } : {}), ...headers };
  if (matches(req.headers["if-none-match"], etag)) {
    res.writeHead(304, common).end();
    return;
  }
  res.writeHead(200, {
    "content-type": type,
    "content-length": out.length,
    ...(encoding ? { "content-encoding": encoding } : {}),
    ...common,
  });
  res.end(req.method === "HEAD" ? undefined : out);
}
