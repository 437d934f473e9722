import { authedRequest } from "@/tests/fixtures/auth";
import { beforeAll, describe, expect, it } from "vitest";
import * as packetsRoute from "@/app/api/packets/route";
import { db } from "@/lib/db";
import { historyPageData } from "@/lib/history/page-data";
import { historySummary, SummaryQuerySchema, type SummarySource } from "@/lib/history/summary";
import { insertRun } from "@/tests/fixtures/runs";

// Issue 15 items 6 and 7: the fallback target's health card counts the
// fallback legs it served (it said "no data" after eight fallback_used legs);
// health cards follow the page's filters the way the summary does; the
// drafted timeline says "no response", never "none status family".

let P: string;
let F: string;
const RANGE = { from: "2026-04-10", to: "2026-04-12" };
const now = new Date("2026-04-20T00:00:00Z");

beforeAll(async () => {
  F = (await db.target.create({ data: { name: "Health fallback", role: "fallback", baseUrl: "http://127.0.0.1:9/v1", model: "ok", environmentLabel: "health-env" } })).id;
  P = (await db.target.create({ data: { name: "Health primary", role: "primary", baseUrl: "http://127.0.0.1:9/v1", model: "always-503", environmentLabel: "health-env", fallbackTargetId: F } })).id;
  const p = { targetId: P, targetName: "Health primary", environmentLabel: "health-env" };
  const at = (day: string, h: number) => new Date(`2026-04-${day}T${String(h).padStart(2, "0")}:00:00Z`);
  // Eight runs on the primary that went to the fallback: three 503s, then the fallback answered.
  for (let i = 0; i < 8; i++) {
    const checkedAt = at(i < 5 ? "10" : "11", 8 + i);
    await insertRun(
      { ...p, checkedAt, operatorResult: "pass", httpStatusCode: 503, httpStatusFamily: "5xx", clientErrorClass: "InternalServerError", retryAttempts: 2, fallbackDecision: "fallback_used" },
      [
        ...[0, 1, 2].map(() => ({ targetId: P, targetName: "Health primary", statusCode: 503, statusFamily: "5xx", decision: "retry", startedAt: checkedAt })),
        { targetId: F, targetName: "Health fallback", role: "fallback", statusCode: 200, statusFamily: "2xx", decision: "success", startedAt: new Date(checkedAt.getTime() + 500) },
      ],
    );
  }
  await insertRun({ ...p, checkedAt: at("10", 20), model: "ok" }, [{ targetId: P, targetName: "Health primary" }]);
  await insertRun(
    { ...p, checkedAt: at("11", 20), operatorResult: "fail", httpStatusCode: null, httpStatusFamily: "none", clientErrorClass: "APIConnectionTimeoutError", retryAttempts: 2, fallbackDecision: "manual_hold", path: "error", errorScenario: "forced_timeout" },
    [{ targetId: P, targetName: "Health primary", statusCode: null, statusFamily: "none", decision: "stop", errorClass: "APIConnectionTimeoutError" }],
  );
});

const summaryOf = (q: Record<string, string>, source: SummarySource = "auto") => historySummary(SummaryQuerySchema.parse({ ...RANGE, ...q }), now, source);
const card = (s: Awaited<ReturnType<typeof summaryOf>>, id: string) => s.targets.find((t) => t.targetId === id);

describe("target health cards", () => {
  it.each(["aggregate", "runs"] as const)("the fallback target's card counts the fallback legs it served (%s)", async (source) => {
    const s = await summaryOf({}, source);
    const f = card(s, F)!;
    expect(f.runs).toBe(0);
    expect(f.fallbackLegs).toBe(8);
    expect(f.fallbackLegsServed).toBe(8);
    expect(card(s, P)).toMatchObject({ runs: 10, fallbackLegs: 0 });
    // The fallback target picked as the page's target filter: its card, with its legs.
    const only = await summaryOf({ targetId: F }, source);
    expect(only.targets.map((t) => [t.targetName, t.fallbackLegs])).toEqual([["Health fallback", 8]]);
  });

  it.each(["aggregate", "runs"] as const)("cards follow every filter of the page, as the summary does (%s)", async (source) => {
    const cases: Record<string, string>[] = [
      {},
      { result: "fail" },
      { result: "pass" },
      { path: "error" },
      { statusFamily: "5xx" },
      { fallbackDecision: "manual_hold" },
      { errorClass: "APIConnectionTimeoutError" },
      { from: "2026-04-11", to: "2026-04-12" },
    ];
    for (const q of cases) {
      const s = await summaryOf(q, source);
      const rows = s.passRateByDay.filter((r) => r.targetId === P);
      const sum = (k: "runs" | "pass" | "fail") => rows.reduce((a, r) => a + r[k], 0);
      expect(card(s, P), JSON.stringify(q)).toMatchObject({ runs: sum("runs"), pass: sum("pass"), fail: sum("fail") });
    }
    expect(card(await summaryOf({ result: "fail" }, source), P)).toMatchObject({ runs: 1, pass: 0, fail: 1 });
    // The legs follow the run filters too: the fallback served no leg of a failing run.
    expect(card(await summaryOf({ result: "fail" }, source), F)?.fallbackLegs ?? 0).toBe(0);
    expect(card(await summaryOf({ fallbackDecision: "fallback_used" }, source), F)?.fallbackLegs).toBe(8);
    expect(card(await summaryOf({ from: "2026-04-11", to: "2026-04-12" }, source), F)?.fallbackLegs).toBe(3);
  });

  it("the page data hands the cards the same numbers", async () => {
    const d = await historyPageData({ ...RANGE, result: "fail" }, now);
    expect(d.summary.targets.find((t) => t.targetId === P)).toMatchObject({ runs: 1, fail: 1, pass: 0 });
  });
});

describe("drafted timeline", () => {
  it("says 'no response' for a record without an HTTP response, never 'none status family'", async () => {
    const run = await db.run.findFirstOrThrow({ where: { targetId: P, httpStatusFamily: "none" } });
    const res = await packetsRoute.POST(
      authedRequest("http://test/api/packets", { method: "POST", body: JSON.stringify({ title: "Timeline words", runIds: [run.id] }), headers: { "content-type": "application/json" } }),
      { params: Promise.resolve({} as Record<string, never>) },
    );
    expect(res.status).toBe(201);
    const packet = (await res.json()) as { sections: { timeline: { text: string }[] } };
    const texts = packet.sections.timeline.map((t) => t.text);
    expect(texts).toHaveLength(1);
    expect(texts[0]).not.toMatch(/none status family/);
    expect(texts[0]).toContain("no response (APIConnectionTimeoutError)");
  });
});
