import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { DAY_MS, MAX_RANGE_DAYS, resolveRange } from "@/lib/history/filters";
import { HistorySummarySchema, type HistorySummary, type TargetHealth } from "@/lib/history/schema";
import { utcDaySql } from "@/lib/shared/sql-dialect";
import { RunFiltersSchema, SCHEDULE_PERSON, type RunFilters } from "@/lib/smoke/store";

// The numbers behind the history charts. Two exact sources, one answer
// (docs/decisions/101):
// - the per-day aggregates RunDaily / RehearsalDaily (days x targets x the
//   filter dimensions, kept by triggers in the transaction of every write),
//   for every filter they have a column for (all but rehearsalId) — the one
//   that stays fast at a million runs;
// - GROUP BY day and target over the runs themselves (the indexed checkedAt
//   column) for a single rehearsal's runs (its own index).
// A range that starts or ends inside a day reads that day from the
// aggregate and subtracts the runs outside the range (a raw query over at
// most part of one day at each end): the default range ends "now".
// NOTE: the UTC day of checkedAt is the one dialect fragment here (utcDaySql,
// lib/shared/sql-dialect.ts).

export type SummaryFilters = Omit<RunFilters, "limit" | "cursor">;

/** The raw-SQL twin of runWhere (lib/smoke/store.ts), for aggregates. */
export function runWhereSql(f: SummaryFilters, range: { from: Date; to: Date }): Prisma.Sql {
  return Prisma.join([Prisma.sql`"checkedAt" >= ${range.from}`, Prisma.sql`"checkedAt" < ${range.to}`, ...runFilterParts(f)], " AND ");
}

/** The filters of runWhereSql without the range, one fragment each. */
function runFilterParts(f: SummaryFilters): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (f.targetId) parts.push(Prisma.sql`"targetId" = ${f.targetId}`);
  if (f.path) parts.push(Prisma.sql`"path" = ${f.path}`);
  if (f.result) parts.push(Prisma.sql`"operatorResult" = ${f.result}`);
  if (f.environmentLabel) parts.push(Prisma.sql`"environmentLabel" = ${f.environmentLabel}`);
  if (f.statusFamily) parts.push(Prisma.sql`"httpStatusFamily" = ${f.statusFamily}`);
  if (f.errorClass) parts.push(Prisma.sql`"clientErrorClass" = ${f.errorClass}`);
  if (f.fallbackDecision) parts.push(Prisma.sql`"fallbackDecision" = ${f.fallbackDecision}`);
  if (f.trigger) parts.push(Prisma.sql`"trigger" = ${f.trigger}`);
  if (f.rehearsalId) parts.push(Prisma.sql`"rehearsalId" = ${f.rehearsalId}`);
  if (f.startedBy) parts.push(startedBySql(f.startedBy));
  return parts;
}

/** The SQL twin of startedByWhere; `alias` names the table (runs and rehearsals share the columns). */
function startedBySql(v: string, alias?: string): Prisma.Sql {
  const col = (c: string) => Prisma.raw(alias ? `${alias}."${c}"` : `"${c}"`);
  return v === SCHEDULE_PERSON ? Prisma.sql`${col("startedByKind")} = 'schedule'` : Prisma.sql`${col("startedById")} = ${v}`;
}

const n = (v: unknown) => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : Number(v ?? 0));
const rate = (pass: number, fail: number) => (pass + fail === 0 ? null : pass / (pass + fail));

const MEASURES = ["runs", "pass", "fail", "retries", "withRetries", "retained", "used", "hold"] as const;
/** One (day, target) group; counts arrive as bigint (COUNT/SUM) and leave as numbers. */
type DayTargetRow = { day: string; targetId: string | null } & Record<(typeof MEASURES)[number], bigint | number>;

type ClassRow = { day: string; statusFamily: string | null; errorClass: string | null; count: bigint | number };
type Range = { from: Date; to: Date };
type TargetRow = { id: string; name: string; environmentLabel: string };

