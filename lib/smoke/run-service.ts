import "server-only";
import { db } from "@/lib/db";
import { readCredential, SANDBOX_CREDENTIAL_VAR, sandboxBaseUrl } from "@/lib/env";
import { badRequest, notFound } from "@/lib/errors";
import type { Run as RunRow, Target as TargetRow } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { newTraceId } from "@/lib/smoke/http-attempt";
import { cachedTargetWithFallback } from "@/lib/targets/cache";
import { SAFE_PROMPT_ID } from "@/lib/smoke/prompt";
import { sanitizeSummary } from "@/lib/smoke/sanitize";
import { executeRun, type RunPlan, type TargetSnapshot } from "@/lib/smoke/runner";
import { toRunJson } from "@/lib/smoke/records";
import type { Attempt, ErrorScenario, RunPath, RunJson } from "@/lib/smoke/schema";
import { getRun } from "@/lib/smoke/store";
import { runDeadlineMs, startWatchdog } from "@/lib/smoke/watchdog";

export const INVALID_MODEL_PROBE = "evidence-packet-invalid-model-probe";

type Trigger = "manual" | "api" | "scheduled";

export type StartRunInput = {
  targetId: string;
  path: RunPath;
  errorScenario?: ErrorScenario;
  replayStatus?: number;
  notes?: string;
};

function snapshot(t: TargetRow): TargetSnapshot {
  return {
    id: t.id,
    name: t.name,
    baseUrl: t.baseUrl,
    model: t.model,
    credential: readCredential(t.credentialEnvVar),
    providerProfile: t.providerProfile,
    timeoutMs: t.timeoutMs,
    maxTokens: t.maxTokens,
    retryCeiling: t.retryCeiling,
    backoffBaseMs: t.backoffBaseMs,
    backoffMaxMs: t.backoffMaxMs,
    retryAfterCapMs: t.retryAfterCapMs,
  };
}

/**
 * The request plan for a path and scenario. missing_credential and
 * invalid_model go to the target's own endpoint; forced_timeout and
 * replay_status are replayed through the sandbox (a real provider cannot be
 * made to hang or answer 503 on demand) with the target's policy and profile.
 */
export function buildPlan(target: TargetRow, fallback: TargetRow | null, input: StartRunInput, traceId: string): RunPlan {
  const primary = snapshot(target);
  const sandboxCredential = readCredential(SANDBOX_CREDENTIAL_VAR);
  let primaryRequest = { baseUrl: primary.baseUrl, model: primary.model, credential: primary.credential };
  let primaryResilienceKey: string | undefined;
  if (input.path === "error") {
    switch (input.errorScenario) {
      case "missing_credential":
        primaryRequest = { ...primaryRequest, credential: undefined };
        break;
      case "invalid_model":
        primaryRequest = { ...primaryRequest, model: INVALID_MODEL_PROBE };
        break;
      case "forced_timeout":
        primaryRequest = { baseUrl: sandboxBaseUrl(), model: "hang", credential: sandboxCredential };
        primaryResilienceKey = `${target.id}:sandbox-replay`;
        break;
      case "replay_status":
        primaryRequest = { baseUrl: sandboxBaseUrl(), model: `status-${input.replayStatus ?? 503}`, credential: sandboxCredential };
        primaryResilienceKey = `${target.id}:sandbox-replay`;
        break;
    }
  }
  const fb = fallback ? snapshot(fallback) : null;
  return {
    path: input.path,
    errorScenario: input.errorScenario ?? null,
    replayStatus: input.errorScenario === "replay_status" ? (input.replayStatus ?? 503) : null,
    traceId,
    primary,
    primaryRequest,
    primaryResilienceKey,
    fallback: fb,
    knownSecrets: [primary.credential, fb?.credential, sandboxCredential].filter((v): v is string => !!v),
  };
}

async function loadTarget(targetId: string) {
  const target = await cachedTargetWithFallback(targetId);
  if (!target) throw notFound("Target");
  return target;
}

/**
 * Creates the run row and executes it in the background. `done` resolves
 * with the finished record; it never rejects (infrastructure faults mark the
 * run failed and are logged).
 */
