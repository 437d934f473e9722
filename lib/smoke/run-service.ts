import "server-only";
import { db } from "@/lib/db";
import { credentialVarAllowed, readCredential, SANDBOX_CREDENTIAL_VAR, sandboxBaseUrl } from "@/lib/env";
import type { EgressContext } from "@/lib/smoke/egress-fetch";
import { egressPolicy, ownSandboxBases } from "@/lib/targets/egress-settings";
import { credentialNotAllowedNote } from "@/lib/targets/policy";
import { badRequest, notFound } from "@/lib/errors";
import type { Run as RunRow, Target as TargetRow } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { newTraceId } from "@/lib/smoke/http-attempt";
import { cachedTargetWithFallback } from "@/lib/targets/cache";
import { SAFE_PROMPT_ID } from "@/lib/smoke/prompt";
import { sanitizeSummary } from "@/lib/smoke/sanitize";
import { sandboxReplayKey } from "@/lib/smoke/resilience";
import { executeRun, type RunPlan, type TargetSnapshot } from "@/lib/smoke/runner";
import { checkedResponse } from "@/lib/shared/response-check";
import { runJsonOf, toRunJson } from "@/lib/smoke/records";
import { RunSchema, type Attempt, type ErrorScenario, type RunPath, type RunJson } from "@/lib/smoke/schema";
import { getRun } from "@/lib/smoke/store";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { finishRun, insertAttempt, insertFinishedRun, insertRunningRun, type StartAudit } from "@/lib/smoke/run-writer";
import { runDeadlineMs, startWatchdog } from "@/lib/smoke/watchdog";
import { instanceId } from "@/lib/instances/lease";
import { notifyScheduledRehearsalResult } from "@/lib/notify/events";
import { endStreamProgress, noteAttemptEnd, noteAttemptStart, noteStreamProgress } from "@/lib/smoke/live-stream";
import { clipAtWord } from "@/lib/shared/text";
import { exportRun } from "@/lib/telemetry/otel";
import { traceInputOf } from "@/lib/telemetry/spans";

export const INVALID_MODEL_PROBE = "evidence-packet-invalid-model-probe";

type Trigger = "manual" | "api" | "scheduled";

export type StartRunInput = {
  targetId: string;
  path: RunPath;
  errorScenario?: ErrorScenario;
  replayStatus?: number;
  notes?: string;
  /** Send with `stream: true`; default: the target's choice (docs/decisions/110). */
  stream?: boolean;
};

function snapshot(t: TargetRow, stream: boolean): TargetSnapshot {
  return {
    id: t.id,
    name: t.name,
    baseUrl: t.baseUrl,
    model: t.model,
    credential: readCredential(t.credentialEnvVar),
    // A stored target may predate the allowlist: it reads, but it does not send (decision 061).
    refusal: t.credentialEnvVar && !credentialVarAllowed(t.credentialEnvVar) ? credentialNotAllowedNote(t.credentialEnvVar) : null,
    providerProfile: t.providerProfile,
    timeoutMs: t.timeoutMs,
    maxTokens: t.maxTokens,
    retryCeiling: t.retryCeiling,
    backoffBaseMs: t.backoffBaseMs,
    backoffMaxMs: t.backoffMaxMs,
    retryAfterCapMs: t.retryAfterCapMs,
    stream,
    streamIdleTimeoutMs: t.streamIdleTimeoutMs,
  };
}

/**
 * The request plan for a path and scenario. missing_credential and
 * invalid_model go to the target's own endpoint; forced_timeout and
 * replay_status are replayed through the sandbox (a real provider cannot be
 * made to hang or answer 503 on demand) with the target's policy and profile.
 */
export function buildPlan(target: TargetRow, fallback: TargetRow | null, input: StartRunInput, traceId: string, egress: EgressContext): RunPlan {
  // NOTE: the run's choice holds for both legs: a streaming client falls back to a stream too.
  const stream = input.stream ?? target.stream;
  const primary = snapshot(target, stream);
  const sandboxCredential = readCredential(SANDBOX_CREDENTIAL_VAR);
  let primaryRequest: RunPlan["primaryRequest"] = { baseUrl: primary.baseUrl, model: primary.model, credential: primary.credential, refusal: primary.refusal };
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
        primaryRequest = { baseUrl: sandboxBaseUrl(), model: "hang", credential: sandboxCredential, refusal: primary.refusal };
        primaryResilienceKey = sandboxReplayKey(target.id);
        break;
      case "replay_status":
        primaryRequest = { baseUrl: sandboxBaseUrl(), model: `status-${input.replayStatus ?? 503}`, credential: sandboxCredential, refusal: primary.refusal };
        primaryResilienceKey = sandboxReplayKey(target.id);
        break;
    }
  }
  const fb = fallback ? snapshot(fallback, stream) : null;
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
    egress,
  };
}

