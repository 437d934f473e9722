import { describe, expect, it } from "vitest";
import { checkContract } from "@/lib/smoke/contract";
import { parseRetryAfter, backoffSchedule } from "@/lib/smoke/backoff";
import { decideFallback, type LegResult } from "@/lib/smoke/fallback";
import { errorClass, isAvailabilityFailure, type AttemptOutcome } from "@/lib/smoke/outcome";
import { genericRetryVerdict, profileFor, retryVerdict } from "@/lib/smoke/profiles";
import { BREAKER_THRESHOLD, retryBudgetFor } from "@/lib/smoke/resilience";
import { MAX_RETRY_CEILING } from "@/lib/targets/constants";
import { sanitizeSummary, SUMMARY_MAX } from "@/lib/smoke/sanitize";
import { statusFamily } from "@/lib/smoke/schema";

const outcome = (o: Partial<AttemptOutcome>): AttemptOutcome => ({
  kind: "response",
  statusCode: 200,
  durationMs: 10,
  requestId: null,
  retryAfterMs: null,
  shouldRetry: null,
  contentType: "application/json",
  contract: { objectFamily: "chat.completion", contract: "pass" },
  networkCode: null,
  ...o,
});
const errorBody = (code?: string) => ({ objectFamily: "error", contract: "fail" as const, error: { message: "x", type: "t", code } });

describe("retry rules (DESIGN.md)", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i", (s) => {
    expect(genericRetryVerdict(outcome({ statusCode: s, contract: errorBody() })).retry).toBe(true);
  });
  it.each([400, 401, 403, 404, 409, 422])("never retries %i", (s) => {
    expect(genericRetryVerdict(outcome({ statusCode: s, contract: errorBody() })).retry).toBe(false);
  });
  it("retries timeouts and connection errors, not redirects or contract failures", () => {
    expect(genericRetryVerdict(outcome({ kind: "timeout", statusCode: null })).rule).toBe("retryable:timeout");
    expect(genericRetryVerdict(outcome({ kind: "connection", statusCode: null })).rule).toBe("retryable:connection-error");
    expect(genericRetryVerdict(outcome({ statusCode: 301, contract: null })).retry).toBe(false);
    expect(genericRetryVerdict(outcome({ contract: { objectFamily: "other", contract: "fail" } })).rule).toBe("no-retry:contract-failure");
  });
  it("CometAPI: no retry on 500 invalid_request, and a wrong path (redirect, HTML on a 2xx/404) is not retried", () => {
    const comet = profileFor("cometapi");
    expect(retryVerdict(comet, outcome({ statusCode: 500, contract: errorBody("invalid_request") }))).toEqual({ retry: false, rule: "cometapi:no-retry-500-invalid_request", configError: true });
    expect(retryVerdict(comet, outcome({ statusCode: 500, contract: errorBody("other") })).retry).toBe(true);
    const html = { objectFamily: "html", contract: "fail" } as const;
    expect(retryVerdict(comet, outcome({ statusCode: 200, contract: html }))).toEqual({ retry: false, rule: "cometapi:wrong-path-html", configError: true });
    expect(retryVerdict(comet, outcome({ statusCode: 404, contract: html }))).toEqual({ retry: false, rule: "cometapi:wrong-path-html", configError: true });
    expect(retryVerdict(comet, outcome({ statusCode: 301, contract: null }))).toEqual({ retry: false, rule: "cometapi:wrong-path-redirect", configError: true });
    // An HTML 5xx is an intermediary's outage page: availability, retried (9.5).
    for (const statusCode of [500, 502, 503, 504]) expect(retryVerdict(comet, outcome({ statusCode, contract: html }))).toEqual({ retry: true, rule: `retryable:status-${statusCode}` });
    expect(retryVerdict(profileFor("openai-compatible"), outcome({ statusCode: 502, contract: { objectFamily: "html", contract: "fail" } })).retry).toBe(true);
  });
  it("CometAPI request id can come from the error message", () => {
    expect(profileFor("cometapi").requestId(new Headers(), "bad (request id: 20260101abc123)")).toBe("20260101abc123");
    expect(profileFor("openai-compatible").requestId(new Headers({ "x-request-id": "req_1" }))).toBe("req_1");
  });
  it("OpenAI: x-should-retry=false stops a retry, =true never makes a 4xx retryable", () => {
    const openai = profileFor("openai");
    expect(retryVerdict(openai, outcome({ statusCode: 503, shouldRetry: false, contract: errorBody() })).retry).toBe(false);
    expect(retryVerdict(openai, outcome({ statusCode: 400, shouldRetry: true, contract: errorBody() })).retry).toBe(false);
    expect(openai.maxTokensField).toBe("max_completion_tokens");
  });
});

