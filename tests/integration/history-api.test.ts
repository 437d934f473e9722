import { authedRequest } from "@/tests/fixtures/auth";
import { beforeAll, describe, expect, it } from "vitest";
import * as summaryRoute from "@/app/api/history/summary/route";
import * as rehearsalsRoute from "@/app/api/history/rehearsals/route";
import * as reviewRoute from "@/app/api/rehearsals/[id]/review/route";
import * as exportRoute from "@/app/api/runs/export.csv/route";
import * as runsRoute from "@/app/api/runs/route";
import { db } from "@/lib/db";
import { CSV_COLUMNS } from "@/lib/history/export";
import type { HistorySummary } from "@/lib/history/schema";
import { insertRun } from "@/tests/fixtures/runs";

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const get = (path: string) => authedRequest(`http://test${path}`);

let A: string;
let B: string;

const fail5xx = { operatorResult: "fail", httpStatusCode: 503, httpStatusFamily: "5xx", clientErrorClass: "InternalServerError", retryAttempts: 2, fallbackDecision: "fallback_used" };
const failTimeout = { operatorResult: "fail", httpStatusCode: null, httpStatusFamily: "none", clientErrorClass: "APIConnectionTimeoutError", retryAttempts: 2, fallbackDecision: "manual_hold" };
const fail429 = { operatorResult: "fail", httpStatusCode: 429, httpStatusFamily: "4xx", clientErrorClass: "RateLimitError", retryAttempts: 2, fallbackDecision: "manual_hold" };

beforeAll(async () => {
  const mk = (name: string, environmentLabel: string) =>
    db.target.create({ data: { name, role: "primary", baseUrl: "http://127.0.0.1:9/v1", model: "ok", environmentLabel } });
  A = (await mk("History A", "staging")).id;
  B = (await mk("History B", "prod-canary")).id;
  const at = (s: string) => new Date(`2026-03-${s}Z`);
  const a = { targetId: A, targetName: "History A", environmentLabel: "staging" };
  const b = { targetId: B, targetName: "History B", environmentLabel: "prod-canary" };
  await insertRun({ ...a, checkedAt: at("27T10:00:00").toISOString().replace("03-27", "02-27") }); // outside the range
  await insertRun({ ...a, checkedAt: at("01T08:00:00") });
  await insertRun({ ...a, checkedAt: at("01T09:00:00") });
  await insertRun({ ...a, ...fail5xx, checkedAt: at("01T10:00:00"), notes: "5xx, then fallback; see \"trace\", step 2" });
  await insertRun({ ...a, checkedAt: at("01T11:00:00") });
  await insertRun({ ...a, checkedAt: at("02T10:00:00") });
  await insertRun({ ...a, ...failTimeout, checkedAt: at("02T12:00:00"), notes: "=HYPERLINK(\"http://x\")" });
  await insertRun({ ...b, ...fail429, checkedAt: at("01T10:30:00") });
  await insertRun({ ...b, ...fail429, checkedAt: at("01T10:45:00") });
});

async function summary(query: string) {
  const res = await summaryRoute.GET(get(`/api/history/summary${query}`), noParams);
  return { status: res.status, body: (await res.json()) as HistorySummary & { error?: { code: string; issues: { path: string }[] } } };
}

