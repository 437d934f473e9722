import { describe, expect, it } from "vitest";
import { checkReadiness, SCAN_LIMITS } from "@/lib/packets/readiness";
import type { PacketDocument } from "@/lib/packets/schema";
import { fixtureRecord, readyDocument } from "@/tests/fixtures/packets";

const rules = (d: PacketDocument) => {
  const r = checkReadiness(d);
  return { blocking: r.blocking.map((b) => b.rule), warnings: r.warnings.map((w) => w.rule), ready: r.ready, result: r };
};
const withSections = (patch: Partial<PacketDocument["sections"]>, base = readyDocument()) => ({ ...base, sections: { ...base.sections, ...patch } });

describe("packet readiness", () => {
  it("a complete packet has nothing blocking and no warnings", () => {
    expect(rules(readyDocument())).toMatchObject({ ready: true, blocking: [], warnings: [] });
  });

  it("blocks when a path has no record and no stated reason", () => {
    const doc = readyDocument({ records: [fixtureRecord()] });
    const r = rules(doc);
    expect(r.ready).toBe(false);
    expect(r.blocking).toEqual(["record-error-path"]);
    expect(r.result.blocking[0].message).toMatch(/No error-path record/);
  });

  it("a stated reason stands in for a missing path", () => {
    const doc = withSections({ missingPathReasons: { happy: "", error: "The error path could not be triggered safely in production." } }, readyDocument({ records: [fixtureRecord()] }));
    expect(rules(doc).blocking).toEqual([]);
  });

  it("an empty packet blocks on both paths", () => {
    expect(rules(readyDocument({ records: [] })).blocking).toEqual(["record-happy-path", "record-error-path"]);
  });

  it.each([
    ["status family", { http_status_family: null }],
    ["error class", { client_error_class: null }],
    ["fallback decision", { fallback_decision: null }],
    ["trace id", { trace_id_placeholder: "" }],
    ["sanitized summary", { sanitized_error_summary: null }],
    ["retry count", { retry_attempts: -1 }],
  ])("blocks an attached record missing its %s", (field, record) => {
    const doc = readyDocument({ records: [fixtureRecord({ record }), fixtureRecord({ runId: 2, path: "error" })] });
    const r = rules(doc);
    expect(r.blocking).toEqual(["record-complete"]);
    expect(r.result.blocking[0].message).toContain(field);
    expect(r.result.blocking[0].message).toContain("llm-api-escalation-smoke-001");
  });

  it("blocks when the not-verified section is empty, and not when it has free text only", () => {
    const empty = withSections({ notVerified: { items: [], notes: "" } });
    expect(rules(empty).blocking).toEqual(["not-verified"]);
    const notesOnly = withSections({ notVerified: { items: [], notes: "Did not check account quota." } });
    expect(rules(notesOnly).blocking).toEqual([]);
  });

  it("blocks on secret-like text anywhere and says where", () => {
    const base = readyDocument();
    const doc = withSections({ timeline: [...base.sections.timeline, { id: "t2", at: "2026-06-22T10:05:00Z", text: "used key sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn" }] }, base);
    const r = rules(doc);
    expect(r.blocking).toEqual(["no-secrets"]);
    expect(r.result.blocking[0].message).toContain("Timeline › entry 2 › text");
    expect(r.result.blocking[0].message).toContain("API key");
  });

  it("blocks on a secret inside an attached record's notes", () => {
    const doc = readyDocument({ records: [fixtureRecord({ record: { notes: "Authorization: Bearer abcdEFGH1234ijklMNOP" } }), fixtureRecord({ runId: 2, path: "error" })] });
    expect(rules(doc).blocking).toEqual(["no-secrets"]);
  });

  it.each([
    ["quota", "We hit our account quota at 10:02.", "quota"],
    ["pricing", "Pricing changed last week.", "pricing"],
    ["uptime", "The provider has 99.9% uptime.", "uptime"],
    ["availability", "There is a provider outage.", "provider-availability"],
    ["rate limits", "We were rate limited at 500 RPM.", "rate-limits"],
  ])("warns on an unsourced claim about %s, and not once a source is attached", (_topic, summary, itemId) => {
    const doc = withSections({ summary });
    expect(rules(doc).warnings).toEqual(["unsourced-claim"]);
    const items = doc.sections.notVerified.items.map((i) => (i.id === itemId ? { ...i, sourceAttached: true, sourceUrl: "https://status.example.com/incident/1" } : i));
    expect(rules(withSections({ notVerified: { items, notes: "" } }, doc)).warnings).toEqual([]);
  });

  it("does not treat the not-verified and account-gap sections as claims", () => {
    const doc = withSections({ notVerified: { items: readyDocument().sections.notVerified.items, notes: "We did not check quota or rate limits." } });
    expect(rules(doc).warnings).toEqual([]);
  });

  it("warns when there is no timeline", () => {
    expect(rules(withSections({ timeline: [] })).warnings).toEqual(["no-timeline"]);
  });

  it("warns when the packet is longer than a reviewer can scan", () => {
    const long = Array.from({ length: SCAN_LIMITS.words + 10 }, () => "word").join(" ");
    const doc = withSections({ notVerified: { items: readyDocument().sections.notVerified.items, notes: long.slice(0, 1999) } });
    const longTimeline = withSections({
      timeline: Array.from({ length: SCAN_LIMITS.timelineEntries + 1 }, (_, i) => ({ id: `t${i}`, at: "2026-06-22T10:00:00Z", text: "step" })),
    });
    expect(rules(longTimeline).warnings).toEqual(["too-long"]);
    const many = readyDocument({ records: Array.from({ length: SCAN_LIMITS.records + 1 }, (_, i) => fixtureRecord({ runId: i + 1, path: i === 0 ? "error" : "happy" })) });
    expect(rules(many).warnings).toContain("too-long");
    expect(rules(doc).warnings).toEqual([]); // 1999 chars is ~400 words: still scannable
  });

  it("warns on an environment mismatch that is not recorded", () => {
    const doc = withSections({ environmentLabel: "production" });
    expect(rules(doc).warnings).toEqual(["environment-mismatch"]);
    expect(rules(withSections({ environmentMismatch: "Rehearsal ran on staging; the incident is in production." }, doc)).warnings).toEqual([]);
  });
});

