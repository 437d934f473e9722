import { describe, expect, it } from "vitest";
import { attemptOfText, msLeft, seconds, timeLeftText } from "@/lib/smoke/live-attempt";
import { runAgainInput } from "@/lib/smoke/run-again";

const live = { leg: "primary" as const, attempt: 1, ceiling: 2, elapsedMs: 1_200, timeoutMs: 10_000, stream: false, idleTimeoutMs: null };

describe("the live view's attempt line", () => {
  it("counts the first attempt plus the retry ceiling", () => {
    expect(attemptOfText(live)).toBe("Attempt 1 of at most 3");
    expect(attemptOfText({ ...live, attempt: 3 })).toBe("Attempt 3 of at most 3");
    expect(attemptOfText({ ...live, ceiling: 0 })).toBe("Attempt 1 of at most 1");
  });
  it("names the fallback leg, with the fallback target's own ceiling", () => {
    expect(attemptOfText({ ...live, leg: "fallback", ceiling: 4 })).toBe("Fallback leg: attempt 1 of at most 5");
  });
});

describe("the countdown to the attempt's timeout", () => {
  it("counts down from the timeout less what the server measured, then the time since", () => {
    expect(msLeft(live, 0)).toBe(8_800);
    expect(msLeft(live, 800)).toBe(8_000);
    expect(timeLeftText(live, 800)).toBe("8 s left before the 10 s timeout");
    expect(timeLeftText(live, 850)).toBe("8 s left before the 10 s timeout");
    expect(timeLeftText(live, 1_000)).toBe("7.8 s left before the 10 s timeout");
  });
  it("rounds up to a tenth, so it never shows 0 s while time is left", () => {
    expect(timeLeftText(live, 8_790)).toBe("0.1 s left before the 10 s timeout");
  });
  it("says the timeout has passed instead of going negative", () => {
    expect(msLeft(live, 60_000)).toBe(0);
    expect(timeLeftText(live, 60_000)).toBe("The 10 s timeout has passed; recording the outcome…");
  });
  it("a clock that goes backwards does not add time", () => {
    expect(msLeft(live, -5_000)).toBe(8_800);
  });
  it("for a stream, says what the timeout covers and what the idle timeout covers", () => {
    const s = { ...live, stream: true, timeoutMs: 2_500, elapsedMs: 500, idleTimeoutMs: 5_000 };
    expect(timeLeftText(s, 0)).toBe("2 s left before the 2.5 s timeout (it covers the wait for the response headers; then 5 s without a byte ends the stream)");
    expect(timeLeftText(s, 0, true)).toBe("Stream open: it ends after 5 s without a byte (the idle timeout); the 2.5 s timeout covered the wait for the response headers.");
  });
  it("formats whole seconds without a decimal and others to a tenth", () => {
    expect(seconds(10_000)).toBe("10 s");
    expect(seconds(2_500)).toBe("2.5 s");
    expect(seconds(-1)).toBe("0 s");
  });
});

describe("Run again repeats the record's plan", () => {
  const base = { targetId: "t1", path: "happy" as const, errorScenario: null, replayStatus: null, record: { stream: undefined } as never };
  it("a happy record: same target and path, no stream when the record did not stream", () => {
    expect(runAgainInput(base)).toEqual({ targetId: "t1", path: "happy", stream: false });
  });
  it("an error record: same scenario and replayed status, and the record's stream choice", () => {
    expect(runAgainInput({ ...base, path: "error", errorScenario: "replay_status", replayStatus: 429, record: { stream: true } as never })).toEqual({
      targetId: "t1",
      path: "error",
      errorScenario: "replay_status",
      replayStatus: 429,
      stream: true,
    });
    expect(runAgainInput({ ...base, path: "error", errorScenario: "invalid_model" })).toEqual({ targetId: "t1", path: "error", errorScenario: "invalid_model", stream: false });
  });
  it("refuses a record whose target was deleted", () => {
    expect(() => runAgainInput({ ...base, targetId: null })).toThrow(/deleted/);
  });
});