describe("error classes and families", () => {
  it("names classes after the SDK taxonomy", () => {
    expect(errorClass(outcome({ statusCode: 401, contract: errorBody() }))).toBe("AuthenticationError");
    expect(errorClass(outcome({ statusCode: 429, contract: errorBody() }))).toBe("RateLimitError");
    expect(errorClass(outcome({ statusCode: 503, contract: errorBody() }))).toBe("InternalServerError");
    expect(errorClass(outcome({ kind: "timeout", statusCode: null }))).toBe("APIConnectionTimeoutError");
    expect(errorClass(outcome({ contract: { objectFamily: "other", contract: "fail" } }))).toBe("ResponseContractError");
    expect(errorClass(outcome({}))).toBe("none");
  });
  it("availability failures are 408/429/5xx/timeouts/connection errors", () => {
    expect(isAvailabilityFailure(outcome({ statusCode: 503 }))).toBe(true);
    expect(isAvailabilityFailure(outcome({ statusCode: 401 }))).toBe(false);
    expect(isAvailabilityFailure(outcome({ kind: "connection", statusCode: null }))).toBe(true);
  });
  it("status family", () => {
    expect([statusFamily(204), statusFamily(301), statusFamily(404), statusFamily(503), statusFamily(null)]).toEqual(["2xx", "3xx", "4xx", "5xx", "none"]);
  });
});

const leg = (l: Partial<LegResult>): LegResult => ({
  attempts: 3,
  retries: 2,
  succeeded: false,
  contractFailure: false,
  availabilityFailure: true,
  statusPhrase: "5xx (503)",
  errorClass: "InternalServerError",
  stopNote: null,
  ...l,
});

describe("fallback decision", () => {
  it("primary ok → primary_retained", () => {
    expect(decideFallback({ primary: leg({ succeeded: true, retries: 0, attempts: 1 }), fallback: null, fallbackConfigured: true }).decision).toBe("primary_retained");
  });
  it("availability failure + healthy fallback → fallback_used, reason in words", () => {
    const v = decideFallback({ primary: leg({}), fallback: leg({ succeeded: true, attempts: 1, retries: 0 }), fallbackConfigured: true });
    expect(v).toEqual({ decision: "fallback_used", reason: "primary returned 5xx (503) InternalServerError after 2 bounded retries; fallback passed the contract" });
  });
  it("auth errors, contract failures, no fallback and failing fallback → manual_hold", () => {
    expect(decideFallback({ primary: leg({ availabilityFailure: false, statusPhrase: "4xx (401)", errorClass: "AuthenticationError", retries: 0 }), fallback: null, fallbackConfigured: true }).decision).toBe("manual_hold");
    const contract = decideFallback({ primary: leg({ contractFailure: true, availabilityFailure: false }), fallback: null, fallbackConfigured: true });
    expect(contract.reason).toContain("response-shape assertion failed");
    expect(decideFallback({ primary: leg({}), fallback: null, fallbackConfigured: false }).reason).toContain("no fallback target configured");
    expect(decideFallback({ primary: leg({}), fallback: leg({}), fallbackConfigured: true }).decision).toBe("manual_hold");
  });
});

describe("sanitization", () => {
  it("removes the configured credential, bearer tokens and key-like strings; bounds length", () => {
    const s = sanitizeSummary(`400 invalid: header Authorization: Bearer my-exact-secret-value-123 was echoed; also sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn ${"x".repeat(400)}`, ["my-exact-secret-value-123"]);
    expect(s).not.toContain("my-exact-secret-value-123");
    expect(s).not.toContain("sk-proj");
    expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX);
  });
  it("keeps it low-cardinality: request ids, uuids, long numbers and e-mails collapse", () => {
    const s = sanitizeSummary("failed (request id: 2026abc) req_abcdef123456 for user 12345678 bob@example.com 123e4567-e89b-12d3-a456-426614174000");
    expect(s).toBe("failed (request id: <id>) <id> for user <n> <email> <uuid>");
  });
});

