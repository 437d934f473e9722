import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { historyPageData } from "@/lib/history/page-data";
import { insertRun } from "@/tests/fixtures/runs";

// The /history server component's data: a hand-edited or stale link still
// renders, with what was ignored named.

describe("history page data", () => {
  it("drops invalid filter values and names them; valid ones still apply", async () => {
    const t = await db.target.create({ data: { name: "Page data target", role: "primary", baseUrl: "http://127.0.0.1:9/v1", model: "ok", environmentLabel: "staging" } });
    const now = new Date();
    await insertRun({ targetId: t.id, targetName: t.name, checkedAt: new Date(now.getTime() - 3_600_000) });
    await insertRun({ targetId: t.id, targetName: t.name, checkedAt: new Date(now.getTime() - 7_200_000), operatorResult: "fail", httpStatusFamily: "5xx", httpStatusCode: 503 });
    const d = await historyPageData({ targetId: t.id, result: "maybe", statusFamily: "6xx" }, now);
    expect(d.invalid.map((i) => i.path).sort()).toEqual(["result", "statusFamily"]);
    expect(d.values).toEqual({ targetId: t.id });
    expect(d.page.items.map((r) => r.targetName)).toEqual([t.name, t.name]);
    expect(d.summary.totals.runs).toBe(2);
    expect(d.range.defaulted).toBe(true);
  });

  it("a stale cursor shows the newest page and says so", async () => {
    const d = await historyPageData({ cursor: "not-a-cursor" });
    expect(d.cursorInvalid).toBe(true);
    expect(d.page.items.length).toBeGreaterThan(0);
  });
});
