import { createHash } from "node:crypto";
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type SpanContext } from "@opentelemetry/api";
import { millisToHrTime, hrTimeDuration } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from "@opentelemetry/semantic-conventions";
import type { Attempt, EvidenceRecord } from "@/lib/smoke/schema";
import { APP_VERSION } from "@/lib/version";

// NOTE: incubating attribute names are copied, not imported from
// `@opentelemetry/semantic-conventions/incubating`, as OpenTelemetry advises
// (an incubating entry point may change in a minor release).
const ATTR_USER_AGENT_SYNTHETIC_TYPE = "user_agent.synthetic.type";

/** The instrumentation scope every exported span carries. */
export const SCOPE = { name: "evidence-packet.smoke-run", version: APP_VERSION } as const;

/**
 * What a run's trace is made of: the record's own facts, nothing else. The
 * sanitized summaries, notes and decision rules stay out on purpose: they are
 * written for a reviewer, and a span goes to a collector with other readers.
 */
export type RunTraceInput = {
  testId: string;
  traceId: string;
  path: string;
  errorScenario: string | null;
  checkedAt: string;
  durationMs: number | null;
  operatorResult: string | null;
  fallbackDecision: string | null;
  httpStatusFamily: string | null;
  clientErrorClass: string | null;
  retryAttempts: number;
  attempts: Attempt[];
  /** Each leg's base URL, when known (a live run); a stored record keeps only the server address. */
  baseUrls?: { primary?: string; fallback?: string };
};

/**
 * The run's root span id. The provider never saw it (it saw the attempts'
 * span ids as traceparent parent ids), so it is derived from the trace id:
 * the same run always yields the same trace, live and in a packet's export.
 */
export function rootSpanIdFor(traceId: string): string {
  const id = createHash("sha256").update(`evidence-packet run ${traceId}`).digest("hex").slice(0, 16);
  return id === "0000000000000000" ? "0000000000000001" : id;
}

const ctx = (traceId: string, spanId: string): SpanContext => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false });

