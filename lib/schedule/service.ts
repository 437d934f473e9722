import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import type { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { describeCron, nextSlots } from "@/lib/schedule/cron";
import { ScheduleSchema, type Schedule, type ScheduleInputSchema } from "@/lib/schedule/schema";

const RECENT = 10;

async function toSchedule(t: { id: string; name: string; environmentLabel: string; scheduleCron: string | null; scheduleEnabled: boolean }, now: Date): Promise<Schedule> {
  const [recent, missed] = await Promise.all([
    db.scheduleSlot.findMany({
      where: { targetId: t.id },
      orderBy: { slot: "desc" },
      take: RECENT,
      select: { slot: true, status: true, reason: true, rehearsalId: true },
    }),
    db.scheduleSlot.count({ where: { targetId: t.id, status: "missed", slot: { gte: new Date(now.getTime() - 7 * 86_400_000) } } }),
  ]);
  const preview = t.scheduleCron ? describeCron(t.scheduleCron) : null;
  return ScheduleSchema.parse({
    targetId: t.id,
    targetName: t.name,
    environmentLabel: t.environmentLabel,
    cron: t.scheduleCron,
    enabled: t.scheduleEnabled,
    preview,
    nextSlots: t.scheduleCron && t.scheduleEnabled && preview ? nextSlots(t.scheduleCron, now, 3).map((d) => d.toISOString()) : [],
    recentSlots: recent.map((r) => ({ ...r, slot: r.slot.toISOString() })),
    missedLast7Days: missed,
  });
}

const select = { id: true, name: true, environmentLabel: true, scheduleCron: true, scheduleEnabled: true } as const;

export async function listSchedules(now = new Date()): Promise<Schedule[]> {
  const targets = await db.target.findMany({ select, orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
  return Promise.all(targets.map((t) => toSchedule(t, now)));
}

export async function getSchedule(targetId: string, now = new Date()): Promise<Schedule> {
  const t = await db.target.findUnique({ where: { id: targetId }, select });
  if (!t) throw notFound("Target");
  return toSchedule(t, now);
}

/**
 * Setting a schedule touches Target.updatedAt, which the scheduler takes as
 * the schedule's start: slots before it are never reported as missed.
 */
export async function setSchedule(targetId: string, input: z.output<typeof ScheduleInputSchema>, actor: Actor, now = new Date()): Promise<Schedule> {
  return writeSchedule(targetId, input, actor, now, (name) => ({ action: "schedule_changed", detail: `${name}: ${input.cron ?? "no schedule"}${input.enabled ? "" : " (paused)"}` }));
}

/** `DELETE /api/history/schedules/:targetId`: the target keeps running on demand, never on a schedule. */
export async function removeSchedule(targetId: string, actor: Actor, now = new Date()): Promise<Schedule> {
  return writeSchedule(targetId, { cron: null, enabled: false }, actor, now, (name) => ({ action: "schedule_removed", detail: name }));
}

async function writeSchedule(
  targetId: string,
  input: z.output<typeof ScheduleInputSchema>,
  actor: Actor,
  now: Date,
  describe: (targetName: string) => { action: "schedule_changed" | "schedule_removed"; detail: string },
): Promise<Schedule> {
  const exists = await db.target.findUnique({ where: { id: targetId }, select: { id: true, name: true } });
  if (!exists) throw notFound("Target");
  await db.$transaction(async (tx) => {
    await tx.target.update({ where: { id: targetId }, data: { scheduleCron: input.cron, scheduleEnabled: input.enabled, updatedAt: now } });
    await audit({ actor, subjectType: "target", subjectId: targetId, ...describe(exists.name) }, tx);
  });
  return getSchedule(targetId, now);
}
