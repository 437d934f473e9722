import { admit, closedBreaker, settle, viewBreaker, type Admission, type BreakerOutcome, type BreakerPolicy, type BreakerState, type BreakerView } from "@/lib/smoke/breaker";
import { env } from "@/lib/env";
import { remember } from "@/lib/shared/registry";
import { MAX_RETRY_CEILING } from "@/lib/targets/constants";

/**
 * Per-target state shared by every run in this process — API runs, dashboard
 * runs and scheduled rehearsals alike (it lives in the process registry, not
 * in a module, because Next loads this module once per server bundle) — so
 * twenty runs against a 503 storm cannot multiply the load:
 *
 * - a retry budget: in any 10 s window a target gets at most
 *   RETRY_BUDGET_MIN + RETRY_BUDGET_RATIO × (first attempts in the window)
 *   retries (the gRPC/Finagle "retry throttling" idea). The floor is the
 *   highest retry ceiling, so one run alone can always reach its ceiling;
 * - a circuit breaker (lib/smoke/breaker.ts): after BREAKER_THRESHOLD
 *   consecutive availability failures the target is open for
 *   BREAKER_OPEN_MS (5 s; env BREAKER_OPEN_MS); then exactly one probe is sent (half-open) — success
 *   closes it, failure re-opens it. While open no request is sent and the
 *   record says since when and until when.
 *
 * So N concurrent runs send at most N + RETRY_BUDGET_MIN + RETRY_BUDGET_RATIO × N
 * requests to a failing target within a window. See
 * docs/decisions/004-retry-budget-and-breaker.md, 030 and 032.
 *
 * NOTE: several app instances (decision 102) each keep their own budget and
 * breaker — a per-instance share, not database state — so the hot path
 * stays free of database round trips. N runs spread over I instances send
 * at most N + I × RETRY_BUDGET_MIN + ⌊RETRY_BUDGET_RATIO × N⌋ per window
 * (tests/integration/several-instances.test.ts counts it at the provider).
 */
export const RETRY_WINDOW_MS = 10_000;
export const RETRY_BUDGET_MIN = MAX_RETRY_CEILING;
export const RETRY_BUDGET_RATIO = 0.2;
/** A lone run at the highest ceiling sends MAX_RETRY_CEILING + 1 attempts; its own failures never open the breaker before its ceiling. */
export const BREAKER_THRESHOLD = MAX_RETRY_CEILING + 1;
/** Read per call (env() is parsed once), so the policy follows the process configuration. */
export const breakerPolicy = (): BreakerPolicy => ({ threshold: BREAKER_THRESHOLD, openMs: env().BREAKER_OPEN_MS, probeStaleMs: 150_000 });

/** Sandbox-replayed error scenarios (forced_timeout, replay_status) get their own breaker and budget, so a rehearsal never trips the real target's. */
export const sandboxReplayKey = (targetId: string) => `${targetId}:sandbox-replay`;

export function retryBudgetFor(firstAttempts: number) {
  return RETRY_BUDGET_MIN + Math.floor(RETRY_BUDGET_RATIO * firstAttempts);
}

type TargetState = { breaker: BreakerState; firsts: number[]; retries: number[] };

const states = remember("smoke.resilience", () => new Map<string, TargetState>());
/** Told when a breaker goes to open (closed → open, or a failed probe: half-open → open). The notifications register here (decision 130). */
export type BreakerOpenedListener = (targetKey: string, view: BreakerView) => void;
const openedListeners = remember("smoke.resilience.opened", () => new Set<BreakerOpenedListener>());

function stateFor(targetKey: string): TargetState {
  let s = states.get(targetKey);
  if (!s) {
    s = { breaker: closedBreaker(), firsts: [], retries: [] };
    states.set(targetKey, s);
  }
  return s;
}

function prune(list: number[], now: number) {
  while (list.length && list[0] <= now - RETRY_WINDOW_MS) list.shift();
}

export type ResilienceStatus = {
  breaker: BreakerView;
  budget: { windowMs: number; firstAttempts: number; retriesUsed: number; retriesAllowed: number };
};

export const resilience = {
  /** Whether a request may be sent now; the caller must `settle` every admission that says send. */
  admit(targetKey: string, now = Date.now()): Admission {
    const s = stateFor(targetKey);
    const { next, admission } = admit(s.breaker, now, breakerPolicy());
    s.breaker = next;
    return admission;
  },

  settle(targetKey: string, admission: Admission, outcome: BreakerOutcome, now = Date.now()) {
    const s = stateFor(targetKey);
    const before: BreakerState = s.breaker;
    const after: BreakerState = settle(before, admission, outcome, now, breakerPolicy());
    s.breaker = after;
    if (before.state !== "open" && after.state === "open") {
      const view = viewBreaker(s.breaker, now);
      for (const listener of openedListeners) {
        try {
          listener(targetKey, view);
        } catch {
          // A listener's fault never changes a run's outcome.
        }
      }
    }
  },

  /** Subscribe to breaker openings; returns the unsubscribe. */
  onOpened(listener: BreakerOpenedListener): () => void {
    openedListeners.add(listener);
    return () => openedListeners.delete(listener);
  },

  /** Whether the breaker has just opened (checked before a retry is planned). */
  isOpen(targetKey: string, now = Date.now()): boolean {
    const v = viewBreaker(stateFor(targetKey).breaker, now);
    return v.state === "open";
  },

  noteFirstAttempt(targetKey: string, now = Date.now()) {
    const s = stateFor(targetKey);
    prune(s.firsts, now);
    s.firsts.push(now);
  },

  /** Takes one retry from the target's budget; false when it is spent. */
  takeRetry(targetKey: string, now = Date.now()): boolean {
    const s = stateFor(targetKey);
    prune(s.firsts, now);
    prune(s.retries, now);
    if (s.retries.length >= retryBudgetFor(s.firsts.length)) return false;
    s.retries.push(now);
    return true;
  },

  /** Gives back a retry taken for an attempt that was never sent. */
  returnRetry(targetKey: string) {
    stateFor(targetKey).retries.pop();
  },

  status(targetKey: string, now = Date.now()): ResilienceStatus {
    const s = stateFor(targetKey);
    prune(s.firsts, now);
    prune(s.retries, now);
    return {
      breaker: viewBreaker(s.breaker, now),
      budget: { windowMs: RETRY_WINDOW_MS, firstAttempts: s.firsts.length, retriesUsed: s.retries.length, retriesAllowed: retryBudgetFor(s.firsts.length) },
    };
  },

  /** An operator's reset: the breaker closes (the budget window runs out on its own). */
  resetBreaker(targetKey: string) {
    stateFor(targetKey).breaker = closedBreaker();
  },

  resetForTests() {
    states.clear();
  },
};
