import { createHash } from "node:crypto";

// Canonical JSON for packet versions: object keys sorted at every depth, no
// whitespace, arrays in their given order, `undefined` members dropped (as
// JSON.stringify does). The sha256 is taken over exactly these UTF-8 bytes,
// so anyone can re-derive it from the exported JSON document.
// See docs/decisions/011-packet-versions-canonical-json.md.

// NOTE (issue 12): the form is exactly what `jq -cjS .` prints, so the
// README's `jq -cjS .document packet.json | sha256sum` check holds for every
// code point: keys in code-point order (UTF-8 byte order, not JS's UTF-16
// order) and U+007F escaped as \u007f, the one character where jq and
// JSON.stringify differ. See docs/decisions/053-exports-cannot-become-code.md.
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/\u007f/g, "\\u007f");
}

const SURROGATE = /[\ud800-\udfff]/;
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order equals code-point order unless a surrogate pair is involved.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(byCodePoint)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
