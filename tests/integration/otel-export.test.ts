import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// NOTE: OpenTelemetry's own types for the request its OTLP/HTTP JSON exporter sends (not re-exported from the package root).
import type { IExportTraceServiceRequest, ISpan } from "@opentelemetry/otlp-transformer/build/src/trace/internal-types";
import type { IKeyValue } from "@opentelemetry/otlp-transformer/build/src/common/internal-types";
import { ESpanKind } from "@opentelemetry/otlp-transformer/build/src/trace/internal-types";
import { SAFE_PROMPT_TEXT } from "@/lib/smoke/http-attempt";
import { startProdServer, type ProdServer } from "@/tests/fixtures/prod-server";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 16.4: with OTEL_EXPORTER_OTLP_ENDPOINT set, the production server
// exports each run as one trace through the official OTLP/HTTP exporter. A
// receiver on loopback decodes what arrives (OpenTelemetry's JSON protocol,
// OpenTelemetry's types) and checks it against the stored record and against
// the traceparent headers the provider process actually received.
const CREDENTIAL = "sk-otel-canary-3f9a7c1e5b2d4860a1c3e5f7091b2d4f";
const SERVICE = "evidence-otel-test";

type Received = { raw: Buffer; body: IExportTraceServiceRequest; path: string };
type RunJson = { id: number; testId: string; record: { trace_id_placeholder: string; retry_attempts: number; fallback_decision: string; attempts: Attempt[] }; attempts: Attempt[] };
type Attempt = { seq: number; role: string; spanId: string; statusCode: number | null; errorType: string | null; decision: string; startedAt: string; durationMs: number };

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let server: ProdServer;
let receiver: Server;
let recorder: Server;
const received: Received[] = [];
/** traceparent of every request that reached the provider, in order. */
const traceparents: string[] = [];

const readAll = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (d: Buffer) => parts.push(d));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as { port: number }).port)));

/**
 * On PostgreSQL: an empty database of its own, migrated by the server's own
 * start (the worker's copy of the template already has the tests' accounts).
 */
async function emptyPgDatabase(): Promise<string | undefined> {
  const admin = process.env.TEST_PG_ADMIN_URL;
  if (process.env.TEST_DATABASE !== "postgresql" || !admin) return undefined;
  const { default: pg } = await import("pg");
  const name = `ep_otel_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  return admin.replace(/\/postgres$/, `/${name}`);
}

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  const sandboxUrl = new URL(sandbox.origin);
  // The provider, as the run sees it: the sandbox process behind a recorder of the traceparent each request carried.
  recorder = createServer(async (req, res) => {
    traceparents.push(String(req.headers.traceparent ?? ""));
    const body = await readAll(req);
    const fwd = httpRequest({ host: sandboxUrl.hostname, port: sandboxUrl.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    fwd.on("error", () => res.destroy());
    fwd.end(body);
  });
  const providerPort = await listen(recorder);
  // The OTLP/HTTP receiver (a collector's /v1/traces).
  receiver = createServer(async (req, res) => {
    let raw = await readAll(req);
    if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
    if (req.url === "/v1/traces" && String(req.headers["content-type"]).startsWith("application/json")) {
      received.push({ raw, body: JSON.parse(raw.toString("utf8")) as IExportTraceServiceRequest, path: req.url });
    } else {
      received.push({ raw, body: { resourceSpans: [] }, path: req.url ?? "" });
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  const otlpPort = await listen(receiver);
  server = await startProdServer({
    dbFile: path.resolve("tests/.tmp/otel-export.db"),
    databaseUrl: await emptyPgDatabase(),
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_SERVICE_NAME: SERVICE,
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_CANARY_KEY: CREDENTIAL,
      EVIDENCE_CREDENTIAL_VARS: "OTEL_CANARY_KEY",
      EVIDENCE_EGRESS_ALLOW: "127.0.0.1/32",
      SANDBOX_BASE_URL: sandbox.baseUrl,
    },
  });
  (globalThis as { providerBase?: string }).providerBase = `http://127.0.0.1:${providerPort}/v1`;
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await sandbox?.stop();
  await new Promise((r) => recorder?.close(r));
  await new Promise((r) => receiver?.close(r));
});

