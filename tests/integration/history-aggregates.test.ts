import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { db, dbEngine } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { aggregateDrift } from "@/lib/history/aggregates";
import { reviewRehearsal } from "@/lib/history/rehearsals";
import { historySummary, type SummaryFilters } from "@/lib/history/summary";
import { resilience } from "@/lib/smoke/resilience";
import { sweepExpired } from "@/lib/instances/lease";
import { runToCompletion, startRehearsal } from "@/lib/smoke/run-service";
import { finishRun, insertFinishedRun, insertRunningRun, type FinishedRun, type RunningRun } from "@/lib/smoke/run-writer";
import { updateRehearsalDecisions } from "@/lib/smoke/store";
import { deleteTarget } from "@/lib/targets/service";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 13.4 / decision 101: the per-day aggregates are exact. A random mix
// of runs written through the runner's own paths (real runs on the sandbox,
// the writer's insert/finish, running rows interrupted by the lease sweep, rehearsals
// with decisions and reviews, a target deleted, a run and a rehearsal
// deleted), across UTC midnights and several targets; then the summary from
// the aggregates must equal the summary from the runs for every filter the
// aggregates cover, over whole-day ranges and ranges that cut days.

const DAY = 86_400_000;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const seed = Number(process.env.AGG_TEST_SEED ?? 20261207);
const now = new Date();
const targets: { id: string; name: string; environmentLabel: string }[] = [];

function prng(s: number) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = prng(seed);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const OUTCOMES: Omit<FinishedRun, "finishedAt" | "durationMs" | "notes" | "checks" | "expectation">[] = [
  { state: "done", httpStatusCode: 200, httpStatusFamily: "2xx", clientErrorClass: "none", retryAttempts: 0, fallbackDecision: "primary_retained", fallbackReason: "ok", requestId: "req_1", responseObjectFamily: "chat.completion", contractResult: "pass", sanitizedErrorSummary: "none", operatorResult: "pass" },
  { state: "done", httpStatusCode: 200, httpStatusFamily: "2xx", clientErrorClass: "none", retryAttempts: 2, fallbackDecision: "primary_retained", fallbackReason: "ok after 429", requestId: "req_2", responseObjectFamily: "chat.completion", contractResult: "pass", sanitizedErrorSummary: "none", operatorResult: "pass" },
  { state: "done", httpStatusCode: 503, httpStatusFamily: "5xx", clientErrorClass: "InternalServerError", retryAttempts: 2, fallbackDecision: "fallback_used", fallbackReason: "5xx", requestId: null, responseObjectFamily: "none", contractResult: "not_checked", sanitizedErrorSummary: "5xx", operatorResult: "fail" },
  { state: "done", httpStatusCode: null, httpStatusFamily: "none", clientErrorClass: "APIConnectionTimeoutError", retryAttempts: 1, fallbackDecision: "manual_hold", fallbackReason: "timeout", requestId: null, responseObjectFamily: "none", contractResult: "not_checked", sanitizedErrorSummary: "timeout", operatorResult: "fail" },
  { state: "done", httpStatusCode: 401, httpStatusFamily: "4xx", clientErrorClass: "AuthenticationError", retryAttempts: 0, fallbackDecision: "manual_hold", fallbackReason: "auth", requestId: "req_3", responseObjectFamily: "none", contractResult: "not_checked", sanitizedErrorSummary: "401", operatorResult: "pass" },
  { state: "done", httpStatusCode: 200, httpStatusFamily: "2xx", clientErrorClass: "ResponseShapeError", retryAttempts: 0, fallbackDecision: "manual_hold", fallbackReason: "shape", requestId: "req_4", responseObjectFamily: "unknown", contractResult: "fail", sanitizedErrorSummary: "shape", operatorResult: "fail" },
  // Stored values the runner does not write today, read as they are: no status family, no class.
  { state: "failed", httpStatusCode: null, httpStatusFamily: null as unknown as string, clientErrorClass: null as unknown as string, retryAttempts: 0, fallbackDecision: null as unknown as string, fallbackReason: "x", requestId: null, responseObjectFamily: "none", contractResult: "not_checked", sanitizedErrorSummary: "x", operatorResult: "fail" },
];

