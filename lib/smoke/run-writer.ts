import "server-only";
import type { SqlQueryable } from "@prisma/driver-adapter-utils";
import { dbConnection } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { inTransaction, toQuery } from "@/lib/shared/driver-sql";
import type { Attempt } from "@/lib/smoke/schema";

/**
 * The runner's writes, as plain SQL instead of Prisma model calls, sent to
 * Prisma's driver adapter directly (the same connection and lock as `db`).
 * NOTE: measured on this machine, a nested `run.update({ attempts:
 * { create } })` cost ~8.7 ms and a `run.create` ~2.6 ms (Prisma's JS query
 * compiler); the same rows as `$queryRaw` in a `$transaction` ~1.7–2 ms, of
 * which SQLite's own work is a fraction; through the adapter ~0.4 ms. The
 * runner's budget is 3 ms per run in total (npm run bench, docs/decisions/034
 * and 054). Quoted identifiers, `RETURNING` and bound parameters only: the
 * SQL is the same on SQLite and PostgreSQL.
 */
export type RunningRun = {
  targetId: string | null;
  targetName: string;
  rehearsalId: string | null;
  path: string;
  errorScenario: string | null;
  replayStatus: number | null;
  trigger: string;
  state: string;
  providerProfile: string;
  environmentLabel: string;
  endpointFamily: string;
  model: string;
  credentialConfigured: boolean;
  retryCeiling: number;
  traceId: string;
  checkedAt: Date;
  startedByKind: string | null;
  startedById: string | null;
  startedByLabel: string | null;
  /** The app instance running it (decision 102). */
  instanceId: string | null;
};

export type FinishedRun = {
  state: string;
  finishedAt: Date;
  durationMs: number;
  httpStatusCode: number | null;
  httpStatusFamily: string;
  clientErrorClass: string;
  retryAttempts: number;
  fallbackDecision: string;
  fallbackReason: string;
  requestId: string | null;
  responseObjectFamily: string;
  contractResult: string;
  sanitizedErrorSummary: string;
  operatorResult: string;
  expectation: string;
  notes: string;
  checks: string;
};

/**
 * The audit entry for a run someone started (issue 11.6), written in the
 * transaction that creates the run row; it finds the run by its trace id as
 * the attempts do. Runs inside a rehearsal are covered by the rehearsal's entry.
 */
export type StartAudit = { ip: string | null } | null;

function auditRunStarted(q: SqlQueryable, r: RunningRun, a: NonNullable<StartAudit>, runId: number) {
  const detail = `${r.targetName} · ${r.path}${r.errorScenario ? ` (${r.errorScenario})` : ""}`.slice(0, 500);
  return q.executeRaw(toQuery(q.provider, Prisma.sql`
    INSERT INTO "AuditEvent" ("at", "actorKind", "actorId", "actorLabel", "action", "subjectType", "subjectId", "detail", "ipAddress")
    VALUES (${r.checkedAt}, ${r.startedByKind ?? "system"}, ${r.startedById}, ${r.startedByLabel ?? "system"}, 'run_started', 'run', ${String(runId)}, ${detail}, ${a.ip})`));
}

/** The run row, state `running`, so the live view and `202` have an id. */
export async function insertRunningRun(r: RunningRun, startAudit: StartAudit = null): Promise<number> {
  const insert = Prisma.sql`
    INSERT INTO "Run" ("targetId", "targetName", "rehearsalId", "path", "errorScenario", "replayStatus", "trigger", "state", "providerProfile",
      "environmentLabel", "endpointFamily", "model", "credentialConfigured", "retryCeiling", "traceId", "checkedAt",
      "startedByKind", "startedById", "startedByLabel", "instanceId")
    VALUES (${r.targetId}, ${r.targetName}, ${r.rehearsalId}, ${r.path}, ${r.errorScenario}, ${r.replayStatus}, ${r.trigger}, ${r.state}, ${r.providerProfile},
      ${r.environmentLabel}, ${r.endpointFamily}, ${r.model}, ${r.credentialConfigured}, ${r.retryCeiling}, ${r.traceId}, ${r.checkedAt},
      ${r.startedByKind}, ${r.startedById}, ${r.startedByLabel}, ${r.instanceId})
    RETURNING "id"`;
  const c = await dbConnection();
  if (!startAudit) return insertedId(await c.queryRaw(toQuery(c.provider, insert)));
  return inTransaction(c, async (tx) => {
    const id = insertedId(await tx.queryRaw(toQuery(tx.provider, insert)));
    await auditRunStarted(tx, r, startAudit, id);
    return id;
  });
}

/** The id a `RETURNING "id"` statement gave back (the adapter hands 64-bit integers over as text). */
function insertedId(result: { rows: unknown[][] }): number {
  return Number(result.rows[0][0]);
}

function attemptValues(runId: number, a: Attempt) {
  return Prisma.sql`(${runId}, ${a.seq}, ${a.targetId}, ${a.targetName}, ${a.role}, ${a.spanId}, ${a.serverAddress}, ${new Date(a.startedAt)}, ${a.durationMs},
    ${a.statusCode}, ${a.statusFamily}, ${a.errorClass}, ${a.errorType}, ${a.requestId}, ${a.retryAfterMs}, ${a.waitMs}, ${a.decision}, ${a.decisionRule},
    ${a.profile}, ${a.contractResult}, ${a.sanitizedSummary})`;
}

