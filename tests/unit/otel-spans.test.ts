import { createServer, type Server } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { resetEnvForTests } from "@/lib/env";
import type { Attempt } from "@/lib/smoke/schema";
import { exportRun, flushTelemetry, otelConfigured } from "@/lib/telemetry/otel";
import { otlpJson, rootSpanIdFor, runSpans, safeUrlFull, type RunTraceInput } from "@/lib/telemetry/spans";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CANARY = "provider said: secret-canary-7b1e";

const attempt = (over: Partial<Attempt>): Attempt => ({
  seq: 0,
  targetId: "t1",
  targetName: "primary",
  role: "primary",
  spanId: "00f067aa0ba902b7",
  serverAddress: "api.example.test",
  startedAt: "2026-12-07T10:00:00.000Z",
  durationMs: 120,
  statusCode: 503,
  statusFamily: "5xx",
  errorClass: "InternalServerError",
  errorType: "503",
  requestId: "req_1",
  retryAfterMs: null,
  waitMs: 10,
  decision: "retry",
  decisionRule: `openai: 5xx → retry (${CANARY})`,
  profile: "openai",
  contractResult: null,
  sanitizedSummary: CANARY,
  ...over,
});

const run: RunTraceInput = {
  testId: "SMK-000042",
  traceId: TRACE,
  path: "happy",
  errorScenario: null,
  checkedAt: "2026-12-07T09:59:59.990Z",
  durationMs: 400,
  operatorResult: "pass",
  fallbackDecision: "fallback_used",
  httpStatusFamily: "5xx",
  clientErrorClass: "InternalServerError",
  retryAttempts: 1,
  attempts: [
    attempt({}),
    attempt({ seq: 1, spanId: "1111111111111111", startedAt: "2026-12-07T10:00:00.200Z", decision: "fallback" }),
    attempt({ seq: 2, role: "fallback", targetName: "fallback", spanId: "2222222222222222", serverAddress: "fb.example.test:8443", startedAt: "2026-12-07T10:00:00.300Z", statusCode: 200, statusFamily: "2xx", errorClass: "none", errorType: null, decision: "success", sanitizedSummary: "none" }),
  ],
  baseUrls: { primary: "https://user:pa55@api.example.test/v1?api-key=abc#frag", fallback: undefined },
};

const resource = resourceFromAttributes({ "service.name": "unit" });
const attrs = (s: { attributes: Record<string, unknown> }) => s.attributes;

describe("a run as one trace (issue 16.4)", () => {
  it("a root span and a CLIENT span per attempt, with the record's trace and span ids", () => {
    const [root, ...children] = runSpans(run, resource);
    expect(root.spanContext().traceId).toBe(TRACE);
    expect(root.spanContext().spanId).toBe(rootSpanIdFor(TRACE));
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.kind).toBe(SpanKind.INTERNAL);
    expect(children.map((s) => s.spanContext().spanId)).toEqual(run.attempts.map((a) => a.spanId));
    for (const c of children) {
      expect(c.kind).toBe(SpanKind.CLIENT);
      expect(c.spanContext().traceId).toBe(TRACE);
      expect(c.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    }
    // The root id is derived from the trace id: the same run yields the same trace.
    expect(rootSpanIdFor(TRACE)).toMatch(/^[0-9a-f]{16}$/);
    expect(rootSpanIdFor(TRACE)).not.toBe(rootSpanIdFor("0".repeat(31) + "1"));
  });

  it("HTTP client attributes per the semantic conventions; resend_count per leg; status ERROR on failures", () => {
    const [, first, second, fb] = runSpans(run, resource);
    expect(attrs(first)).toMatchObject({
      "http.request.method": "POST",
      "server.address": "api.example.test",
      "server.port": 443,
      "url.full": "https://api.example.test/v1/chat/completions",
      "http.response.status_code": 503,
      "error.type": "503",
      "user_agent.synthetic.type": "test",
    });
    expect(attrs(first)["http.request.resend_count"]).toBeUndefined();
    expect(attrs(second)["http.request.resend_count"]).toBe(1);
    expect(first.status.code).toBe(SpanStatusCode.ERROR);
    // The fallback: another target, so not a resend; from the record's host:port when the URL is unknown.
    expect(attrs(fb)).toMatchObject({ "server.address": "fb.example.test", "server.port": 8443, "http.response.status_code": 200 });
    expect(attrs(fb)["http.request.resend_count"]).toBeUndefined();
    expect(attrs(fb)["error.type"]).toBeUndefined();
    expect(attrs(fb)["url.full"]).toBeUndefined();
    expect(fb.status.code).toBe(SpanStatusCode.UNSET);
    expect(first.startTime).toEqual([Date.parse("2026-12-07T10:00:00.000Z") / 1000, 0]);
    expect(first.endTime).toEqual([Date.parse("2026-12-07T10:00:00.000Z") / 1000, 120_000_000]);
  });

  it("url.full carries no user info, query or fragment", () => {
    expect(safeUrlFull("https://u:p@h.test:8443/v1/?key=s3cret#x")).toBe("https://h.test:8443/v1/chat/completions");
    expect(safeUrlFull("not a url")).toBeUndefined();
  });

  it("the OTLP JSON holds the ids, never the record's summaries, decision rules or credentials", () => {
    const json = JSON.stringify(otlpJson(runSpans(run, resource)));
    expect(json).toContain(TRACE);
    expect(json).toContain("2222222222222222");
    expect(json).not.toContain("secret-canary");
    expect(json).not.toContain("pa55");
    expect(json).not.toContain("api-key");
    expect(json).not.toContain("req_1");
  });
});

describe("configuration from the standard variables", () => {
  it("on when an OTLP endpoint is set, off when the SDK or the traces exporter is disabled", () => {
    expect(otelConfigured({})).toBe(false);
    expect(otelConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(true);
    expect(otelConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://127.0.0.1:4318/v1/traces" })).toBe(true);
    expect(otelConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://x", OTEL_SDK_DISABLED: "true" })).toBe(false);
    expect(otelConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://x", OTEL_TRACES_EXPORTER: "none" })).toBe(false);
  });
});

describe("a collector that cannot be reached", () => {
  let closed: Server;
  let written: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const saved = { ...process.env };

  beforeEach(async () => {
    // A port that was just free: nothing listens there.
    closed = createServer();
    const port = await new Promise<number>((r) => closed.listen(0, "127.0.0.1", () => r((closed.address() as { port: number }).port)));
    await new Promise((r) => closed.close(r));
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://user:collector-pass@127.0.0.1:${port}`;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = "authorization=Bearer collector-token-9f8e";
    // The exporter retries a refused connection until its own timeout: keep that short here.
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = "300";
    process.env.LOG_LEVEL = "info";
    resetEnvForTests();
    written = [];
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  });

  afterEach(() => {
    process.stdout.write = out;
    process.stderr.write = err;
    process.env = { ...saved };
    resetEnvForTests();
  });

  it("is logged once, not per run, with no endpoint credentials; exporting never throws", async () => {
    for (let i = 0; i < 3; i++) {
      expect(() => exportRun(run)).not.toThrow();
      await flushTelemetry();
    }
    const lines = written.filter((l) => l.includes("OpenTelemetry export failed"));
    expect(lines).toHaveLength(1);
    expect(written.join("")).not.toContain("collector-pass");
    expect(written.join("")).not.toContain("collector-token");
  }, 20_000);
});
