// Packet vocabulary as plain constants: safe to import in client components
// without pulling zod into the page bundle (schema.ts builds on these).

export const PACKET_STATUSES = ["draft", "ready", "shared"] as const;
export type PacketStatus = (typeof PACKET_STATUSES)[number];
export const FAILURE_MODE_STATES = ["observed", "ruled_out", "not_checked"] as const;
export type FailureModeState = (typeof FAILURE_MODE_STATES)[number];
export const SHARE_EXPIRIES_HOURS = [24, 168, 720] as const;
export const SHARE_EXPIRY_LABELS: Record<(typeof SHARE_EXPIRIES_HOURS)[number], string> = { 24: "24 hours", 168: "7 days", 720: "30 days" };

/** Version of the stored sections and the exported JSON document. Bump on any change of meaning; lib/packets/stored.ts reads every older version. 2: sources, contract rows, not-verified items and the summary carry the operator's confirmation. */
export const PACKET_SCHEMA_VERSION = 2;

export const SECRET_MESSAGE = (label: string) =>
  `This looks like ${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}. Remove it: a reviewer must never see a credential. Use <API_KEY_PLACEHOLDER> if you need to refer to one.`;

export const URL_MESSAGE = "Enter an http:// or https:// URL, or leave it empty.";
export const CONFIRM_DATE_MESSAGE = "Give the date you accessed this source to confirm it.";
export const CONFIRM_URL_MESSAGE = "Give the URL you actually used to confirm it.";
export const TIME_MESSAGE = "Use a time like 2026-06-22T00:00:00Z.";

export function isHttpUrlOrEmpty(v: string): boolean {
  if (v === "") return true;
  try {
    const u = new URL(v);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

/** The guide's fallback decisions in words (the value itself stays in exports). */
export const FALLBACK_DECISION_WORDS: Record<string, string> = {
  primary_retained: "primary retained",
  fallback_used: "fallback used",
  manual_hold: "manual hold",
};
