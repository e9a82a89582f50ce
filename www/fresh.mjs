// Values the demo server derives from files on disk (a file's bytes, the page's build, the package's module graph),
// kept until one of their files changes: each use checks the files' mtimes and sizes, which costs a few stat calls,
// so an edited page or a rebuilt package shows on the next reload without a restart.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";

/** The content hash the server names a body by: in ETags and in `?v=` URLs. */
export function contentHash(bytes) {
  return createHash("sha256").update(bytes).digest("base64url").slice(0, 22);
}

/** A string that changes when one of `paths` changes, appears or disappears. */
export async function fingerprint(paths) {
  const stamps = await Promise.all(
    paths.map((path) =>
      stat(path).then(
        (s) => `${s.mtimeMs}:${s.size}`,
        () => "-",
      ),
    ),
  );
  return stamps.join("|");
}

/**
 * Wraps `compute() → { value, inputs }` (inputs: the files the value was made from). The result's `current()`
 * resolves to the value, recomputed when an input changed since; concurrent callers share one check. A failed
 * computation is kept like a value (and thrown to each caller) until its inputs change, so a broken edit is reported
 * once per reload rather than rebuilt per request.
 */
export function freshValue(compute) {
  let last = null; // { stamp, inputs, value } or { stamp, inputs, error }
  let pending = null;
  async function check() {
    const known = last?.inputs ?? [];
    const before = known.length ? await fingerprint(known) : null;
    if (before !== null && before === last.stamp) return last;
    // Stamped as the files were before computing (when they are the same files), so an edit made meanwhile is
    // seen by the next check.
    const stamp = async (inputs) => (before !== null && inputs.join("\0") === known.join("\0") ? before : fingerprint(inputs));
    try {
      const { value, inputs } = await compute();
      last = { value, inputs, stamp: await stamp(inputs) };
    } catch (error) {
      const inputs = error.inputs ?? known;
      last = { error, inputs, stamp: await stamp(inputs) };
    }
    return last;
  }
  return {
    async current() {
      pending ??= check().finally(() => (pending = null));
      const result = await pending;
      if (result.error) throw result.error;
      return result.value;
    },
  };
}

const files = new Map(); // path → { stamp, body, hash }

/** A file's bytes and content hash, read again only when its mtime or size changed. Rejects when it is missing. */
export async function readFresh(path) {
  const s = await stat(path);
  if (!s.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: "ENOENT" });
  const stamp = `${s.mtimeMs}:${s.size}`;
  const known = files.get(path);
  if (known?.stamp === stamp) return known;
  const body = await readFile(path);
  const file = { stamp, body, hash: contentHash(body) };
  files.set(path, file);
  return file;
}
