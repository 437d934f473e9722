import { looksLikeSecret } from "@/lib/shared/secret-guard";
import { backoffSchedule } from "@/lib/smoke/backoff";
import { expectationChecks, expectationText, minimumAssertions, type Scenario } from "@/lib/smoke/expectations";
import { decideFallback, describeLeg, type LegResult } from "@/lib/smoke/fallback";
import type { EgressContext } from "@/lib/smoke/egress-fetch";
import { httpAttempt, newSpanId, newTraceId, refused } from "@/lib/smoke/http-attempt";
import { describeOutcome, errorClass, errorType, isAvailabilityFailure, isSuccess, outcomeFamily, type AttemptOutcome } from "@/lib/smoke/outcome";
import { profileFor, retryVerdict } from "@/lib/smoke/profiles";
import type { Admission } from "@/lib/smoke/breaker";
import { resilience } from "@/lib/smoke/resilience";
import { sanitizeSummary } from "@/lib/smoke/sanitize";
import type { Attempt, Check, FallbackDecision, StatusFamily, StreamTermination } from "@/lib/smoke/schema";
import type { StreamProgress } from "@/lib/smoke/stream-read";

/** The parts of a target a run needs, snapshotted when the run starts. */
export type TargetSnapshot = {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  credential: string | undefined;
  /** Set when the target may not send at all (its credential variable is not allowed): the record's words. */
  refusal?: string | null;
  providerProfile: string;
  timeoutMs: number;
  maxTokens: number;
  retryCeiling: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  retryAfterCapMs: number;
  /** Send `stream: true`; no bytes for streamIdleTimeoutMs ends the stream (docs/decisions/110). */
  stream?: boolean;
  streamIdleTimeoutMs?: number;
};

export type RunPlan = Scenario & {
  traceId?: string;
  primary: TargetSnapshot;
  /** Where the primary leg is actually sent (differs for sandbox-replayed scenarios). */
  primaryRequest: LegRequest;
  fallback: TargetSnapshot | null;
  /** Shared retry budget / breaker key of the primary leg (sandbox replays get their own). */
  primaryResilienceKey?: string;
  /** Every credential value in play, removed from any text before it is kept. */
  knownSecrets: string[];
  /** The egress policy every attempt of this run is checked against. */
  egress: EgressContext;
};

export type LegRequest = { baseUrl: string; model: string; credential: string | undefined; refusal?: string | null };

export type RunHooks = {
  /** Called as each attempt finishes (the live view and the record). */
  onAttempt?: (a: Attempt) => void | Promise<void>;
  /** A streamed attempt's progress: counts and the first-token time, never the text. */
  onStreamProgress?: (p: StreamProgress) => void;
  /** Called as each attempt is sent: the live view's "attempt N of at most C+1" and its timeout. */
  onAttemptStart?: (a: AttemptStart) => void;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
};

export type RunOutcome = {
  traceId: string;
  durationMs: number;
  httpStatusCode: number | null;
  httpStatusFamily: StatusFamily;
  clientErrorClass: string;
  retryAttempts: number;
  fallbackDecision: FallbackDecision;
  fallbackReason: string;
  requestId: string | null;
  responseObjectFamily: string;
  contractResult: "pass" | "fail" | "not_checked";
  sanitizedErrorSummary: string;
  operatorResult: "pass" | "fail";
  expectation: string;
  notes: string;
  checks: Check[];
  attempts: Attempt[];
  /** The primary leg's last attempt as a stream; null when the run did not stream. */
  stream: RunStreamFacts | null;
};

/** The record's streaming fields; termination null when no stream began (an error status, no answer). */
export type RunStreamFacts = { timeToFirstByteMs: number | null; timeToFirstTokenMs: number | null; chunks: number; termination: StreamTermination | null };

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** The attempt being sent: its leg, number in the leg (1-based), the leg's ceiling and timeouts. */
export type AttemptStart = { leg: "primary" | "fallback"; attempt: number; ceiling: number; startedAt: Date; timeoutMs: number; idleTimeoutMs: number | null };

type LegRun = LegResult & { last: AttemptOutcome | null; stoppedByLimit: boolean };

/**
 * Executes one smoke run: the primary leg with bounded retries, then the
 * fallback leg when the fallback rule allows it, then the record's facts and
 * checks. Probe outcomes are data: a 503 is a successfully recorded failure.
 */
