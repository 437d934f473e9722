import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { checkCron, slotsBetween } from "@/lib/schedule/cron";

// The scheduler's core is `tick(now)`: a function of the clock and the
// database. croner only decides *when* to call it (once a minute), so tests
// drive it with a fake clock and a "restart" is a new instance over the same
// SQLite file. Design and trade-offs: docs/decisions/020-scheduler-slots.md.

export type RunRehearsal = (targetId: string, slot: Date) => Promise<{ id: string; done: Promise<void> }>;

export type SlotOutcome = {
  targetId: string;
  slot: string;
  /** started: this instance claimed it and started a rehearsal; taken: another instance (or an earlier tick) had it. */
  status: "started" | "missed" | "skipped" | "failed" | "taken";
};

export type SchedulerOptions = {
  db: PrismaClient;
  runRehearsal: RunRehearsal;
  /** How late a slot may still start. Older slots are recorded as missed. */
  graceMs?: number;
  /** Missed slots recorded per target per tick (the newest ones). */
  maxMissedPerTick?: number;
  onError?: (err: unknown, ctx: { targetId: string; slot?: string }) => void;
  /**
   * This app instance (lib/instances/lease.ts), recorded on every slot it
   * claims: its lease is the slot's lease (decision 102). Read per claim —
   * an instance that lost its lease continues under a new id.
   */
  instanceId?: () => string;
};

const MISSED_REASON = "Slot passed while the scheduler was not running (server down or blocked); not run late.";
const BUSY_REASON = "The previous scheduled rehearsal on this target was still running.";
const BUSY_ELSEWHERE_REASON = "The previous scheduled rehearsal on this target was still running on another app instance.";

