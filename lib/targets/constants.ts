// Target vocabulary as plain constants: safe for client bundles (no zod).

export const TARGET_ROLES = ["primary", "gateway", "fallback"] as const;
export const ENDPOINT_FAMILIES = ["chat-completions"] as const;
export const PROVIDER_PROFILES = ["openai-compatible", "openai", "cometapi"] as const;

export const PROVIDER_PROFILE_LABELS: Record<(typeof PROVIDER_PROFILES)[number], string> = {
  "openai-compatible": "Generic OpenAI-compatible",
  openai: "OpenAI",
  cometapi: "CometAPI",
};

