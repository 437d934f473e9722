import "server-only";
import { logger } from "@/lib/log";
import { seedSandboxTargets } from "@/lib/targets/seed";
import { startHistoryScheduler } from "@/lib/schedule/start";

export async function onServerStart() {
  try {
    await seedSandboxTargets();
    logger.info({}, "sandbox targets ready");
  } catch (err) {
    logger.error({ err: (err as Error).message }, "seeding sandbox targets failed");
  }
  // Scheduled rehearsals (history, docs/decisions/020); SCHEDULER=off starts nothing.
  await startHistoryScheduler().catch((err: unknown) => logger.error({ err: (err as Error).message }, "starting the scheduler failed"));
}