describe("ready means the operator said something (rule set 2)", () => {
  const base = readyDocument();
  it("an unconfirmed or empty summary blocks", () => {
    expect(rules(withSections({ summaryConfirmed: false })).blocking).toEqual(["summary-unconfirmed"]);
    expect(rules(withSections({ summary: " ", summaryConfirmed: true })).blocking).toEqual(["summary-empty"]);
  });
  it("only the guide's suggestions, none kept, blocks; a kept one, an own item or an own note clears it", () => {
    const suggestions = base.sections.notVerified.items.map((i) => ({ ...i, confirmed: false }));
    expect(rules(withSections({ notVerified: { items: suggestions, notes: "" } })).blocking).toEqual(["not-verified-unconfirmed"]);
    expect(rules(withSections({ notVerified: { items: suggestions, notes: "Gateway logs not checked." } })).blocking).toEqual([]);
    expect(rules(withSections({ notVerified: { items: [...suggestions, { id: "own", label: "Gateway logs", sourceAttached: false, sourceUrl: "", confirmed: true }], notes: "" } })).blocking).toEqual([]);
  });
  it("an unconfirmed source blocks, naming it; an unconfirmed contract row does not", () => {
    const sources = base.sections.sourcesChecked.map((x, n) => (n === 1 ? { ...x, confirmed: false, accessed: "" } : x));
    const r = rules(withSections({ sourcesChecked: sources }));
    expect(r.blocking).toEqual(["sources-unconfirmed"]);
    expect(r.result.blocking[0].message).toBe(
      "Sources checked: 1 source is still to verify (CometAPI help center). Confirm the exact source page you used and the date you accessed it, or remove the row.",
    );
    expect(rules(withSections({ contractChecks: base.sections.contractChecks.map((c) => ({ ...c, confirmed: false, accessed: "" })) })).blocking).toEqual([]);
  });
  it("a version frozen under rule set 1 is judged by the rules of its time", () => {
    const old = { ...withSections({ summaryConfirmed: false, sourcesChecked: base.sections.sourcesChecked.map((x) => ({ ...x, confirmed: false })) }), schemaVersion: 1 };
    expect(rules(old).blocking).toEqual([]);
  });
});
