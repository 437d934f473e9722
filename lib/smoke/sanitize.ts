import { containsKnownValue, looksLikeSecret, redactSecrets } from "@/lib/shared/secret-guard";
import { clipAtWord } from "@/lib/shared/text";

export const SUMMARY_MAX = 240;
/** The provider's own message is kept to this many characters before it joins a summary. */
export const PROVIDER_MESSAGE_MAX = 160;
export const REQUEST_ECHO_REMOVED = "[request echo removed]";

/**
 * Turns provider text into a bounded, low-cardinality summary safe to store,
 * log, export and render: no credential value (the exact configured one, the
 * same with punctuation or spacing inserted, and anything token-like), no
 * request ids, numbers of identifiers collapsed, whitespace normalised, at
 * most 240 characters. See docs/decisions/003-sanitization.md and 036.
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
  return clipAtWord(out, SUMMARY_MAX);
}

/** What one attempt sent, as the runner knows it: the text an echo would repeat. */
export type SentRequest = {
  /** The exact request body. */
  body: string;
  /** The prompt texts inside it. */
  prompts: string[];
  /** Every request header value except the credential (user-agent, traceparent, …). */
  headerValues: string[];
  /** Credential values in play (redacted, not cut, so a summary can say one was echoed). */
  secrets: string[];
};

// Where a serialised request starts: keys only a request body has, followed
// by the value's structure (JSON, escaped JSON, Python repr or form style).
// NOTE: words alone ("Invalid 'messages': empty array") are kept; the
// request's own text is caught by value below.
const BODY_KEY = /\\?["']?\bmessages\\?["']?\s*[:=]\s*[[{]|\\?["']role\\?["']\s*:\s*\\?["']|\{\s*\\?["']model\\?["']\s*:/i;

/**
 * A provider error message with every echo of the request removed: the
 * message is cut where the request body, the prompt text or a request header
 * value first appears (a proxy that quotes the request quotes all of it), and
 * credential values are replaced. What is left is bounded.
 */
export function stripRequestEcho(message: string, sent: SentRequest): string {
  let text = message.normalize("NFKC");
  const cut = echoIndex(text, sent);
  if (cut !== -1) text = `${text.slice(0, cut).replace(/[\s:=,;({[]+$/, "")} ${REQUEST_ECHO_REMOVED}`.trim();
  text = redactSecrets(text, sent.secrets);
  return clipAtWord(text, PROVIDER_MESSAGE_MAX);
}

/** Where the first echo of the request starts in `text` (NFKC form), or -1. */
export function echoIndex(text: string, sent: SentRequest): number {
  let cut = -1;
  const at = (i: number) => {
    if (i >= 0 && (cut === -1 || i < cut)) cut = i;
  };
  at(text.indexOf(sent.body));
  at(text.search(BODY_KEY));
  for (const v of sent.headerValues) if (v.length >= 8) at(text.indexOf(v));
  for (const p of sent.prompts) at(promptIndex(text, p));
  return cut;
}

/**
 * Where the prompt (or any four consecutive words of it) first appears,
 * read case- and punctuation-insensitively; -1 when it does not.
 */
function promptIndex(text: string, prompt: string): number {
  const words = prompt.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  if (words.length === 0) return -1;
  const n = Math.min(4, words.length);
  const tokens = [...text.matchAll(/[A-Za-z0-9]+/g)].map((m) => ({ w: m[0].toLowerCase(), i: m.index ?? 0 }));
  let first = -1;
  for (let k = 0; k + n <= words.length; k++) {
    for (let t = 0; t + n <= tokens.length; t++) {
      let hit = true;
      for (let j = 0; j < n && hit; j++) hit = tokens[t + j].w === words[k + j];
      if (hit && (first === -1 || tokens[t].i < first)) first = tokens[t].i;
    }
  }
  return first;
}

/**
 * A value a provider chose (request id, error type or code, object family)
 * that we keep as-is: normalised first (NFKC, only `A-Z a-z 0-9 _ . : -`,
 * bounded), then refused when the normalised or the raw form carries a known
 * credential or looks like one. `null` means withheld.
 */
export function safeProviderValue(value: string | null | undefined, knownSecrets: string[], max = 100): string | null {
  if (!value) return null;
  const normalised = value.normalize("NFKC").replace(/[^A-Za-z0-9_.:-]/g, "").slice(0, max);
  if (!normalised) return null;
  // NOTE: the known-value check folds to letters and digits, so one call
  // covers the raw and the normalised form alike.
  if (containsKnownValue(value, knownSecrets)) return null;
  if (looksLikeSecret(normalised) || (normalised !== value && looksLikeSecret(value))) return null;
  return normalised;
}