export async function startRun(
  input: StartRunInput,
  opts: { trigger?: Trigger; rehearsalId?: string } = {},
): Promise<{ id: number; done: Promise<RunJson> }> {
  if (input.path === "error" && !input.errorScenario) throw badRequest("An error-path run needs an errorScenario.", [{ path: "errorScenario", message: "Required for path error." }]);
  const target = await loadTarget(input.targetId);
  const traceId = newTraceId();
  const plan = buildPlan(target, target.fallbackTarget, input, traceId);
  // NOTE: the first attempt starts while the run row is being written, so
  // persisting the record costs no time on the request path (see the bench).
  const runData = {
      targetId: target.id,
      targetName: target.name,
      rehearsalId: opts.rehearsalId ?? null,
      path: input.path,
      errorScenario: input.errorScenario ?? null,
      replayStatus: plan.replayStatus,
      trigger: opts.trigger ?? "manual",
      state: "running",
      providerProfile: target.providerProfile,
      environmentLabel: target.environmentLabel,
      endpointFamily: target.endpointFamily,
      model: plan.primaryRequest.model,
      credentialConfigured: !!plan.primary.credential,
      retryCeiling: target.retryCeiling,
      traceId,
      checkedAt: new Date(),
  };
  const created = db.run.create({ data: runData, select: { id: true } }).then((r) => r.id);
  const done = execute(created, runData, plan, input.notes);
  const id = await created;
  return { id, done };
}

type RunCreateData = Omit<RunRow, "id" | "finishedAt" | "durationMs" | "httpStatusCode" | "httpStatusFamily" | "clientErrorClass" | "retryAttempts" | "fallbackDecision" | "fallbackReason" | "requestId" | "responseObjectFamily" | "contractResult" | "operatorResult" | "sanitizedErrorSummary" | "expectation" | "notes" | "checks" | "promptId">;

async function execute(created: Promise<number>, runData: RunCreateData, plan: RunPlan, operatorNotes?: string): Promise<RunJson> {
  // NOTE: attempts that lead to another attempt are written at once (the live
  // view polls them); the run's last attempt is written together with the
  // outcome, in one call — it saves a round trip on every run (see the bench).
  // The watchdog (lib/smoke/watchdog.ts, decision 051) ends the run if any step
  // outlives the policy's bound; its record then stands, not the runner's.
  const dog = startWatchdog(runDeadlineMs(plan));
  dog.step("sending attempt 1");
  const finalAttempts: Attempt[] = [];
  const running = executeRun(plan, {
    signal: dog.signal,
    onAttempt: async (a) => {
      if (dog.fired) return;
      if (a.decision === "retry" || a.decision === "fallback") {
        dog.step(`recording attempt ${a.seq + 1}`);
        await db.attempt.create({ data: { ...a, runId: await created, startedAt: new Date(a.startedAt) } });
        dog.step(a.decision === "retry" ? `waiting to send attempt ${a.seq + 2}` : `sending the fallback attempt (attempt ${a.seq + 2})`);
      } else {
        finalAttempts.push(a);
        dog.step("recording the outcome");
      }
    },
  });
  let runId: number;
  try {
    runId = await created;
  } catch {
    dog.stop();
    // startRun has already reported the failure to its caller; nobody awaits this.
    running.catch(() => undefined);
    return new Promise<RunJson>(() => undefined);
  }
  const ended = dog.expired.then((reason) => endByWatchdog(runId, runData, reason));
  ended.catch(() => undefined);
  const finished = (async (): Promise<RunJson> => {
    try {
      const outcome = await running;
      if (dog.fired) return ended;
      const result = {
        state: "done",
        finishedAt: new Date(),
        durationMs: outcome.durationMs,
        httpStatusCode: outcome.httpStatusCode,
        httpStatusFamily: outcome.httpStatusFamily,
        clientErrorClass: outcome.clientErrorClass,
        retryAttempts: outcome.retryAttempts,
        fallbackDecision: outcome.fallbackDecision,
        fallbackReason: outcome.fallbackReason,
        requestId: outcome.requestId,
        responseObjectFamily: outcome.responseObjectFamily,
        contractResult: outcome.contractResult,
        sanitizedErrorSummary: outcome.sanitizedErrorSummary,
        operatorResult: outcome.operatorResult,
        expectation: outcome.expectation,
        notes: operatorNotes ? `${outcome.notes} Operator: ${sanitizeSummary(operatorNotes, plan.knownSecrets)}`.slice(0, 600) : outcome.notes,
        checks: JSON.stringify(outcome.checks),
      };
      // `state: "running"` in the filter: if the watchdog's record landed first, it stands.
      try {
        await db.run.update({
          where: { id: runId, state: "running" },
          data: { ...result, attempts: { create: finalAttempts.map((a) => ({ ...a, startedAt: new Date(a.startedAt) })) } },
          select: { id: true },
        });
      } catch (err) {
        if (isRecordNotFound(err) && dog.fired) return ended;
        throw err;
      }
      // The stored record, built from what was just written (no read-back).
      const row: RunRow = { ...runData, ...result, id: runId, promptId: SAFE_PROMPT_ID };
      return toRunJson({ ...row, attempts: outcome.attempts.map((a) => ({ ...a, id: 0, runId, startedAt: new Date(a.startedAt) })) });
    } catch (err) {
      if (dog.fired) return ended;
      logger.error({ runId, err: (err as Error).name }, "smoke run failed on infrastructure");
      await db.run
        .updateMany({ where: { id: runId, state: "running" }, data: { state: "failed", finishedAt: new Date(), notes: "The run stopped on an internal error; no outcome was recorded. See the server log." } })
        .catch(() => undefined);
      return getRun(runId);
    }
  })();
  try {
    return await Promise.race([finished, ended]);
  } finally {
    dog.stop();
  }
}