describe("response contract", () => {
  const ok = JSON.stringify({ id: "c1", object: "chat.completion", created: 1, model: "m", choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }] });
  it("passes a chat.completion and names the family of anything else", () => {
    expect(checkContract("application/json", ok)).toEqual({ objectFamily: "chat.completion", contract: "pass" });
    expect(checkContract("application/json", JSON.stringify({ object: "list", data: [] })).objectFamily).toBe("list");
    expect(checkContract("text/html", "<html>").objectFamily).toBe("html");
    expect(checkContract("application/json", ok.slice(0, 40)).objectFamily).toBe("unparseable");
    expect(checkContract("application/json", "").objectFamily).toBe("empty");
    expect(checkContract("application/json", JSON.stringify({ error: { message: "m", type: "t", code: 42 } })).error).toEqual({ message: "m", type: "t", code: "42" });
  });
  it("a chat.completion without choices fails the contract", () => {
    const r = checkContract("application/json", JSON.stringify({ id: "c", object: "chat.completion", created: 1, model: "m", choices: [] }));
    expect(r.contract).toBe("fail");
    expect(r.reason).toContain("choices");
  });
});

describe("backoff and Retry-After", () => {
  it("parses seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "3600" }))).toBe(3_600_000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "50" }))).toBe(50);
    const now = Date.parse("2026-11-24T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "Tue, 24 Nov 2026 00:00:10 GMT" }), now)).toBe(10_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeNull();
  });
  it("stays within [0, max] and is jittered", () => {
    const next = backoffSchedule(100, 1000);
    const delays = Array.from({ length: 20 }, next);
    expect(delays.every((d) => d >= 0 && d <= 1000)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect(backoffSchedule(0, 0)()).toBe(0);
  });
  it("never waits less than the target's base between retries (AWS decorrelated jitter: between base and 3 × the last wait, capped at max)", () => {
    // cockatiel's generator alone gave waits far below the base (a record showed 66 ms for a 400 ms base).
    for (let run = 0; run < 200; run++) {
      const next = backoffSchedule(400, 800);
      const delays = Array.from({ length: 5 }, next);
      expect(delays.every((d) => d >= 400 && d <= 800), `delays ${delays.join(", ")}`).toBe(true);
    }
  });
  it("retry budget grows with traffic from a floor that fits the highest ceiling", () => {
    expect(retryBudgetFor(0)).toBe(MAX_RETRY_CEILING);
    expect(retryBudgetFor(20)).toBe(MAX_RETRY_CEILING + 4);
    // a lone run at the highest ceiling sends MAX_RETRY_CEILING + 1 attempts without opening the breaker first
    expect(BREAKER_THRESHOLD).toBeGreaterThan(MAX_RETRY_CEILING);
  });
});

describe("breaker open period (BREAKER_OPEN_MS)", () => {
  it("an open breaker waits the configured period before its probe", async () => {
    const { resilience } = await import("@/lib/smoke/resilience");
    const { resetEnvForTests } = await import("@/lib/env");
    const saved = process.env.BREAKER_OPEN_MS;
    process.env.BREAKER_OPEN_MS = "60000";
    resetEnvForTests();
    try {
      const key = "open-period-test";
      for (let i = 0; i < BREAKER_THRESHOLD; i++) resilience.settle(key, resilience.admit(key, 1_000), "failure", 1_000);
      expect(resilience.admit(key, 1_000 + 59_999)).toMatchObject({ send: false, reason: "open", nextProbeAt: 61_000 });
      expect(resilience.admit(key, 61_000)).toEqual({ send: true, probe: true });
    } finally {
      if (saved === undefined) delete process.env.BREAKER_OPEN_MS;
      else process.env.BREAKER_OPEN_MS = saved;
      resetEnvForTests();
      resilience.resetForTests();
    }
  });
});