async function api<T>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await server.fetch(`${server.origin}${p}`, { method, headers: { origin: server.origin, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const target = (name: string, model: string, extra: Record<string, unknown> = {}) =>
  api<{ id: string }>("POST", "/api/targets", {
    name,
    role: "primary",
    baseUrl: (globalThis as { providerBase?: string }).providerBase,
    model,
    credentialEnvVar: "OTEL_CANARY_KEY",
    environmentLabel: "otel",
    retryCeiling: 1,
    backoffBaseMs: 1,
    backoffMaxMs: 2,
    ...extra,
  });

const allSpans = () => received.flatMap((r) => (r.body.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? [])));
const spansOf = (traceId: string) => allSpans().filter((s) => s.traceId === traceId);

async function waitForSpans(traceId: string, count: number): Promise<ISpan[]> {
  for (let i = 0; i < 100; i++) {
    const spans = spansOf(traceId);
    if (spans.length >= count) return spans;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the receiver got ${spansOf(traceId).length} spans of trace ${traceId}, not ${count}`);
}

const attr = (s: ISpan, key: string): unknown => {
  const v = (s.attributes as IKeyValue[]).find((a) => a.key === key)?.value;
  if (!v) return undefined;
  return v.stringValue ?? (v.intValue !== undefined && v.intValue !== null ? Number(v.intValue) : undefined) ?? v.boolValue;
};

/** The CLIENT spans against the record and the traceparents the provider received. */
function checkRun(run: RunJson, spans: ISpan[]) {
  const traceId = run.record.trace_id_placeholder;
  const root = spans.find((s) => !s.parentSpanId);
  expect(root, "one root span per run").toBeDefined();
  expect(spans.filter((s) => !s.parentSpanId)).toHaveLength(1);
  expect(root!.kind).toBe(ESpanKind.SPAN_KIND_INTERNAL);
  const clients = spans.filter((s) => s.parentSpanId);
  expect(clients.map((s) => s.spanId).sort()).toEqual(run.attempts.map((a) => a.spanId).sort());
  // The very ids the provider saw as the parent in traceparent, attempt by attempt.
  const seen = traceparents.filter((t) => t.includes(traceId));
  expect(seen).toEqual(run.attempts.map((a) => `00-${traceId}-${a.spanId}-01`));
  for (const a of run.attempts) {
    const s = clients.find((c) => c.spanId === a.spanId)!;
    expect(s.traceId).toBe(traceId);
    expect(s.parentSpanId).toBe(root!.spanId);
    expect(s.kind).toBe(ESpanKind.SPAN_KIND_CLIENT);
    expect(s.name).toBe("POST");
    expect(attr(s, "http.request.method")).toBe("POST");
    expect(attr(s, "server.address")).toBe("127.0.0.1");
    expect(attr(s, "server.port")).toBe(Number(new URL((globalThis as { providerBase?: string }).providerBase!).port));
    expect(attr(s, "url.full")).toBe(`${(globalThis as { providerBase?: string }).providerBase}/chat/completions`);
    expect(attr(s, "user_agent.synthetic.type")).toBe("test");
    expect(attr(s, "http.response.status_code")).toBe(a.statusCode);
    expect(attr(s, "error.type")).toBe(a.errorType ?? undefined);
    expect(s.status?.code ?? 0).toBe(a.decision === "success" ? 0 : 2);
    const resend = run.attempts.filter((b) => b.role === a.role && b.seq < a.seq).length;
    expect(attr(s, "http.request.resend_count")).toBe(resend > 0 ? resend : undefined);
    // Nanoseconds since the epoch (a string in OTLP JSON): exactly the record's start and duration, in ms.
    const nanos = (v: unknown) => BigInt(String(v));
    expect(nanos(s.startTimeUnixNano)).toBe(BigInt(Date.parse(a.startedAt)) * 1_000_000n);
    expect(nanos(s.endTimeUnixNano) - nanos(s.startTimeUnixNano)).toBe(BigInt(a.durationMs) * 1_000_000n);
  }
  return { root: root!, clients };
}

describe("OpenTelemetry export through the production server", () => {
  it("a run that is retried exports one trace: the record's trace id, the provider's span ids, HTTP client attributes, resend_count", async () => {
    const t = await target("otel flaky", "flaky-429");
    const run = await api<RunJson>("POST", "/api/runs?wait=true", { targetId: t.id, path: "happy" });
    expect(run.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    const spans = await waitForSpans(run.record.trace_id_placeholder, 3);
    const { root, clients } = checkRun(run, spans);
    expect(clients.map((s) => attr(s, "error.type"))).toEqual(["429", undefined]);
    expect(attr(root, "evidence_packet.retry_attempts")).toBe(1);
    expect(attr(root, "evidence_packet.test_id")).toBe(run.testId);
    // The resource: OTEL_SERVICE_NAME, as the standard variables say.
    const rs = received.flatMap((r) => r.body.resourceSpans ?? []).find((x) => x.scopeSpans.some((ss) => ss.spans?.some((s) => s.traceId === run.record.trace_id_placeholder)))!;
    expect(rs.resource?.attributes.find((a) => a.key === "service.name")?.value.stringValue).toBe(SERVICE);
    expect(received.every((r) => r.path === "/v1/traces")).toBe(true);
  });

  it("a run that falls back exports the primary's failures and the fallback's success as children of one root", async () => {
    const fb = await target("otel fallback", "ok", { role: "fallback" });
    const primary = await target("otel primary 503", "always-503", { fallbackTargetId: fb.id });
    const run = await api<RunJson>("POST", "/api/runs?wait=true", { targetId: primary.id, path: "happy" });
    expect(run.record.fallback_decision).toBe("fallback_used");
    expect(run.attempts.map((a) => `${a.role}:${a.statusCode}`)).toEqual(["primary:503", "primary:503", "fallback:200"]);
    const spans = await waitForSpans(run.record.trace_id_placeholder, 4);
    const { clients } = checkRun(run, spans);
    const byId = (id: string) => clients.find((c) => c.spanId === id)!;
    expect(attr(byId(run.attempts[0].spanId), "error.type")).toBe("503");
    expect(attr(byId(run.attempts[1].spanId), "http.request.resend_count")).toBe(1);
    // The fallback's first request is not a resend: it went to another target.
    expect(attr(byId(run.attempts[2].spanId), "http.request.resend_count")).toBeUndefined();
    expect(attr(byId(run.attempts[2].spanId), "evidence_packet.attempt.role")).toBe("fallback");
  });

  it("nothing the receiver got carries the credential value or the prompt text", async () => {
    expect(received.length).toBeGreaterThan(0);
    const bytes = Buffer.concat(received.map((r) => r.raw)).toString("utf8");
    expect(bytes).toContain(String(allSpans()[0].traceId));
    expect(bytes).not.toContain(CREDENTIAL);
    expect(bytes).not.toContain(CREDENTIAL.slice(0, 16));
    expect(bytes).not.toContain(SAFE_PROMPT_TEXT);
    expect(bytes.toLowerCase()).not.toContain("bearer");
    expect(server.log()).not.toContain(CREDENTIAL);
  });
});
