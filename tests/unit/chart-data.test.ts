import { describe, expect, it } from "vitest";
import { chartDays, failureSeries, passRateSeries, retrySeries } from "@/lib/history/chart-data";
import type { HistorySummary } from "@/lib/history/schema";

// Issue 15 item 6: with one or two days of data in a 30-day range, the
// charts span the days with data, not thirty days with dots at the right edge.

const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 10, 8 + i)).toISOString().slice(0, 10));
const zero = { runs: 0, retryAttempts: 0, runsWithRetries: 0, primary_retained: 0, fallback_used: 0, manual_hold: 0 };

function summary(withRuns: string[]): HistorySummary {
  return {
    range: { from: `${days[0]}T00:00:00.000Z`, to: `${days[29]}T12:00:00.000Z`, days, defaulted: true },
    totals: { runs: withRuns.length, retryAttempts: 0, primary_retained: withRuns.length, fallback_used: 0, manual_hold: 0, pass: withRuns.length, fail: 0, passRate: 1 },
    rehearsals: { total: 0, passedBoth: 0, allDecisions: 0, unreviewed: 0 },
    passRateByDay: withRuns.map((day) => ({ day, targetId: "t1", targetName: "Sandbox primary", runs: 1, pass: 1, fail: 0, passRate: 1 })),
    failureClasses: [],
    retriesByDay: days.map((day) => (withRuns.includes(day) ? { ...zero, day, runs: 1, primary_retained: 1 } : { ...zero, day })),
    targets: [],
  };
}

describe("chartDays", () => {
  it("starts at the first day with a record and ends at the range's last day", () => {
    const two = summary([days[28], days[29]]);
    expect(chartDays(two)).toEqual([days[28], days[29]]);
    expect(passRateSeries(two).rows.map((r) => r.day)).toEqual([days[28], days[29]]);
    expect(failureSeries(two).rows.map((r) => r.day)).toEqual([days[28], days[29]]);
    expect(retrySeries(two).map((r) => r.day)).toEqual([days[28], days[29]]);
  });
  it("keeps the days between and after the records (gaps are gaps, the last day stays)", () => {
    expect(chartDays(summary([days[20], days[24]]))).toEqual(days.slice(20));
  });
  it("keeps the whole range when nothing was recorded or the first day has data", () => {
    expect(chartDays(summary([]))).toEqual(days);
    expect(chartDays(summary([days[0]]))).toEqual(days);
  });
});
