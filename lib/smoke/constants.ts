// The guide's vocabulary as plain constants: safe to import in client
// components without pulling zod into the page bundle.

/** Vocabulary of the guide, shared by runner, API, UI and exports. */
export const RUN_PATHS = ["happy", "error"] as const;
export const ERROR_SCENARIOS = ["missing_credential", "invalid_model", "forced_timeout", "replay_status"] as const;
export const FALLBACK_DECISIONS = ["primary_retained", "fallback_used", "manual_hold"] as const;
export const STATUS_FAMILIES = ["2xx", "3xx", "4xx", "5xx", "none"] as const;
export const OPERATOR_RESULTS = ["pass", "fail"] as const;
export const CONTRACT_RESULTS = ["pass", "fail", "not_checked"] as const;
export const ATTEMPT_DECISIONS = ["success", "retry", "stop", "fallback"] as const;
export const RUN_TRIGGERS = ["manual", "api", "scheduled", "seed"] as const;
export const REPLAY_STATUSES = [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504] as const;

export type RunPath = (typeof RUN_PATHS)[number];
export type ErrorScenario = (typeof ERROR_SCENARIOS)[number];
export type FallbackDecision = (typeof FALLBACK_DECISIONS)[number];
export type StatusFamily = (typeof STATUS_FAMILIES)[number];

export const ERROR_SCENARIO_LABELS: Record<ErrorScenario, string> = {
  missing_credential: "Missing credential (same request, no Authorization)",
  invalid_model: "Invalid model (a model name the provider does not serve)",
  forced_timeout: "Forced timeout (a request that cannot answer within the timeout)",
  replay_status: "Replay status (replays an observed HTTP status through the sandbox)",
};

/** Test ids follow the guide: llm-api-escalation-smoke-001, -002, … */
export function formatTestId(id: number): string {
  return `llm-api-escalation-smoke-${String(id).padStart(3, "0")}`;
}

export function statusFamily(code: number | null | undefined): StatusFamily {
  if (!code) return "none";
  if (code >= 200 && code < 300) return "2xx";
  if (code >= 300 && code < 400) return "3xx";
  if (code >= 400 && code < 500) return "4xx";
  if (code >= 500 && code < 600) return "5xx";
  return "none";
}

/** The guide's three rehearsal decisions, in its words. */
export const REHEARSAL_DECISIONS = [
  { key: "decisionSafeIdentifier", label: "Which trace or request identifier is safe to share internally?" },
  { key: "decisionAccountFacts", label: "Which account-specific facts are outside the public evidence packet and need an authorized dashboard or vendor portal?" },
  { key: "decisionHoldFallback", label: "When should the operator hold fallback instead of retrying again?" },
] as const;

/**
 * The product's own classes, for outcomes where the openai SDK raises none
 * (or only a raw JavaScript error). Every other class is the SDK's name for
 * the same outcome. Documented in the README's class table, which
 * tests/integration/error-classes.test.ts checks against the real SDK.
 */
export const PRODUCT_ERROR_CLASSES = {
  ResponseContractError: "a 2xx whose body fails the chat.completion contract (wrong shape, truncated JSON, an HTML page)",
  RedirectError: "a 3xx redirect instead of a response (a wrong base URL or path)",
  CircuitOpenError: "the target's circuit breaker was open; no request was sent",
  EgressRefusedError: "the egress policy refused the destination (link-local, cloud metadata, or a private address no administrator listed); no request was sent",
  CredentialNotAllowedError: "the target names a credential variable that is not in EVIDENCE_CREDENTIAL_VARS; no request was sent",
} as const;

export const isProductErrorClass = (name: string): name is keyof typeof PRODUCT_ERROR_CLASSES => Object.hasOwn(PRODUCT_ERROR_CLASSES, name);

/** Whose class a record's `client_error_class` is, in words for the record page. */
export function errorClassOwner(name: string | null | undefined): string | null {
  if (!name || name === "none") return null;
  return isProductErrorClass(name) ? "Evidence Packet's class: the openai SDK has no class of its own for this outcome" : "the openai SDK's class for this outcome";
}

/** How a streamed answer ended (docs/decisions/110). */
export const STREAM_TERMINATIONS = ["done", "finish_reason_only", "error_event", "idle_timeout", "connection_closed"] as const;
export type StreamTermination = (typeof STREAM_TERMINATIONS)[number];
