import type { Decisions, FailureModeState } from "@/lib/packets/schema";

// Labels shared by the editor, the Markdown export and the reviewer page.

export const FAILURE_MODE_STATE_LABELS: Record<FailureModeState, string> = {
  observed: "observed",
  ruled_out: "ruled out",
  not_checked: "not checked",
};

/** The guide's three rehearsal decisions, keyed into the packet's `decisions` section. */
export const REHEARSAL_DECISION_ROWS: { key: keyof Decisions; label: string }[] = [
  { key: "safeIdentifier", label: "Which trace or request identifier is safe to share internally?" },
  { key: "accountFacts", label: "Which account-specific facts are outside the public evidence packet and need an authorized dashboard or vendor portal?" },
  { key: "holdFallback", label: "When should the operator hold fallback instead of retrying again?" },
];

/** "2026-06-22T10:00:00.000Z" → "2026-06-22 10:00:00 UTC" */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
