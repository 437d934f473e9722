import "server-only";
import { Cron } from "croner";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { remember } from "@/lib/shared/registry";
import { createScheduler, type RunRehearsal } from "@/lib/schedule/scheduler";
import { SCHEDULE_ACTOR } from "@/lib/auth/actor";
import { startRehearsal } from "@/lib/smoke/run-service";
import { instanceId } from "@/lib/instances/lease";

// croner only wakes the scheduler once a minute; every decision is in
// tick(now). SCHEDULER=off (tests, benches, extra processes) starts nothing.

const running = remember("schedule.running", () => ({ scheduler: undefined as { stop: () => void } | undefined }));

export async function startScheduler(runRehearsal: RunRehearsal) {
  if (env().SCHEDULER === "off" || running.scheduler) return;
  const scheduler = createScheduler({
    db,
    runRehearsal,
    instanceId,
    onError: (err, ctx) => logger.error({ ...ctx, err: err instanceof Error ? err.message : String(err) }, "scheduled rehearsal failed"),
  });
  // Slots left running by stopped instances are closed by the instance lease sweep (lib/instances/lease.ts, decision 102).
  const wake = async () => {
    const outcomes = await scheduler.tick(new Date());
    for (const o of outcomes) if (o.status !== "taken") logger.info(o, `schedule slot ${o.status}`);
  };
  // Catch up once on start: records the slots missed while the server was down.
  await wake().catch((err: unknown) => logger.error({ err: (err as Error).message }, "scheduler tick failed"));
  const job = new Cron("* * * * *", { timezone: "UTC", protect: true, catch: (err) => logger.error({ err: String(err) }, "scheduler tick failed") }, wake);
  running.scheduler = { stop: () => job.stop() };
}

/**
 * The real wiring: a due slot starts the engine's rehearsal, marked
 * `trigger: "scheduled"` with its slot (unique per target). The engine's
 * `done` never rejects, so an infrastructure failure is read back from the
 * rehearsal's state and recorded on the slot.
 */
export const runScheduledRehearsal: RunRehearsal = async (targetId, slot) => {
  const started = await startRehearsal({ targetId }, { trigger: "scheduled", scheduledSlot: slot, actor: SCHEDULE_ACTOR });
  return {
    id: started.id,
    done: started.done.then(async () => {
      const r = await db.rehearsal.findUnique({ where: { id: started.id }, select: { state: true } });
      if (r?.state === "failed") throw new Error("The rehearsal failed on infrastructure; see the server log.");
    }),
  };
};

/** Called from lib/server-start.ts. */
export function startHistoryScheduler() {
  return startScheduler(runScheduledRehearsal);
}
