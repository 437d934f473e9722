import { findSecrets } from "@/lib/shared/secret-guard";
import { SUMMARY_MAX } from "@/lib/smoke/sanitize";
import type { Check, ErrorScenario, FallbackDecision, RunPath, StatusFamily } from "@/lib/smoke/schema";

/** The facts a finished run recorded, as the checks see them. */
export type RecordedFacts = {
  httpStatusCode: number | null;
  httpStatusFamily: StatusFamily;
  clientErrorClass: string;
  retryAttempts: number;
  retryCeiling: number;
  fallbackDecision: FallbackDecision;
  fallbackReason: string;
  traceId: string;
  sanitizedErrorSummary: string;
  contractResult: "pass" | "fail" | "not_checked";
  /** Whether the primary leg was stopped by a shared limit (budget, breaker, Retry-After cap). */
  stoppedByLimit: boolean;
  /** Whether a fallback leg ran and passed the contract. */
  fallbackPassed: boolean;
  fallbackConfigured: boolean;
};

export type Scenario = { path: RunPath; errorScenario: ErrorScenario | null; replayStatus: number | null };

const RETRYABLE = (s: number) => s === 408 || s === 429 || s >= 500;

/** What the client is expected to do on this path, in words (stored with the record). */
export function expectationText(s: Scenario & { stream?: boolean }): string {
  if (s.path === "happy" && s.stream) return "2xx event stream of chat.completion.chunk that passes the chunk contract (each chunk valid, one id, a finish_reason at the end) on the primary; primary_retained.";
  if (s.path === "happy") return "2xx chat.completion that passes the response contract on the primary; primary_retained.";
  switch (s.errorScenario) {
    case "missing_credential":
      return "401 (or 403) recorded as AuthenticationError (or PermissionDeniedError), no retry, manual_hold.";
    case "invalid_model":
      return "4xx (400, 404 or 422) recorded, no retry, manual_hold.";
    case "forced_timeout":
      return "Timeout recorded on each primary attempt, retries bounded by the ceiling, then fallback_used if a healthy fallback passes the contract, else manual_hold.";
    case "replay_status": {
      const code = s.replayStatus ?? 503;
      return RETRYABLE(code)
        ? `${code} recorded, retried up to the ceiling (or stopped by a recorded limit), then fallback_used if a healthy fallback passes the contract, else manual_hold.`
        : `${code} recorded, no retry, manual_hold.`;
    }
    default:
      return "A controlled failure recorded with status, error class, retries and fallback decision.";
  }
}

const check = (name: string, passed: boolean, detail: string): Check => ({ name, passed, detail });

/** The guide's minimum assertions, for both paths. */
export function minimumAssertions(f: RecordedFacts): Check[] {
  const secrets = findSecrets(f.sanitizedErrorSummary);
  return [
    check(
      "status code recorded",
      f.httpStatusCode !== null || (f.httpStatusFamily === "none" && f.clientErrorClass !== ""),
      f.httpStatusCode !== null ? `${f.httpStatusCode} (${f.httpStatusFamily})` : `no response (${f.clientErrorClass})`,
    ),
    check(
      "retry attempts recorded",
      Number.isInteger(f.retryAttempts) && f.retryAttempts >= 0 && f.retryAttempts <= f.retryCeiling,
      `${f.retryAttempts} of a ceiling of ${f.retryCeiling}`,
    ),
    check("fallback decision recorded", f.fallbackReason.length > 0, `${f.fallbackDecision}: ${f.fallbackReason}`),
    check("trace id recorded", /^[0-9a-f]{32}$/.test(f.traceId) && !/^0+$/.test(f.traceId), f.traceId),
    check(
      "sanitized error summary recorded",
      f.sanitizedErrorSummary.length > 0 && f.sanitizedErrorSummary.length <= SUMMARY_MAX && secrets.length === 0,
      secrets.length ? "summary contains secret-like text" : `${f.sanitizedErrorSummary.length} characters, no secret-like text`,
    ),
  ];
}

/** The scenario's expected behaviour, as named checks. */
export function expectationChecks(s: Scenario, f: RecordedFacts): Check[] {
  const fallbackConsistent = () => {
    const expected: FallbackDecision = f.fallbackPassed ? "fallback_used" : "manual_hold";
    return check(
      "fallback decision follows the rule",
      f.fallbackDecision === expected,
      `expected ${expected} (${f.fallbackConfigured ? (f.fallbackPassed ? "fallback passed the contract" : "fallback did not pass") : "no fallback configured"}), recorded ${f.fallbackDecision}`,
    );
  };
  const retriesBounded = () =>
    check(
      "retries bounded by the ceiling",
      f.retryAttempts === f.retryCeiling || (f.stoppedByLimit && f.retryAttempts <= f.retryCeiling),
      f.stoppedByLimit ? `${f.retryAttempts} retries, stopped by a recorded limit` : `${f.retryAttempts} of ${f.retryCeiling}`,
    );
  const noRetry = () => check("no retry", f.retryAttempts === 0, `${f.retryAttempts} retries`);
  const hold = () => check("manual hold", f.fallbackDecision === "manual_hold", f.fallbackDecision);

  if (s.path === "happy") {
    return [
      check("response contract passed", f.contractResult === "pass", `contract ${f.contractResult}; ${f.httpStatusFamily}`),
      check("primary retained", f.fallbackDecision === "primary_retained", f.fallbackDecision),
    ];
  }
  switch (s.errorScenario) {
    case "missing_credential":
      return [
        check("401 or 403 recorded", f.httpStatusCode === 401 || f.httpStatusCode === 403, `${f.httpStatusCode ?? "no response"}`),
        check(
          "authentication error class",
          f.clientErrorClass === "AuthenticationError" || f.clientErrorClass === "PermissionDeniedError",
          f.clientErrorClass,
        ),
        noRetry(),
        hold(),
      ];
    case "invalid_model":
      return [
        check("4xx recorded", [400, 404, 422].includes(f.httpStatusCode ?? 0), `${f.httpStatusCode ?? "no response"}`),
        noRetry(),
        hold(),
      ];
    case "forced_timeout":
      return [
        check("timeout recorded", f.clientErrorClass === "APIConnectionTimeoutError", f.clientErrorClass),
        retriesBounded(),
        fallbackConsistent(),
      ];
    case "replay_status": {
      const code = s.replayStatus ?? 503;
      const statusCheck = check(`${code} recorded`, f.httpStatusCode === code, `${f.httpStatusCode ?? "no response"}`);
      return RETRYABLE(code) ? [statusCheck, retriesBounded(), fallbackConsistent()] : [statusCheck, noRetry(), hold()];
    }
    default:
      return [];
  }
}