const STARTERS = [
  { startedByKind: "user", startedById: "u-ana", startedByLabel: "Ana" },
  { startedByKind: "token", startedById: "u-ana", startedByLabel: "Ana (token ci)" },
  { startedByKind: "user", startedById: "u-bo", startedByLabel: "Bo" },
  { startedByKind: "schedule", startedById: null, startedByLabel: "schedule" },
  { startedByKind: null, startedById: null, startedByLabel: null },
];

/** A checkedAt around `daysAgo`: often a millisecond either side of a UTC midnight. */
function when(daysAgo: number): Date {
  const midnight = Math.floor((now.getTime() - daysAgo * DAY) / DAY) * DAY;
  const x = r();
  if (x < 0.2) return new Date(midnight - 1);
  if (x < 0.4) return new Date(midnight);
  return new Date(midnight + Math.floor(r() * DAY));
}

function running(t: (typeof targets)[number], checkedAt: Date, extra: Partial<RunningRun> = {}): RunningRun {
  return {
    targetId: t.id, targetName: t.name, rehearsalId: null, path: pick(["happy", "happy", "error"]), errorScenario: null, replayStatus: null,
    trigger: pick(["manual", "api", "scheduled"]), state: "running", providerProfile: "openai-compatible", environmentLabel: t.environmentLabel,
    endpointFamily: "chat-completions", model: "ok", credentialConfigured: true, retryCeiling: 2, traceId: Math.floor(r() * 2 ** 52).toString(16).padStart(32, "0"),
    checkedAt, ...pick(STARTERS), instanceId: null, ...extra,
  };
}
const finished = (checkedAt: Date): FinishedRun => ({ ...pick(OUTCOMES), finishedAt: new Date(checkedAt.getTime() + 100), durationMs: 100, notes: "n", checks: "[]", expectation: "e" });

async function writeRandomRuns(count: number, rehearsalId: string | null = null, t?: (typeof targets)[number], daysAgo?: number) {
  for (let i = 0; i < count; i++) {
    const target = t ?? pick(targets);
    const at = when(daysAgo ?? Math.floor(r() * 40) - 1); // -1: some after now, today or tomorrow
    const row = running(target, at, { rehearsalId });
    const how = r();
    if (how < 0.55) await insertFinishedRun({ ...row, state: "done" }, finished(at), []);
    else if (how < 0.9) {
      const id = await insertRunningRun(row);
      await finishRun(id, finished(at), []);
    } else {
      await insertRunningRun({ ...row, instanceId: "agg-test-instance-gone" }); // still running; its instance is gone: interrupted below
    }
  }
}