/** GROUP BY (day, target) over the runs themselves. */
function rawDayTarget(filters: SummaryFilters, range: Range) {
  const day = utcDaySql("checkedAt");
  return db.$queryRaw<DayTargetRow[]>`
      SELECT ${day} AS day, "targetId" AS "targetId",
        COUNT(*) AS runs,
        SUM(CASE WHEN "operatorResult" = 'pass' THEN 1 ELSE 0 END) AS pass,
        SUM(CASE WHEN "operatorResult" = 'fail' THEN 1 ELSE 0 END) AS fail,
        SUM("retryAttempts") AS retries,
        SUM(CASE WHEN "retryAttempts" > 0 THEN 1 ELSE 0 END) AS "withRetries",
        SUM(CASE WHEN "fallbackDecision" = 'primary_retained' THEN 1 ELSE 0 END) AS retained,
        SUM(CASE WHEN "fallbackDecision" = 'fallback_used' THEN 1 ELSE 0 END) AS used,
        SUM(CASE WHEN "fallbackDecision" = 'manual_hold' THEN 1 ELSE 0 END) AS hold
      FROM "Run" WHERE ${runWhereSql(filters, range)}
      GROUP BY day, "targetId"
      ORDER BY day, "targetId"`;
}

/** Failing runs per (day, status family, error class), over the runs themselves. */
function rawClasses(filters: SummaryFilters, range: Range) {
  const day = utcDaySql("checkedAt");
  return db.$queryRaw<ClassRow[]>`
      SELECT ${day} AS day, "httpStatusFamily" AS "statusFamily", "clientErrorClass" AS "errorClass", COUNT(*) AS count
      FROM "Run" WHERE ${runWhereSql(filters, range)} AND "operatorResult" = 'fail'
      GROUP BY day, "httpStatusFamily", "clientErrorClass"
      ORDER BY day`;
}

// RunDaily stores a nullable run column as "" for NULL and "=" + the value
// otherwise (migration 0011), so NULL and a real value never share a row.
const coded = (v: string) => `=${v}`;
const decoded = (v: string): string | null => (v === "" ? null : v.slice(1));

/** The RunDaily twin of runWhereSql, over whole UTC days. */
function dailyWhereSql(f: SummaryFilters, days: { first: string; last: string }): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`"day" >= ${days.first}`, Prisma.sql`"day" <= ${days.last}`];
  if (f.targetId) parts.push(Prisma.sql`"targetKey" = ${f.targetId}`);
  if (f.path) parts.push(Prisma.sql`"path" = ${f.path}`);
  if (f.result) parts.push(Prisma.sql`"operatorResult" = ${coded(f.result)}`);
  if (f.environmentLabel) parts.push(Prisma.sql`"environmentLabel" = ${f.environmentLabel}`);
  if (f.statusFamily) parts.push(Prisma.sql`"httpStatusFamily" = ${coded(f.statusFamily)}`);
  if (f.errorClass) parts.push(Prisma.sql`"clientErrorClass" = ${coded(f.errorClass)}`);
  if (f.fallbackDecision) parts.push(Prisma.sql`"fallbackDecision" = ${coded(f.fallbackDecision)}`);
  if (f.trigger) parts.push(Prisma.sql`"trigger" = ${f.trigger}`);
  if (f.startedBy) parts.push(dailyStartedBySql(f.startedBy));
  return Prisma.join(parts, " AND ");
}

/** The RunDaily/RehearsalDaily twin of startedBySql. */
const dailyStartedBySql = (v: string) =>
  v === SCHEDULE_PERSON ? Prisma.sql`"startedByKind" = ${coded("schedule")}` : Prisma.sql`"startedById" = ${coded(v)}`;

/**
 * The one filter the aggregates have no column for: a single rehearsal's two
 * runs, read through Run_rehearsalId_idx.
 */
