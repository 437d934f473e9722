import { describe, expect, it } from "vitest";
import { expectationChecks, minimumAssertions, type RecordedFacts } from "@/lib/smoke/expectations";

const facts = (f: Partial<RecordedFacts>): RecordedFacts => ({
  httpStatusCode: 401,
  httpStatusFamily: "4xx",
  clientErrorClass: "AuthenticationError",
  retryAttempts: 0,
  retryCeiling: 2,
  fallbackDecision: "manual_hold",
  fallbackReason: "primary returned 4xx (401) AuthenticationError with no retry",
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  sanitizedErrorSummary: "401 invalid_request_error/missing_api_key: You didn't provide an API key.",
  contractResult: "not_checked",
  stoppedByLimit: false,
  fallbackPassed: false,
  fallbackConfigured: true,
  ...f,
});
const allPass = (checks: { passed: boolean }[]) => checks.every((c) => c.passed);
const missing = { path: "error" as const, errorScenario: "missing_credential" as const, replayStatus: null };

describe("operator_result checks", () => {
  it("a recorded 401 with no retry and manual_hold is a pass on the error path", () => {
    expect(allPass([...minimumAssertions(facts({})), ...expectationChecks(missing, facts({}))])).toBe(true);
  });
  it("a retried 401 fails", () => {
    expect(allPass(expectationChecks(missing, facts({ retryAttempts: 1 })))).toBe(false);
  });
  it("a missing trace id or a secret in the summary fails the minimum assertions", () => {
    expect(allPass(minimumAssertions(facts({ traceId: "" })))).toBe(false);
    expect(allPass(minimumAssertions(facts({ sanitizedErrorSummary: "Bearer abcdEFGH1234ijklMNOP" })))).toBe(false);
  });
  it("a 2xx that fails the contract is a fail on the happy path", () => {
    const f = facts({ httpStatusCode: 200, httpStatusFamily: "2xx", clientErrorClass: "ResponseContractError", contractResult: "fail" });
    expect(allPass(expectationChecks({ path: "happy", errorScenario: null, replayStatus: null }, f))).toBe(false);
  });
  it("replay 503: retries up to the ceiling then the fallback rule; a non-retryable replay expects no retry", () => {
    const s503 = { path: "error" as const, errorScenario: "replay_status" as const, replayStatus: 503 };
    expect(allPass(expectationChecks(s503, facts({ httpStatusCode: 503, retryAttempts: 2, fallbackPassed: true, fallbackDecision: "fallback_used" })))).toBe(true);
    expect(allPass(expectationChecks(s503, facts({ httpStatusCode: 503, retryAttempts: 1 })))).toBe(false);
    expect(allPass(expectationChecks(s503, facts({ httpStatusCode: 503, retryAttempts: 1, stoppedByLimit: true })))).toBe(true);
    const s400 = { ...s503, replayStatus: 400 };
    expect(allPass(expectationChecks(s400, facts({ httpStatusCode: 400, retryAttempts: 0 })))).toBe(true);
  });
});
