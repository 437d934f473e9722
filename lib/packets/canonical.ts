import { createHash } from "node:crypto";

// Canonical JSON for packet versions: object keys sorted at every depth, no
// whitespace, arrays in their given order, `undefined` members dropped (as
// JSON.stringify does). The sha256 is taken over exactly these UTF-8 bytes,
// so anyone can re-derive it from the exported JSON document.
// See docs/decisions/011-packet-versions-canonical-json.md.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
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