async function loadTarget(targetId: string) {
  const target = await cachedTargetWithFallback(targetId);
  if (!target) throw notFound("Target");
  return target;
}

type RunCreateData = Omit<RunRow, "id" | "finishedAt" | "durationMs" | "httpStatusCode" | "httpStatusFamily" | "clientErrorClass" | "retryAttempts" | "fallbackDecision" | "fallbackReason" | "requestId" | "responseObjectFamily" | "contractResult" | "operatorResult" | "sanitizedErrorSummary" | "expectation" | "notes" | "checks" | "promptId" | StreamFactColumns>;
type StreamFactColumns = "timeToFirstByteMs" | "timeToFirstTokenMs" | "streamChunks" | "streamTermination";
const NO_STREAM_FACTS = { timeToFirstByteMs: null, timeToFirstTokenMs: null, streamChunks: null, streamTermination: null };

/**
 * A run still going after this long gets its `running` row (the live view
 * and interrupted-run recovery see it); a faster one is written once, when it
 * finishes. NOTE: the live view polls every 350 ms. docs/decisions/034.
 */
const LIVE_ROW_AFTER_MS = 200;

/** Who started a run, and whether its start goes into the audit log (not for a rehearsal's own runs). */
export type RunOpts = { trigger?: Trigger; rehearsalId?: string; actor?: Actor; auditStart?: boolean };

async function prepare(input: StartRunInput, opts: RunOpts) {
  if (input.path === "error" && !input.errorScenario) throw badRequest("An error-path run needs an errorScenario.", [{ path: "errorScenario", message: "Required for path error." }]);
  const target = await loadTarget(input.targetId);
  const traceId = newTraceId();
  const plan = buildPlan(target, target.fallbackTarget, input, traceId, { policy: await egressPolicy(), sandboxBases: ownSandboxBases() });
  const runData: RunCreateData = {
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
    startedByKind: opts.actor?.kind ?? null,
    startedById: opts.actor?.id ?? null,
    startedByLabel: opts.actor?.label ?? null,
    instanceId: instanceId(),
    stream: !!plan.primary.stream,
  };
  const startAudit: StartAudit = opts.actor && opts.auditStart !== false && !opts.rehearsalId ? { ip: opts.actor.ip ?? null } : null;
  return { runData, plan, startAudit };
}

/** The run's row: written at once, or only when something needs it (a live attempt, the timer, the finish). */
function runRow(runData: RunCreateData, startAudit: StartAudit) {
  let created: Promise<number> | null = null;
  return {
    startAudit,
    ensure: () => (created ??= insertRunningRun(runData, startAudit)),
    /**
     * The run's one write when nothing needed its row before. Later ensure()
     * calls (the live-row timer firing while this write waits on the
     * database, the watchdog) get this row's id instead of inserting another.
     */
    writeFinished: (write: () => Promise<number>) => (created ??= write()),
    written: () => created !== null,
  };
}

/**
 * Creates the run row and executes it in the background. `done` resolves
 * with the finished record; it never rejects (infrastructure faults mark the
 * run failed and are logged). For callers that need the id at once (`202`).
 */
export async function startRun(
  input: StartRunInput,
  opts: RunOpts = {},
): Promise<{ id: number; done: Promise<RunJson> }> {
  const { runData, plan, startAudit } = await prepare(input, opts);
  // NOTE: the first attempt starts while the run row is being written.
  const row = runRow(runData, startAudit);
  const created = row.ensure();
  const done = execute(row, runData, plan, input.notes);
  const id = await created;
  return { id, done };
}

/**
 * Runs to completion and returns the stored record — for callers that wait
 * anyway (`?wait=true`, rehearsals, the scheduler). A run that finishes
 * within LIVE_ROW_AFTER_MS is persisted with one write (the run and its
 * attempts in one transaction), nothing else on its request path. Rejects
 * only when the record cannot be written at all.
 */
export async function runToCompletion(input: StartRunInput, opts: RunOpts = {}): Promise<RunJson> {
  const { runData, plan, startAudit } = await prepare(input, opts);
  const row = runRow(runData, startAudit);
  const timer = setTimeout(() => void row.ensure().catch(() => undefined), LIVE_ROW_AFTER_MS);
  timer.unref?.();
  try {
    return await execute(row, runData, plan, input.notes);
  } finally {
    clearTimeout(timer);
  }
}

