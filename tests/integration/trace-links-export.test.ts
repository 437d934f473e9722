import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as packetsRoute from "@/app/api/packets/route";
import * as exportRoute from "@/app/api/packets/[id]/export/route";
import * as csvRoute from "@/app/api/runs/export.csv/route";
import { resetEnvForTests } from "@/lib/env";
import { CSV_COLUMNS } from "@/lib/history/export";
import { authedRequest } from "@/tests/fixtures/auth";
import { insertRun } from "@/tests/fixtures/runs";

// Issue 16.4: the packet's JSON export can carry the attempts as OTLP JSON,
// and TRACE_URL_TEMPLATE adds trace links to exports only when it is set.
const TEMPLATE = "https://grafana.example/explore?traceId={traceId}";
const CANARY = "summary-canary-5e1d provider text";

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const req = (url: string, method = "GET", body?: unknown) =>
  authedRequest(`http://test${url}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}) });

type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; kind: number; attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[] };
type Otlp = { resourceSpans: { resource: { attributes: { key: string }[] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] };

let packetId = "";
let runs: Awaited<ReturnType<typeof insertRun>>[] = [];

beforeAll(async () => {
  const happy = await insertRun({ checkedAt: new Date("2026-12-01T10:00:00Z") });
  const retried = await insertRun(
    { checkedAt: new Date("2026-12-01T10:01:00Z"), retryAttempts: 1 },
    [
      { statusCode: 503, statusFamily: "5xx", errorClass: "InternalServerError", errorType: "503", decision: "retry", contractResult: null, sanitizedSummary: CANARY, startedAt: new Date("2026-12-01T10:01:00.000Z") },
      { startedAt: new Date("2026-12-01T10:01:00.300Z") },
    ],
  );
  runs = [happy, retried];
  const res = await packetsRoute.POST(req("/api/packets", "POST", { title: "Trace links", runIds: runs.map((r) => r.id) }), ctx({} as Record<string, never>));
  packetId = ((await res.json()) as { id: string }).id;
});

afterEach(() => {
  delete process.env.TRACE_URL_TEMPLATE;
  resetEnvForTests();
});

const exportAs = async (query: string) => exportRoute.GET(req(`/api/packets/${packetId}/export?${query}`), ctx({ id: packetId }));

describe("packet JSON export with ?otlp=1", () => {
  it("adds the attempts as an OTLP ExportTraceServiceRequest beside the document; the version and its hash do not change", async () => {
    const plain = await exportAs("format=json");
    const plainBody = JSON.parse(await plain.text());
    expect(plainBody.otlp).toBeUndefined();
    expect(plainBody.traceUrls).toBeUndefined();
    const res = await exportAs("format=json&otlp=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-packet-sha256")).toBe(plain.headers.get("x-packet-sha256"));
    const text = await res.text();
    const body = JSON.parse(text) as { document: unknown; otlp: Otlp };
    expect(body.document).toEqual(plainBody.document);
    const spans = body.otlp.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect(body.otlp.resourceSpans[0].resource.attributes.map((a) => a.key)).toContain("service.name");
    expect(body.otlp.resourceSpans[0].scopeSpans[0].scope.name).toBe("evidence-packet.smoke-run");
    for (const run of runs) {
      const mine = spans.filter((s) => s.traceId === run.traceId);
      const root = mine.filter((s) => !s.parentSpanId);
      expect(root).toHaveLength(1);
      expect(mine.filter((s) => s.parentSpanId).map((s) => s.spanId).sort()).toEqual(run.attempts.map((a) => a.spanId).sort());
      expect(mine.filter((s) => s.parentSpanId).every((s) => s.parentSpanId === root[0].spanId && s.kind === 3)).toBe(true);
    }
    const resent = spans.find((s) => s.spanId === runs[1].attempts[1].spanId)!;
    expect(resent.attributes.find((a) => a.key === "http.request.resend_count")?.value.intValue).toBe(1);
    const failed = spans.find((s) => s.spanId === runs[1].attempts[0].spanId)!;
    expect(failed.attributes.find((a) => a.key === "error.type")?.value.stringValue).toBe("503");
    // Never the record's summaries (provider text) in a span.
    expect(JSON.stringify(body.otlp)).not.toContain("summary-canary");
  });

  it("otlp is for JSON only: with format=md it is a 400", async () => {
    const res = await exportAs("format=md&otlp=1");
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe("otlp");
  });
});

describe("TRACE_URL_TEMPLATE in exports", () => {
  it("set: JSON gets traceUrls, Markdown links the trace ids, the CSV gets a trace_url column; the hash stays the same", async () => {
    const before = (await exportAs("format=json")).headers.get("x-packet-sha256");
    process.env.TRACE_URL_TEMPLATE = TEMPLATE;
    resetEnvForTests();
    const json = await exportAs("format=json");
    expect(json.headers.get("x-packet-sha256")).toBe(before);
    const body = JSON.parse(await json.text());
    for (const run of runs) expect(body.traceUrls[run.traceId]).toBe(`https://grafana.example/explore?traceId=${run.traceId}`);
    expect(JSON.stringify(body.document)).not.toContain("grafana");
    const md = await (await exportAs("format=md")).text();
    expect(md).toContain(`[\`${runs[0].traceId}\`](https://grafana.example/explore?traceId=${runs[0].traceId})`);
    const csv = await (await csvRoute.GET(req("/api/runs/export.csv"), ctx({} as Record<string, never>))).text();
    const [head, ...lines] = csv.trim().split("\r\n");
    expect(head).toBe([...CSV_COLUMNS, "trace_url"].join(","));
    const row = lines.find((l) => l.includes(runs[0].traceId))!;
    expect(row.endsWith(`,https://grafana.example/explore?traceId=${runs[0].traceId}`)).toBe(true);
  });

  it("unset: no trace link anywhere, the CSV's columns are today's", async () => {
    const md = await (await exportAs("format=md")).text();
    expect(md).not.toContain("grafana");
    expect(md).toContain(`\`${runs[0].traceId}\``);
    const csv = await (await csvRoute.GET(req("/api/runs/export.csv"), ctx({} as Record<string, never>))).text();
    expect(csv.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
  });
});
