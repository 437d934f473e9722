import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emailMessage, signatureHeader, slackBody, verifySignature, webhookBody, type MessageFacts } from "@/lib/notify/messages";

// The message shapes of README "Notifications" (decision 130).
const facts: MessageFacts = {
  id: "dlv_1",
  event: "packet_ready",
  occurredAt: new Date("2026-12-07T14:05:02.114Z"),
  subject: "Packet ready: <b>Gateway</b> & co",
  verdict: "ready",
  appLink: "https://evidence.example.com/packets/p1",
  data: { packetId: "p1", packetTitle: "<b>Gateway</b> & co", records: [{ testId: "llm-api-escalation-smoke-001", runId: 1 }] },
};

describe("webhook signature (Stripe-style)", () => {
  it("is HMAC-SHA256 over '<t>.<raw body>' in t=…,v1=…, verified in constant time, with a 5-minute window", () => {
    const raw = JSON.stringify(webhookBody(facts));
    const header = signatureHeader("whsec_test", raw, 1_765_000_000);
    expect(header).toBe(`t=1765000000,v1=${createHmac("sha256", "whsec_test").update(`1765000000.${raw}`).digest("hex")}`);
    expect(verifySignature("whsec_test", raw, header, 1_765_000_100)).toBe(true);
    expect(verifySignature("whsec_test", raw.replace("ready", "draft"), header, 1_765_000_100)).toBe(false);
    expect(verifySignature("other", raw, header, 1_765_000_100)).toBe(false);
    expect(verifySignature("whsec_test", raw, header, 1_765_000_301)).toBe(false);
    expect(verifySignature("whsec_test", raw, null, 1_765_000_000)).toBe(false);
  });
});

describe("message bodies", () => {
  it("the webhook body carries schemaVersion 1, the delivery id and the app link", () => {
    expect(webhookBody(facts)).toEqual({
      schemaVersion: 1,
      id: "dlv_1",
      event: "packet_ready",
      occurredAt: "2026-12-07T14:05:02.114Z",
      subject: facts.subject,
      verdict: "ready",
      links: { app: "https://evidence.example.com/packets/p1" },
      data: facts.data,
    });
  });

  it("Slack gets Block Kit: a header, the verdict and facts as fields, a context line and a button to the app", () => {
    const body = slackBody(facts);
    expect(body.text).toBe(facts.subject);
    expect(body.blocks.map((b) => (b as { type: string }).type)).toEqual(["header", "section", "context", "actions"]);
    const fields = (body.blocks[1] as { fields: { text: string }[] }).fields.map((f) => f.text);
    expect(fields).toContain("*Verdict*\nready");
    expect(fields).toContain("*packetId*\np1");
    expect(JSON.stringify(body.blocks[3])).toContain("https://evidence.example.com/packets/p1");
    expect(slackBody({ ...facts, appLink: undefined }).blocks).toHaveLength(3);
  });

  it("e-mail: '[Evidence Packet] <subject>', plain text and HTML with every value escaped", () => {
    const m = emailMessage(facts);
    expect(m.subject).toBe("[Evidence Packet] Packet ready: <b>Gateway</b> & co");
    expect(m.text).toContain("Open: https://evidence.example.com/packets/p1");
    expect(m.text).toContain("Delivery: dlv_1");
    expect(m.html).toContain("&lt;b&gt;Gateway&lt;/b&gt; &amp; co");
    expect(m.html).not.toContain("<b>Gateway</b>");
  });
});