const needsRuns = (f: SummaryFilters) => Boolean(f.rehearsalId);

/**
 * Where the aggregate can answer: the whole days the range touches, and the
 * parts of its first and last day outside the range (to subtract). Null when
 * the day list does not cover the range (a range past MAX_RANGE_DAYS days).
 */
export function aggregatePlan(range: ReturnType<typeof resolveRange>) {
  if (range.days.length === 0 || range.to <= range.from) return null;
  const first = range.days[0];
  const last = range.days[range.days.length - 1];
  const start = new Date(`${first}T00:00:00Z`);
  const end = new Date(Date.parse(`${last}T00:00:00Z`) + DAY_MS);
  if (start > range.from || end < range.to) return null;
  const outside: Range[] = [];
  if (start < range.from) outside.push({ from: start, to: range.from });
  if (range.to < end) outside.push({ from: range.to, to: end });
  return { days: { first, last }, outside };
}
type Plan = NonNullable<ReturnType<typeof aggregatePlan>>;

const dayTargetKey = (r: { day: string; targetId: string | null }) => `${r.day}\u0000${r.targetId ?? ""}\u0000${r.targetId === null ? 0 : 1}`;

/** Per (day, target) from RunDaily, minus the runs of the edge days outside the range. */
async function dailyDayTarget(filters: SummaryFilters, plan: Plan): Promise<DayTargetRow[]> {
  const [rows, ...outside] = await Promise.all([
    db.$queryRaw<({ day: string; targetKey: string } & Record<(typeof MEASURES)[number], bigint>)[]>`
      SELECT "day", "targetKey",
        SUM("runs") AS runs,
        SUM(CASE WHEN "operatorResult" = '=pass' THEN "runs" ELSE 0 END) AS pass,
        SUM(CASE WHEN "operatorResult" = '=fail' THEN "runs" ELSE 0 END) AS fail,
        SUM("retryAttempts") AS retries,
        SUM("runsWithRetries") AS "withRetries",
        SUM(CASE WHEN "fallbackDecision" = '=primary_retained' THEN "runs" ELSE 0 END) AS retained,
        SUM(CASE WHEN "fallbackDecision" = '=fallback_used' THEN "runs" ELSE 0 END) AS used,
        SUM(CASE WHEN "fallbackDecision" = '=manual_hold' THEN "runs" ELSE 0 END) AS hold
      FROM "RunDaily" WHERE ${dailyWhereSql(filters, plan.days)}
      GROUP BY "day", "targetKey"`,
    ...plan.outside.map((r) => rawDayTarget(filters, r)),
  ]);
  type Counted = { day: string; targetId: string | null } & Record<(typeof MEASURES)[number], number>;
  const byKey = new Map<string, Counted>();
  for (const r of rows) {
    const row = { day: r.day, targetId: r.targetKey === "" ? null : r.targetKey } as Counted;
    for (const m of MEASURES) row[m] = n(r[m]);
    byKey.set(dayTargetKey(row), row);
  }
  for (const r of outside.flat()) {
    const row = byKey.get(dayTargetKey(r));
    // NOTE: cannot happen while the triggers keep RunDaily exact; a lie is worse than an error.
    if (!row) throw new Error("history aggregate: runs outside the range are missing from their day's aggregate");
    for (const m of MEASURES) row[m] -= n(r[m]);
  }
  return [...byKey.values()].filter((r) => r.runs !== 0);
}

const classKeyOf = (r: { day: string; statusFamily: string | null; errorClass: string | null }) =>
  JSON.stringify([r.day, r.statusFamily, r.errorClass]);

