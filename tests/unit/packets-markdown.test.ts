import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "@/lib/packets/canonical";
import { packetMarkdown } from "@/lib/packets/markdown";
import { reviewerHtml } from "@/lib/packets/reviewer-html";
import { draftSummary, timelineText } from "@/lib/packets/draft-summary";
import { fixtureErrorRecord, fixtureRecord, readyDocument } from "@/tests/fixtures/packets";

const version = { number: 3, sha256: "ab".repeat(32), createdAt: "2026-06-22T10:30:00.000Z" };

function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThan(-1);
  const next = md.indexOf("\n## ", start + 3);
  return md.slice(start, next === -1 ? undefined : next);
}

describe("Markdown export of a fixture packet", () => {
  const doc = readyDocument();
  const md = packetMarkdown(doc, version, { origin: "http://127.0.0.1:3000" });

  it("opens with the title and the version line, and ends with the version footer", () => {
    expect(md.startsWith("# Chat completions 5xx on staging\n")).toBe(true);
    expect(md).toContain("> Escalation packet · Incident INC-4821 · Audience: Platform team · Environment: staging · Readiness: nothing blocking");
    const footer = `Version 3 · sha256 \`${"ab".repeat(32)}\` · frozen 2026-06-22T10:30:00.000Z · schemaVersion 2`;
    expect(md.trimEnd().endsWith(footer)).toBe(true);
  });

  it("puts each record in the guide's YAML template, in the guide's field order", () => {
    const rec = section(md, "Attached records");
    const yaml = rec.slice(rec.indexOf("```yaml\n") + 8, rec.indexOf("\n```", rec.indexOf("```yaml")));
    expect(yaml.split("\n").map((l) => l.split(":")[0])).toEqual([
      "test_id", "checked_at", "environment_label", "endpoint_family", "http_status_family", "client_error_class",
      "retry_attempts", "fallback_decision", "trace_id_placeholder", "operator_result", "notes",
    ]);
    expect(yaml).toContain('test_id: "llm-api-escalation-smoke-001"');
    expect(yaml).toContain('checked_at: "2026-06-22T10:00:00Z"');
    expect(rec).toContain('http_status_family: "5xx"');
    expect(rec).toContain('retry_attempts: "1"');
    expect(rec).toContain('fallback_decision: "manual_hold"');
    expect(rec.match(/```yaml/g)).toHaveLength(2);
  });

  it("has a key-field table with links to each record and a correlation-id table per attempt", () => {
    const rec = section(md, "Attached records");
    expect(rec).toContain("| Test id | Path | Target | Status family | Error class | Retries | Fallback decision | Operator result |");
    expect(rec).toContain("| [llm-api-escalation-smoke-002](http://127.0.0.1:3000/records/2) | error | Sandbox primary | `5xx (503)` | `InternalServerError` | 1 of 2 | `manual_hold` | `pass` |");
    expect(rec).toContain("| Test id | Attempt | Trace id | Provider request id | Safe to share internally |");
    expect(rec).toContain("| `llm-api-escalation-smoke-002` | 1 (primary) | `0af7651916cd43dd8448eb211c80319c` | `req_err02a` | no |");
    expect(rec).toContain("| `llm-api-escalation-smoke-002` | 2 (primary) | `0af7651916cd43dd8448eb211c80319c` | `req_err02b` | no |");
    expect(rec).toContain("| `llm-api-escalation-smoke-001` | 1 (primary) | `4bf92f3577b34da6a3ce929d0e0e4736` | `req_happy01` | yes |");
  });

  it("renders the guide's tables as Markdown tables", () => {
    const contract = section(md, "Contract details to verify");
    expect(contract).toContain("| Area | What to verify | Source URL | Accessed | Safe candidate wording |");
    expect(contract.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Area")).length).toBe(5);
    expect(contract).toContain("[https://sre.google/sre-book/handling-overload/](https://sre.google/sre-book/handling-overload/)");
    const sources = section(md, "Sources checked");
    expect(sources).toContain("| CometAPI help center | [https://apidoc.cometapi.com/support/help-center](https://apidoc.cometapi.com/support/help-center) | 2026-11-30 | verify support and escalation documentation areas. |");
    const modes = section(md, "Failure modes");
    expect(modes.split("\n").filter((l) => l.endsWith("| not checked | — |")).length).toBe(8);
    const gaps = section(md, "Account gaps");
    expect(gaps).toContain("| Remaining account quota | Account-specific; public docs cannot prove it. | Vendor account dashboard |");
  });

  it("lists what was not verified and the three rehearsal decisions", () => {
    const nv = section(md, "Not verified");
    expect(nv).toContain("- [ ] Exact uptime — not verified");
    expect(nv).toContain("- [ ] Rate-limit thresholds — not verified");
    const decisions = section(md, "Rehearsal decisions");
    expect(decisions).toContain("1. **Which trace or request identifier is safe to share internally?** Trace ids are safe to share internally.");
    expect(decisions).toContain("3. **When should the operator hold fallback instead of retrying again?**");
    expect(section(md, "Timeline (UTC)")).toContain("| `2026-06-22T10:00:00Z` | On-call paged for elevated 5xx on the chat path. |");
  });

  it("escapes HTML, Markdown and table breakers in operator text", () => {
    const evil = readyDocument({ title: "<script>alert(1)</script>" });
    evil.sections.timeline = [{ id: "x", at: "2026-06-22T10:00:00Z", text: "a | b <img src=x onerror=alert(1)> [link](javascript:alert(1))" }];
    const out = packetMarkdown(evil, version);
    // Every "<" in the export is backslash-escaped, so no renderer sees a tag.
    expect(out).not.toMatch(/(?<!\\)</);
    expect(out).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(out).toContain("# \\<script\\>alert(1)\\</script\\>");
    expect(out).toContain("a \\| b \\<img src=x onerror=alert(1)\\> \\[link\\](javascript:alert(1))");
  });

  it("says so when the packet has blocking items", () => {
    const out = packetMarkdown(readyDocument({ records: [fixtureRecord()] }), version);
    expect(out).toContain("Readiness: 1 blocking item(s)");
    expect(out).toContain("- Blocking: No error-path record is attached.");
  });
});

describe("reviewer page HTML", () => {
  it("shows script and HTML payloads as text and carries the version hash", () => {
    const doc = readyDocument({ title: "<script>alert('t')</script>" });
    doc.sections.summary = "<img src=x onerror=alert(1)> & \"quoted\"";
    const page = reviewerHtml(doc, version);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain("<img");
    expect(page).toContain("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;");
    expect(page).toContain(`<code data-testid="version-sha">${"ab".repeat(32)}</code>`);
    expect(page).toContain('<meta name="robots" content="noindex,nofollow,noarchive">');
    expect(page).toContain("@media print");
  });
});

describe("canonical JSON and draft summary", () => {
  it("sorts keys at every depth so equal content has equal bytes and hash", () => {
    const a = canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: "é" } });
    expect(a).toBe('{"a":{"c":"é","d":[{"x":2,"y":1}]},"b":1}');
    expect(sha256Hex(a)).toBe(sha256Hex(canonicalJson({ a: { c: "é", d: [{ x: 2, y: 1 }] }, b: 1 })));
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("drafts the guide's sentence from the attached records", () => {
    const s = draftSummary([fixtureRecord(), fixtureErrorRecord()]);
    expect(s).toContain(
      "the chat-completions request path returned a 5xx status family after one bounded retry, then the fallback route was held because the response-shape assertion failed.",
    );
    expect(s.indexOf("error-path")).toBeLessThan(s.indexOf("happy-path"));
    expect(s).toContain("returned a 2xx status family with no retry, and the primary route was retained.");
    expect(draftSummary([])).toBe("");
  });
});

describe("draft summary wording", () => {
  it("says 'got no response' for a timeout, counts retries in words, and names a used fallback", () => {
    const timeout = fixtureRecord({
      runId: 7,
      path: "error",
      errorScenario: "forced_timeout",
      record: { http_status_family: "none", http_status_code: null, client_error_class: "APIConnectionTimeoutError", retry_attempts: 2, fallback_decision: "fallback_used", contract_result: "pass" },
    });
    expect(draftSummary([timeout])).toBe(
      "The controlled error-path check (forced timeout) on Sandbox primary (staging): the chat-completions request path got no response (APIConnectionTimeoutError) after two bounded retries, then the fallback route was used.",
    );
  });
});

describe("unconfirmed suggestions in a draft export", () => {
  it("never appear as checked: sources go under Not verified, contract rows say to verify, no accessed date", () => {
    const base = readyDocument();
    const doc = {
      ...base,
      sections: {
        ...base.sections,
        sourcesChecked: base.sections.sourcesChecked.map((x, n) => (n === 0 ? x : { ...x, confirmed: false, accessed: "2026-06-22" })),
        contractChecks: base.sections.contractChecks.map((c) => ({ ...c, confirmed: false, accessed: "2026-06-22" })),
      },
    };
    const md = packetMarkdown(doc, version);
    expect(md).not.toContain("2026-06-22 |");
    const sources = md.slice(md.indexOf("## Sources checked"), md.indexOf("## Contract details"));
    expect(sources).toContain("CometAPI documentation");
    expect(sources).not.toContain("CometAPI help center");
    expect(md.slice(md.indexOf("## Not verified"), md.indexOf("## Account gaps"))).toContain("- [ ] Suggested source not checked: CometAPI help center — [https://apidoc.cometapi.com/support/help-center](https://apidoc.cometapi.com/support/help-center)");
    expect(md).toMatch(/\| Overload and retry behavior \| [^\n]* \| suggested: \[https:\/\/sre\.google[^\n]* \| to verify \|/);
  });
});

describe("drafted timeline wording (issue 15 item 7)", () => {
  it("says 'no response' when no HTTP response came back, never 'none status family'", () => {
    const timeout = fixtureRecord({
      runId: 9,
      path: "error",
      errorScenario: "forced_timeout",
      record: { http_status_family: "none", http_status_code: null, client_error_class: "APIConnectionTimeoutError", retry_attempts: 2, fallback_decision: "manual_hold" },
    });
    const text = timelineText({ testId: timeout.record.test_id, path: timeout.path, targetName: timeout.targetName, record: timeout.record });
    expect(text).not.toMatch(/none status family/);
    expect(text).toBe("llm-api-escalation-smoke-009: error-path check on Sandbox primary — no response (APIConnectionTimeoutError), 2 retries, manual_hold.");
    const ok = fixtureRecord();
    expect(timelineText({ testId: ok.record.test_id, path: ok.path, targetName: ok.targetName, record: ok.record })).toBe(
      "llm-api-escalation-smoke-001: happy-path check on Sandbox primary — 2xx status family (200), 0 retries, primary_retained.",
    );
  });
});
