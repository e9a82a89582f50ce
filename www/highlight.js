// Colours a finished code block: comments, strings, numbers, keywords, literals and called names, for the
// languages models write most. One small tokenizer instead of a highlighter library: the page has a size budget
// and a library with these grammars costs several times this file (BENCHMARKS.md, "The demo").
import { h } from "./dom.js";

const C_COMMENTS = String.raw`\/\/[^\n]*|\/\*[\s\S]*?\*\/`;
const HASH_COMMENTS = String.raw`#[^\n]*`;
const QUOTED = String.raw`"(?:\\[\s\S]|[^"\\\n])*"|'(?:\\[\s\S]|[^'\\\n])*'`;

const LANGUAGES = {
  js: {
    comments: C_COMMENTS,
    strings: String.raw`${QUOTED}|\x60(?:\\[\s\S]|[^\x60\\])*\x60`,
    keywords:
      "as async await break case catch class const continue default delete do else enum export extends finally for from function if implements import in instanceof interface let new of private public readonly return static super switch this throw try type typeof var void while yield",
  },
  py: {
    comments: HASH_COMMENTS,
    strings: String.raw`"""[\s\S]*?"""|'''[\s\S]*?'''|[rbf]?(?:${QUOTED})`,
    keywords:
      "and as assert async await break case class continue def del elif else except finally for from global if import in is lambda match nonlocal not or pass raise return self try while with yield",
  },
  rs: {
    comments: C_COMMENTS,
    // A char literal is one character: 'a is a lifetime, not the start of a string.
    strings: String.raw`b?"(?:\\[\s\S]|[^"\\])*"|'(?:\\.|[^'\\\n])'`,
    keywords:
      "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while",
  },
  c: {
    comments: C_COMMENTS,
    strings: QUOTED,
    keywords:
      "auto break case catch char class const continue default delete do double else enum extern final float for func go if import int interface long namespace new package private protected public return short signed sizeof static struct switch template this throw try typedef union unsigned using var void volatile while",
  },
  sh: {
    comments: HASH_COMMENTS,
    strings: QUOTED,
    keywords: "case cd do done echo elif else esac exit export fi for function if in local return then until while",
  },
  json: { strings: QUOTED, keywords: "" },
};

const ALIASES = {
  javascript: "js", jsx: "js", mjs: "js", ts: "js", tsx: "js", typescript: "js", node: "js",
  python: "py", py3: "py", rust: "rs", bash: "sh", shell: "sh", zsh: "sh", console: "sh", shellscript: "sh",
  cpp: "c", "c++": "c", h: "c", java: "c", go: "c", golang: "c", cs: "c", csharp: "c", kotlin: "c", swift: "c",
};

const LITERALS = new Set(["true", "false", "null", "undefined", "None", "True", "False", "nil", "NaN", "Infinity"]);
const compiled = new Map();

function grammar(name) {
  const key = ALIASES[name] ?? name;
  const spec = LANGUAGES[key];
  if (!spec) return undefined;
  if (!compiled.has(key)) {
    const parts = [
      spec.comments ? `(${spec.comments})` : "($^)",
      `(${spec.strings})`,
      String.raw`(\b0x[\da-fA-F_]+\b|\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)`,
      String.raw`([A-Za-z_$][\w$]*)`,
    ];
    compiled.set(key, { pattern: new RegExp(parts.join("|"), "g"), keywords: new Set(spec.keywords.split(" ")) });
  }
  return compiled.get(key);
}

/** The language name a fence gives ("```ts {1,3}" → "ts"), lower-cased; "" when none. */
export const fenceLanguage = (info) => (info.trim().split(/[\s{]/)[0] ?? "").toLowerCase();

/** Whether `language` gets colours (otherwise the block is shown as plain monospace text). */
export const canHighlight = (language) => grammar(language) !== undefined;

/** `code` as nodes: spans with a `tok-…` class around the coloured parts, text nodes between. */
export function highlight(code, language) {
  const g = grammar(language);
  if (!g) return [document.createTextNode(code)];
  const out = [];
  let last = 0;
  const span = (kind, text) => out.push(h("span", { class: `tok-${kind}` }, text));
  for (const m of code.matchAll(g.pattern)) {
    const [text, comment, string, number, word] = m;
    let kind;
    if (comment) kind = "comment";
    else if (string) kind = language === "json" && /^\s*:/.test(code.slice(m.index + text.length)) ? "key" : "string";
    else if (number) kind = "number";
    else if (word && g.keywords.has(word)) kind = "keyword";
    else if (word && LITERALS.has(word)) kind = "literal";
    else if (word && /^\s*\(/.test(code.slice(m.index + text.length, m.index + text.length + 8))) kind = "call";
    if (!kind) continue;
    if (m.index > last) out.push(document.createTextNode(code.slice(last, m.index)));
    span(kind, text);
    last = m.index + text.length;
  }
  if (last < code.length) out.push(document.createTextNode(code.slice(last)));
  return out;
}