/** Failing runs per (day, status family, error class) from RunDaily, minus the edge days' runs outside the range. */
async function dailyClasses(filters: SummaryFilters, plan: Plan): Promise<ClassRow[]> {
  const [rows, ...outside] = await Promise.all([
    db.$queryRaw<{ day: string; statusFamily: string; errorClass: string; count: bigint }[]>`
      SELECT "day", "httpStatusFamily" AS "statusFamily", "clientErrorClass" AS "errorClass", SUM("runs") AS count
      FROM "RunDaily" WHERE ${dailyWhereSql(filters, plan.days)} AND "operatorResult" = '=fail'
      GROUP BY "day", "httpStatusFamily", "clientErrorClass"`,
    ...plan.outside.map((r) => rawClasses(filters, r)),
  ]);
  const byKey = new Map<string, { day: string; statusFamily: string | null; errorClass: string | null; count: number }>();
  for (const r of rows) {
    const row = { day: r.day, statusFamily: decoded(r.statusFamily), errorClass: decoded(r.errorClass), count: n(r.count) };
    byKey.set(classKeyOf(row), row);
  }
  for (const r of outside.flat()) {
    const row = byKey.get(classKeyOf(r));
    if (!row) throw new Error("history aggregate: failing runs outside the range are missing from their day's aggregate");
    row.count -= n(r.count);
  }
  return [...byKey.values()].filter((r) => r.count !== 0);
}

/** Failure classes in a stable order on both engines and both sources: day, then the stored values (NULL first), then the labels. */
function byDayAndClass(a: ClassRow, b: ClassRow) {
  return (
    a.day.localeCompare(b.day) ||
    (a.statusFamily ?? "").localeCompare(b.statusFamily ?? "") ||
    Number(a.statusFamily !== null) - Number(b.statusFamily !== null) ||
    (a.errorClass ?? "").localeCompare(b.errorClass ?? "") ||
    Number(a.errorClass !== null) - Number(b.errorClass !== null)
  );
}

/** Which source answers: "auto" picks the aggregates whenever they cover the filters; tests ask for either. */
export type SummarySource = "auto" | "aggregate" | "runs";

export async function historySummary(filters: SummaryFilters, now = new Date(), source: SummarySource = "auto"): Promise<HistorySummary> {
  const range = resolveRange(filters, now);
  const plan = source === "runs" || needsRuns(filters) ? null : aggregatePlan(range);
  if (source === "aggregate" && !plan) throw new Error("history aggregate: these filters need the runs themselves");

  // NOTE: everything that does not depend on another answer is asked at
  // once: on PostgreSQL each statement is a round trip (npm run bench -- history).
  const [allTargets, dayTarget, classes, rehearsals, legs] = await Promise.all([
    db.$queryRaw<TargetRow[]>`SELECT "id", "name", "environmentLabel" FROM "Target" ORDER BY "createdAt", "name"`,
    plan ? dailyDayTarget(filters, plan) : rawDayTarget(filters, range),
    plan ? dailyClasses(filters, plan) : rawClasses(filters, range),
    plan ? dailyRehearsalStats(filters, plan) : rehearsalStats(filters, range),
    fallbackLegs(filters, range),
  ]);

  // NOTE: names come from Target, not the runs' snapshots, so the GROUP BY
  // stays on the covering index Run_summary_idx (no table lookups).
  const names = new Map(allTargets.map((t) => [t.id, t.name]));
  const passRateByDay = dayTarget
    .map((r) => {
      const pass = n(r.pass);
      const fail = n(r.fail);
      const targetName = r.targetId ? (names.get(r.targetId) ?? "Deleted target") : "Deleted targets";
      return { day: r.day, targetId: r.targetId, targetName, runs: n(r.runs), pass, fail, passRate: rate(pass, fail) };
    })
    .sort((a, b) => a.day.localeCompare(b.day) || a.targetName.localeCompare(b.targetName));

  const byDay = new Map(range.days.map((day) => [day, { day, runs: 0, retryAttempts: 0, runsWithRetries: 0, primary_retained: 0, fallback_used: 0, manual_hold: 0 }]));
  for (const r of dayTarget) {
    const d = byDay.get(r.day);
    if (!d) continue;
    d.runs += n(r.runs);
    d.retryAttempts += n(r.retries);
    d.runsWithRetries += n(r.withRetries);
    d.primary_retained += n(r.retained);
    d.fallback_used += n(r.used);
    d.manual_hold += n(r.hold);
  }
  const retriesByDay = [...byDay.values()];
  const totals = retriesByDay.reduce(
    (t, d) => ({
      ...t,
      runs: t.runs + d.runs,
      retryAttempts: t.retryAttempts + d.retryAttempts,
      primary_retained: t.primary_retained + d.primary_retained,
      fallback_used: t.fallback_used + d.fallback_used,
      manual_hold: t.manual_hold + d.manual_hold,
    }),
    { runs: 0, retryAttempts: 0, primary_retained: 0, fallback_used: 0, manual_hold: 0 },
  );
  const pass = passRateByDay.reduce((s, r) => s + r.pass, 0);
  const fail = passRateByDay.reduce((s, r) => s + r.fail, 0);

  return HistorySummarySchema.parse({
    range: { from: range.from.toISOString(), to: range.to.toISOString(), days: range.days, defaulted: range.defaulted },
    totals: { ...totals, pass, fail, passRate: rate(pass, fail) },
    rehearsals,
    passRateByDay,
    failureClasses: [...classes].sort(byDayAndClass).map((c) => ({
      day: c.day,
      statusFamily: c.statusFamily ?? "none",
      errorClass: c.errorClass ?? "not recorded",
      count: n(c.count),
    })),
    retriesByDay,
    targets: await targetHealth(filters, range, allTargets, dayTarget, legs),
  });
}

