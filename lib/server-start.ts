import "server-only";
import { logger } from "@/lib/log";
import { markInterrupted } from "@/lib/smoke/run-service";
import { seedSandboxTargets } from "@/lib/targets/seed";
import { startHistoryScheduler } from "@/lib/schedule/start";

export async function onServerStart() {
  try {
    await seedSandboxTargets();
    logger.info({}, "sandbox targets ready");
    const interrupted = await markInterrupted();
    if (interrupted) logger.warn({ interrupted }, "runs interrupted by the previous stop marked failed");
  } catch (err) {
    logger.error({ err }, "seeding sandbox targets failed");
  }
  // Scheduled rehearsals (history, docs/decisions/020); SCHEDULER=off starts nothing.
  await startHistoryScheduler().catch((err: unknown) => logger.error({ err }, "starting the scheduler failed"));
}