const compare = async (filters: SummaryFilters) => {
  const [fromRuns, fromAggregates] = await Promise.all([historySummary(filters, now, "runs"), historySummary(filters, now, "aggregate")]);
  expect(fromAggregates, JSON.stringify({ filters, seed })).toEqual(fromRuns);
  return fromRuns;
};

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  resilience.resetForTests();
  const mk = (name: string, model: string, environmentLabel: string, fallbackTargetId?: string) =>
    db.target.create({
      data: { name, role: "primary", baseUrl: sandbox.baseUrl, model, credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel, backoffBaseMs: 1, backoffMaxMs: 2, ...(fallbackTargetId ? { fallbackTargetId } : {}) },
      select: { id: true, name: true, environmentLabel: true },
    });
  const fb = await mk("Agg fallback", "ok", "staging");
  targets.push(fb, await mk("Agg flaky", "flaky-429", "staging"), await mk("Agg storm", "always-503", "prod", fb.id), await mk("Agg gone", "ok", "prod"));

  // Real runs through the runner: pass, retries, fallback used, the error path.
  for (const t of targets) {
    await runToCompletion({ targetId: t.id, path: "happy" });
    await runToCompletion({ targetId: t.id, path: "error", errorScenario: "missing_credential" });
  }
  const live = await startRehearsal({ targetId: targets[1].id });
  await live.done;
  await updateRehearsalDecisions(live.id, { decisionSafeIdentifier: "trace id", decisionAccountFacts: "quota", decisionHoldFallback: "hold on auth" });

  // Rehearsals in the past, their runs through the writer, some done, decided, reviewed.
  const rehearsals: string[] = [];
  for (let i = 0; i < 12; i++) {
    const t = pick(targets);
    const daysAgo = Math.floor(r() * 35);
    const h = await db.rehearsal.create({ data: { targetId: t.id, targetName: t.name, errorScenario: "missing_credential", state: "running", startedAt: when(daysAgo), ...pick(STARTERS) }, select: { id: true } });
    rehearsals.push(h.id);
    await writeRandomRuns(2, h.id, t, daysAgo);
    if (r() < 0.8) await db.rehearsal.update({ where: { id: h.id }, data: { state: r() < 0.8 ? "done" : "failed", finishedAt: new Date() } });
    if (r() < 0.5) await updateRehearsalDecisions(h.id, { decisionSafeIdentifier: "a", decisionAccountFacts: r() < 0.7 ? "b" : null, decisionHoldFallback: "c" });
  }
  await writeRandomRuns(160);
  // Rehearsal marked done before its runs arrive (as db:import writes them).
  const early = await db.rehearsal.create({ data: { targetId: targets[0].id, targetName: targets[0].name, errorScenario: "invalid_model", state: "done", startedAt: when(3) }, select: { id: true } });
  await insertFinishedRun({ ...running(targets[0], when(3), { rehearsalId: early.id }), state: "done" }, { ...finished(now), ...OUTCOMES[0] } as FinishedRun, []);
  await insertFinishedRun({ ...running(targets[0], when(3), { rehearsalId: early.id }), state: "done" }, { ...finished(now), ...OUTCOMES[4] } as FinishedRun, []);

  // Runs still `running` whose instance is gone: marked interrupted by the lease sweep.
  expect((await sweepExpired()).runs).toBeGreaterThan(0);
  for (const id of rehearsals.slice(0, 6)) {
    const state = (await db.rehearsal.findUniqueOrThrow({ where: { id }, select: { state: true } })).state;
    if (state !== "running") await reviewRehearsal(id, { reviewed: r() < 0.7 }, SYSTEM_ACTOR);
  }
  // Leaving: a run, a rehearsal, and a whole target (its runs keep their records, target SET NULL).
  const someRun = await db.run.findFirstOrThrow({ where: { rehearsalId: null }, orderBy: { id: "asc" }, select: { id: true } });
  await db.run.delete({ where: { id: someRun.id } });
  await db.rehearsal.delete({ where: { id: rehearsals[rehearsals.length - 1] } });
  await deleteTarget(targets[3].id, SYSTEM_ACTOR);
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe(`history aggregates on ${dbEngine()}`, () => {
  it("every aggregate trigger exists after all migrations (a later migration that rebuilds Run or Rehearsal must recreate them)", async () => {
    const names =
      dbEngine() === "postgresql"
        ? (await db.$queryRaw<{ name: string }[]>`SELECT CAST(tgname AS TEXT) AS name FROM pg_trigger WHERE NOT tgisinternal`).map((r) => r.name)
        : (await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'trigger'`).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["Run_daily_insert", "Run_daily_update", "Run_daily_delete", "Rehearsal_daily_insert", "Rehearsal_daily_update", "Rehearsal_daily_delete"]));
  });

  it("the stored aggregates equal a recount of every run and rehearsal", async () => {
    expect(await db.run.count()).toBeGreaterThan(180);
    expect(await db.run.count({ where: { targetId: null } })).toBeGreaterThan(0);
    expect(await aggregateDrift(db)).toEqual([]);
  });

  it("the summary from the aggregates equals the summary from the runs, filter by filter", async () => {
    const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString().slice(0, 10);
    const ranges: Pick<SummaryFilters, "from" | "to">[] = [
      {}, // the default: 30 days up to now, today cut at now
      { from: day(39), to: day(-1) },
      { from: day(20) },
      { from: new Date(now.getTime() - 12.3 * DAY).toISOString(), to: new Date(now.getTime() - 2.7 * DAY).toISOString() },
      { from: `${day(5)}T06:00:00.000Z`, to: `${day(5)}T18:00:00.000Z` },
    ];
    const [a, b, c] = targets;
    const filters: SummaryFilters[] = [
      {},
      { targetId: a.id },
      { targetId: b.id },
      { targetId: c.id },
      { targetId: targets[3].id }, // deleted: none left under its id
      { environmentLabel: "staging" },
      { environmentLabel: "prod" },
      { path: "happy" },
      { path: "error" },
      { result: "pass" },
      { result: "fail" },
      { statusFamily: "5xx" },
      { statusFamily: "none" },
      { errorClass: "APIConnectionTimeoutError" },
      { fallbackDecision: "primary_retained" },
      { fallbackDecision: "fallback_used" },
      { fallbackDecision: "manual_hold" },
      { trigger: "manual" },
      { trigger: "scheduled" },
      { targetId: b.id, path: "happy" },
      { targetId: c.id, result: "fail" },
      { environmentLabel: "staging", fallbackDecision: "manual_hold", path: "error" },
      { path: "happy", trigger: "api", result: "pass" },
      { startedBy: "schedule" },
      { startedBy: "u-ana" },
      { startedBy: "u-bo", targetId: b.id },
      { startedBy: "nobody" },
    ];
    let compared = 0;
    for (const range of ranges) {
      for (const f of filters) {
        const s = await compare({ ...f, ...range });
        compared += s.totals.runs;
      }
    }
    expect(compared).toBeGreaterThan(1000); // the ranges and filters did pick runs
    const all = await compare({ from: day(39), to: day(-1) });
    expect(all.passRateByDay.some((p) => p.targetId === null)).toBe(true);
    expect(all.totals.fallback_used).toBeGreaterThan(0);
    expect(all.rehearsals.passedBoth).toBeGreaterThan(0);
  });

  it("the default source picks the aggregates where they answer and the runs where they do not", async () => {
    const someRehearsal = (await db.rehearsal.findFirstOrThrow({ select: { id: true } })).id;
    for (const f of [{}, { targetId: targets[0].id }, { startedBy: "schedule" }, { rehearsalId: someRehearsal }] as SummaryFilters[]) {
      expect(await historySummary(f, now)).toEqual(await historySummary(f, now, "runs"));
    }
    await expect(historySummary({ rehearsalId: someRehearsal }, now, "aggregate")).rejects.toThrow(/need the runs/);
  });

  it("the health strip's last pass, last fail and streak equal the per-target reads they replace", async () => {
    // The former implementation: findFirst newest first, then a count of the current streak, per target.
    const viaModel = async (targetId: string, path?: "happy" | "error") => {
      const scope = { targetId, ...(path ? { path } : {}), checkedAt: { lt: now } };
      const [lastPass, lastFail] = await Promise.all(
        (["pass", "fail"] as const).map((result) => db.run.findFirst({ where: { ...scope, operatorResult: result }, orderBy: [{ checkedAt: "desc" }, { id: "desc" }], select: { checkedAt: true } })),
      );
      let streak: { result: "pass" | "fail"; count: number } | null = null;
      if (lastPass || lastFail) {
        const current = !lastFail || (lastPass && lastPass.checkedAt > lastFail.checkedAt) ? "pass" : "fail";
        const other = current === "pass" ? lastFail : lastPass;
        streak = { result: current, count: await db.run.count({ where: { ...scope, operatorResult: current, ...(other ? { checkedAt: { gt: other.checkedAt, lt: now } } : {}) } }) };
      }
      return { lastPassAt: lastPass?.checkedAt.toISOString() ?? null, lastFailAt: lastFail?.checkedAt.toISOString() ?? null, streak };
    };
    for (const path of [undefined, "happy", "error"] as const) {
      const s = await historySummary(path ? { path } : {}, now);
      expect(s.targets.length).toBeGreaterThanOrEqual(3);
      for (const t of s.targets) expect({ lastPassAt: t.lastPassAt, lastFailAt: t.lastFailAt, streak: t.streak }).toEqual(await viaModel(t.targetId, path));
    }
  });

  it("the migration's back-fill rebuilds the aggregates from the stored rows", async () => {
    const folder = dbEngine() === "postgresql" ? "prisma/postgresql/migrations/0002_daily_aggregates" : "prisma/migrations/0011_daily_aggregates";
    const sql = readFileSync(path.join(process.cwd(), folder, "migration.sql"), "utf8");
    const backfill = sql.slice(sql.indexOf("-- Back-fill"));
    expect(backfill).toContain('INSERT INTO "RunDaily"');
    await db.$executeRawUnsafe(`DELETE FROM "RunDaily"`);
    await db.$executeRawUnsafe(`DELETE FROM "RehearsalDaily"`);
    expect((await aggregateDrift(db)).length).toBeGreaterThan(0);
    for (const statement of backfill.split(/;\s*\n/).map((s) => s.replace(/^--.*$/gm, "").trim()).filter(Boolean)) await db.$executeRawUnsafe(statement);
    expect(await aggregateDrift(db)).toEqual([]);
    await compare({});
  });
});
