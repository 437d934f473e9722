import type { AttemptOutcome } from "@/lib/smoke/outcome";

/** `configError`: the profile recognises a wrong path or request — never a fallback case. */
export type RetryVerdict = { retry: boolean; rule: string; configError?: boolean };

/**
 * Provider differences that change what the client should do. Each profile
 * may override the generic retry rule and says where the request id lives.
 * The rule that decided is recorded on every attempt.
 */
export type ProviderProfile = {
  id: "openai-compatible" | "openai" | "cometapi";
  /** Token limit parameter for the probe request. */
  maxTokensField: "max_tokens" | "max_completion_tokens";
  requestId: (headers: Headers, errorMessage?: string) => string | null;
  override?: (o: AttemptOutcome) => RetryVerdict | null;
};

const headerRequestId = (h: Headers) => h.get("x-request-id") || h.get("request-id") || h.get("x-oneapi-request-id") || null;

const generic: ProviderProfile = {
  id: "openai-compatible",
  maxTokensField: "max_tokens",
  requestId: (h) => headerRequestId(h),
};

const openai: ProviderProfile = {
  id: "openai",
  // NOTE: OpenAI's reasoning models reject max_tokens.
  maxTokensField: "max_completion_tokens",
  requestId: (h) => headerRequestId(h),
  // NOTE: x-should-retry may only stop a retry; it never makes a 4xx retryable.
  override: (o) => (o.shouldRetry === false ? { retry: false, rule: "openai:x-should-retry=false" } : null),
};

const cometapi: ProviderProfile = {
  id: "cometapi",
  maxTokensField: "max_tokens",
  // CometAPI may put the id inside the message: "... (request id: 2025...)".
  requestId: (h, message) => headerRequestId(h) || (message ? /\(request id:\s*([A-Za-z0-9_-]{4,80})\)/i.exec(message)?.[1] ?? null : null),
  override: (o) => {
    if (o.kind !== "response") return null;
    if (o.statusCode === 500 && o.contract?.error?.code === "invalid_request") {
      return { retry: false, rule: "cometapi:no-retry-500-invalid_request", configError: true };
    }
    const s = o.statusCode ?? 0;
    if (s >= 300 && s < 400) return { retry: false, rule: "cometapi:wrong-path-redirect", configError: true };
    // NOTE: only an HTML page where the API should have answered (a 2xx or a
    // 404) means a wrong base URL; an HTML 5xx is an intermediary's outage
    // page and stays an availability failure (retried, may fall back).
    if (o.contract?.objectFamily === "html" && ((s >= 200 && s < 300) || s === 404)) {
      return { retry: false, rule: "cometapi:wrong-path-html", configError: true };
    }
    return null;
  },
};

export const PROFILES: Record<ProviderProfile["id"], ProviderProfile> = { "openai-compatible": generic, openai, cometapi };

export function profileFor(id: string): ProviderProfile {
  return PROFILES[id as ProviderProfile["id"]] ?? generic;
}

/** The generic rule from DESIGN.md: 408/429/5xx/timeouts/connection errors only. */
export function genericRetryVerdict(o: AttemptOutcome): RetryVerdict {
  if (o.kind === "refused") return { retry: false, rule: `not-sent:${o.refusal?.reason === "credential" ? "credential-not-allowed" : "egress-refused"}`, configError: true };
  if (o.kind === "timeout") return { retry: true, rule: "retryable:timeout" };
  if (o.kind === "connection") return { retry: true, rule: "retryable:connection-error" };
  const s = o.statusCode ?? 0;
  if (s >= 200 && s < 300) {
    return o.contract?.contract === "pass" ? { retry: false, rule: "success:2xx-contract-pass" } : { retry: false, rule: "no-retry:contract-failure" };
  }
  if (s >= 300 && s < 400) return { retry: false, rule: `no-retry:redirect-${s}` };
  if (s === 408 || s === 429 || s >= 500) return { retry: true, rule: `retryable:status-${s}` };
  return { retry: false, rule: `no-retry:status-${s}` };
}

export function retryVerdict(profile: ProviderProfile, o: AttemptOutcome): RetryVerdict {
  const generic = genericRetryVerdict(o);
  if (!generic.retry && (generic.rule.startsWith("success") || o.kind === "refused")) return generic;
  return profile.override?.(o) ?? generic;
}
