import { authedRequest } from "@/tests/fixtures/auth";
import { readFileSync, existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as yamlRoute from "@/app/api/runs/[id]/record.yaml/route";
import * as rehearsalsRoute from "@/app/api/rehearsals/route";
import * as rehearsalRoute from "@/app/api/rehearsals/[id]/route";
import * as health from "@/app/api/health/route";
import * as csvRoute from "@/app/api/runs/export.csv/route";
import * as packetsRoute from "@/app/api/packets/route";
import * as packetExportRoute from "@/app/api/packets/[id]/export/route";
import * as packetPreviewRoute from "@/app/api/packets/[id]/preview/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { resilience, retryBudgetFor } from "@/lib/smoke/resilience";
import type { RunJson } from "@/lib/smoke/schema";
import { probeRequestBody, SAFE_PROMPT_TEXT } from "@/lib/smoke/http-attempt";
import { providerTarget, runAndWait } from "@/tests/fixtures/engine";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

const CANARY = "sk-canary-Zq8vW3nT5yR1pL7kM2xC9bV4";
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };

const target = (model: string, extra: Record<string, unknown> = {}) => providerTarget(sandbox.baseUrl, model, { credentialEnvVar: "CANARY_PROVIDER_KEY", ...extra });
const run = runAndWait;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.CANARY_PROVIDER_KEY = CANARY;
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  resilience.resetForTests();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("smoke-test engine against a provider process on loopback", () => {
  it("happy path on `ok`: 2xx, contract pass, primary_retained, every guide field and the minimum assertions", async () => {
    const t = await target("ok");
    const r = await run(t.id);
    expect(r.record).toMatchObject({
      http_status_code: 200,
      http_status_family: "2xx",
      client_error_class: "none",
      retry_attempts: 0,
      fallback_decision: "primary_retained",
      operator_result: "pass",
      response_object_family: "chat.completion",
      contract_result: "pass",
      endpoint_family: "chat-completions",
      environment_label: "test",
    });
    expect(r.record.test_id).toMatch(/^llm-api-escalation-smoke-\d{3,}$/);
    expect(r.record.trace_id_placeholder).toMatch(/^[0-9a-f]{32}$/);
    expect(r.record.request_id).toMatch(/^req_sbx_/);
    expect(r.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(["status code recorded", "retry attempts recorded", "fallback decision recorded", "trace id recorded", "sanitized error summary recorded"]),
    );
    expect(r.checks.every((c) => c.passed)).toBe(true);
    expect(r.attempts).toHaveLength(1);
    expect(r.attempts[0]).toMatchObject({ decision: "success", statusCode: 200, role: "primary", serverAddress: new URL(sandbox.baseUrl).host });
    expect(r.attempts[0].spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it("429 then ok: retried once, Retry-After honoured, primary_retained", async () => {
    const t = await target("flaky-429");
    const r = await run(t.id);
    expect(r.record).toMatchObject({ retry_attempts: 1, fallback_decision: "primary_retained", operator_result: "pass", http_status_code: 200 });
    expect(r.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(r.attempts[0]).toMatchObject({ decision: "retry", errorClass: "RateLimitError", retryAfterMs: 50 });
    expect(r.attempts[0].waitMs).toBeGreaterThanOrEqual(50);
    expect(r.attempts[0].decisionRule).toContain("retryable:status-429");
  });

  it("always-503 with a healthy fallback: retries = ceiling, then fallback_used with the reason in words", async () => {
    const fb = await target("ok", { role: "fallback" });
    const t = await target("always-503", { fallbackTargetId: fb.id });
    const r = await run(t.id);
    expect(r.record).toMatchObject({ retry_attempts: 2, fallback_decision: "fallback_used", http_status_family: "5xx", client_error_class: "InternalServerError" });
    expect(r.attempts.map((a) => [a.role, a.statusCode, a.decision])).toEqual([
      ["primary", 503, "retry"],
      ["primary", 503, "retry"],
      ["primary", 503, "fallback"],
      ["fallback", 200, "success"],
    ]);
    expect(r.fallbackReason).toBe("primary returned 5xx (503) InternalServerError after 2 bounded retries; fallback passed the contract");
    // The happy path did not hold on the primary: recorded, and a fail.
    expect(r.record.operator_result).toBe("fail");
    // What ?wait=true returned is exactly what was stored.
    const stored = await (await runRoute.GET(authedRequest(`http://test/api/runs/${r.id}`), { params: Promise.resolve({ id: String(r.id) }) })).json();
    expect(stored).toEqual(r);
  });

  it("missing_credential: 401 AuthenticationError, 0 retries, manual_hold, trace id — a pass", async () => {
    const fb = await target("ok", { role: "fallback" });
    const t = await target("ok", { fallbackTargetId: fb.id });
    const r = await run(t.id, { path: "error", errorScenario: "missing_credential" });
    expect(r.record).toMatchObject({
      http_status_code: 401,
      http_status_family: "4xx",
      client_error_class: "AuthenticationError",
      retry_attempts: 0,
      fallback_decision: "manual_hold",
      operator_result: "pass",
    });
    expect(r.record.trace_id_placeholder).toMatch(/^[0-9a-f]{32}$/);
    expect(r.attempts).toHaveLength(1);
    expect(r.fallbackReason).toMatch(/configuration or request error/);
  });

  it("400: no retry", async () => {
    const t = await target("status-400");
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_code: 400, client_error_class: "BadRequestError", retry_attempts: 0, fallback_decision: "manual_hold" });
    expect(r.attempts[0].decisionRule).toContain("no-retry:status-400");
  });

  it("invalid_model: 404 model_not_found, no retry, manual_hold — a pass", async () => {
    const t = await target("ok");
    const r = await run(t.id, { path: "error", errorScenario: "invalid_model" });
    expect(r.record).toMatchObject({ http_status_code: 404, client_error_class: "NotFoundError", retry_attempts: 0, fallback_decision: "manual_hold", operator_result: "pass" });
  });

  it("bad-shape 200: contract failure, operator_result fail, fallback held", async () => {
    const fb = await target("ok", { role: "fallback" });
    const t = await target("bad-shape", { fallbackTargetId: fb.id });
    const r = await run(t.id);
    expect(r.record).toMatchObject({
      http_status_family: "2xx",
      contract_result: "fail",
      client_error_class: "ResponseContractError",
      operator_result: "fail",
      fallback_decision: "manual_hold",
      retry_attempts: 0,
    });
    expect(r.fallbackReason).toMatch(/response-shape assertion failed/);
    expect(r.attempts).toHaveLength(1);
  });

  it("hang: stops at the timeout ±10%", async () => {
    const t = await target("hang", { timeoutMs: 800, retryCeiling: 0 });
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_family: "none", client_error_class: "APIConnectionTimeoutError", retry_attempts: 0 });
    expect(r.attempts[0].durationMs).toBeGreaterThanOrEqual(720);
    expect(r.attempts[0].durationMs).toBeLessThanOrEqual(880);
    expect(r.attempts[0].errorType).toBe("timeout");
  });

  it("Retry-After: 3600 → no long wait, the reason recorded", async () => {
    const t = await target("retry-after-huge");
    const started = Date.now();
    const r = await run(t.id);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.record.retry_attempts).toBe(0);
    expect(r.attempts[0]).toMatchObject({ retryAfterMs: 3_600_000, decision: "stop", waitMs: 0 });
    expect(r.attempts[0].decisionRule).toContain("retry-after-over-cap (3600000 ms > 1000 ms)");
    expect(r.fallbackReason).toMatch(/asked to wait 3600 s/);
  });

  it("connection reset: APIConnectionError, retried as a connection error", async () => {
    const t = await target("reset", { retryCeiling: 1 });
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_family: "none", client_error_class: "APIConnectionError", retry_attempts: 1 });
    expect(r.attempts[0].decisionRule).toContain("retryable:connection-error");
    expect(r.attempts[0].errorType).toMatch(/^[A-Z_]+$|connection_error|network_error/);
  });

  it("HTML 502: 5xx, html object family, retried", async () => {
    const t = await target("html-502", { retryCeiling: 1 });
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_code: 502, response_object_family: "html", client_error_class: "InternalServerError", retry_attempts: 1 });
    expect(r.record.sanitized_error_summary).toMatch(/text\/html/);
  });

  it("truncated JSON: a contract failure with an unparseable object family", async () => {
    const t = await target("truncated-json");
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_code: 200, response_object_family: "unparseable", contract_result: "fail", operator_result: "fail" });
  });

  it("CometAPI profile: no retry on 500 invalid_request; request id taken from the message", async () => {
    const t = await target("comet-500-invalid-request", { providerProfile: "cometapi" });
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_code: 500, retry_attempts: 0, fallback_decision: "manual_hold" });
    expect(r.attempts[0].decisionRule).toBe("cometapi: cometapi:no-retry-500-invalid_request");
    expect(r.record.request_id).toMatch(/^2026[0-9a-f]{20}$/);
    expect(r.record.sanitized_error_summary).toContain("(request id: <id>)");
  });

  it("CometAPI profile: an HTML 502 is an outage — retried, then the healthy fallback is used (9.5)", async () => {
    const fb = await target("ok", { role: "fallback" });
    const t = await target("html-502", { providerProfile: "cometapi", retryCeiling: 1, fallbackTargetId: fb.id });
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_code: 502, http_status_family: "5xx", client_error_class: "InternalServerError", retry_attempts: 1, fallback_decision: "fallback_used" });
    expect(r.attempts.map((a) => [a.role, a.statusCode, a.decision])).toEqual([
      ["primary", 502, "retry"],
      ["primary", 502, "fallback"],
      ["fallback", 200, "success"],
    ]);
    expect(r.fallbackReason).not.toMatch(/configuration or request error/);
  });

  it.each([
    ["html-200", 200],
    ["redirect-301", 301],
    ["html-404", 404],
  ])("CometAPI profile: %s still means a wrong path — not retried, fallback held", async (model, status) => {
    const fb = await target("ok", { role: "fallback" });
    const t = await target(model, { providerProfile: "cometapi", fallbackTargetId: fb.id });
    const r = await run(t.id);
    expect(r.record).toMatchObject({ http_status_code: status, retry_attempts: 0, fallback_decision: "manual_hold" });
    expect(r.attempts).toHaveLength(1);
    expect(r.attempts[0].decisionRule).toMatch(/^cometapi: cometapi:wrong-path-/);
  });

  it("replay_status 503 goes through the sandbox with the target's policy", async () => {
    const t = await target("ok", { baseUrl: "https://provider.invalid/v1" });
    const r = await run(t.id, { path: "error", errorScenario: "replay_status", replayStatus: 503 });
    expect(r.record).toMatchObject({ http_status_code: 503, retry_attempts: 2, fallback_decision: "manual_hold", operator_result: "pass" });
    expect(r.attempts.every((a) => a.serverAddress === new URL(sandbox.baseUrl).host)).toBe(true);
  });

  it("the record YAML is the guide's template, field for field", async () => {
    const t = await target("ok");
    const r = await run(t.id);
    const res = await yamlRoute.GET(authedRequest(`http://test/api/runs/${r.id}/record.yaml`), { params: Promise.resolve({ id: String(r.id) }) });
    expect(res.headers.get("content-type")).toContain("yaml");
    const lines = (await res.text()).trim().split("\n");
    expect(lines.map((l) => l.split(":")[0])).toEqual([
      "test_id", "checked_at", "environment_label", "endpoint_family", "http_status_family", "client_error_class",
      "retry_attempts", "fallback_decision", "trace_id_placeholder", "operator_result", "notes",
    ]);
    expect(lines[0]).toBe(`test_id: "${r.testId}"`);
    expect(lines[4]).toBe('http_status_family: "2xx"');
    expect(lines[6]).toBe('retry_attempts: "0"');
    expect(lines[1]).toMatch(/^checked_at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/);
  });

  it("a canary credential never reaches the SQLite file (with -wal), any response, or the log — even when echoed back", async () => {
    const written: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.env.LOG_LEVEL = "debug";
    resetEnvForTests();
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const t = await target("echo-auth");
      const r = await run(t.id);
      expect(r.record.http_status_code).toBe(400);
      expect(r.record.sanitized_error_summary).toContain("<API_KEY_PLACEHOLDER>");
      const single = await runRoute.GET(authedRequest(`http://test/api/runs/${r.id}`), { params: Promise.resolve({ id: String(r.id) }) });
      const list = await runsRoute.GET(authedRequest("http://test/api/runs?limit=200"), noParams);
      for (const body of [JSON.stringify(r), await single.text(), await list.text()]) expect(body).not.toContain(CANARY);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      process.env.LOG_LEVEL = "silent";
      resetEnvForTests();
    }
    expect(written.join("")).not.toContain(CANARY);
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)");
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    for (const f of [file, `${file}-wal`]) {
      if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(CANARY))).toBe(false);
    }
  });

  it("no credential (even with punctuation inserted), prompt text or request body reaches the DB file (+WAL), the log, an API response or any export", async () => {
    const written: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.env.LOG_LEVEL = "debug";
    resetEnvForTests();
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    const bodies: string[] = [];
    const texts: [string, string][] = [];
    const runs: RunJson[] = [];
    try {
      for (const model of ["echo-auth", "echo-request", "smuggle-credential", "smuggle-credential-200"]) {
        const t = await target(model);
        bodies.push(probeRequestBody(model, "max_tokens", t.maxTokens));
        const r = await run(t.id);
        runs.push(r);
        texts.push([`POST /api/runs ${model}`, JSON.stringify(r)]);
        const one = await runRoute.GET(authedRequest(`http://test/api/runs/${r.id}`), { params: Promise.resolve({ id: String(r.id) }) });
        texts.push([`GET /api/runs/${model}`, await one.text()]);
        const yaml = await yamlRoute.GET(authedRequest(`http://test/api/runs/${r.id}/record.yaml`), { params: Promise.resolve({ id: String(r.id) }) });
        texts.push([`record.yaml ${model}`, await yaml.text()]);
      }
      const list = await runsRoute.GET(authedRequest("http://test/api/runs?limit=200"), noParams);
      texts.push(["GET /api/runs", await list.text()]);
      const csv = await csvRoute.GET(authedRequest("http://test/api/runs/export.csv"), noParams);
      texts.push(["export.csv", await csv.text()]);
      const created = await packetsRoute.POST(
        authedRequest("http://test/api/packets", { method: "POST", body: JSON.stringify({ title: "Echo canaries", runIds: runs.map((r) => r.id) }), headers: { "content-type": "application/json" } }),
        noParams,
      );
      expect(created.status).toBe(201);
      const packet = await created.json();
      for (const format of ["md", "json"]) {
        const res = await packetExportRoute.GET(authedRequest(`http://test/api/packets/${packet.id}/export?format=${format}`), { params: Promise.resolve({ id: packet.id }) });
        expect(res.status).toBe(200);
        texts.push([`packet export ${format}`, await res.text()]);
      }
      const preview = await packetPreviewRoute.GET(authedRequest(`http://test/api/packets/${packet.id}/preview`), { params: Promise.resolve({ id: packet.id }) });
      texts.push(["packet preview", await preview.text()]);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      process.env.LOG_LEVEL = "silent";
      resetEnvForTests();
    }
    texts.push(["log", written.join("")]);
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)");
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    for (const f of [file, `${file}-wal`]) if (existsSync(f)) texts.push([f, readFileSync(f).toString("latin1")]);

    // The provider's own error type/code survive where they are plain, and the echo is gone.
    const [, echo, smuggled, smuggled200] = runs;
    expect(echo.record.sanitized_error_summary).toMatch(/^400 proxy_error\/upstream_rejected: upstream rejected request/);
    expect(smuggled.record.request_id).toBeNull();
    expect(smuggled200.record.request_id).toBeNull();
    const canaries = [CANARY, SAFE_PROMPT_TEXT, '"messages":[', ...bodies];
    const alnum = (v: string) => v.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
    for (const [where, text] of texts) {
      for (const c of canaries) expect(text.includes(c), `${where} contains ${c.slice(0, 40)}`).toBe(false);
      // Normalised: the credential with punctuation inserted is still the credential.
      expect(alnum(text).includes(alnum(CANARY)), `${where} contains the credential with punctuation inserted`).toBe(false);
    }
  }, 60_000);

  it("a request id that is the credential with punctuation inserted is withheld, in Run and Attempt rows alike (12.5)", async () => {
    for (const model of ["smuggle-credential", "smuggle-credential-200"]) {
      const t = await target(model);
      const r = await run(t.id);
      const row = await db.run.findUniqueOrThrow({ where: { id: r.id }, select: { requestId: true, responseObjectFamily: true, sanitizedErrorSummary: true, attempts: { select: { requestId: true, sanitizedSummary: true } } } });
      expect(row.requestId).toBeNull();
      expect(row.attempts.map((a) => a.requestId)).toEqual([null]);
      expect(row.sanitizedErrorSummary).toContain("request id");
      expect(row.sanitizedErrorSummary).toContain("withheld");
      expect(row.responseObjectFamily).not.toContain("canary");
    }
  });

  it("twenty concurrent runs against an always-503 target stay within the documented budget", async () => {
    const t = await target("always-503", { name: "storm", model: "always-503", backoffBaseMs: 5, backoffMaxMs: 20 });
    await fetch(`${sandbox.origin}/__reset`, { method: "POST" });
    const runs = await Promise.all(Array.from({ length: 20 }, () => run(t.id)));
    const sent = (await sandbox.stats())["always-503"];
    const budget = 20 + retryBudgetFor(20);
    expect(sent).toBeLessThanOrEqual(budget);
    expect(sent).toBeGreaterThanOrEqual(20);
    const recorded = runs.reduce((n, r) => n + r.attempts.length, 0);
    expect(recorded).toBe(sent);
    const limited = runs.flatMap((r) => r.attempts).filter((a) => /retry-budget-exhausted|circuit-open/.test(a.decisionRule));
    expect(limited.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.record.retry_attempts <= 2)).toBe(true);
  });

  it("rehearsal: happy + error on one target, decisions editable, 202 without wait", async () => {
    const t = await target("ok");
    const res = await rehearsalsRoute.POST(
      authedRequest("http://test/api/rehearsals?wait=true", { method: "POST", body: JSON.stringify({ targetId: t.id }), headers: { "content-type": "application/json" } }),
      noParams,
    );
    expect(res.status).toBe(200);
    const rh = await res.json();
    expect(rh.state).toBe("done");
    expect(rh.happy.record.operator_result).toBe("pass");
    expect(rh.error.errorScenario).toBe("missing_credential");
    expect(rh.error.record).toMatchObject({ http_status_code: 401, operator_result: "pass" });
    expect(rh.decisions).toEqual({ safeIdentifier: null, accountFacts: null, holdFallback: null });

    const patch = await rehearsalRoute.PATCH(
      authedRequest(`http://test/api/rehearsals/${rh.id}`, { method: "PATCH", body: JSON.stringify({ decisionSafeIdentifier: "trace id only, internally" }), headers: { "content-type": "application/json" } }),
      { params: Promise.resolve({ id: rh.id }) },
    );
    expect(patch.status).toBe(200);
    expect((await patch.json()).decisions.safeIdentifier).toBe("trace id only, internally");

    const secret = await rehearsalRoute.PATCH(
      authedRequest(`http://test/api/rehearsals/${rh.id}`, { method: "PATCH", body: JSON.stringify({ decisionAccountFacts: "key sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn" }), headers: { "content-type": "application/json" } }),
      { params: Promise.resolve({ id: rh.id }) },
    );
    expect(secret.status).toBe(400);
    expect((await secret.json()).error.issues[0].path).toBe("decisionAccountFacts");

    const accepted = await rehearsalsRoute.POST(
      authedRequest("http://test/api/rehearsals", { method: "POST", body: JSON.stringify({ targetId: t.id, errorScenario: "invalid_model" }), headers: { "content-type": "application/json" } }),
      noParams,
    );
    expect(accepted.status).toBe(202);
    const { id } = await accepted.json();
    expect(typeof id).toBe("string");
    // Let it finish so the next test file starts clean.
    for (let i = 0; i < 100; i++) {
      const g = await (await rehearsalRoute.GET(authedRequest(`http://test/api/rehearsals/${id}`), { params: Promise.resolve({ id }) })).json();
      if (g.state !== "running") break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it("bad input gets the envelope, never a 500", async () => {
    const post = (body: string) =>
      runsRoute.POST(authedRequest("http://test/api/runs", { method: "POST", body, headers: { "content-type": "application/json" } }), noParams);
    const noScenario = await post(JSON.stringify({ targetId: "x", path: "error" }));
    expect(noScenario.status).toBe(400);
    expect((await noScenario.json()).error.issues[0].path).toBe("errorScenario");
    expect((await post(JSON.stringify({ targetId: "x", path: "sideways" }))).status).toBe(400);
    expect((await post("{")).status).toBe(400);
    expect((await post(JSON.stringify({ targetId: "missing", path: "happy" }))).status).toBe(404);
    const badCursor = await runsRoute.GET(authedRequest("http://test/api/runs?cursor=zzz"), noParams);
    expect(badCursor.status).toBe(400);
    const badId = await runRoute.GET(authedRequest("http://test/api/runs/abc"), { params: Promise.resolve({ id: "abc" }) });
    expect(badId.status).toBe(400);
    const h = await health.GET(authedRequest("http://test/api/health"), noParams);
    expect(h.status).toBe(200);
  });

  it("GET /api/runs pages newest first with a stable cursor", async () => {
    const first = await (await runsRoute.GET(authedRequest("http://test/api/runs?limit=5"), noParams)).json();
    expect(first.items).toHaveLength(5);
    const second = await (await runsRoute.GET(authedRequest(`http://test/api/runs?limit=5&cursor=${first.nextCursor}`), noParams)).json();
    const ids = [...first.items, ...second.items].map((r: { id: number }) => r.id);
    expect(new Set(ids).size).toBe(10);
    const times = [...first.items, ...second.items].map((r: { checkedAt: string }) => r.checkedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe("server start", () => {
  it("marks runs left running by a previous stop as interrupted, not running forever", async () => {
    const { sweepExpired } = await import("@/lib/instances/lease");
    const { insertRun } = await import("@/tests/fixtures/runs");
    const stale = await insertRun({ state: "running", operatorResult: null });
    // A row with no instance (written before instance leases) is interrupted at start (decision 102).
    expect((await sweepExpired({ unowned: true })).runs).toBeGreaterThanOrEqual(1);
    const after = await db.run.findUniqueOrThrow({ where: { id: stale.id } });
    expect(after.state).toBe("failed");
    expect(after.notes).toMatch(/^Interrupted/);
  });
});