function insertAttempts(q: SqlQueryable, runId: number, attempts: Attempt[]) {
  return q.executeRaw(toQuery(q.provider, Prisma.sql`
    INSERT INTO "Attempt" ("runId", "seq", "targetId", "targetName", "role", "spanId", "serverAddress", "startedAt", "durationMs",
      "statusCode", "statusFamily", "errorClass", "errorType", "requestId", "retryAfterMs", "waitMs", "decision", "decisionRule",
      "profile", "contractResult", "sanitizedSummary")
    VALUES ${Prisma.join(attempts.map((a) => attemptValues(runId, a)))}`));
}

/**
 * A run that finished before anything needed its row: the run and its
 * attempts in one transaction.
 */
export async function insertFinishedRun(r: RunningRun, f: FinishedRun, attempts: Attempt[], startAudit: StartAudit = null): Promise<number> {
  const insertRun = Prisma.sql`
    INSERT INTO "Run" ("targetId", "targetName", "rehearsalId", "path", "errorScenario", "replayStatus", "trigger", "providerProfile",
      "environmentLabel", "endpointFamily", "model", "credentialConfigured", "retryCeiling", "traceId", "checkedAt",
      "startedByKind", "startedById", "startedByLabel", "instanceId",
      "state", "finishedAt", "durationMs", "httpStatusCode", "httpStatusFamily", "clientErrorClass", "retryAttempts", "fallbackDecision", "fallbackReason",
      "requestId", "responseObjectFamily", "contractResult", "sanitizedErrorSummary", "operatorResult", "expectation", "notes", "checks")
    VALUES (${r.targetId}, ${r.targetName}, ${r.rehearsalId}, ${r.path}, ${r.errorScenario}, ${r.replayStatus}, ${r.trigger}, ${r.providerProfile},
      ${r.environmentLabel}, ${r.endpointFamily}, ${r.model}, ${r.credentialConfigured}, ${r.retryCeiling}, ${r.traceId}, ${r.checkedAt},
      ${r.startedByKind}, ${r.startedById}, ${r.startedByLabel}, ${r.instanceId},
      ${f.state}, ${f.finishedAt}, ${f.durationMs}, ${f.httpStatusCode}, ${f.httpStatusFamily}, ${f.clientErrorClass}, ${f.retryAttempts}, ${f.fallbackDecision}, ${f.fallbackReason},
      ${f.requestId}, ${f.responseObjectFamily}, ${f.contractResult}, ${f.sanitizedErrorSummary}, ${f.operatorResult}, ${f.expectation}, ${f.notes}, ${f.checks})
    RETURNING "id"`;
  const c = await dbConnection();
  if (attempts.length === 0 && !startAudit) return insertedId(await c.queryRaw(toQuery(c.provider, insertRun)));
  return inTransaction(c, async (tx) => {
    const id = insertedId(await tx.queryRaw(toQuery(tx.provider, insertRun)));
    if (attempts.length) await insertAttempts(tx, id, attempts);
    if (startAudit) await auditRunStarted(tx, r, startAudit, id);
    return id;
  });
}

/** An attempt that leads to another one, written at once for the live view. */
export async function insertAttempt(runId: number, attempt: Attempt): Promise<void> {
  await insertAttempts(await dbConnection(), runId, [attempt]);
}

/**
 * The finished run and its remaining attempts: one transaction. Only a run
 * still `running` is finished — a record the watchdog wrote first stands
 * (decision 051). Returns whether this write finished the run.
 */
export async function finishRun(runId: number, r: FinishedRun, attempts: Attempt[]): Promise<boolean> {
  const update = Prisma.sql`
    UPDATE "Run" SET "state" = ${r.state}, "finishedAt" = ${r.finishedAt}, "durationMs" = ${r.durationMs}, "httpStatusCode" = ${r.httpStatusCode},
      "httpStatusFamily" = ${r.httpStatusFamily}, "clientErrorClass" = ${r.clientErrorClass}, "retryAttempts" = ${r.retryAttempts},
      "fallbackDecision" = ${r.fallbackDecision}, "fallbackReason" = ${r.fallbackReason}, "requestId" = ${r.requestId},
      "responseObjectFamily" = ${r.responseObjectFamily}, "contractResult" = ${r.contractResult}, "sanitizedErrorSummary" = ${r.sanitizedErrorSummary},
      "operatorResult" = ${r.operatorResult}, "expectation" = ${r.expectation}, "notes" = ${r.notes}, "checks" = ${r.checks}
    WHERE "id" = ${runId} AND "state" = 'running'`;
  const c = await dbConnection();
  if (attempts.length === 0) return (await c.executeRaw(toQuery(c.provider, update))) === 1;
  return inTransaction(c, async (tx) => {
    const updated = await tx.executeRaw(toQuery(tx.provider, update));
    await insertAttempts(tx, runId, attempts);
    return updated === 1;
  });
}