async function execute(row: ReturnType<typeof runRow>, runData: RunCreateData, plan: RunPlan, operatorNotes?: string): Promise<RunJson> {
  // NOTE: attempts that lead to another attempt are written for the live view
  // while the run goes on (not awaited on the request path: the backoff wait
  // overlaps them); the run's last attempt is written together with the
  // outcome, in one transaction (see the bench and docs/decisions/034).
  // The watchdog (lib/smoke/watchdog.ts, decision 051) ends the run if any step
  // outlives the policy's bound; its record then stands, not the runner's.
  const dog = startWatchdog(runDeadlineMs(plan));
  dog.step("sending attempt 1");
  const finalAttempts: Attempt[] = [];
  const liveWrites: Promise<void>[] = [];
  const traceId = plan.traceId!;
  const running = executeRun(plan, {
    signal: dog.signal,
    onStreamProgress: plan.primary.stream ? (p) => noteStreamProgress(traceId, p) : undefined,
    onAttemptStart: (a) => noteAttemptStart(traceId, a),
    onAttempt: (a) => {
      noteAttemptEnd(traceId);
      if (dog.fired) return;
      if (a.decision === "retry" || a.decision === "fallback") {
        const write = row.ensure().then((id) => insertAttempt(id, a));
        write.catch(() => undefined); // awaited (and reported) before the run is finished
        liveWrites.push(write);
        dog.step(a.decision === "retry" ? `waiting to send attempt ${a.seq + 2}` : `sending the fallback attempt (attempt ${a.seq + 2})`);
      } else {
        finalAttempts.push(a);
        dog.step("recording the outcome");
      }
    },
  });
  let runId: number | null = null;
  if (row.written()) {
    try {
      runId = await row.ensure();
    } catch {
      dog.stop();
      // startRun has already reported the failure to its caller; nobody awaits this.
      running.catch(() => undefined);
      return new Promise<RunJson>(() => undefined);
    }
  }
  // NOTE: a run that outlives its deadline has long passed LIVE_ROW_AFTER_MS,
  // so its row exists (or is being written) when the watchdog fires.
  const ended = dog.expired.then((reason) => endByWatchdog(row, runData, reason));
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
        notes: operatorNotes ? clipAtWord(`${outcome.notes} Operator: ${sanitizeSummary(operatorNotes, plan.knownSecrets)}`, 600) : outcome.notes,
        checks: JSON.stringify(outcome.checks),
        ...(outcome.stream
          ? { timeToFirstByteMs: outcome.stream.timeToFirstByteMs, timeToFirstTokenMs: outcome.stream.timeToFirstTokenMs, streamChunks: outcome.stream.chunks, streamTermination: outcome.stream.termination }
          : NO_STREAM_FACTS),
      };
      if (row.written()) {
        runId = await row.ensure();
        await Promise.all(liveWrites);
        // Only a run still `running` is finished: if the watchdog's record landed first, it stands.
        const finishedNow = await finishRun(runId, result, finalAttempts);
        if (!finishedNow && dog.fired) return ended;
      } else {
        runId = await row.writeFinished(() => insertFinishedRun(runData, result, finalAttempts, row.startAudit));
      }
      // The stored record, built from what was just written (no read-back).
      // NOTE: checked against RunSchema in development and tests only, like
      // every response type (decision 041): its values are the ones just
      // written, and tests/integration/run-writes.test.ts compares it with
      // the stored record as GET /api/runs/:id reads it (strictly).
      const stored: RunRow = { ...runData, ...result, id: runId, promptId: SAFE_PROMPT_ID };
      const json = checkedResponse(RunSchema, runJsonOf(stored, outcome.checks, outcome.attempts), "run");
      // The record is written: its trace goes to the collector in the background (decision 131).
      exportRun(traceInputOf(json, { primary: plan.primaryRequest.baseUrl, fallback: plan.fallback?.baseUrl }));
      return json;
    } catch (err) {
      if (dog.fired) return ended;
      logger.error({ runId, err: (err as Error).name }, "smoke run failed on infrastructure");
      if (runId === null) throw err;
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
    endStreamProgress(traceId);
  }
}

/**
 * The watchdog's record: failed, and why; the runner's late outcome is not
 * written. The caller gets it by the deadline plus WATCHDOG_WRITE_WAIT_MS
 * even if the database is slow to take the write, which then lands when it can.
 */