/**
 * Rehearsals started in the range (target and environment filters apply),
 * in one pass over Rehearsal_startedAt_idx. "Passed on both records" = done
 * with two passing runs (a rehearsal has exactly its happy and error run).
 */
async function rehearsalStats(f: SummaryFilters, range: Range) {
  const parts: Prisma.Sql[] = [Prisma.sql`r."startedAt" >= ${range.from}`, Prisma.sql`r."startedAt" < ${range.to}`];
  if (f.targetId) parts.push(Prisma.sql`r."targetId" = ${f.targetId}`);
  if (f.environmentLabel) parts.push(Prisma.sql`r."targetId" IN (SELECT "id" FROM "Target" WHERE "environmentLabel" = ${f.environmentLabel})`);
  if (f.startedBy) parts.push(startedBySql(f.startedBy, "r"));
  const [row] = await db.$queryRaw<{ total: bigint; passedBoth: bigint | null; allDecisions: bigint | null; unreviewed: bigint | null }[]>`
    SELECT COUNT(*) AS total,
      SUM(CASE WHEN r."state" = 'done'
        AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = r."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END) AS "passedBoth",
      SUM(CASE WHEN r."decisionSafeIdentifier" IS NOT NULL AND r."decisionAccountFacts" IS NOT NULL
        AND r."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END) AS "allDecisions",
      SUM(CASE WHEN r."reviewedAt" IS NULL AND r."state" <> 'running' THEN 1 ELSE 0 END) AS unreviewed
    FROM "Rehearsal" r WHERE ${Prisma.join(parts, " AND ")}`;
  return { total: n(row?.total), passedBoth: n(row?.passedBoth), allDecisions: n(row?.allDecisions), unreviewed: n(row?.unreviewed) };
}

