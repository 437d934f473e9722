import type { FallbackDecision } from "@/lib/smoke/schema";

/** How a leg (primary or fallback) of a run ended. */
export type LegResult = {
  attempts: number;
  retries: number;
  succeeded: boolean;
  /** 2xx whose body failed the response-shape assertion. */
  contractFailure: boolean;
  availabilityFailure: boolean;
  /** "5xx (503)", "4xx (401)", "no response (timeout)", … */
  statusPhrase: string;
  errorClass: string;
  /** Why the leg stopped, when a limit (not the response) stopped it. */
  stopNote: string | null;
};

export type FallbackVerdict = { decision: FallbackDecision; reason: string };

const retriesPhrase = (n: number) => (n === 0 ? "with no retry" : `after ${n} bounded ${n === 1 ? "retry" : "retries"}`);

export function describeLeg(role: "primary" | "fallback", leg: LegResult): string {
  if (leg.attempts === 0) return `${role} was not called (${leg.stopNote ?? "no request sent"})`;
  if (leg.succeeded) return `${role} returned 2xx and passed the contract${leg.retries ? ` ${retriesPhrase(leg.retries)}` : ""}`;
  if (leg.contractFailure) return `${role} returned 2xx but the response-shape assertion failed (contract confusion)`;
  return `${role} returned ${leg.statusPhrase} ${leg.errorClass} ${retriesPhrase(leg.retries)}${leg.stopNote ? ` (${leg.stopNote})` : ""}`;
}

/**
 * DESIGN.md's rule: primary ok + contract ok → primary_retained; primary
 * failed with an availability class and a healthy fallback passed the
 * contract → fallback_used; anything else → manual_hold, with the reason.
 */
export function decideFallback(input: {
  primary: LegResult;
  fallback: LegResult | null;
  fallbackConfigured: boolean;
}): FallbackVerdict {
  const { primary, fallback } = input;
  const p = describeLeg("primary", primary);
  if (primary.succeeded) return { decision: "primary_retained", reason: p };
  if (primary.contractFailure) return { decision: "manual_hold", reason: `${p}; fallback held — a contract failure needs review, not a different route` };
  if (!primary.availabilityFailure) {
    return { decision: "manual_hold", reason: `${p}; fallback held — a configuration or request error is not fixed by another route` };
  }
  if (!input.fallbackConfigured) return { decision: "manual_hold", reason: `${p}; no fallback target configured — manual hold` };
  if (!fallback) return { decision: "manual_hold", reason: `${p}; fallback not attempted — manual hold` };
  if (fallback.succeeded) return { decision: "fallback_used", reason: `${p}; fallback passed the contract` };
  return { decision: "manual_hold", reason: `${p}; ${describeLeg("fallback", fallback)} — manual hold` };
}
