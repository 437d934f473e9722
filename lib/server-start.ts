import "server-only";
import { logger } from "@/lib/log";
import { seedSandboxTargets } from "@/lib/targets/seed";

export async function onServerStart() {
  try {
    await seedSandboxTargets();
    logger.info({}, "sandbox targets ready");
  } catch (err) {
    logger.error({ err: (err as Error).message }, "seeding sandbox targets failed");
  }
}