/** rehearsalStats from RehearsalDaily, minus the edge days' rehearsals outside the range. */
async function dailyRehearsalStats(f: SummaryFilters, plan: Plan) {
  const parts: Prisma.Sql[] = [Prisma.sql`"day" >= ${plan.days.first}`, Prisma.sql`"day" <= ${plan.days.last}`];
  if (f.targetId) parts.push(Prisma.sql`"targetKey" = ${f.targetId}`);
  if (f.environmentLabel) parts.push(Prisma.sql`"targetKey" IN (SELECT "id" FROM "Target" WHERE "environmentLabel" = ${f.environmentLabel})`);
  if (f.startedBy) parts.push(dailyStartedBySql(f.startedBy));
  const [[row], ...outside] = await Promise.all([
    db.$queryRaw<{ total: bigint | null; passedBoth: bigint | null; allDecisions: bigint | null; unreviewed: bigint | null }[]>`
      SELECT SUM("rehearsals") AS total, SUM("passedBoth") AS "passedBoth", SUM("allDecisions") AS "allDecisions", SUM("unreviewed") AS unreviewed
      FROM "RehearsalDaily" WHERE ${Prisma.join(parts, " AND ")}`,
    ...plan.outside.map((r) => rehearsalStats(f, r)),
  ]);
  const minus = (key: "total" | "passedBoth" | "allDecisions" | "unreviewed") => n(row?.[key]) - outside.reduce((s, o) => s + o[key], 0);
  return { total: minus("total"), passedBoth: minus("passedBoth"), allDecisions: minus("allDecisions"), unreviewed: minus("unreviewed") };
}

/**
 * The fallback legs each target served: attempts sent to it as the fallback
 * of another target's run, started in the range, of the runs the page's
 * other filters pick (the target filter names the fallback target itself
 * here). A target used only as a fallback has no runs of its own; without
 * this its card said "no data" after serving eight legs (issue 15).
 * NOTE: Attempt_role_startedAt_targetId_decision_runId_idx covers the count
 * (legs are a few % of attempts); a run is looked up by its key only when
 * a filter other than the range needs it.
 */
