import "server-only";
import { logger } from "@/lib/log";
import { markInterrupted } from "@/lib/smoke/run-service";
import { seedSandboxTargets } from "@/lib/targets/seed";

export async function onServerStart() {
  try {
    await seedSandboxTargets();
    logger.info({}, "sandbox targets ready");
    const interrupted = await markInterrupted();
    if (interrupted) logger.warn({ interrupted }, "runs interrupted by the previous stop marked failed");
  } catch (err) {
    logger.error({ err: (err as Error).message }, "seeding sandbox targets failed");
  }
}