export async function executeRun(plan: RunPlan, hooks: RunHooks = {}): Promise<RunOutcome> {
  const traceId = plan.traceId ?? newTraceId();
  const started = performance.now();
  const attempts: Attempt[] = [];
  const sleep = hooks.sleep ?? ((ms: number) => defaultSleep(ms, hooks.signal));

  function refusedAttempt(role: "primary" | "fallback", target: TargetSnapshot, request: LegRequest, outcome: AttemptOutcome, profileId: string): Attempt {
    return {
      seq: attempts.length,
      targetId: target.id,
      targetName: target.name,
      role,
      spanId: newSpanId(),
      serverAddress: hostOf(request.baseUrl),
      startedAt: new Date().toISOString(),
      durationMs: 0,
      statusCode: null,
      statusFamily: "none",
      errorClass: errorClass(outcome),
      errorType: errorType(outcome),
      requestId: null,
      retryAfterMs: null,
      waitMs: 0,
      decision: "stop",
      decisionRule: `${profileId}: not-sent:credential-not-allowed`,
      profile: profileId,
      contractResult: null,
      sanitizedSummary: sanitizeSummary(describeOutcome(outcome, target.timeoutMs), plan.knownSecrets),
    };
  }

  async function runLeg(role: "primary" | "fallback", target: TargetSnapshot, request: LegRequest, mayFallBack: boolean): Promise<LegRun> {
    const profile = profileFor(target.providerProfile);
    const nextBackoff = backoffSchedule(target.backoffBaseMs, target.backoffMaxMs);
    const key = role === "primary" ? (plan.primaryResilienceKey ?? target.id) : target.id;
    let last: AttemptOutcome | null = null;
    let count = 0;
    let stopNote: string | null = null;
    let stoppedByLimit = false;
    let lastConfigError = false;
    /** A retry token taken but not yet used by a sent attempt. */
    let heldRetry = false;

    for (let n = 0; ; n++) {
      // NOTE: a leg that may not send (credential not allowed) never touches the breaker or budget.
      if (request.refusal) {
        const outcome = refused("credential", request.refusal);
        last = outcome;
        count++;
        const attempt = refusedAttempt(role, target, request, outcome, profile.id);
        attempts.push(attempt);
        await hooks.onAttempt?.(attempt);
        lastConfigError = true;
        break;
      }
      const admission = resilience.admit(key);
      if (!admission.send) {
        stopNote = breakerStopNote(admission);
        stoppedByLimit = true;
        if (heldRetry) resilience.returnRetry(key);
        break;
      }
      if (n === 0) resilience.noteFirstAttempt(key);
      heldRetry = false;
      const spanId = newSpanId();
      const startedAt = new Date();
      let outcome: AttemptOutcome;
      try {
        const stream = target.stream ? { idleTimeoutMs: target.streamIdleTimeoutMs ?? 5000, onProgress: hooks.onStreamProgress } : null;
        hooks.onAttemptStart?.({ leg: role, attempt: count + 1, ceiling: target.retryCeiling, startedAt, timeoutMs: target.timeoutMs, idleTimeoutMs: stream?.idleTimeoutMs ?? null });
        outcome = await httpAttempt({ ...request, maxTokens: target.maxTokens, timeoutMs: target.timeoutMs, traceId, profile, signal: hooks.signal, egress: plan.egress, stream }, spanId);
      } catch (err) {
        resilience.settle(key, admission, "not_sent");
        throw err;
      }
      resilience.settle(key, admission, outcome.kind === "refused" ? "not_sent" : isAvailabilityFailure(outcome) ? "failure" : "success");
      count++;
      last = outcome;
      const verdict = retryVerdict(profile, outcome);
      let decision: Attempt["decision"] = "stop";
      let rule = verdict.rule;
      let waitMs = 0;
      if (isSuccess(outcome)) {
        decision = "success";
      } else if (outcome.stream?.midStreamFailure) {
        // NOTE: once a chunk has arrived a retry would send the prompt again: never (docs/decisions/110).
        rule = `mid-stream-failure (${outcome.stream.midStreamFailure} after ${outcome.stream.chunks} chunk${outcome.stream.chunks === 1 ? "" : "s"}): never retried`;
      } else if (verdict.retry) {
        if (n >= target.retryCeiling) {
          rule = `${verdict.rule} → retry-ceiling-reached (${target.retryCeiling})`;
        } else if (outcome.retryAfterMs !== null && outcome.retryAfterMs > target.retryAfterCapMs) {
          rule = `${verdict.rule} → retry-after-over-cap (${outcome.retryAfterMs} ms > ${target.retryAfterCapMs} ms)`;
          stopNote = `provider asked to wait ${formatMs(outcome.retryAfterMs)}, over the ${formatMs(target.retryAfterCapMs)} cap; stopped instead of waiting`;
          stoppedByLimit = true;
        } else if (resilience.isOpen(key)) {
          rule = `${verdict.rule} → circuit-open`;
          stopNote = breakerStopNote(resilience.admit(key), false);
          stoppedByLimit = true;
        } else if (!resilience.takeRetry(key)) {
          rule = `${verdict.rule} → retry-budget-exhausted`;
          stopNote = "the target's shared retry budget is spent; no more retries in this window";
          stoppedByLimit = true;
        } else {
          decision = "retry";
          heldRetry = true;
          waitMs = Math.max(nextBackoff(), outcome.retryAfterMs ?? 0);
          if (outcome.retryAfterMs !== null) rule = `${verdict.rule} (Retry-After ${outcome.retryAfterMs} ms honoured)`;
        }
      }
      lastConfigError = !!verdict.configError;
      if (decision === "stop" && mayFallBack && isAvailabilityFailure(outcome) && !verdict.configError) decision = "fallback";
      const attempt: Attempt = {
        seq: attempts.length,
        targetId: target.id,
        targetName: target.name,
        role,
        spanId,
        serverAddress: hostOf(request.baseUrl),
        startedAt: startedAt.toISOString(),
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        statusFamily: outcomeFamily(outcome),
        errorClass: errorClass(outcome),
        errorType: errorType(outcome),
        requestId: safeRequestId(outcome.requestId, plan.knownSecrets),
        retryAfterMs: outcome.retryAfterMs,
        waitMs,
        decision,
        decisionRule: `${profile.id}: ${rule}`,
        profile: profile.id,
        contractResult: outcome.contract && outcome.statusCode && outcome.statusCode < 300 ? outcome.contract.contract : null,
        sanitizedSummary: sanitizeSummary(describeOutcome(outcome, target.timeoutMs), plan.knownSecrets),
        ...(target.stream ? attemptStreamFields(outcome) : {}),
      };
      attempts.push(attempt);
      await hooks.onAttempt?.(attempt);
      if (decision !== "retry") break;
      await sleep(waitMs);
      if (hooks.signal?.aborted) break;
    }

    const o = last;
    return {
      attempts: count,
      retries: Math.max(0, count - 1),
      succeeded: !!o && isSuccess(o),
      contractFailure: !!o && o.kind === "response" && (o.statusCode ?? 0) >= 200 && (o.statusCode ?? 0) < 300 && o.contract?.contract !== "pass" && !o.stream?.midStreamFailure,
      availabilityFailure: !lastConfigError && (!o || isAvailabilityFailure(o)),
      statusPhrase: o ? (o.kind === "response" ? `${outcomeFamily(o)} (${o.statusCode})` : o.kind === "refused" ? `not sent (${o.refusal?.reason === "credential" ? "credential variable not allowed" : "egress policy"})` : `no response (${o.kind === "timeout" ? "timeout" : "connection error"})`) : "no response",
      errorClass: o ? errorClass(o) : "CircuitOpenError",
      stopNote,
      stoppedByLimit,
      last: o,
    };
  }

  const primary = await runLeg("primary", plan.primary, plan.primaryRequest, plan.fallback !== null);
  let fallback: LegRun | null = null;
  if (!primary.succeeded && !primary.contractFailure && primary.availabilityFailure && plan.fallback) {
    fallback = await runLeg("fallback", plan.fallback, { baseUrl: plan.fallback.baseUrl, model: plan.fallback.model, credential: plan.fallback.credential, refusal: plan.fallback.refusal }, false);
  }
  const verdict = decideFallback({ primary, fallback, fallbackConfigured: plan.fallback !== null });

  const last = primary.last;
  const primaryAttempts = attempts.filter((a) => a.role === "primary");
  const lastPrimary = primaryAttempts[primaryAttempts.length - 1];
  const facts = {
    httpStatusCode: last?.statusCode ?? null,
    httpStatusFamily: last ? outcomeFamily(last) : ("none" as StatusFamily),
    clientErrorClass: primary.errorClass,
    retryAttempts: primary.retries,
    retryCeiling: plan.primary.retryCeiling,
    fallbackDecision: verdict.decision,
    fallbackReason: sanitizeSummary(verdict.reason, plan.knownSecrets),
    traceId,
    sanitizedErrorSummary: primary.succeeded
      ? "none"
      : lastPrimary?.sanitizedSummary ?? sanitizeSummary(primary.stopNote ?? "no request sent", plan.knownSecrets),
    contractResult: (last && last.kind === "response" && last.statusCode && last.statusCode < 300 && last.contract ? last.contract.contract : "not_checked") as "pass" | "fail" | "not_checked",
    stoppedByLimit: primary.stoppedByLimit,
    fallbackPassed: !!fallback?.succeeded,
    fallbackConfigured: plan.fallback !== null,
  };
  const checks = [...minimumAssertions(facts), ...expectationChecks(plan, facts)];
  const operatorResult = checks.every((c) => c.passed) ? "pass" : "fail";
  const failed = checks.filter((c) => !c.passed).map((c) => c.name);
  const notes = sanitizeSummary(
    `${describeLeg("primary", primary)}; ${verdict.decision}. ${operatorResult === "pass" ? "Behaved and recorded as expected for this path." : `Not as expected: ${failed.join(", ")}.`}`,
    plan.knownSecrets,
  );

  return {
    ...facts,
    durationMs: Math.round(performance.now() - started),
    requestId: lastPrimary?.requestId ?? null,
    responseObjectFamily: last?.contract?.objectFamily ?? (last ? (last.kind === "response" ? "none" : last.kind === "refused" ? "not_sent" : "no_response") : "not_sent"),
    operatorResult,
    expectation: expectationText({ ...plan, stream: plan.primary.stream }),
    notes,
    checks,
    attempts,
    stream: plan.primary.stream ? runStreamFacts(last) : null,
  };
}

