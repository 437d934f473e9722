import { describe, expect, it } from "vitest";
import { findSecrets, looksLikeSecret, redactSecrets } from "@/lib/shared/secret-guard";

describe("secret guard", () => {
  it.each([
    ["OpenAI-style key", "key was sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn"],
    ["bearer token", "Authorization: Bearer abcdEFGH1234ijklMNOP"],
    ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
    ["AWS key", "AKIAIOSFODNN7EXAMPLQ"],
    ["GitHub token", "ghp_0123456789abcdefghijABCDEFGHIJ"],
    ["assignment", "api_key=hunter2hunter2"],
    ["long random string", "token Zx8Qw2Er5Ty7Ui9Op1As3Df4Gh6Jk8Lz0Xc"],
  ])("finds a %s", (_label, text) => {
    expect(looksLikeSecret(text)).toBe(true);
  });

  it.each([
    "The chat-completions request path returned a 5xx status family after one bounded retry.",
    "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "https://apidoc.cometapi.com/api/text/chat accessed 2026-06-22",
    "<API_KEY_PLACEHOLDER> was used in the fixture",
    "llm-api-escalation-smoke-001 sandbox-primary flaky-429 retry-after-huge",
    "OPENAI_API_KEY",
  ])("does not flag ordinary evidence text: %s", (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it("redacts secret-like spans and exact known values", () => {
    const out = redactSecrets("got Bearer abcdEFGH1234ijklMNOP and my-canary-value here", ["my-canary-value"]);
    expect(out).not.toContain("abcdEFGH1234ijklMNOP");
    expect(out).not.toContain("my-canary-value");
    expect(out).toContain("<API_KEY_PLACEHOLDER>");
  });
});
