import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll, type CircuitBreakerPolicy } from "cockatiel";

/**
 * Per-target state shared by every concurrent run in this process, so twenty
 * runs against a 503 storm cannot multiply the load:
 *
 * - a retry budget: in any 10 s window a target gets at most
 *   RETRY_BUDGET_MIN + RETRY_BUDGET_RATIO × (first attempts in the window)
 *   retries (the gRPC/Finagle "retry throttling" idea);
 * - a circuit breaker (cockatiel): after BREAKER_THRESHOLD consecutive
 *   availability failures the target is open for BREAKER_HALF_OPEN_MS; while
 *   open no request is sent and the run records why.
 *
 * So N concurrent runs send at most N + RETRY_BUDGET_MIN + RETRY_BUDGET_RATIO × N
 * requests to a failing target within a window. See
 * docs/decisions/004-retry-budget-and-breaker.md.
 */
export const RETRY_WINDOW_MS = 10_000;
export const RETRY_BUDGET_MIN = 3;
export const RETRY_BUDGET_RATIO = 0.2;
export const BREAKER_THRESHOLD = 5;
export const BREAKER_HALF_OPEN_MS = 5_000;

export function retryBudgetFor(firstAttempts: number) {
  return RETRY_BUDGET_MIN + Math.floor(RETRY_BUDGET_RATIO * firstAttempts);
}

type TargetState = {
  breaker: CircuitBreakerPolicy;
  firsts: number[];
  retries: number[];
};

const states = new Map<string, TargetState>();

function stateFor(targetKey: string): TargetState {
  let s = states.get(targetKey);
  if (!s) {
    s = {
      breaker: circuitBreaker(handleAll, { halfOpenAfter: BREAKER_HALF_OPEN_MS, breaker: new ConsecutiveBreaker(BREAKER_THRESHOLD) }),
      firsts: [],
      retries: [],
    };
    states.set(targetKey, s);
  }
  return s;
}

function prune(list: number[], now: number) {
  while (list.length && list[0] <= now - RETRY_WINDOW_MS) list.shift();
}

export const resilience = {
  /** Whether a request may be sent now (closed or half-open breaker). */
  isOpen(targetKey: string): boolean {
    const st = stateFor(targetKey).breaker.state;
    return st === CircuitState.Open || st === CircuitState.Isolated;
  },

  /**
   * Runs one attempt through the breaker. `failed(result)` says whether the
   * result counts as an availability failure. Throws BrokenCircuitError when
   * open (the caller records it; nothing was sent).
   */
  async execute<T>(targetKey: string, fn: () => Promise<T>, failed: (r: T) => boolean): Promise<T> {
    const s = stateFor(targetKey);
    let result!: T;
    try {
      await s.breaker.execute(async () => {
        result = await fn();
        if (failed(result)) throw new AvailabilityFailure();
      });
    } catch (err) {
      if (!(err instanceof AvailabilityFailure)) throw err;
    }
    return result;
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

  resetForTests() {
    states.clear();
  },
};

class AvailabilityFailure extends Error {}
