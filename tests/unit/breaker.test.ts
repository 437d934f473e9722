import { describe, expect, it } from "vitest";
import { admit, closedBreaker, settle, viewBreaker, type Admission, type BreakerOutcome, type BreakerState } from "@/lib/smoke/breaker";

// Issue 9.1: the breaker as a pure state machine, driven by an explicit clock.
const policy = { threshold: 3, openMs: 5_000, probeStaleMs: 60_000 };

/** One request through the breaker at time `now`. */
function request(s: BreakerState, now: number, outcome: BreakerOutcome): { s: BreakerState; a: Admission } {
  const { next, admission } = admit(s, now, policy);
  return { s: admission.send ? settle(next, admission, outcome, now, policy) : next, a: admission };
}

function openAt(t0: number): BreakerState {
  let s = closedBreaker();
  for (let i = 0; i < 3; i++) s = request(s, t0, "failure").s;
  return s;
}

describe("circuit breaker state machine", () => {
  it("opens after `threshold` consecutive availability failures; a success in between resets the count", () => {
    let s = closedBreaker();
    s = request(s, 0, "failure").s;
    s = request(s, 0, "failure").s;
    s = request(s, 0, "success").s;
    s = request(s, 0, "failure").s;
    s = request(s, 0, "failure").s;
    expect(s.state).toBe("closed");
    s = request(s, 1_000, "failure").s;
    expect(s).toEqual({ state: "open", failures: 3, openedAt: 1_000, nextProbeAt: 6_000 });
  });

  it("refuses while open and says since when and until when", () => {
    const s = openAt(1_000);
    const r = request(s, 5_999, "success");
    expect(r.a).toEqual({ send: false, reason: "open", openedAt: 1_000, nextProbeAt: 6_000 });
    expect(r.s).toBe(s);
    expect(viewBreaker(s, 5_999)).toMatchObject({ state: "open", openedAt: new Date(1_000).toISOString(), nextProbeAt: new Date(6_000).toISOString() });
  });

  it("open → half-open after the open period → exactly one probe → closed on success", () => {
    const s = openAt(1_000);
    expect(viewBreaker(s, 6_000).state).toBe("half_open");
    const probe = admit(s, 6_000, policy);
    expect(probe.admission).toEqual({ send: true, probe: true });
    expect(probe.next.state).toBe("half_open");
    // while the probe is in flight every other request is refused
    const other = admit(probe.next, 6_010, policy);
    expect(other.admission).toMatchObject({ send: false, reason: "probe_in_flight", openedAt: 1_000 });
    expect(viewBreaker(probe.next, 6_010)).toMatchObject({ state: "half_open", probeInFlight: true });
    const closed = settle(probe.next, probe.admission, "success", 6_200, policy);
    expect(closed).toEqual(closedBreaker());
    expect(admit(closed, 6_300, policy).admission).toEqual({ send: true, probe: false });
  });

  it("half-open → re-open on a failed probe, for a new open period from the failure", () => {
    const s = openAt(1_000);
    const probe = admit(s, 7_000, policy);
    const reopened = settle(probe.next, probe.admission, "failure", 7_300, policy);
    expect(reopened).toMatchObject({ state: "open", openedAt: 7_300, nextProbeAt: 12_300 });
    expect(admit(reopened, 12_299, policy).admission).toMatchObject({ send: false, reason: "open", nextProbeAt: 12_300 });
    expect(admit(reopened, 12_300, policy).admission).toEqual({ send: true, probe: true });
  });

  it("a probe that was never sent frees the slot for the next request", () => {
    const probe = admit(openAt(0), 5_000, policy);
    const freed = settle(probe.next, probe.admission, "not_sent", 5_001, policy);
    expect(freed).toMatchObject({ state: "open", openedAt: 0, nextProbeAt: 5_001 });
    expect(admit(freed, 5_001, policy).admission).toEqual({ send: true, probe: true });
  });

  it("a probe that never settles stops blocking after probeStaleMs", () => {
    const probe = admit(openAt(0), 5_000, policy);
    expect(admit(probe.next, 5_000 + 59_999, policy).admission.send).toBe(false);
    expect(admit(probe.next, 5_000 + 60_000, policy).admission).toEqual({ send: true, probe: true });
  });

  it("a late result of a request sent before the breaker opened neither closes it nor restarts the period", () => {
    let s = closedBreaker();
    const early = admit(s, 0, policy); // sent while closed, still in flight
    s = early.next;
    s = openAt(100);
    expect(settle(s, early.admission, "success", 200, policy)).toMatchObject({ state: "open", openedAt: 100, nextProbeAt: 5_100 });
    expect(settle(s, early.admission, "failure", 200, policy)).toMatchObject({ state: "open", openedAt: 100, nextProbeAt: 5_100 });
  });
});