async function fallbackLegs(f: SummaryFilters, range: Range) {
  const runParts = runFilterParts({ ...f, targetId: undefined });
  const rows = await db.$queryRaw<{ targetId: string; legs: bigint | number; served: bigint | number | null }[]>`
    SELECT a."targetId" AS "targetId", COUNT(*) AS legs, SUM(CASE WHEN a."decision" = 'success' THEN 1 ELSE 0 END) AS served
    FROM "Attempt" a
    WHERE a."role" = 'fallback' AND a."startedAt" >= ${range.from} AND a."startedAt" < ${range.to}
      AND a."targetId" ${f.targetId ? Prisma.sql`= ${f.targetId}` : Prisma.sql`IS NOT NULL`}
      ${runParts.length ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Run" r WHERE r."id" = a."runId" AND ${Prisma.join(runParts, " AND ")})` : Prisma.empty}
    GROUP BY a."targetId"`;
  return new Map(rows.map((r) => [r.targetId, { legs: n(r.legs), served: n(r.served) }]));
}

/**
 * The health strip: per target, pass rate over the range under the page's
 * filters (the same day/target rows as the charts, so the cards and the
 * summary cannot disagree), the fallback legs it served, and, over all time,
 * last pass, last fail and the current streak (on one path when filtered).
 */
async function targetHealth(
  f: SummaryFilters,
  range: { from: Date; to: Date },
  /** Every target, oldest first (the strip's order). */
  allTargets: TargetRow[],
  days: DayTargetRow[],
  legs: Map<string, { legs: number; served: number }>,
): Promise<TargetHealth[]> {
  const targets = allTargets.filter((t) => (!f.targetId || t.id === f.targetId) && (!f.environmentLabel || t.environmentLabel === f.environmentLabel || legs.has(t.id)));
  const { last, streaks } = await lastResultsAndStreaks(targets.map((t) => t.id), f.path, range.to);
  return targets.map((t) => {
    const { lastPass, lastFail } = last.get(t.id) ?? { lastPass: null, lastFail: null };
    const mine = days.filter((d) => d.targetId === t.id);
    const pass = mine.reduce((a, d) => a + n(d.pass), 0);
    const fail = mine.reduce((a, d) => a + n(d.fail), 0);
    return {
      targetId: t.id,
      targetName: t.name,
      environmentLabel: t.environmentLabel,
      runs: mine.reduce((a, d) => a + n(d.runs), 0),
      pass,
      fail,
      passRate: rate(pass, fail),
      fallbackLegs: legs.get(t.id)?.legs ?? 0,
      fallbackLegsServed: legs.get(t.id)?.served ?? 0,
      lastPassAt: lastPass?.toISOString() ?? null,
      lastFailAt: lastFail?.toISOString() ?? null,
      streak: streaks.get(t.id) ?? null,
    };
  });
}

/** A timestamp as a raw query returns it: a Date (PostgreSQL) or Prisma's ISO-8601 text (SQLite). */
function storedDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]$|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
}

/**
 * Per target, over all time before `to` (and on one path when filtered):
 * the last pass, the last fail, and how many runs the current streak holds.
 * NOTE: two statements for every target at once; per-target Prisma model
 * queries (1 + 3 per target) cost ~25 ms of the summary at 1 000 000 runs,
 * almost all of it Prisma's query compiler (npm run bench -- history).
 * MAX over Run_targetId_operatorResult_checkedAt_idx is what findFirst's
 * "newest first" read; the streak counts the current result's runs after
 * the other result's last one.
 */
async function lastResultsAndStreaks(ids: string[], path: string | undefined, to: Date) {
  const last = new Map<string, { lastPass: Date | null; lastFail: Date | null }>();
  const streaks = new Map<string, NonNullable<TargetHealth["streak"]>>();
  if (ids.length === 0) return { last, streaks };
  const onPath = path ? Prisma.sql` AND r."path" = ${path}` : Prisma.empty;
  const newest = (result: string) =>
    Prisma.sql`(SELECT MAX(r."checkedAt") FROM "Run" r WHERE r."targetId" = t."id" AND r."operatorResult" = ${result} AND r."checkedAt" < ${to}${onPath})`;
  const rows = await db.$queryRaw<{ id: string; lastPass: unknown; lastFail: unknown }[]>`
    SELECT t."id" AS id, ${newest("pass")} AS "lastPass", ${newest("fail")} AS "lastFail"
    FROM "Target" t WHERE t."id" IN (${Prisma.join(ids)})`;
  const counts: Prisma.Sql[] = [];
  const current = new Map<string, "pass" | "fail">();
  for (const r of rows) {
    const lastPass = storedDate(r.lastPass);
    const lastFail = storedDate(r.lastFail);
    last.set(r.id, { lastPass, lastFail });
    if (!lastPass && !lastFail) continue;
    const result = !lastFail || (lastPass && lastPass > lastFail) ? "pass" : "fail";
    const other = result === "pass" ? lastFail : lastPass;
    current.set(r.id, result);
    counts.push(Prisma.sql`SELECT CAST(${r.id} AS TEXT) AS id, (SELECT COUNT(*) FROM "Run" r WHERE r."targetId" = ${r.id} AND r."operatorResult" = ${result}
      AND r."checkedAt" < ${to}${other ? Prisma.sql` AND r."checkedAt" > ${other}` : Prisma.empty}${onPath}) AS n`);
  }
  if (counts.length) {
    for (const c of await db.$queryRaw<{ id: string; n: bigint | number }[]>`${Prisma.join(counts, " UNION ALL ")}`) {
      streaks.set(c.id, { result: current.get(c.id)!, count: n(c.n) });
    }
  }
  return { last, streaks };
}

/** GET /api/history/summary: the run filters without paging, with a sane range. */
export const SummaryQuerySchema = RunFiltersSchema.omit({ limit: true, cursor: true }).superRefine((v, ctx) => {
  // NOTE: one bound is a range too (the other is now, or the default span):
  // `from=1970-01-01` alone once skipped this and summed beyond its day list.
  if (v.from || v.to) {
    const r = resolveRange(v, new Date());
    if (r.to <= r.from) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from." });
    else if (r.to.getTime() - r.from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `A summary covers at most ${MAX_RANGE_DAYS} days.` });
    }
  }
});