const isRecordNotFound = (err: unknown) => (err as { code?: string })?.code === "P2025";

/**
 * The watchdog's record: failed, and why; the runner's late outcome is not
 * written. The caller gets it by the deadline plus WATCHDOG_WRITE_WAIT_MS
 * even if the database is slow to take the write, which then lands when it can.
 */
const WATCHDOG_WRITE_WAIT_MS = 5_000;
async function endByWatchdog(runId: number, runData: RunCreateData, reason: string): Promise<RunJson> {
  const finishedAt = new Date();
  const write = db.run.updateMany({ where: { id: runId, state: "running" }, data: { state: "failed", finishedAt, notes: reason } }).then((res) => {
    logger.warn({ runId, ended: res.count === 1 }, "run ended by the watchdog");
    return getRun(runId);
  });
  write.catch((err: unknown) => logger.error({ runId, err: (err as Error).name }, "the watchdog could not record the end of a run"));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<RunJson>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({ runId }, "run ended by the watchdog; its record is not written yet");
      const empty = { durationMs: null, httpStatusCode: null, httpStatusFamily: null, clientErrorClass: null, retryAttempts: 0, fallbackDecision: null, fallbackReason: null, requestId: null, responseObjectFamily: null, contractResult: null, operatorResult: null, sanitizedErrorSummary: null, expectation: null, checks: "[]" };
      resolve(toRunJson({ ...runData, ...empty, id: runId, promptId: SAFE_PROMPT_ID, state: "failed", finishedAt, notes: reason, attempts: [] }));
    }, WATCHDOG_WRITE_WAIT_MS);
  });
  try {
    return await Promise.race([write, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A rehearsal: the happy run, then the controlled error run, on one target.
 * `scheduledSlot` makes the rehearsal unique per (target, slot) — a second
 * claim of the same slot fails with Prisma's P2002.
 */
export async function startRehearsal(
  input: { targetId: string; errorScenario?: ErrorScenario; replayStatus?: number },
  opts: { trigger?: Trigger; scheduledSlot?: Date } = {},
): Promise<{ id: string; done: Promise<void> }> {
  const target = await loadTarget(input.targetId);
  const errorScenario = input.errorScenario ?? "missing_credential";
  const rehearsal = await db.rehearsal.create({
    data: {
      targetId: target.id,
      targetName: target.name,
      errorScenario,
      trigger: opts.trigger ?? "manual",
      state: "running",
      scheduledSlot: opts.scheduledSlot ?? null,
    },
    select: { id: true },
  });
  const trigger = opts.trigger ?? "manual";
  const done = (async () => {
    try {
      const happy = await startRun({ targetId: target.id, path: "happy" }, { trigger, rehearsalId: rehearsal.id });
      await happy.done;
      const error = await startRun({ targetId: target.id, path: "error", errorScenario, replayStatus: input.replayStatus }, { trigger, rehearsalId: rehearsal.id });
      await error.done;
      await db.rehearsal.update({ where: { id: rehearsal.id }, data: { state: "done", finishedAt: new Date() } });
    } catch (err) {
      logger.error({ rehearsalId: rehearsal.id, err: (err as Error).name }, "rehearsal failed on infrastructure");
      await db.rehearsal.update({ where: { id: rehearsal.id }, data: { state: "failed", finishedAt: new Date() } }).catch(() => undefined);
    }
  })();
  return { id: rehearsal.id, done };
}

/**
 * Runs and rehearsals still "running" when the server starts were cut off by
 * a stop or crash: say so instead of leaving them spinning forever.
 */
export async function markInterrupted(): Promise<number> {
  const note = "Interrupted: the server stopped before this run finished; no outcome was recorded.";
  const runs = await db.run.updateMany({ where: { state: "running" }, data: { state: "failed", finishedAt: new Date(), notes: note } });
  await db.rehearsal.updateMany({ where: { state: "running" }, data: { state: "failed", finishedAt: new Date() } });
  return runs.count;
}