describe("GET /api/history/summary", () => {
  it("aggregates pass rate per day per target over the range", async () => {
    const { status, body } = await summary("?from=2026-03-01&to=2026-03-03");
    expect(status).toBe(200);
    expect(body.range.days).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    const rows = body.passRateByDay.map((r) => [r.day, r.targetName, r.runs, r.pass, r.fail, r.passRate]);
    expect(rows).toEqual([
      ["2026-03-01", "History A", 4, 3, 1, 0.75],
      ["2026-03-01", "History B", 2, 0, 2, 0],
      ["2026-03-02", "History A", 2, 1, 1, 0.5],
    ]);
    expect(body.totals).toMatchObject({ runs: 8, pass: 4, fail: 4, passRate: 0.5, retryAttempts: 8, fallback_used: 1, manual_hold: 3, primary_retained: 4 });
  });

  it("counts failure classes and retries/fallback decisions per day", async () => {
    const { body } = await summary("?from=2026-03-01&to=2026-03-03");
    expect(body.failureClasses).toEqual(
      expect.arrayContaining([
        { day: "2026-03-01", statusFamily: "5xx", errorClass: "InternalServerError", count: 1 },
        { day: "2026-03-01", statusFamily: "4xx", errorClass: "RateLimitError", count: 2 },
        { day: "2026-03-02", statusFamily: "none", errorClass: "APIConnectionTimeoutError", count: 1 },
      ]),
    );
    expect(body.failureClasses).toHaveLength(3);
    expect(body.retriesByDay).toEqual([
      { day: "2026-03-01", runs: 6, retryAttempts: 6, runsWithRetries: 3, primary_retained: 3, fallback_used: 1, manual_hold: 2 },
      { day: "2026-03-02", runs: 2, retryAttempts: 2, runsWithRetries: 1, primary_retained: 1, fallback_used: 0, manual_hold: 1 },
      { day: "2026-03-03", runs: 0, retryAttempts: 0, runsWithRetries: 0, primary_retained: 0, fallback_used: 0, manual_hold: 0 },
    ]);
  });

  it("health strip: last pass, last fail, current streak and pass rate per target", async () => {
    const { body } = await summary("?from=2026-03-01&to=2026-03-03");
    const a = body.targets.find((t) => t.targetId === A)!;
    expect(a).toMatchObject({ runs: 6, pass: 4, fail: 2, lastPassAt: "2026-03-02T10:00:00.000Z", lastFailAt: "2026-03-02T12:00:00.000Z", streak: { result: "fail", count: 1 } });
    expect(a.passRate).toBeCloseTo(4 / 6);
    const b = body.targets.find((t) => t.targetId === B)!;
    expect(b).toMatchObject({ runs: 2, passRate: 0, lastPassAt: null, streak: { result: "fail", count: 2 } });
  });

  it("filters apply to the charts and to the health strip alike (decision 121)", async () => {
    const { body } = await summary(`?from=2026-03-01&to=2026-03-03&targetId=${A}&result=fail`);
    expect(body.passRateByDay.map((r) => [r.day, r.runs])).toEqual([["2026-03-01", 1], ["2026-03-02", 1]]);
    expect(body.totals.runs).toBe(2);
    expect(body.targets).toHaveLength(1);
    expect(body.targets[0]).toMatchObject({ targetId: A, runs: 2, pass: 0, fail: 2 });
  });

  it("without a range it covers the last 30 days", async () => {
    const { body } = await summary("");
    expect(body.range.defaulted).toBe(true);
    expect(body.range.days).toHaveLength(30);
    expect(body.range.days.at(-1)).toBe(new Date().toISOString().slice(0, 10));
  });

  it("bad queries are 400 envelopes naming the field", async () => {
    for (const [q, path] of [
      ["?from=yesterday", "from"],
      ["?to=2026-03-01&from=2026-03-05", "to"],
      ["?from=2024-01-01&to=2026-03-01", "from"],
      ["?result=maybe", "result"],
      ["?color=red", "(body)"],
    ] as const) {
      const { status, body } = await summary(q);
      expect(status, q).toBe(400);
      expect(body.error?.code).toBe("bad_request");
      expect(body.error?.issues.map((i) => i.path)).toContain(path);
    }
  });
});

