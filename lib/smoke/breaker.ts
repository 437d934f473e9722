/**
 * The circuit breaker as a pure state machine: every function takes the
 * state and the time and returns the next state, so tests drive it with any
 * clock. See docs/decisions/030-breaker-state-machine.md.
 *
 *   closed ──(threshold consecutive availability failures)──▶ open
 *   open ──(openMs passed; the next request is the one probe)──▶ half_open
 *   half_open ──probe succeeds──▶ closed
 *   half_open ──probe fails──▶ open (a new open period from now)
 *
 * While half-open exactly one request (the probe) is in flight; every other
 * request is refused without being sent. A result that is not an
 * availability failure (a 2xx, but also a 401 or 404) proves the target
 * answers, so it counts as a success.
 */
export type BreakerPolicy = { threshold: number; openMs: number; /** a probe that never settles frees the slot after this */ probeStaleMs: number };

export type BreakerState =
  | { state: "closed"; failures: number }
  | { state: "open"; failures: number; openedAt: number; nextProbeAt: number }
  | { state: "half_open"; failures: number; openedAt: number; probeStartedAt: number };

export type Admission =
  | { send: true; probe: boolean }
  | { send: false; reason: "open" | "probe_in_flight"; openedAt: number; nextProbeAt: number | null };

export type BreakerOutcome = "success" | "failure" | "not_sent";

export const closedBreaker = (): BreakerState => ({ state: "closed", failures: 0 });

/** Whether a request may be sent now; taking the probe slot moves open → half_open. */
export function admit(s: BreakerState, now: number, policy: BreakerPolicy): { next: BreakerState; admission: Admission } {
  switch (s.state) {
    case "closed":
      return { next: s, admission: { send: true, probe: false } };
    case "open":
      if (now < s.nextProbeAt) return { next: s, admission: { send: false, reason: "open", openedAt: s.openedAt, nextProbeAt: s.nextProbeAt } };
      return { next: { state: "half_open", failures: s.failures, openedAt: s.openedAt, probeStartedAt: now }, admission: { send: true, probe: true } };
    case "half_open":
      if (now - s.probeStartedAt >= policy.probeStaleMs) {
        return { next: { ...s, probeStartedAt: now }, admission: { send: true, probe: true } };
      }
      return { next: s, admission: { send: false, reason: "probe_in_flight", openedAt: s.openedAt, nextProbeAt: null } };
  }
}

/** The state after a request admitted by `admit` finished (or was never sent). */
export function settle(s: BreakerState, admission: Admission, outcome: BreakerOutcome, now: number, policy: BreakerPolicy): BreakerState {
  if (!admission.send) return s;
  const open = (failures: number): BreakerState => ({ state: "open", failures, openedAt: now, nextProbeAt: now + policy.openMs });
  if (admission.probe) {
    if (s.state !== "half_open") return s; // reset by an operator meanwhile
    if (outcome === "success") return closedBreaker();
    if (outcome === "failure") return open(s.failures + 1);
    // The probe was not sent after all: the next request probes.
    return { state: "open", failures: s.failures, openedAt: s.openedAt, nextProbeAt: now };
  }
  if (outcome === "not_sent") return s;
  if (s.state !== "closed") {
    // A request sent before the breaker opened, finishing late: it neither
    // closes the breaker (only the probe does) nor starts a new open period.
    return outcome === "failure" ? { ...s, failures: s.failures + 1 } : s;
  }
  if (outcome === "success") return closedBreaker();
  const failures = s.failures + 1;
  return failures >= policy.threshold ? open(failures) : { state: "closed", failures };
}

export type BreakerView = {
  state: "closed" | "open" | "half_open";
  consecutiveFailures: number;
  /** ISO time the breaker opened (open and half-open). */
  openedAt: string | null;
  /** ISO time the next probe is allowed (open only). */
  nextProbeAt: string | null;
  /** Whether a probe is in flight now (half-open). */
  probeInFlight: boolean;
};

/** What an operator sees: an open breaker whose period has passed is half-open (the next request probes). */
export function viewBreaker(s: BreakerState, now: number): BreakerView {
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (s.state) {
    case "closed":
      return { state: "closed", consecutiveFailures: s.failures, openedAt: null, nextProbeAt: null, probeInFlight: false };
    case "open":
      return now < s.nextProbeAt
        ? { state: "open", consecutiveFailures: s.failures, openedAt: iso(s.openedAt), nextProbeAt: iso(s.nextProbeAt), probeInFlight: false }
        : { state: "half_open", consecutiveFailures: s.failures, openedAt: iso(s.openedAt), nextProbeAt: null, probeInFlight: false };
    case "half_open":
      return { state: "half_open", consecutiveFailures: s.failures, openedAt: iso(s.openedAt), nextProbeAt: null, probeInFlight: true };
  }
}
