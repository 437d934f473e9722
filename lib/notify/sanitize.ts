import { redactKnownValues, redactSecrets } from "@/lib/shared/secret-guard";
import { knownRequestTexts, knownSecrets } from "@/lib/shared/sensitive-values";

/**
 * What a notification carries is built from record facts only (names, ids,
 * status families, decisions) — never credential, prompt or response text.
 * Every string still goes through the product's secret guard on the way out
 * (the same redaction the logger applies), as a second line: credential
 * values this process has read, the probe's prompt text, and anything
 * token-like become a placeholder. `extra`: values known to the caller (a
 * channel's signing secret, the SMTP URL).
 */
const PROMPT_REMOVED = "[prompt removed]";

export function safeText(text: string, max: number, extra: (string | undefined)[] = []): string {
  const secrets = [...knownSecrets(), ...extra.filter((v): v is string => !!v && v.length >= 4)];
  let out = redactSecrets(text, secrets);
  for (const t of knownRequestTexts()) if (t && t.length >= 8) out = out.split(t).join(PROMPT_REMOVED);
  out = out.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** Known values only (credentials read, the prompt): for ids and app links, which the token-shape rules would mistake for keys. */
function knownValuesOut(text: string, extra: (string | undefined)[]): string {
  let out = redactKnownValues(text, [...knownSecrets(), ...extra.filter((v): v is string => !!v && v.length >= 4)], "<API_KEY_PLACEHOLDER>");
  for (const t of knownRequestTexts()) if (t && t.length >= 8) out = out.split(t).join(PROMPT_REMOVED);
  return out.slice(0, 400);
}

const ID_KEY = /(^id$|Id$|^link$)/;

/** Deep copy with every string passed through safeText (bounded); ids and links lose known values only. */
export function safeData(value: unknown, extra: (string | undefined)[] = [], depth = 0, key = ""): unknown {
  if (depth > 6) return null;
  if (typeof value === "string") return ID_KEY.test(key) ? knownValuesOut(value, extra) : safeText(value, 400, extra);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => safeData(v, extra, depth + 1, key));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 50)) out[k] = safeData(v, extra, depth + 1, k);
    return out;
  }
  return value;
}

/**
 * A send error as stored in the delivery log: bounded, one line, no URL
 * (a Slack URL is a credential; a webhook URL's path may be one), no secret.
 */
export function safeError(text: string, extra: (string | undefined)[] = []): string {
  const noUrls = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, "<url>");
  return safeText(noUrls, 200, extra);
}
