/**
 * The run watchdog (decision 051). Every run reaches a final state within
 * the longest time its policy allows — every attempt of every leg timing
 * out, every wait at its cap — plus a margin. If a step is still going at
 * that deadline (a lost promise, an attempt whose abort never fires, a
 * write that does not complete), the watchdog aborts the run and records
 * that it ended it, at which deadline, and what the run was doing.
 *
 * Pure except for one timer; the run service hooks it in (run-service.ts).
 */

/** Extra time over the policy's own bound before the watchdog ends a run. */
export const WATCHDOG_MARGIN_MS = 5_000;

/** What a streamed answer's body may take, beyond the headers' timeout, before only the watchdog ends it (docs/decisions/110). */
export const STREAM_BODY_ALLOWANCE_MS = 60_000;

type LegPolicy = { retryCeiling: number; timeoutMs: number; backoffMaxMs: number; retryAfterCapMs: number; stream?: boolean };

/**
 * One leg's longest path: (ceiling + 1) attempts at the timeout each, and
 * between them a wait of at most max(backoff max, Retry-After cap) — a
 * longer Retry-After stops the run instead of waiting.
 */
export function legBoundMs(p: LegPolicy): number {
  return (p.retryCeiling + 1) * (p.timeoutMs + (p.stream ? STREAM_BODY_ALLOWANCE_MS : 0)) + p.retryCeiling * Math.max(p.backoffMaxMs, p.retryAfterCapMs);
}

/** The deadline of a run: its primary leg, its fallback leg if any, and the margin. */
export function runDeadlineMs(plan: { primary: LegPolicy; fallback: LegPolicy | null }, marginMs = WATCHDOG_MARGIN_MS): number {
  return legBoundMs(plan.primary) + (plan.fallback ? legBoundMs(plan.fallback) : 0) + marginMs;
}

export type Watchdog = {
  /** Aborted when the watchdog ends the run; hand it to the runner. */
  readonly signal: AbortSignal;
  /** What the run is doing now, in a few words ("sending attempt 2"). */
  step(description: string): void;
  /** True once the watchdog has ended the run (its record stands, not the runner's). */
  readonly fired: boolean;
  /** Settles when the watchdog ends the run, with the reason it records. */
  readonly expired: Promise<string>;
  /** The run ended on its own: stop the timer. */
  stop(): void;
};

type Timers = { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (t: unknown) => void };
const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

export function startWatchdog(deadlineMs: number, timers: Timers = realTimers): Watchdog {
  const controller = new AbortController();
  let current = "starting";
  let fired = false;
  let resolveExpired!: (reason: string) => void;
  const expired = new Promise<string>((resolve) => (resolveExpired = resolve));
  const timer = timers.setTimeout(() => {
    fired = true;
    const reason = `Ended by the watchdog: the run had no final state ${formatSeconds(deadlineMs)} after it started (the limit for this policy: (retry ceiling + 1) × timeout + backoff, per leg, plus a ${formatSeconds(WATCHDOG_MARGIN_MS)} margin); it was still ${current}. No outcome was recorded for the unfinished step.`;
    controller.abort(new DOMException("The run watchdog ended the run.", "AbortError"));
    resolveExpired(reason);
  }, deadlineMs);
  return {
    signal: controller.signal,
    step(description) {
      current = description;
    },
    get fired() {
      return fired;
    },
    expired,
    stop() {
      timers.clearTimeout(timer);
    },
  };
}

function formatSeconds(ms: number) {
  return `${Math.round(ms / 100) / 10} s`;
}
