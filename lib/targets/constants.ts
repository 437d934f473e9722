// Target vocabulary as plain constants: safe for client bundles (no zod).

export const TARGET_ROLES = ["primary", "gateway", "fallback"] as const;
export const ENDPOINT_FAMILIES = ["chat-completions"] as const;
export const PROVIDER_PROFILES = ["openai-compatible", "openai", "cometapi"] as const;

export const PROVIDER_PROFILE_LABELS: Record<(typeof PROVIDER_PROFILES)[number], string> = {
  "openai-compatible": "Generic OpenAI-compatible",
  openai: "OpenAI",
  cometapi: "CometAPI",
};


/**
 * The highest retry ceiling a target may have. The shared retry budget's
 * floor and the breaker's threshold are sized from it, so one run alone can
 * always reach its own ceiling (issue 9.7, docs/decisions/032).
 */
export const MAX_RETRY_CEILING = 5;
