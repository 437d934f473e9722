import { stringify } from "yaml";
import type { Attempt as AttemptRow, Rehearsal as RehearsalRow, Run as RunRow } from "@/lib/generated/prisma/client";
import {
  CheckSchema,
  formatTestId,
  personRef,
  RunSchema,
  RunSummarySchema,
  RehearsalSchema,
  type Attempt,
  type Check,
  type EvidenceRecord,
  type RehearsalJson,
  type RunJson,
  type RunSummary,
} from "@/lib/smoke/schema";
import { z } from "zod";

// Pure mapping from stored rows to the JSON every client sees. The output
// schemas are strict, so nothing that is not a listed field can slip out.

export function toAttempt(a: AttemptRow): Attempt {
  return {
    seq: a.seq,
    targetId: a.targetId,
    targetName: a.targetName,
    role: a.role as Attempt["role"],
    spanId: a.spanId,
    serverAddress: a.serverAddress,
    startedAt: a.startedAt.toISOString(),
    durationMs: a.durationMs,
    statusCode: a.statusCode,
    statusFamily: a.statusFamily as Attempt["statusFamily"],
    errorClass: a.errorClass,
    errorType: a.errorType,
    requestId: a.requestId,
    retryAfterMs: a.retryAfterMs,
    waitMs: a.waitMs,
    decision: a.decision as Attempt["decision"],
    decisionRule: a.decisionRule,
    profile: a.profile,
    contractResult: a.contractResult as Attempt["contractResult"],
    sanitizedSummary: a.sanitizedSummary,
    // Streamed attempts only, so a record without a stream reads (and hashes) as before.
    ...(a.streamChunks !== null
      ? { timeToFirstByteMs: a.timeToFirstByteMs, timeToFirstTokenMs: a.timeToFirstTokenMs, streamChunks: a.streamChunks, streamTermination: a.streamTermination as Attempt["streamTermination"] }
      : {}),
  };
}

export function toRecord(run: RunRow, attempts: Attempt[]): EvidenceRecord {
  return {
    test_id: formatTestId(run.id),
    checked_at: run.checkedAt.toISOString(),
    environment_label: run.environmentLabel,
    endpoint_family: run.endpointFamily,
    http_status_family: run.httpStatusFamily as EvidenceRecord["http_status_family"],
    client_error_class: run.clientErrorClass,
    retry_attempts: run.retryAttempts,
    fallback_decision: run.fallbackDecision as EvidenceRecord["fallback_decision"],
    trace_id_placeholder: run.traceId,
    operator_result: run.operatorResult as EvidenceRecord["operator_result"],
    notes: run.notes ?? "",
    http_status_code: run.httpStatusCode,
    retry_ceiling: run.retryCeiling,
    response_object_family: run.responseObjectFamily,
    contract_result: run.contractResult as EvidenceRecord["contract_result"],
    sanitized_error_summary: run.sanitizedErrorSummary,
    request_id: run.requestId,
    duration_ms: run.durationMs,
    ...streamFields(run),
    attempts,
  };
}

/** The streaming fields beside the template (DESIGN.md "Streaming"); none for a run sent without a stream. */
function streamFields(run: RunRow): Partial<EvidenceRecord> {
  if (!run.stream) return {};
  return {
    stream: true,
    time_to_first_byte_ms: run.timeToFirstByteMs,
    time_to_first_token_ms: run.timeToFirstTokenMs,
    stream_chunks: run.streamChunks,
    stream_termination: run.streamTermination as EvidenceRecord["stream_termination"],
  };
}

/** The streaming fields, in DESIGN.md's order, as they follow the template in YAML and exports. */
export const STREAM_FIELDS = ["stream", "time_to_first_byte_ms", "time_to_first_token_ms", "stream_chunks", "stream_termination"] as const;

export function parseChecks(raw: string) {
  try {
    return z.array(CheckSchema).parse(JSON.parse(raw));
  } catch {
    return [];
  }
}

/** The identity fields RunSchema and RunSummarySchema share (validated by each). */
function runIdentity(run: RunRow) {
  return {
      id: run.id,
      testId: formatTestId(run.id),
      state: run.state,
      targetId: run.targetId,
      targetName: run.targetName,
      rehearsalId: run.rehearsalId,
      path: run.path,
      errorScenario: run.errorScenario,
      trigger: run.trigger,
      startedBy: actorRef(run),
  };
}

export function actorRef(r: { startedByKind: string | null; startedById: string | null; startedByLabel: string | null }) {
  return r.startedByKind && r.startedByLabel ? { kind: r.startedByKind, id: r.startedById, label: r.startedByLabel } : null;
}

export function toRunJson(run: RunRow & { attempts: AttemptRow[] }): RunJson {
  const attempts = [...run.attempts].sort((a, b) => a.seq - b.seq).map(toAttempt);
  return RunSchema.parse(runJsonOf(run, parseChecks(run.checks), attempts));
}