function attemptStreamFields(o: AttemptOutcome): Pick<Attempt, "timeToFirstByteMs" | "timeToFirstTokenMs" | "streamChunks" | "streamTermination"> {
  const f = runStreamFacts(o);
  return { timeToFirstByteMs: f.timeToFirstByteMs, timeToFirstTokenMs: f.timeToFirstTokenMs, streamChunks: f.chunks, streamTermination: f.termination };
}

function runStreamFacts(o: AttemptOutcome | null): RunStreamFacts {
  const s = o?.stream;
  if (!s) return { timeToFirstByteMs: null, timeToFirstTokenMs: null, chunks: 0, termination: null };
  return { timeToFirstByteMs: s.timeToFirstByteMs, timeToFirstTokenMs: s.timeToFirstTokenMs, chunks: s.chunks, termination: s.termination };
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return "unknown";
  }
}

/** A provider request id, unless it carries a credential or looks like one. */
function safeRequestId(id: string | null, knownSecrets: string[]): string | null {
  if (!id || knownSecrets.some((v) => v && id.includes(v)) || looksLikeSecret(id)) return null;
  return sanitizeId(id);
}

/** Request ids are provider-generated; keep them bounded and plain. */
function sanitizeId(id: string) {
  return id.replace(/[^A-Za-z0-9_.:-]/g, "").slice(0, 100) || null;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Why the breaker stopped a leg, with since when it is open and when it may probe. */
function breakerStopNote(a: Admission, notSent = true): string {
  const tail = notSent ? "; request not sent" : "; no retry sent";
  if (a.send) return `circuit open${tail}`;
  if (a.reason === "probe_in_flight") return `circuit half-open since ${isoSeconds(a.openedAt)}: another run is sending the one probe to this target${tail}`;
  return `circuit open since ${isoSeconds(a.openedAt)} (availability failures on this target); next probe allowed at ${isoSeconds(a.nextProbeAt ?? a.openedAt)}${tail}`;
}

function formatMs(ms: number) {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