describe("GET /api/runs/export.csv", () => {
  it("exports the filtered runs with the guide's field names as columns, newest first", async () => {
    const res = await exportRoute.GET(get(`/api/runs/export.csv?targetId=${A}&result=fail`), noParams);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="evidence-runs-.*\.csv"/);
    const text = await res.text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0].split(",").slice(0, 11)).toEqual([
      "test_id", "checked_at", "environment_label", "endpoint_family", "http_status_family", "client_error_class",
      "retry_attempts", "fallback_decision", "trace_id_placeholder", "operator_result", "notes",
    ]);
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^llm-api-escalation-smoke-\d{3},2026-03-02T12:00:00Z,staging,chat-completions,none,APIConnectionTimeoutError,2,manual_hold,[0-9a-f]{32},fail,/);
    // A notes cell a spreadsheet would run as a formula is defused and quoted.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[2]).toContain(`"5xx, then fallback; see ""trace"", step 2"`);
  });

  it("an unknown filter value is a 400, not an empty file", async () => {
    const res = await exportRoute.GET(get("/api/runs/export.csv?statusFamily=6xx"), noParams);
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe("statusFamily");
  });
});

describe("rehearsal review", () => {
  let done: string;
  let running: string;
  beforeAll(async () => {
    const started = new Date("2026-03-02T09:00:00Z");
    const r = await db.rehearsal.create({
      data: { targetId: A, targetName: "History A", errorScenario: "missing_credential", state: "done", startedAt: started, decisionSafeIdentifier: "trace id only" },
    });
    done = r.id;
    await insertRun({ targetId: A, targetName: "History A", rehearsalId: done, checkedAt: started });
    await insertRun({ targetId: A, targetName: "History A", rehearsalId: done, checkedAt: new Date(started.getTime() + 1000), path: "error", errorScenario: "missing_credential", httpStatusCode: 401, httpStatusFamily: "4xx", clientErrorClass: "AuthenticationError", fallbackDecision: "manual_hold" });
    // NOTE: marked ready once (readyAt), but no records attached: the derived status is draft (decision 042).
    await db.packet.create({ data: { title: "Staging 401 drill", rehearsalId: done, readyAt: new Date(started.getTime() + 25 * 60_000) } });
    running = (await db.rehearsal.create({ data: { targetId: B, targetName: "History B", errorScenario: "invalid_model", state: "running", startedAt: new Date("2026-03-02T10:00:00Z") } })).id;
    // Same start instant: the keyset must still page through them exactly once.
    for (let i = 0; i < 5; i++) {
      await db.rehearsal.create({ data: { targetId: B, targetName: "History B", errorScenario: "invalid_model", state: "done", startedAt: new Date("2026-03-01T10:00:00Z") } });
    }
  });

  const post = (id: string, body: unknown) =>
    reviewRoute.POST(authedRequest(`http://test/api/rehearsals/${id}/review`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), ctx({ id }));

  it("shows both records, the decisions, the packet it fed and the time to a ready packet", async () => {
    const res = await reviewRoute.GET(get(`/api/rehearsals/${done}/review`), ctx({ id: done }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rehearsal.happy.record.operator_result).toBe("pass");
    expect(body.rehearsal.error.record.http_status_family).toBe("4xx");
    expect(body.rehearsal.decisions).toEqual({ safeIdentifier: "trace id only", accountFacts: null, holdFallback: null });
    expect(body.packets).toEqual([{ id: expect.any(String), title: "Staging 401 drill", status: "draft", readyAt: "2026-03-02T09:25:00.000Z", msToReady: 25 * 60_000 }]);
  });

  it("a lead marks it reviewed with a comment; it leaves the unreviewed list", async () => {
    const before = await (await rehearsalsRoute.GET(get("/api/history/rehearsals?review=unreviewed&limit=50"), noParams)).json();
    expect(before.items.map((i: { id: string }) => i.id)).toContain(done);
    const listed = before.items.find((i: { id: string }) => i.id === done);
    expect(listed).toMatchObject({ happyResult: "pass", errorResult: "pass", decisionsRecorded: 1, packet: { title: "Staging 401 drill" } });

    const res = await post(done, { comment: "Decisions 2 and 3 missing — follow up Monday." });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rehearsal.reviewedAt).toEqual(expect.any(String));
    expect(body.rehearsal.reviewComment).toBe("Decisions 2 and 3 missing — follow up Monday.");

    const after = await (await rehearsalsRoute.GET(get("/api/history/rehearsals?review=unreviewed&limit=50"), noParams)).json();
    expect(after.items.map((i: { id: string }) => i.id)).not.toContain(done);
    const reviewed = await (await rehearsalsRoute.GET(get("/api/history/rehearsals?review=reviewed"), noParams)).json();
    expect(reviewed.items.map((i: { id: string }) => i.id)).toEqual([done]);

    const reopened = await (await post(done, { reviewed: false })).json();
    expect(reopened.rehearsal.reviewedAt).toBeNull();
  });

  it("client mistakes are 4xx: unknown id, bad body, a running rehearsal, a token in the comment", async () => {
    expect((await post("nope", {})).status).toBe(404);
    const bad = await post(done, { comment: 42 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("comment");
    expect((await post(done, { comment: "ok", extra: 1 })).status).toBe(400);
    expect((await post(running, {})).status).toBe(409);
    const secret = await post(done, { comment: "key sk-proj-AbCdEf0123456789GhIjKlMn" });
    expect(secret.status).toBe(400);
  });

  it("the summary counts rehearsals run, passed on both records, with all three decisions, and unreviewed", async () => {
    const { body } = await summary("?from=2026-03-01&to=2026-03-03");
    // 1 done (two passing records, 1 decision), 1 running, 5 done without records.
    expect(body.rehearsals).toEqual({ total: 7, passedBoth: 1, allDecisions: 0, unreviewed: 6 });
    await db.rehearsal.update({ where: { id: done }, data: { decisionAccountFacts: "quota in the dashboard", decisionHoldFallback: "hold on 401" } });
    const again = await summary(`?from=2026-03-01&to=2026-03-03&targetId=${A}`);
    expect(again.body.rehearsals).toEqual({ total: 1, passedBoth: 1, allDecisions: 1, unreviewed: 1 });
  });

  it("pages through rehearsals with a cursor, each exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await rehearsalsRoute.GET(get(`/api/history/rehearsals?limit=2${cursor ? `&cursor=${cursor}` : ""}`), noParams);
      const body: { items: { id: string; startedAt: string }[]; nextCursor: string | null } = await res.json();
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    const total = await db.rehearsal.count();
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const bad = await rehearsalsRoute.GET(get("/api/history/rehearsals?cursor=%%%"), noParams);
    expect(bad.status).toBe(400);
  });
});

describe("GET /api/runs keyset paging (history's listing)", () => {
  it("walks every record exactly once, newest first, through equal checked_at values", async () => {
    const tie = new Date("2026-03-01T12:00:00Z");
    for (let i = 0; i < 7; i++) await insertRun({ targetId: B, targetName: "History B", environmentLabel: "prod-canary", checkedAt: tie });
    const seen: { id: number; checkedAt: string }[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const res = await runsRoute.GET(get(`/api/runs?limit=3&targetId=${B}${cursor ? `&cursor=${cursor}` : ""}`), noParams);
      expect(res.status).toBe(200);
      const body: { items: { id: number; checkedAt: string }[]; nextCursor: string | null } = await res.json();
      seen.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    const expected = await db.run.findMany({ where: { targetId: B }, orderBy: [{ checkedAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  });
});

describe("GET /api/history/summary with one bound (issue 12 item 9)", () => {
  it("from=1970-01-01 without to is checked like any range: more than a year is a 400", async () => {
    const { status, body } = await summary("?from=1970-01-01");
    expect(status).toBe(400);
    expect(body.error?.code).toBe("bad_request");
    expect(body.error?.issues.map((i) => i.path)).toEqual(["from"]);
  });

  it("from without to covers from → now, and its totals agree with its own day list", async () => {
    const from = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
    const { status, body } = await summary(`?from=${from}`);
    expect(status).toBe(200);
    const daySum = body.passRateByDay.reduce((n, d) => n + d.runs, 0);
    expect(body.totals.runs).toBe(daySum);
    expect(body.range.days[0]).toBe(from);
  });

  it("to without from is checked too (a to before 1970 + the default range is still a sane range)", async () => {
    const { status } = await summary("?to=1970-01-05");
    expect(status).toBe(200);
  });
});
