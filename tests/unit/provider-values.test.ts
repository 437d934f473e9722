import { describe, expect, it } from "vitest";
import { containsKnownValue, redactSecrets } from "@/lib/shared/secret-guard";
import { REQUEST_ECHO_REMOVED, safeProviderValue, stripRequestEcho, type SentRequest } from "@/lib/smoke/sanitize";

const KEY = "sk-probe-bda2f0c9e8d7a6b5c4d3e2f1";
const PROMPT = "Reply with the single word: ok";
const BODY = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: PROMPT }], max_tokens: 64, stream: false });
const sent: SentRequest = {
  body: BODY,
  prompts: [PROMPT],
  headerValues: ["EvidencePacket-SmokeTest/0.1.0 (synthetic request-boundary check)", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
  secrets: [KEY],
};

describe("provider-chosen values: normalised first, then checked (12.5)", () => {
  it.each([
    ["the credential itself", KEY],
    ["punctuation inserted", "sk-prob!e-bda2f!0c9e8d!7a6b5c!4d3e2f1"],
    ["spaces and case", "SK PROBE BDA2F0C9 E8D7A6B5C4D3E2F1"],
    ["zero-width characters", "sk-probe-bda2\u200bf0c9e8d7a6b5c4d3e2f1"],
    ["full-width forms", "ｓｋ－ｐｒｏｂｅ－ｂｄａ２ｆ０ｃ９ｅ８ｄ７ａ６ｂ５ｃ４ｄ３ｅ２ｆ１"],
    ["a 12-character stretch of it", "req-bda2f0c9e8d7a6"],
    ["a key-shaped value", "sk-Hq4Lm9Xv2Rt8Wz1Bn6Cs3Dk7Fg0Jp5"],
    ["the prompt, squeezed", "Replywiththesinglewordok"],
  ])("withholds %s", (_label, value) => {
    expect(safeProviderValue(value, [KEY, PROMPT])).toBeNull();
  });

  it.each([
    ["an OpenAI request id", "req_8f3a1c2d4e5b6a7980c1d2e3f4a5b6c7"],
    ["a CometAPI request id", "20261201195501234567890abcdef"],
    ["an error code", "invalid_request"],
    ["an error type", "invalid_request_error"],
    ["an object family", "chat.completion"],
  ])("keeps %s", (_label, value) => {
    expect(safeProviderValue(value, [KEY, PROMPT])).toBe(value);
  });

  it("bounds and strips what it keeps", () => {
    expect(safeProviderValue("req_abc<script>", [KEY])).toBe("req_abcscript");
    expect(safeProviderValue("r".repeat(300), [KEY])).toHaveLength(100);
  });

  it("redacts a known value wherever punctuation was put inside it", () => {
    const out = redactSecrets("rejected key sk-prob!e-bda2f!0c9e8d!7a6b5c!4d3e2f1 for this model", [KEY]);
    expect(out).toContain("<API_KEY_PLACEHOLDER>");
    expect(containsKnownValue(out, [KEY])).toBe(false);
    expect(out.startsWith("rejected key ")).toBe(true);
  });
});

describe("request echoes are cut from provider messages (9.4)", () => {
  it.each([
    ["a proxy quoting the whole request", `upstream rejected request: authorization=Bearer ${KEY} body=${BODY}`, "upstream rejected request: authorization=Bearer <API_KEY_PLACEHOLDER> body"],
    ["the body as escaped JSON", `could not parse "${BODY.replace(/"/g, '\\"')}"`, "could not parse \""],
    ["the body as a Python dict", `bad payload {'model': 'gpt-4o-mini', 'messages': [{'role': 'user', 'content': '${PROMPT}'}]}`, "bad payload"],
    ["the prompt quoted in other words", "content policy: 'reply WITH the single word - OK' was flagged", "content policy: '"],
    ["a request header value", "unknown client EvidencePacket-SmokeTest/0.1.0 (synthetic request-boundary check)", "unknown client"],
  ])("%s", (_label, message, kept) => {
    const out = stripRequestEcho(message, sent);
    expect(out).toBe(`${kept} ${REQUEST_ECHO_REMOVED}`);
    expect(out).not.toContain(PROMPT);
    expect(out).not.toContain(KEY);
  });

  it.each([
    "Invalid 'messages': empty array. Expected an array with minimum length 1",
    "Invalid 'max_tokens': integer below minimum value.",
    "The model `gpt-4o-mini` does not exist or you do not have access to it.",
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
  ])("keeps an ordinary error message whole: %s", (message) => {
    expect(stripRequestEcho(message, sent)).toBe(message);
  });

  it("bounds what it keeps", () => {
    expect(stripRequestEcho("x".repeat(1000), sent).length).toBeLessThanOrEqual(160);
  });
});
