import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { packetMarkdown } from "@/lib/packets/markdown";
import { reviewerHtml } from "@/lib/packets/reviewer-html";
import { traceUrlFor, traceUrlTemplateProblem } from "@/scripts/trace-url.mjs";
import { readyDocument } from "@/tests/fixtures/packets";

const TEMPLATE = "https://grafana.example/explore?traceId={traceId}";
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const version = { number: 3, sha256: "ab".repeat(32), createdAt: "2026-06-22T10:30:00.000Z" };

describe("TRACE_URL_TEMPLATE validation (issue 16.4)", () => {
  afterEach(() => {
    delete process.env.TRACE_URL_TEMPLATE;
    resetEnvForTests();
  });

  it.each([
    [undefined, null],
    ["", null],
    [TEMPLATE, null],
    ["http://tempo.local:3200/trace/{traceId}", null],
    ["https://grafana.example/explore", /must contain \{traceId\}/],
    ["ftp://files.example/{traceId}", /http:\/\/ or https:\/\//],
    ["/explore?traceId={traceId}", /absolute/],
    ["javascript:alert(1)//{traceId}", /http:\/\/ or https:\/\//],
    ["https://user:pass@grafana.example/{traceId}", /user name or password/],
  ])("%s → %s", (value, problem) => {
    const got = traceUrlTemplateProblem(value);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toMatch(problem);
  });

  it("the server's configuration refuses a template without {traceId}, and takes a good one", () => {
    process.env.TRACE_URL_TEMPLATE = "https://grafana.example/explore";
    resetEnvForTests();
    expect(() => env()).toThrow(/TRACE_URL_TEMPLATE must contain \{traceId\}/);
    process.env.TRACE_URL_TEMPLATE = TEMPLATE;
    resetEnvForTests();
    expect(env().TRACE_URL_TEMPLATE).toBe(TEMPLATE);
    process.env.TRACE_URL_TEMPLATE = "";
    resetEnvForTests();
    expect(env().TRACE_URL_TEMPLATE).toBeUndefined();
  });

  it("a link for a W3C trace id only; none when the template is unset", () => {
    expect(traceUrlFor(TEMPLATE, TRACE)).toBe(`https://grafana.example/explore?traceId=${TRACE}`);
    expect(traceUrlFor("https://t.example/{traceId}/{traceId}", TRACE)).toBe(`https://t.example/${TRACE}/${TRACE}`);
    expect(traceUrlFor(null, TRACE)).toBeNull();
    expect(traceUrlFor(undefined, TRACE)).toBeNull();
    expect(traceUrlFor(TEMPLATE, "not-a-trace-id\"><script>")).toBeNull();
    expect(traceUrlFor("https://grafana.example/explore", TRACE)).toBeNull();
  });
});

describe("trace links in the packet's outputs", () => {
  const doc = readyDocument();

  it("reviewer page: every trace id becomes a link when set", () => {
    const page = reviewerHtml(doc, version, { traceUrlTemplate: TEMPLATE });
    for (const r of doc.records) {
      const id = r.record.trace_id_placeholder;
      expect(page).toContain(`<a href="https://grafana.example/explore?traceId=${id}" rel="noopener noreferrer nofollow"><code>${id}</code></a>`);
    }
  });

  it("reviewer page: unset, the page of today (packets-truth checks the frozen v1 fixture byte for byte)", () => {
    const unset = reviewerHtml(doc, version, { traceUrlTemplate: null });
    expect(unset).toBe(reviewerHtml(doc, version));
    expect(unset).toContain(`<code>${doc.records[0].record.trace_id_placeholder}</code>`);
    expect(unset).not.toContain("grafana");
  });

  it("Markdown: a link around the code span when set; unchanged when unset", () => {
    const withLinks = packetMarkdown(doc, version, { traceUrlTemplate: TEMPLATE });
    const id = doc.records[0].record.trace_id_placeholder;
    expect(withLinks).toContain(`[\`${id}\`](https://grafana.example/explore?traceId=${id})`);
    expect(packetMarkdown(doc, version, { traceUrlTemplate: null })).toBe(packetMarkdown(doc, version));
    expect(packetMarkdown(doc, version)).not.toContain("grafana");
  });
});
