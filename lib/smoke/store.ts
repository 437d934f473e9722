import "server-only";
import { z } from "zod";
import { wholeNumber } from "@/lib/shared/decimal";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/shared/cursor";
import { dateRange } from "@/lib/shared/date-range";
import type { Prisma } from "@/lib/generated/prisma/client";
import { rehearsalWithLiveStream, withLiveStream } from "@/lib/smoke/live-stream";
import { toRehearsalJson, toRunJson, toRunSummary } from "@/lib/smoke/records";
import { FALLBACK_DECISIONS, OPERATOR_RESULTS, RUN_PATHS, RUN_TRIGGERS, RehearsalDecisionsSchema, STATUS_FAMILIES } from "@/lib/smoke/schema";

export async function getRun(id: number) {
  const run = await db.run.findUnique({ where: { id }, include: { attempts: true } });
  if (!run) throw notFound("Run");
  return withLiveStream(toRunJson(run));
}

/**
 * A `from`/`to` bound: an ISO date or date-time between 1970 and 9998, so
 * that "to = a bare date" (which includes that whole day) never leaves the
 * range a Date can hold.
 */
export const DateBoundSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .refine((v) => {
    const t = Date.parse(v);
    return Number.isFinite(t) && t >= 0 && t < Date.parse("9999-01-01T00:00:00Z");
  }, "Use a date between 1970-01-01 and 9998-12-31.");

/**
 * "Started by" as a filter: a user id (what they started in the browser and
 * with their API tokens) or `schedule`.
 */
export const StartedBySchema = z.string().trim().min(1).max(64);
export const SCHEDULE_PERSON = "schedule";

export function startedByWhere(v: string): Prisma.RunWhereInput & Prisma.RehearsalWhereInput {
  return v === SCHEDULE_PERSON ? { startedByKind: "schedule" } : { startedById: v };
}

/** Filters for GET /api/runs (and the history views that build on it). */
export const RunFiltersSchema = z
  .object({
    limit: wholeNumber("limit must be a whole number.").pipe(z.number().min(1).max(200)).default(50),
    cursor: z.string().max(200).optional(),
    targetId: z.string().max(64).optional(),
    path: z.enum(RUN_PATHS).optional(),
    result: z.enum(OPERATOR_RESULTS).optional(),
    environmentLabel: z.string().max(40).optional(),
    statusFamily: z.enum(STATUS_FAMILIES).optional(),
    errorClass: z.string().max(80).optional(),
    fallbackDecision: z.enum(FALLBACK_DECISIONS).optional(),
    trigger: z.enum(RUN_TRIGGERS).optional(),
    rehearsalId: z.string().max(64).optional(),
    startedBy: StartedBySchema.optional(),
    from: DateBoundSchema.optional(),
    to: DateBoundSchema.optional(),
  })
  .strict();
export type RunFilters = z.output<typeof RunFiltersSchema>;

const CursorSchema = z.object({ c: z.iso.datetime(), i: z.number().int() });

export function runWhere(f: Omit<RunFilters, "limit" | "cursor">): Prisma.RunWhereInput {
  const where: Prisma.RunWhereInput = {};
  if (f.targetId) where.targetId = f.targetId;
  if (f.path) where.path = f.path;
  if (f.result) where.operatorResult = f.result;
  if (f.environmentLabel) where.environmentLabel = f.environmentLabel;
  if (f.statusFamily) where.httpStatusFamily = f.statusFamily;
  if (f.errorClass) where.clientErrorClass = f.errorClass;
  if (f.fallbackDecision) where.fallbackDecision = f.fallbackDecision;
  if (f.trigger) where.trigger = f.trigger;
  if (f.rehearsalId) where.rehearsalId = f.rehearsalId;
  if (f.startedBy) Object.assign(where, startedByWhere(f.startedBy));
  const range = dateRange(f.from, f.to);
  if (range) where.checkedAt = range;
  return where;
}

/**
 * Runs strictly after (older than) a keyset position in (checkedAt desc, id desc).
 * NOTE (history): the redundant `checkedAt <= at` gives SQLite a range bound
 * on the index; with the OR alone it walked the index from the top, so page
 * 1 000 cost ~2x page 1 (scripts/bench/history.bench.ts).
 */
export function runsAfter(base: Prisma.RunWhereInput, at: Date, id: number): Prisma.RunWhereInput {
  return { AND: [base, { checkedAt: { lte: at } }, { OR: [{ checkedAt: { lt: at } }, { checkedAt: at, id: { lt: id } }] }] };
}

/** Keyset pagination on (checkedAt desc, id desc): page 1 000 costs what page 1 does. */
export async function listRuns(filters: RunFilters) {
  const base = runWhere(filters);
  let where: Prisma.RunWhereInput = base;
  if (filters.cursor) {
    const c = decodeCursor(filters.cursor, CursorSchema);
    where = runsAfter(base, new Date(c.c), c.i);
  }
  const rows = await db.run.findMany({
    where,
    orderBy: [{ checkedAt: "desc" }, { id: "desc" }],
    take: filters.limit + 1,
  });
  const page = rows.slice(0, filters.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > filters.limit && last ? encodeCursor({ c: last.checkedAt.toISOString(), i: last.id }) : null;
  return { items: page.map(toRunSummary), nextCursor };
}

export async function getRehearsal(id: string) {
  const r = await db.rehearsal.findUnique({ where: { id }, include: { runs: { include: { attempts: true } } } });
  if (!r) throw notFound("Rehearsal");
  return rehearsalWithLiveStream(toRehearsalJson(r, r.runs));
}

export async function updateRehearsalDecisions(id: string, input: z.output<typeof RehearsalDecisionsSchema>) {
  const exists = await db.rehearsal.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw notFound("Rehearsal");
  const norm = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v === "" ? null : v);
  await db.rehearsal.update({
    where: { id },
    data: {
      decisionSafeIdentifier: norm(input.decisionSafeIdentifier),
      decisionAccountFacts: norm(input.decisionAccountFacts),
      decisionHoldFallback: norm(input.decisionHoldFallback),
    },
  });
  return getRehearsal(id);
}
