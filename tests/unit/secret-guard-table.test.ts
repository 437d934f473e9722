import { describe, expect, it } from "vitest";
import { findSecrets, looksLikeSecret } from "@/lib/shared/secret-guard";

// NOTE: the key formats are the providers' published shapes with made-up
// characters (the same shapes gitleaks' and secretlint's rules describe); none
// is a real credential.
const TRUE_POSITIVES: [string, string][] = [
  ["OpenAI legacy key", "sk-Xc7Qm2Lp9Vt4Rb8Nw1Zs6Hd3Jf5Kg0Ay2EuIo7PqWxT3BlbkFJ"],
  ["OpenAI project key", "sk-proj-Ab12Cd34Ef56Gh78Ij90KlMnOp12Qr34St56Uv78Wx90Yz_aB3cD4eF5gH6"],
  ["OpenAI service-account key", "sk-svcacct-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5Nm7"],
  ["OpenAI admin key", "sk-admin-Zm8Xn2Cb4Vq6Wl9Ek1Rj3Th5Yg7Uf0Id2Os4Pa6"],
  ["Anthropic API key", "sk-ant-api03-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3uV4wX5yZ6-AbCdEfAA"],
  ["CometAPI key", "sk-Hq4Lm9Xv2Rt8Wz1Bn6Cs3Dk7Fg0Jp5Ty2Ue9Ia4Ob8"],
  ["GitHub classic token", "ghp_0123456789abcdefghijABCDEFGHIJklmn"],
  ["GitHub fine-grained token", "github_pat_11ABCDEFG0123456789abc_DEFghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX0123"],
  ["GitHub OAuth token", "gho_16C7e42F292c6912E7710c838347Ae178B4a"],
  ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
  ["AWS access key id", "AKIAIOSFODNN7EXAMPLQ"],
  ["AWS temporary key id", "ASIAY34FZKBOKMUTVV7A"],
  ["Slack bot token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"],
  ["Stripe-style live key", "sk_live_51HxYzAbCdEfGhIjKlMnOp"],
  ["bearer header", "Authorization: Bearer abcdEFGH1234ijklMNOP"],
  ["key assignment", "api_key=hunter2hunter2"],
  ["key inside a sentence", "the proxy said sk-Hq4Lm9Xv2Rt8Wz1Bn6Cs3Dk7Fg0Jp5 was rejected"],
  ["long random string", "Zx8Qw2Er5Ty7Ui9Op1As3Df4Gh6Jk8Lz0Xc"],
];

const FALSE_POSITIVES: [string, string][] = [
  ["the reported target name", "fid-2-H-stream-openai-compatible"],
  ["hyphenated slug with capitals", "EU-West-3-Prod-gateway-fallback-chat"],
  ["long hyphenated slug", "staging-primary-cometapi-chat-completions-streaming-v2"],
  ["snake_case identifier", "chat_completions_fallback_route_eu_west_2_primary"],
  ["camelCase identifier", "sandboxPrimaryChatCompletionsStreamingTarget2"],
  ["env var name", "OPENAI_API_KEY"],
  ["env var name with a prefix", "EVIDENCE_SANDBOX_API_KEY"],
  ["UUID", "9b2f6c1e-4d3a-4f8b-a1c2-7e5d9f0b3a64"],
  ["upper-case UUID", "9B2F6C1E-4D3A-4F8B-A1C2-7E5D9F0B3A64"],
  ["W3C traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
  ["trace id", "4bf92f3577b34da6a3ce929d0e0e4736"],
  ["sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
  ["OpenAI request id", "req_8f3a1c2d4e5b6a7980c1d2e3f4a5b6c7"],
  ["chat completion id", "chatcmpl-AbC123dEf456GhI789jKl012MnO"],
  ["Anthropic request id", "req_011CQmRpL8xYv2Nc4Tb6Wq9E"],
  ["CometAPI request id", "20261201195501234567890abcdef"],
  ["test id", "llm-api-escalation-smoke-001"],
  ["sandbox models", "sandbox-primary flaky-429 retry-after-huge comet-500-invalid-request"],
  ["model name", "gpt-4o-mini-2024-07-18"],
  ["model name with a provider", "anthropic/claude-3-5-sonnet-20241022"],
  ["URL path", "https://api.cometapi.com/v1/chat/completions"],
  ["placeholder", "<API_KEY_PLACEHOLDER>"],
  ["evidence sentence", "The chat-completions request path returned a 5xx status family after one bounded retry."],
  ["skill word with a dash", "sk-learn-style-naming-is-not-a-key"],
];

describe("secret guard: true positives", () => {
  it.each(TRUE_POSITIVES)("%s is a credential", (_label, text) => {
    expect(looksLikeSecret(text)).toBe(true);
  });
});

describe("secret guard: false positives", () => {
  it.each(FALSE_POSITIVES)("%s is not a credential", (_label, text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});
