import { describe, expect, it } from "vitest";
import { FILTER_OPTIONS, filtersToQuery, pickFilterValues, resolveRange } from "@/lib/history/filters";
import { FALLBACK_DECISIONS, OPERATOR_RESULTS, RUN_PATHS, RUN_TRIGGERS, STATUS_FAMILIES } from "@/lib/smoke/schema";

describe("history filters", () => {
  it("offers exactly the guide's vocabulary the API accepts", () => {
    expect(FILTER_OPTIONS.path).toEqual([...RUN_PATHS]);
    expect(FILTER_OPTIONS.result).toEqual([...OPERATOR_RESULTS]);
    expect(FILTER_OPTIONS.statusFamily).toEqual([...STATUS_FAMILIES]);
    expect(FILTER_OPTIONS.fallbackDecision).toEqual([...FALLBACK_DECISIONS]);
    expect(FILTER_OPTIONS.trigger).toEqual([...RUN_TRIGGERS]);
  });

  it("writes only non-empty filters to the URL and reads them back", () => {
    const q = filtersToQuery({ targetId: "t1", result: "fail", path: "" }, { cursor: "abc" });
    expect(q).toBe("?targetId=t1&result=fail&cursor=abc");
    expect(pickFilterValues({ targetId: "t1", result: ["fail", "pass"], path: "", color: "red" })).toEqual({ targetId: "t1", result: "fail" });
  });

  it("defaults to the last 30 UTC days; a bare `to` date includes that day", () => {
    const now = new Date("2026-03-31T15:00:00Z");
    const d = resolveRange({}, now);
    expect([d.days.length, d.days[0], d.days.at(-1), d.defaulted]).toEqual([30, "2026-03-02", "2026-03-31", true]);
    const r = resolveRange({ from: "2026-03-01", to: "2026-03-03" }, now);
    expect([r.from.toISOString(), r.to.toISOString(), r.days]).toEqual(["2026-03-01T00:00:00.000Z", "2026-03-04T00:00:00.000Z", ["2026-03-01", "2026-03-02", "2026-03-03"]]);
  });
});
