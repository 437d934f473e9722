import { remember } from "@/lib/shared/registry";

/**
 * Detects text that looks like a credential. Shared by the target form (a key
 * pasted where a variable name belongs), the packet secret guard and the
 * record sanitizer. Pure; safe on client and server.
 */
const PATTERNS: { label: string; re: RegExp }[] = [
  { label: "bearer token", re: /\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/gi },
  { label: "API key", re: /\b(?:sk|pk|rk|ak|key|api|sess|org|proj)[-_](?:[A-Za-z0-9]+[-_])*[A-Za-z0-9]{16,}\b/gi },
  { label: "JWT", re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { label: "AWS access key", re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { label: "GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g },
  { label: "GitHub token", re: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g },
  { label: "Slack token", re: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { label: "Google API key", re: /\bAIza[0-9A-Za-z_-]{30,}\b/g },
  { label: "basic auth credential", re: /\bBasic\s+(?=[A-Za-z0-9+/]*[0-9+/])[A-Za-z0-9+/]{12,}={0,2}/g },
  { label: "private key", re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/g },
  { label: "credential assignment", re: /\b(?:api[_-]?key|secret|password|token|authorization)\s*[:=]\s*["']?[^\s"']{8,}/gi },
];

const PROVIDER_ID_PREFIX = /^(?:chatcmpl|cmpl|req|request|msg|resp|run|call|evt|gen)[-_][A-Za-z0-9]+$/;

/** A long run of mixed-case letters and digits with few repeats looks random. */
const LONG_RANDOM = /[A-Za-z0-9_+/=-]{32,}/g;

function looksRandom(s: string): boolean {
  const hasLower = /[a-z]/.test(s);
  const hasUpper = /[A-Z]/.test(s);
  const hasDigit = /[0-9]/.test(s);
  const classes = Number(hasLower) + Number(hasUpper) + Number(hasDigit);
  if (classes < 2) return false;
  // Hex digests (sha256 of a packet version, trace ids) are ours and expected,
  // and so are hex ids with separators or a short label: UUIDs, W3C
  // traceparent values, `req_<hex>` request ids.
  if (/^(?:[a-z]{2,12}[-_])?[0-9a-f]+(?:[-_][0-9a-f]+)*$/i.test(s)) return false;
  // Provider response/request ids are correlation ids, not credentials
  // (chatcmpl-…, req_…, msg_…); real key prefixes are caught by PATTERNS.
  if (PROVIDER_ID_PREFIX.test(s)) return false;
  if (new Set(s).size < 16) return false;
  // NOTE: words — slugs, snake_case, camelCase, model names like
  // `fid-2-H-stream-openai-compatible` — change character class rarely (once
  // per word); random base62/base64 changes class on about half its
  // characters. See docs/decisions/035-secret-guard-shape.md.
  return classChanges(s) / s.length >= 0.25;
}

/**
 * Changes between lower case, upper case and digits, read inside each
 * separator-delimited segment. An upper-to-lower change (a capitalised word)
 * does not count.
 */
function classChanges(s: string): number {
  let changes = 0;
  let prev: "l" | "u" | "d" | null = null;
  for (const ch of s) {
    const c = ch >= "a" && ch <= "z" ? "l" : ch >= "A" && ch <= "Z" ? "u" : ch >= "0" && ch <= "9" ? "d" : null;
    if (c && prev && c !== prev && !(prev === "u" && c === "l")) changes++;
    prev = c;
  }
  return changes;
}

export type SecretFinding = { label: string; index: number };

export function findSecrets(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const { label, re } of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (/PLACEHOLDER/i.test(m[0])) continue;
      found.push({ label, index: m.index ?? 0 });
    }
  }
  for (const m of text.matchAll(LONG_RANDOM)) {
    if (looksRandom(m[0])) found.push({ label: "long random string", index: m.index ?? 0 });
  }
  return found.sort((a, b) => a.index - b.index);
}

export function looksLikeSecret(text: string): boolean {
  return findSecrets(text).length > 0;
}

/**
 * Text reduced to lower-case letters and digits, with the index in the
 * original of every kept character: `sk-prob!e-bda2f` and `SK PROBE BDA2F`
 * both read `skprobebda2f`.
 */
function folded(text: string): { text: string; at: number[] } {
  const at: number[] = [];
  const chars: string[] = [];
  // NOTE: NFKC folds full-width and compatibility forms; it can change
  // lengths, so indexes point into the normalised string, which is what is
  // redacted below. Plain ASCII (the common case) skips it.
  const src = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKC");
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    // `| 0x20` lower-cases A–Z and maps nothing else into a–z.
    if ((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122)) {
      chars.push(String.fromCharCode(c >= 65 ? c | 0x20 : c));
      at.push(i);
    }
  }
  return { text: chars.join(""), at };
}

/** How much of a known value must appear (letters and digits only) to count as a leak. */
const KNOWN_WINDOW = 12;

/** Every `KNOWN_WINDOW`-long stretch of a known value, folded (memoised per value). */
function windowsOf(value: string): { width: number; set: Set<string> } | null {
  const memo = remember("secret-guard:known-value-windows", () => new Map<string, { width: number; set: Set<string> } | null>());
  const hit = memo.get(value);
  if (hit !== undefined) return hit;
  const fv = folded(value).text;
  let out: { width: number; set: Set<string> } | null = null;
  if (fv.length >= 8) {
    const width = Math.min(KNOWN_WINDOW, fv.length);
    const set = new Set<string>();
    for (let k = 0; k + width <= fv.length; k++) set.add(fv.slice(k, k + width));
    out = { width, set };
  }
  // NOTE: bounded; the values are the few credentials and prompt texts in play.
  if (memo.size >= 256) memo.delete(memo.keys().next().value as string);
  memo.set(value, out);
  return out;
}

/**
 * Spans of `text` (in its NFKC form) that carry any stretch of `KNOWN_WINDOW`
 * letters/digits of a known value, whatever punctuation, spacing or case was
 * put around or inside it. Values with fewer than 8 letters/digits are
 * matched exactly only.
 */
function knownValueSpans(src: string, values: string[]): [number, number][] {
  const windows = values.map(windowsOf).filter((w): w is { width: number; set: Set<string> } => w !== null);
  if (windows.length === 0) return [];
  const f = folded(src);
  const spans: [number, number][] = [];
  for (const { width, set } of windows) {
    for (let i = 0; i + width <= f.text.length; i++) {
      if (set.has(f.text.slice(i, i + width))) spans.push([f.at[i], f.at[i + width - 1] + 1]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  return merged;
}

/** Whether `text` carries a known value, normalised first (punctuation, case, spacing, full-width forms). */
export function containsKnownValue(text: string, values: string[]): boolean {
  if (values.some((v) => v && v.length >= 4 && text.includes(v))) return true;
  return knownValueSpans(text, values).length > 0;
}

/** Replace every occurrence of a known value (exact, then normalised as above) with `placeholder`. */
export function redactKnownValues(text: string, knownValues: string[], placeholder: string): string {
  let out = text;
  for (const v of knownValues) {
    if (v && v.length >= 4) out = out.split(v).join(placeholder);
  }
  const spans = knownValueSpans(out, knownValues);
  if (!spans.length) return out;
  const src = out.normalize("NFKC");
  let rebuilt = "";
  let from = 0;
  for (const [a, b] of spans) {
    rebuilt += src.slice(from, a) + placeholder;
    from = b;
  }
  return rebuilt + src.slice(from);
}

/** Replace every secret-like span (and any known value, normalised first) with a placeholder. */
export function redactSecrets(text: string, knownValues: string[] = []): string {
  let out = redactKnownValues(text, knownValues, "<API_KEY_PLACEHOLDER>");
  for (const { re } of PATTERNS) {
    re.lastIndex = 0;
    out = out.replace(re, (m) => (/PLACEHOLDER/i.test(m) ? m : "<API_KEY_PLACEHOLDER>"));
  }
  out = out.replace(LONG_RANDOM, (m) => (looksRandom(m) ? "<API_KEY_PLACEHOLDER>" : m));
  return out;
}