/**
 * The run JSON of a row whose checks and attempts are already in their JSON
 * form (attempts in `seq` order), unchecked: toRunJson checks it with
 * RunSchema; the runner checks the record it has just written in
 * development and tests only (run-service.ts, decision 041).
 */
export function runJsonOf(run: RunRow, checks: Check[], attempts: Attempt[]): z.input<typeof RunSchema> {
  // NOTE: the row's text columns (state, trigger, …) hold enum values; the cast is what RunSchema checks.
  return {
    ...runIdentity(run),
    replayStatus: run.replayStatus,
    providerProfile: run.providerProfile,
    model: run.model,
    credentialConfigured: run.credentialConfigured,
    expectation: run.expectation,
    fallbackReason: run.fallbackReason,
    checks,
    record: toRecord(run, attempts),
    attempts,
  } as z.input<typeof RunSchema>;
}

export function toRunSummary(run: RunRow): RunSummary {
  return RunSummarySchema.parse({
    ...runIdentity(run),
    checkedAt: run.checkedAt.toISOString(),
    environmentLabel: run.environmentLabel,
    httpStatusCode: run.httpStatusCode,
    httpStatusFamily: run.httpStatusFamily,
    clientErrorClass: run.clientErrorClass,
    retryAttempts: run.retryAttempts,
    fallbackDecision: run.fallbackDecision,
    operatorResult: run.operatorResult,
    contractResult: run.contractResult,
    durationMs: run.durationMs,
    traceId: run.traceId,
  });
}

export function toRehearsalJson(
  r: RehearsalRow,
  runs: (RunRow & { attempts: AttemptRow[] })[],
): RehearsalJson {
  const happy = runs.find((run) => run.path === "happy");
  const error = runs.find((run) => run.path === "error");
  return RehearsalSchema.parse({
    id: r.id,
    targetId: r.targetId,
    targetName: r.targetName,
    errorScenario: r.errorScenario,
    trigger: r.trigger,
    startedBy: actorRef(r),
    state: r.state,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    decisions: {
      safeIdentifier: r.decisionSafeIdentifier,
      accountFacts: r.decisionAccountFacts,
      holdFallback: r.decisionHoldFallback,
    },
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewComment: r.reviewComment,
    reviewedBy: personRef(r.reviewedById, r.reviewedByLabel),
    happy: happy ? toRunJson(happy) : null,
    error: error ? toRunJson(error) : null,
  });
}

/** The guide's template fields, in the guide's order. */
export const TEMPLATE_FIELDS = [
  "test_id",
  "checked_at",
  "environment_label",
  "endpoint_family",
  "http_status_family",
  "client_error_class",
  "retry_attempts",
  "fallback_decision",
  "trace_id_placeholder",
  "operator_result",
  "notes",
] as const;

/** Template values are strings, as in the guide; "not recorded" marks a gap. */
export function templateValues(record: EvidenceRecord): Record<(typeof TEMPLATE_FIELDS)[number], string> {
  const v = (x: string | number | null) => (x === null || x === "" ? "not recorded" : String(x));
  return {
    test_id: record.test_id,
    checked_at: record.checked_at.replace(/\.\d{3}Z$/, "Z"),
    environment_label: record.environment_label,
    endpoint_family: record.endpoint_family,
    http_status_family: v(record.http_status_family),
    client_error_class: v(record.client_error_class),
    retry_attempts: String(record.retry_attempts),
    fallback_decision: v(record.fallback_decision),
    trace_id_placeholder: record.trace_id_placeholder,
    operator_result: v(record.operator_result),
    notes: record.notes || record.sanitized_error_summary || "sanitized summary only",
  };
}

/** One record as the guide's "Sanitized log-record template" YAML. */
export function recordYaml(record: EvidenceRecord): string {
  // NOTE: the template's fields stay exactly the guide's; a streamed run's facts follow them.
  const values: Record<string, string> = { ...templateValues(record) };
  if (record.stream) for (const [k, v] of Object.entries(streamValues(record))) values[k] = v;
  return stringify(values, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN", lineWidth: 0 });
}

/** A streamed record's extra fields as strings ("not recorded" for a gap); all "" for a run without a stream. */
export function streamValues(record: EvidenceRecord): Record<(typeof STREAM_FIELDS)[number], string> {
  if (!record.stream) return { stream: "false", time_to_first_byte_ms: "", time_to_first_token_ms: "", stream_chunks: "", stream_termination: "" };
  const v = (x: string | number | null | undefined) => (x === null || x === undefined ? "not recorded" : String(x));
  return {
    stream: "true",
    time_to_first_byte_ms: v(record.time_to_first_byte_ms),
    time_to_first_token_ms: v(record.time_to_first_token_ms),
    stream_chunks: v(record.stream_chunks),
    stream_termination: v(record.stream_termination),
  };
}