function isUniqueViolation(err: unknown) {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

function safeReason(err: unknown) {
  const msg = err instanceof Error ? err.message : String(err);
  // Bounded and low-cardinality, like every stored error summary.
  return msg.replace(/[A-Za-z0-9_\-]{32,}/g, "<redacted>").slice(0, 240);
}

export function createScheduler(opts: SchedulerOptions) {
  const { db, runRehearsal } = opts;
  const graceMs = opts.graceMs ?? 60_000;
  const maxMissed = opts.maxMissedPerTick ?? 500;
  // NOTE: one scheduled rehearsal at a time per target, per process. The slot
  // claim (unique index) is what keeps a slot from running twice anywhere.
  const inFlight = new Map<string, Promise<void>>();

  async function recordMissed(targetId: string, cron: string, slots: Date[], omitted: number) {
    if (slots.length === 0) return;
    const rows = slots.map((slot, i) => ({
      targetId,
      cron,
      slot,
      status: "missed",
      reason: i === 0 && omitted > 0 ? `${MISSED_REASON} ${omitted} earlier slots were not listed.` : MISSED_REASON,
    }));
    try {
      await db.scheduleSlot.createMany({ data: rows });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Another instance recorded some of them first: keep what is new.
      for (const row of rows) {
        await db.scheduleSlot.create({ data: row }).catch((e: unknown) => {
          if (!isUniqueViolation(e)) throw e;
        });
      }
    }
  }

  async function tickTarget(t: { id: string; scheduleCron: string; updatedAt: Date }, now: Date, out: SlotOutcome[]) {
    const check = checkCron(t.scheduleCron);
    if (!check.ok) return;
    const cron = check.normalized;
    const last = await db.scheduleSlot.findFirst({ where: { targetId: t.id }, orderBy: { slot: "desc" }, select: { slot: true } });
    // Slots count from the last one handled, or from when the schedule was
    // set (a target's updatedAt), so enabling a schedule never back-fills.
    const baseline = last && last.slot > t.updatedAt ? last.slot : t.updatedAt;
    const { slots, omitted } = slotsBetween(cron, baseline, now, maxMissed + 1);
    if (slots.length === 0) return;
    const latest = slots[slots.length - 1];
    const runnable = now.getTime() - latest.getTime() <= graceMs;
    const missed = runnable ? slots.slice(0, -1) : slots;
    await recordMissed(t.id, cron, missed, omitted);
    for (const m of missed) out.push({ targetId: t.id, slot: m.toISOString(), status: "missed" });
    if (!runnable) return;

    const slotIso = latest.toISOString();
    const me = opts.instanceId?.() ?? null;
    // NOTE: one at a time per target across instances too: a slot another
    // live instance still runs is in `claimed`/`started` (a dead instance's
    // is closed as `interrupted` by the lease sweep, lib/instances/lease.ts).
    const busyElsewhere =
      !inFlight.has(t.id) &&
      (await db.scheduleSlot.findFirst({
        where: { targetId: t.id, status: { in: ["claimed", "started"] }, slot: { lt: latest }, NOT: { instanceId: me } },
        select: { id: true },
      })) !== null;
    if (inFlight.has(t.id) || busyElsewhere) {
      try {
        await db.scheduleSlot.create({ data: { targetId: t.id, cron, slot: latest, status: "skipped", reason: busyElsewhere ? BUSY_ELSEWHERE_REASON : BUSY_REASON, instanceId: me } });
        out.push({ targetId: t.id, slot: slotIso, status: "skipped" });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        out.push({ targetId: t.id, slot: slotIso, status: "taken" });
      }
      return;
    }
    // The claim: whoever inserts (targetId, slot) first runs it.
    let claimId: number;
    try {
      claimId = (await db.scheduleSlot.create({ data: { targetId: t.id, cron, slot: latest, status: "claimed", instanceId: me }, select: { id: true } })).id;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      out.push({ targetId: t.id, slot: slotIso, status: "taken" });
      return;
    }
    let started: { id: string; done: Promise<void> };
    try {
      started = await runRehearsal(t.id, latest);
    } catch (err) {
      await db.scheduleSlot.updateMany({ where: { id: claimId, status: "claimed" }, data: { status: "failed", reason: safeReason(err) } });
      out.push({ targetId: t.id, slot: slotIso, status: "failed" });
      opts.onError?.(err, { targetId: t.id, slot: slotIso });
      return;
    }
    // NOTE: conditional on the slot's state: a slot the lease sweep closed as
    // `interrupted` (this instance was taken for dead) keeps that outcome.
    await db.scheduleSlot.updateMany({ where: { id: claimId, status: "claimed" }, data: { status: "started", rehearsalId: started.id } });
    out.push({ targetId: t.id, slot: slotIso, status: "started" });
    const settle = started.done.then(
      () => db.scheduleSlot.updateMany({ where: { id: claimId, status: "started" }, data: { status: "done" } }),
      (err: unknown) => db.scheduleSlot.updateMany({ where: { id: claimId, status: "started" }, data: { status: "failed", reason: safeReason(err) } }),
    );
    const tracked = settle
      .then(() => undefined)
      .catch((err: unknown) => opts.onError?.(err, { targetId: t.id, slot: slotIso }))
      .finally(() => inFlight.delete(t.id));
    inFlight.set(t.id, tracked);
  }

  return {
    /** Handle every slot that is due at `now` on every scheduled target. */
    async tick(now: Date): Promise<SlotOutcome[]> {
      const targets = await db.target.findMany({
        where: { scheduleEnabled: true, scheduleCron: { not: null } },
        select: { id: true, scheduleCron: true, updatedAt: true },
        orderBy: { id: "asc" },
      });
      const out: SlotOutcome[] = [];
      for (const t of targets) {
        try {
          await tickTarget({ id: t.id, scheduleCron: t.scheduleCron ?? "", updatedAt: t.updatedAt }, now, out);
        } catch (err) {
          // One target's trouble must not stop the others' schedules.
          opts.onError?.(err, { targetId: t.id });
        }
      }
      return out;
    },

    /** Resolves when every rehearsal this instance started has settled. */
    async idle() {
      await Promise.all([...inFlight.values()]);
    },

    busyTargets() {
      return [...inFlight.keys()];
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