function span(fields: { name: string; kind: SpanKind; context: SpanContext; parent?: SpanContext; start: HrTime; end: HrTime; attributes: Attributes; error: boolean; resource: Resource }): ReadableSpan {
  return {
    name: fields.name,
    kind: fields.kind,
    spanContext: () => fields.context,
    parentSpanContext: fields.parent,
    startTime: fields.start,
    endTime: fields.end,
    duration: hrTimeDuration(fields.start, fields.end),
    status: { code: fields.error ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
    attributes: fields.attributes,
    links: [],
    events: [],
    ended: true,
    resource: fields.resource,
    instrumentationScope: SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** `url.full` as OpenTelemetry asks for it: no user info, no query, no fragment. */
export function safeUrlFull(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined;
  try {
    const u = new URL(baseUrl);
    u.username = "";
    u.password = "";
    u.search = "";
    u.hash = "";
    u.pathname = `${u.pathname.replace(/\/$/, "")}/chat/completions`;
    return u.toString();
  } catch {
    return undefined;
  }
}

/** server.address / server.port from the URL when known, else from the record's `host[:port]`. */
function server(baseUrl: string | undefined, serverAddress: string): { address: string; port?: number } {
  try {
    if (baseUrl) {
      const u = new URL(baseUrl);
      return { address: u.hostname.replace(/^\[|\]$/g, ""), port: u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80 };
    }
    const u = new URL(`http://${serverAddress}`);
    return { address: u.hostname.replace(/^\[|\]$/g, ""), ...(u.port ? { port: Number(u.port) } : {}) };
  } catch {
    return { address: serverAddress };
  }
}

function attemptAttributes(a: Attempt, resendCount: number, baseUrl: string | undefined): Attributes {
  const where = server(baseUrl, a.serverAddress);
  const url = safeUrlFull(baseUrl);
  const attrs: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: "POST",
    [ATTR_SERVER_ADDRESS]: where.address,
    ...(where.port !== undefined ? { [ATTR_SERVER_PORT]: where.port } : {}),
    ...(url ? { [ATTR_URL_FULL]: url } : {}),
    ...(a.statusCode !== null ? { [ATTR_HTTP_RESPONSE_STATUS_CODE]: a.statusCode } : {}),
    ...(a.errorType ? { [ATTR_ERROR_TYPE]: a.errorType } : {}),
    // Set on resent requests only, as the HTTP semantic conventions ask.
    ...(resendCount > 0 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: resendCount } : {}),
    [ATTR_USER_AGENT_SYNTHETIC_TYPE]: "test",
    "evidence_packet.attempt.role": a.role,
    "evidence_packet.attempt.decision": a.decision,
    ...(a.errorClass && a.errorClass !== "none" ? { "evidence_packet.client_error_class": a.errorClass } : {}),
  };
  return attrs;
}

/**
 * One run as one trace: a root span for the run (INTERNAL) and a CLIENT span
 * per attempt with the record's own trace and span ids — the ids the
 * provider received in `traceparent` (docs/decisions/131).
 */
export function runSpans(run: RunTraceInput, resource: Resource): ReadableSpan[] {
  const root = ctx(run.traceId, rootSpanIdFor(run.traceId));
  const startMs = Date.parse(run.checkedAt);
  const attemptEnds = run.attempts.map((a) => Date.parse(a.startedAt) + a.durationMs);
  const endMs = Math.max(startMs + (run.durationMs ?? 0), ...attemptEnds);
  const sent = { primary: 0, fallback: 0 };
  const children = run.attempts.map((a) => {
    const resend = sent[a.role]++;
    const start = Date.parse(a.startedAt);
    return span({
      name: "POST",
      kind: SpanKind.CLIENT,
      context: ctx(run.traceId, a.spanId),
      parent: root,
      start: millisToHrTime(start),
      end: millisToHrTime(start + a.durationMs),
      attributes: attemptAttributes(a, resend, run.baseUrls?.[a.role]),
      error: a.decision !== "success",
      resource,
    });
  });
  const rootSpan = span({
    name: `smoke run ${run.path}`,
    kind: SpanKind.INTERNAL,
    context: root,
    start: millisToHrTime(startMs),
    end: millisToHrTime(endMs),
    attributes: {
      [ATTR_USER_AGENT_SYNTHETIC_TYPE]: "test",
      "evidence_packet.test_id": run.testId,
      "evidence_packet.path": run.path,
      ...(run.errorScenario ? { "evidence_packet.error_scenario": run.errorScenario } : {}),
      ...(run.operatorResult ? { "evidence_packet.operator_result": run.operatorResult } : {}),
      ...(run.fallbackDecision ? { "evidence_packet.fallback_decision": run.fallbackDecision } : {}),
      ...(run.httpStatusFamily ? { "evidence_packet.http_status_family": run.httpStatusFamily } : {}),
      ...(run.clientErrorClass && run.clientErrorClass !== "none" ? { "evidence_packet.client_error_class": run.clientErrorClass } : {}),
      "evidence_packet.retry_attempts": run.retryAttempts,
    },
    // NOTE: the run as a check failed (not the expected behaviour); an error path that behaved is not an error.
    error: run.operatorResult === "fail",
    resource,
  });
  return [rootSpan, ...children];
}

/** ExportTraceServiceRequest in OTLP JSON (what an OTLP/HTTP JSON exporter sends), as a value. */
export function otlpJson(spans: ReadableSpan[]): unknown {
  const bytes = JsonTraceSerializer.serializeRequest(spans);
  return bytes ? JSON.parse(new TextDecoder().decode(bytes)) : { resourceSpans: [] };
}

/** A record (a run's, or one attached to a packet) as the input of its trace. */
export function traceInputOf(r: { path: string; errorScenario: string | null; record: EvidenceRecord }, baseUrls?: RunTraceInput["baseUrls"]): RunTraceInput {
  const rec = r.record;
  return {
    testId: rec.test_id,
    traceId: rec.trace_id_placeholder,
    path: r.path,
    errorScenario: r.errorScenario,
    checkedAt: rec.checked_at,
    durationMs: rec.duration_ms,
    operatorResult: rec.operator_result,
    fallbackDecision: rec.fallback_decision,
    httpStatusFamily: rec.http_status_family,
    clientErrorClass: rec.client_error_class,
    retryAttempts: rec.retry_attempts,
    attempts: rec.attempts,
    baseUrls,
  };
}
