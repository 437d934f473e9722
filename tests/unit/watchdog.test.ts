import { describe, expect, it } from "vitest";
import { legBoundMs, runDeadlineMs, startWatchdog, WATCHDOG_MARGIN_MS } from "@/lib/smoke/watchdog";

const policy = { retryCeiling: 2, timeoutMs: 10_000, backoffMaxMs: 2_000, retryAfterCapMs: 5_000 };

function fakeTimers() {
  const pending: { fn: () => void; ms: number; cleared: boolean }[] = [];
  return {
    pending,
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        const t = { fn, ms, cleared: false };
        pending.push(t);
        return t;
      },
      clearTimeout: (t: unknown) => ((t as { cleared: boolean }).cleared = true),
    },
    fire: () => pending.filter((t) => !t.cleared).forEach((t) => t.fn()),
  };
}

describe("run deadline", () => {
  it("is (ceiling + 1) × timeout + ceiling × the longest wait, per leg, plus the margin", () => {
    expect(legBoundMs(policy)).toBe(3 * 10_000 + 2 * 5_000);
    expect(runDeadlineMs({ primary: policy, fallback: null })).toBe(40_000 + WATCHDOG_MARGIN_MS);
    expect(runDeadlineMs({ primary: policy, fallback: { ...policy, retryCeiling: 0, timeoutMs: 3_000 } })).toBe(40_000 + 3_000 + WATCHDOG_MARGIN_MS);
    expect(legBoundMs({ retryCeiling: 0, timeoutMs: 100, backoffMaxMs: 0, retryAfterCapMs: 0 })).toBe(100);
  });
});

describe("watchdog", () => {
  it("at the deadline aborts the run and names the step it was still in", async () => {
    const t = fakeTimers();
    const dog = startWatchdog(45_000, t.timers);
    expect(t.pending[0].ms).toBe(45_000);
    dog.step("waiting to send attempt 3");
    expect(dog.fired).toBe(false);
    t.fire();
    expect(dog.fired).toBe(true);
    expect(dog.signal.aborted).toBe(true);
    const reason = await dog.expired;
    expect(reason).toContain("45 s after it started");
    expect(reason).toContain("it was still waiting to send attempt 3");
  });

  it("does nothing once stopped", () => {
    const t = fakeTimers();
    const dog = startWatchdog(1_000, t.timers);
    dog.stop();
    t.fire();
    expect(dog.fired).toBe(false);
    expect(dog.signal.aborted).toBe(false);
  });
});