const WATCHDOG_WRITE_WAIT_MS = 5_000;
async function endByWatchdog(row: ReturnType<typeof runRow>, runData: RunCreateData, reason: string): Promise<RunJson> {
  const finishedAt = new Date();
  const write = row.ensure().then((runId) =>
    db.run.updateMany({ where: { id: runId, state: "running" }, data: { state: "failed", finishedAt, notes: reason } }).then((res) => {
      logger.warn({ runId, ended: res.count === 1 }, "run ended by the watchdog");
      return getRun(runId);
    }),
  );
  write.catch((err: unknown) => logger.error({ err: (err as Error).name }, "the watchdog could not record the end of a run"));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<RunJson>((resolve) => {
    timer = setTimeout(() => {
      logger.warn({}, "run ended by the watchdog; its record is not written yet");
      const empty = { durationMs: null, httpStatusCode: null, httpStatusFamily: null, clientErrorClass: null, retryAttempts: 0, fallbackDecision: null, fallbackReason: null, requestId: null, responseObjectFamily: null, contractResult: null, operatorResult: null, sanitizedErrorSummary: null, expectation: null, checks: "[]", ...NO_STREAM_FACTS };
      // The id is unknown only if the row itself could not be written in time; 0 then.
      void row.ensure().then(
        (runId) => resolve(toRunJson({ ...runData, ...empty, id: runId, promptId: SAFE_PROMPT_ID, state: "failed", finishedAt, notes: reason, attempts: [] })),
        () => resolve(toRunJson({ ...runData, ...empty, id: 0, promptId: SAFE_PROMPT_ID, state: "failed", finishedAt, notes: reason, attempts: [] })),
      );
    }, WATCHDOG_WRITE_WAIT_MS);
  });
  try {
    return await Promise.race([write, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a rehearsal still running. A scheduled one's failure goes into the
 * notification outbox in the same transaction (issue 16, decision 130).
 */
async function closeRehearsal(id: string, state: "done" | "failed", trigger: Trigger) {
  const finishedAt = new Date();
  if (trigger !== "scheduled") {
    await db.rehearsal.updateMany({ where: { id, state: "running" }, data: { state, finishedAt } });
    return;
  }
  await db.$transaction(async (tx) => {
    const closed = await tx.rehearsal.updateMany({ where: { id, state: "running" }, data: { state, finishedAt } });
    if (closed.count === 1) await notifyScheduledRehearsalResult(tx, id, finishedAt);
  });
}

/**
 * A rehearsal: the happy run, then the controlled error run, on one target.
 * `scheduledSlot` makes the rehearsal unique per (target, slot) — a second
 * claim of the same slot fails with Prisma's P2002.
 */
export async function startRehearsal(
  input: { targetId: string; errorScenario?: ErrorScenario; replayStatus?: number; stream?: boolean },
  opts: { trigger?: Trigger; scheduledSlot?: Date; actor?: Actor } = {},
): Promise<{ id: string; done: Promise<void> }> {
  const target = await loadTarget(input.targetId);
  const errorScenario = input.errorScenario ?? "missing_credential";
  const actor = opts.actor;
  const rehearsal = await db.$transaction(async (tx) => {
    const created = await tx.rehearsal.create({
      data: {
        targetId: target.id,
        targetName: target.name,
        errorScenario,
        trigger: opts.trigger ?? "manual",
        state: "running",
        scheduledSlot: opts.scheduledSlot ?? null,
        startedByKind: actor?.kind ?? null,
        startedById: actor?.id ?? null,
        startedByLabel: actor?.label ?? null,
        instanceId: instanceId(),
      },
      select: { id: true },
    });
    if (actor) await audit({ actor, action: "rehearsal_started", subjectType: "rehearsal", subjectId: created.id, detail: `${target.name} · ${errorScenario}` }, tx);
    return created;
  });
  const trigger = opts.trigger ?? "manual";
  const done = (async () => {
    try {
      await runToCompletion({ targetId: target.id, path: "happy", stream: input.stream }, { trigger, rehearsalId: rehearsal.id, actor });
      await runToCompletion({ targetId: target.id, path: "error", errorScenario, replayStatus: input.replayStatus, stream: input.stream }, { trigger, rehearsalId: rehearsal.id, actor });
      // Only a rehearsal still running: one the lease sweep marked interrupted stays so (decision 102).
      await closeRehearsal(rehearsal.id, "done", trigger);
    } catch (err) {
      logger.error({ rehearsalId: rehearsal.id, err: (err as Error).name }, "rehearsal failed on infrastructure");
      await closeRehearsal(rehearsal.id, "failed", trigger).catch(() => undefined);
    }
  })();
  return { id: rehearsal.id, done };
}
