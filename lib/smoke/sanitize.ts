import { redactSecrets } from "@/lib/shared/secret-guard";

export const SUMMARY_MAX = 240;

/**
 * Turns provider text into a bounded, low-cardinality summary safe to store,
 * log, export and render: no credential value (the exact configured one, and
 * anything token-like), no request ids, numbers of identifiers collapsed,
 * whitespace normalised, at most 240 characters.
 * See docs/decisions/003-sanitization.md.
 */
export function sanitizeSummary(text: string, knownSecrets: (string | undefined)[] = []): string {
  let out = redactSecrets(text, knownSecrets.filter((s): s is string => !!s));
  out = out
    // request ids live in their own field
    .replace(/\(request id:[^)]*\)/gi, "(request id: <id>)")
    .replace(/\b(?:req|chatcmpl|resp|msg|run|span|trace)[-_][A-Za-z0-9_-]{6,}\b/g, "<id>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>")
    .replace(/\b[0-9a-f]{16,}\b/gi, "<hex>")
    .replace(/\b\d{6,}\b/g, "<n>")
    // user identifiers and e-mail addresses are high-cardinality and personal
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "<email>")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (out.length > SUMMARY_MAX) out = `${out.slice(0, SUMMARY_MAX - 1)}…`;
  return out;
}
