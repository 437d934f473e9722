import { describe, expect, it } from "vitest";
import { describePath } from "@/lib/packets/guide";
import { PacketPatchSchema, SectionsSchema } from "@/lib/packets/schema";
import { defaultSections } from "@/lib/packets/guide";
import { findSecrets, looksLikeSecret } from "@/lib/shared/secret-guard";

// The packet secret guard: every free-text field is refused when it holds
// anything token-like, and ordinary evidence text is not.

describe("secret guard on packet text (true positives)", () => {
  it.each([
    ["OpenAI project key", "pasted sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn by mistake"],
    ["Anthropic key", "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"],
    ["Stripe-style live key", "sk_live_51HxYzAbCdEfGhIjKlMnOp"],
    ["bearer header", "curl -H 'Authorization: Bearer abcdEFGH1234ijklMNOP'"],
    ["basic auth header", "Authorization: Basic dXNlcjpwYXNzd29yZDEyMw=="],
    ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
    ["env assignment", "export OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwxyz012345"],
    ["password assignment", "password: hunter22"],
    ["private key", "-----BEGIN RSA PRIVATE KEY-----"],
    ["a share-link token", "see /p/Zx8Qw2Er5Ty7Ui9Op1As3Df4Gh6Jk8Lz0XcVbNmQwErT1"],
    ["Slack token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"],
  ])("refuses a %s", (_label, text) => {
    expect(looksLikeSecret(text)).toBe(true);
  });
});

describe("secret guard on packet text (no false positives)", () => {
  it.each([
    ["provider request id", "x-request-id req_0123456789abcdef0123456789abcdef"],
    ["chat completion id", "response id chatcmpl-9xYzAbCdEfGhIjKlMnOpQrStUvWx"],
    ["W3C traceparent", "traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["UUID", "incident a3f1c9e2-7b4d-4e8a-9c1f-2d3e4f5a6b7c"],
    ["version hash", "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    ["guide URL", "https://opentelemetry.io/docs/specs/semconv/http/"],
    ["talking about keys", "The API key was rotated at 10:02; the token budget was exhausted at 10:03."],
    ["the word basic", "Basic configuration checks passed before the retry storm."],
    ["placeholder", "credential: <API_KEY_PLACEHOLDER>"],
    ["variable name", "The credential lives in COMETAPI_KEY on the server."],
    ["test id", "INC-4821 llm-api-escalation-smoke-001 manual_hold"],
  ])("accepts a %s", (_label, text) => {
    expect(findSecrets(text)).toEqual([]);
  });
});

describe("packet schemas run the guard on every free-text field", () => {
  const sections = defaultSections();
  it("refuses a key in a not-verified note and names the field", () => {
    const r = PacketPatchSchema.safeParse({ revision: 1, sections: { notVerified: { items: sections.notVerified.items, notes: "key sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn" } } });
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0];
    expect(issue.path.join(".")).toBe("sections.notVerified.notes");
    expect(issue.message).toMatch(/looks like an API key\. Remove it: a reviewer must never see a credential/);
    expect(describePath(issue.path.join("."))).toBe("Not verified › free text");
  });

  it("refuses a token in a timeline entry, an account gap and a failure-mode note", () => {
    const bad = "Bearer abcdEFGH1234ijklMNOP";
    const doc = {
      ...sections,
      timeline: [{ id: "a", at: "2026-06-22T10:00:00Z", text: bad }],
      accountGaps: [{ id: "g", fact: "quota", whyOutside: bad, authorizedSource: "portal" }],
      failureModes: sections.failureModes.map((f, i) => (i === 2 ? { ...f, note: bad } : f)),
    };
    const r = SectionsSchema.safeParse(doc);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["timeline.0.text", "accountGaps.0.whyOutside", "failureModes.2.note"]);
  });

  it("accepts script and HTML as text (it is escaped on output, not refused)", () => {
    const r = SectionsSchema.safeParse({ ...sections, summary: "<script>alert(1)</script><img src=x onerror=alert(1)>" });
    expect(r.success).toBe(true);
  });

  it("refuses a javascript: URL as a source", () => {
    const r = SectionsSchema.safeParse({ ...sections, sourcesChecked: [{ id: "s", title: "x", url: "javascript:alert(1)", accessed: "", purpose: "", confirmed: false }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path.join(".")).toBe("sourcesChecked.0.url");
  });
});

describe("the editor's local check agrees with the API schema", async () => {
  const { localCheck } = await import("@/lib/packets/local-check");
  const base = { title: "T", incidentRef: "", audience: "", sections: defaultSections() };
  it.each([
    ["a key in a timeline entry", { ...base, sections: { ...base.sections, timeline: [{ id: "a", at: "2026-06-22T10:00:00Z", text: "Bearer abcdEFGH1234ijklMNOP" }] } }, "sections.timeline.0.text"],
    ["a bad time", { ...base, sections: { ...base.sections, timeline: [{ id: "a", at: "yesterday", text: "x" }] } }, "sections.timeline.0.at"],
    ["a javascript: source URL", { ...base, sections: { ...base.sections, sourcesChecked: [{ id: "s", title: "x", url: "javascript:alert(1)", accessed: "", purpose: "", confirmed: false }] } }, "sections.sourcesChecked.0.url"],
    ["a JWT in the audience", { ...base, audience: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N" }, "audience"],
    ["an empty title", { ...base, title: " " }, "title"],
  ])("%s", (_label, input, path) => {
    expect(Object.keys(localCheck(input))).toEqual([path]);
    const api = PacketPatchSchema.safeParse({ revision: 1, ...input });
    expect(api.success).toBe(false);
    expect(api.error!.issues.map((i) => i.path.join("."))).toEqual([path]);
  });
  it("passes a clean packet", () => {
    expect(localCheck(base)).toEqual({});
    expect(PacketPatchSchema.safeParse({ revision: 1, ...base }).success).toBe(true);
  });
});
