import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { z } from "zod";
import { wholeNumber } from "@/lib/shared/decimal";
import { db } from "@/lib/db";
import { decodeCursor, encodeCursor } from "@/lib/shared/cursor";
import { dateRange } from "@/lib/shared/date-range";
import { conflict, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PacketFedSchema, REVIEW_FILTERS, RehearsalListItemSchema, type PacketFed } from "@/lib/history/schema";
import { ERROR_SCENARIOS, personRef, RUN_TRIGGERS } from "@/lib/smoke/schema";
import { actorRef } from "@/lib/smoke/records";
import { DateBoundSchema, getRehearsal, StartedBySchema, startedByWhere } from "@/lib/smoke/store";
import { packetStatuses } from "@/lib/packets/service";

/** GET /api/history/rehearsals */
export const RehearsalFiltersSchema = z
  .object({
    limit: wholeNumber("limit must be a whole number.").pipe(z.number().min(1).max(200)).default(25),
    cursor: z.string().max(200).optional(),
    targetId: z.string().max(64).optional(),
    review: z.enum(REVIEW_FILTERS).default("all"),
    trigger: z.enum(RUN_TRIGGERS).optional(),
    errorScenario: z.enum(ERROR_SCENARIOS).optional(),
    startedBy: StartedBySchema.optional(),
    from: DateBoundSchema.optional(),
    to: DateBoundSchema.optional(),
  })
  .strict();
export type RehearsalFilters = z.output<typeof RehearsalFiltersSchema>;

const CursorSchema = z.object({ s: z.iso.datetime(), i: z.string().max(64) });

/** Keyset on (startedAt desc, id desc), like the runs listing. */
export async function listRehearsals(f: RehearsalFilters) {
  const base: Prisma.RehearsalWhereInput = {};
  if (f.targetId) base.targetId = f.targetId;
  if (f.trigger) base.trigger = f.trigger;
  if (f.errorScenario) base.errorScenario = f.errorScenario;
  if (f.startedBy) Object.assign(base, startedByWhere(f.startedBy));
  // Unreviewed = finished and waiting for the lead (a running one cannot be reviewed yet).
  if (f.review === "unreviewed") Object.assign(base, { reviewedAt: null, state: { not: "running" } });
  if (f.review === "reviewed") base.reviewedAt = { not: null };
  const range = dateRange(f.from, f.to);
  if (range) base.startedAt = range;
  let where = base;
  if (f.cursor) {
    const c = decodeCursor(f.cursor, CursorSchema);
    const at = new Date(c.s);
    // The redundant bound lets SQLite seek the index (see listRuns).
    where = { AND: [base, { startedAt: { lte: at } }, { OR: [{ startedAt: { lt: at } }, { startedAt: at, id: { lt: c.i } }] }] };
  }
  const rows = await db.rehearsal.findMany({
    where,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: f.limit + 1,
    include: {
      runs: { select: { path: true, operatorResult: true } },
      packets: { select: { id: true }, orderBy: { createdAt: "asc" }, take: 1 },
    },
  });
  const page = rows.slice(0, f.limit);
  // NOTE: packet status is derived by the packets' one function, never read from a column.
  const statuses = await packetStatuses(page.flatMap((r) => r.packets.map((p) => p.id)));
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > f.limit && last ? encodeCursor({ s: last.startedAt.toISOString(), i: last.id }) : null;
  const items = page.map((r) =>
    RehearsalListItemSchema.parse({
      id: r.id,
      targetId: r.targetId,
      targetName: r.targetName,
      errorScenario: r.errorScenario,
      trigger: r.trigger,
      startedBy: actorRef(r),
      reviewedBy: personRef(r.reviewedById, r.reviewedByLabel),
      state: r.state,
      startedAt: r.startedAt.toISOString(),
      scheduledSlot: r.scheduledSlot?.toISOString() ?? null,
      happyResult: r.runs.find((x) => x.path === "happy")?.operatorResult ?? null,
      errorResult: r.runs.find((x) => x.path === "error")?.operatorResult ?? null,
      decisionsRecorded: [r.decisionSafeIdentifier, r.decisionAccountFacts, r.decisionHoldFallback].filter((d) => d && d.trim()).length,
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      packet: r.packets[0] && statuses.has(r.packets[0].id) ? (({ id, title, status }) => ({ id, title, status }))(statuses.get(r.packets[0].id)!) : null,
    }),
  );
  return { items, nextCursor };
}

export async function countUnreviewed(targetId?: string) {
  return db.rehearsal.count({ where: { reviewedAt: null, state: { not: "running" }, ...(targetId ? { targetId } : {}) } });
}

/** The rehearsal with what a lead needs to review it: its packets and time to a ready packet. */
export async function getRehearsalReview(id: string) {
  const rehearsal = await getRehearsal(id);
  const ids = await db.packet.findMany({ where: { rehearsalId: id }, select: { id: true }, orderBy: { createdAt: "asc" } });
  const statuses = await packetStatuses(ids.map((p) => p.id));
  const packets = ids.map((p) => statuses.get(p.id)).filter((p) => p !== undefined);
  const started = Date.parse(rehearsal.startedAt);
  const fed: PacketFed[] = packets.map((p) =>
    PacketFedSchema.parse({
      id: p.id,
      title: p.title,
      status: p.status,
      readyAt: p.readyAt?.toISOString() ?? null,
      msToReady: p.readyAt ? Math.max(0, p.readyAt.getTime() - started) : null,
    }),
  );
  return { rehearsal, packets: fed };
}

export async function reviewRehearsal(id: string, input: { reviewed: boolean; comment?: string | null }, actor: Actor, now = new Date()) {
  const exists = await db.rehearsal.findUnique({ where: { id }, select: { state: true } });
  if (!exists) throw notFound("Rehearsal");
  if (input.reviewed && exists.state === "running") throw conflict("This rehearsal is still running; review it when both records are in.");
  await db.$transaction(async (tx) => {
    await tx.rehearsal.update({
      where: { id },
      data: input.reviewed
        ? { reviewedAt: now, reviewComment: input.comment ? input.comment : null, reviewedById: actor.id ?? null, reviewedByLabel: actor.label }
        : { reviewedAt: null, reviewComment: input.comment === undefined ? undefined : input.comment || null, reviewedById: null, reviewedByLabel: null },
    });
    await audit({ actor, action: "rehearsal_reviewed", subjectType: "rehearsal", subjectId: id, detail: input.reviewed ? "marked reviewed" : "reopened" }, tx);
  });
  return getRehearsalReview(id);
}
