import "server-only";
import { ensureOwnerFromEnv } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { startInstance } from "@/lib/instances/lease";
import { seedSandboxTargets } from "@/lib/targets/seed";
import { startHistoryScheduler } from "@/lib/schedule/start";
import { listenForBreakerOpenings } from "@/lib/notify/events";
import { startNotifyWorker } from "@/lib/notify/worker";
import { startTelemetry } from "@/lib/telemetry/otel";

export async function onServerStart() {
  try {
    await seedSandboxTargets();
    logger.info({}, "sandbox targets ready");
  } catch (err) {
    logger.error({ err }, "seeding sandbox targets failed");
  }
  // This process's instance lease; runs, rehearsals and slots of stopped
  // instances are marked interrupted now and on every heartbeat (decision 102).
  try {
    const swept = await startInstance();
    if (swept.runs || swept.rehearsals || swept.slots) logger.warn({ ...swept }, "work interrupted by stopped app instances marked failed");
  } catch (err) {
    logger.error({ err }, "registering this app instance failed");
  }
  // EVIDENCE_OWNER_EMAIL / EVIDENCE_OWNER_PASSWORD: the owner on first start (issue 11.2).
  try {
    const { EVIDENCE_OWNER_EMAIL, EVIDENCE_OWNER_PASSWORD } = env();
    const owner = await ensureOwnerFromEnv(EVIDENCE_OWNER_EMAIL, EVIDENCE_OWNER_PASSWORD);
    if (owner === "created") logger.info({}, "owner account created from EVIDENCE_OWNER_EMAIL");
  } catch (err) {
    logger.error({ err }, "creating the owner from EVIDENCE_OWNER_EMAIL failed");
  }
  // Notifications (issue 16, decision 130): the outbox worker (NOTIFICATIONS_WORKER=off starts none) and the breaker hook.
  // After the instance lease: a claim carries this instance's id; rows a dead instance was sending are sent again.
  try {
    listenForBreakerOpenings();
    startNotifyWorker();
  } catch (err) {
    logger.error({ err: (err as Error).name }, "starting the notification worker failed");
  }
  // OTEL_EXPORTER_OTLP_ENDPOINT: each run exported as one trace (decision 131).
  try {
    if (startTelemetry()) logger.info({}, "OpenTelemetry export of runs on");
  } catch (err) {
    logger.error({ err }, "starting the OpenTelemetry export failed; runs are not exported");
  }
  // Scheduled rehearsals (history, docs/decisions/020); SCHEDULER=off starts nothing.
  await startHistoryScheduler().catch((err: unknown) => logger.error({ err }, "starting the scheduler failed"));
}
