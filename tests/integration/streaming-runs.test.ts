import { authedRequest } from "@/tests/fixtures/auth";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as yamlRoute from "@/app/api/runs/[id]/record.yaml/route";
import * as csvRoute from "@/app/api/runs/export.csv/route";
import * as packetsRoute from "@/app/api/packets/route";
import * as packetExportRoute from "@/app/api/packets/[id]/export/route";
import * as packetPreviewRoute from "@/app/api/packets/[id]/preview/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { resilience } from "@/lib/smoke/resilience";
import { SANDBOX_STREAM_CANARY } from "@/lib/smoke/sandbox";
import type { RunJson } from "@/lib/smoke/schema";
import { SAFE_PROMPT_TEXT } from "@/lib/smoke/http-attempt";
import { providerTarget, runAndWait } from "@/tests/fixtures/engine";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

/**
 * Streaming smoke runs (issue 14, docs/decisions/110) against the sandbox
 * provider as a separate process: each stream fault gives the record its
 * facts — first byte and token, chunks, how the stream ended, the chunk
 * contract — a mid-stream failure is never retried, and no streamed text is
 * kept anywhere (the streamed text is a canary).
 */
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };

const target = (model: string, extra: Record<string, unknown> = {}) => providerTarget(sandbox.baseUrl, model, { stream: true, streamIdleTimeoutMs: 1000, ...extra });
const run = runAndWait;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  resilience.resetForTests();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

const ranRuns: RunJson[] = [];

describe("streaming smoke runs", () => {
  it("ok stream: [DONE], five chunks (three with text, the finish chunk, the usage chunk), contract pass, primary_retained", async () => {
    const r = await run((await target("ok")).id);
    ranRuns.push(r);
    expect(r.record).toMatchObject({
      stream: true,
      stream_termination: "done",
      stream_chunks: 5,
      contract_result: "pass",
      client_error_class: "none",
      http_status_family: "2xx",
      retry_attempts: 0,
      fallback_decision: "primary_retained",
      operator_result: "pass",
      response_object_family: "chat.completion.chunk",
    });
    expect(r.record.time_to_first_byte_ms).toBeGreaterThanOrEqual(0);
    expect(r.record.time_to_first_token_ms).toBeGreaterThanOrEqual(r.record.time_to_first_byte_ms!);
    expect(r.attempts[0]).toMatchObject({ streamChunks: 5, streamTermination: "done", decision: "success" });
    expect(await sandbox.stats()).toMatchObject({ ok: 1 });
  });

  it("error after 3 chunks: error_event, APIError, never retried; the fallback is used by the same rules", async () => {
    const fb = await target("ok", { role: "fallback" });
    const t = await target("stream-error-after-3", { fallbackTargetId: fb.id });
    const r = await run(t.id);
    ranRuns.push(r);
    expect(r.record).toMatchObject({ stream_termination: "error_event", stream_chunks: 3, client_error_class: "APIError", retry_attempts: 0, fallback_decision: "fallback_used", http_status_code: 200 });
    const primary = r.attempts.filter((a) => a.role === "primary");
    expect(primary).toHaveLength(1);
    expect(primary[0].decision).toBe("fallback");
    expect(primary[0].decisionRule).toContain("mid-stream-failure (error_event after 3 chunks): never retried");
    expect(primary[0].errorType).toBe("stream_error_event");
    expect(r.record.sanitized_error_summary).toMatch(/stream failed mid-way/);
    expect(r.attempts.find((a) => a.role === "fallback")).toMatchObject({ decision: "success", streamTermination: "done" });
    // Without a fallback: manual_hold, still one attempt.
    const alone = await run((await target("stream-error-after-3")).id);
    ranRuns.push(alone);
    expect(alone.attempts).toHaveLength(1);
    expect(alone.record).toMatchObject({ fallback_decision: "manual_hold", operator_result: "fail" });
  });

  it("stall after 1 chunk: idle_timeout at the stream idle timeout (±10 %), not the request timeout, never retried", async () => {
    const idle = 800;
    const r = await run((await target("stream-stall-after-1", { streamIdleTimeoutMs: idle, timeoutMs: 5000 })).id);
    ranRuns.push(r);
    expect(r.record).toMatchObject({ stream_termination: "idle_timeout", stream_chunks: 1, client_error_class: "APIConnectionTimeoutError", retry_attempts: 0, fallback_decision: "manual_hold" });
    const a = r.attempts[0];
    expect(r.attempts).toHaveLength(1);
    // The stall began at the first (only) chunk.
    const stalled = a.durationMs - a.timeToFirstTokenMs!;
    expect(stalled).toBeGreaterThanOrEqual(idle * 0.9);
    expect(stalled).toBeLessThanOrEqual(idle * 1.1);
  });

  it("connection broken after 2 chunks: connection_closed, APIConnectionError, never retried", async () => {
    const r = await run((await target("stream-reset-after-2")).id);
    ranRuns.push(r);
    expect(r.attempts).toHaveLength(1);
    expect(r.record).toMatchObject({ stream_termination: "connection_closed", stream_chunks: 2, client_error_class: "APIConnectionError", retry_attempts: 0, fallback_decision: "manual_hold" });
    expect(r.attempts[0].decisionRule).toContain("mid-stream-failure (connection_closed after 2 chunks): never retried");
  });

  it("no [DONE]: finish_reason_only, the chunk contract holds, the run passes with the ending recorded", async () => {
    const r = await run((await target("stream-no-done")).id);
    ranRuns.push(r);
    expect(r.record).toMatchObject({ stream_termination: "finish_reason_only", stream_chunks: 5, contract_result: "pass", operator_result: "pass", client_error_class: "none" });
  });

  it("malformed chunk: contract fail, ResponseContractError, manual_hold, not retried", async () => {
    const r = await run((await target("stream-bad-chunk")).id);
    ranRuns.push(r);
    expect(r.record).toMatchObject({ stream_termination: "done", stream_chunks: 2, contract_result: "fail", client_error_class: "ResponseContractError", fallback_decision: "manual_hold", retry_attempts: 0 });
    expect(r.record.sanitized_error_summary).toMatch(/chunk 2 is not valid JSON/);
  });

  it("slow first token under the idle timeout passes, even past the request timeout (which covers the headers only)", async () => {
    const r = await run((await target("stream-slow-first-token-600", { timeoutMs: 300, streamIdleTimeoutMs: 1500 })).id);
    ranRuns.push(r);
    expect(r.record).toMatchObject({ stream_termination: "done", operator_result: "pass", retry_attempts: 0 });
    expect(r.record.time_to_first_byte_ms).toBeLessThan(300);
    expect(r.record.time_to_first_token_ms).toBeGreaterThanOrEqual(590);
  });

  it("slow first token over the idle timeout: no event yet, so a timeout retried like any other", async () => {
    const r = await run((await target("stream-slow-first-token-1500", { streamIdleTimeoutMs: 400, retryCeiling: 1 })).id);
    ranRuns.push(r);
    expect(r.attempts).toHaveLength(2);
    expect(r.attempts[0].decision).toBe("retry");
    expect(r.record).toMatchObject({ stream_termination: "idle_timeout", stream_chunks: 0, client_error_class: "APIConnectionTimeoutError", retry_attempts: 1, http_status_family: "none" });
    expect(r.record.time_to_first_token_ms).toBeNull();
  });

  it("a run may choose stream over its target's setting; a record without a stream has no streaming fields", async () => {
    const t = await target("ok", { stream: false });
    const plain = await run(t.id);
    expect(Object.keys(plain.record)).not.toContain("stream");
    expect(Object.keys(plain.attempts[0])).not.toContain("streamChunks");
    const streamed = await run(t.id, { path: "happy", stream: true });
    expect(streamed.record).toMatchObject({ stream: true, stream_termination: "done" });
  });

  it("the record page data, YAML, CSV, packet exports, log and database carry the streaming facts and never the streamed text or prompt", async () => {
    expect(ranRuns.length).toBeGreaterThanOrEqual(6);
    const texts: [string, string][] = [];
    for (const r of ranRuns) {
      const one = await runRoute.GET(authedRequest(`http://test/api/runs/${r.id}`), { params: Promise.resolve({ id: String(r.id) }) });
      texts.push([`GET /api/runs/${r.id}`, await one.text()]);
      const yaml = await yamlRoute.GET(authedRequest(`http://test/api/runs/${r.id}/record.yaml`), { params: Promise.resolve({ id: String(r.id) }) });
      const y = await yaml.text();
      texts.push([`record.yaml ${r.id}`, y]);
      expect(y).toMatch(/\nstream: "true"\ntime_to_first_byte_ms: "\d+"\ntime_to_first_token_ms: "(\d+|not recorded)"\nstream_chunks: "\d+"\nstream_termination: "[a-z_]+"\n$/);
      // The guide's template comes first, unchanged.
      expect(y.startsWith('test_id: "')).toBe(true);
    }
    const csv = await (await csvRoute.GET(authedRequest("http://test/api/runs/export.csv"), noParams)).text();
    texts.push(["export.csv", csv]);
    expect(csv.split("\r\n")[0]).toMatch(/,stream,time_to_first_byte_ms,time_to_first_token_ms,stream_chunks,stream_termination$/);
    expect(csv).toMatch(/,true,\d+,\d+,5,done\r\n/);
    const created = await packetsRoute.POST(
      authedRequest("http://test/api/packets", { method: "POST", body: JSON.stringify({ title: "Streaming canaries", runIds: ranRuns.map((r) => r.id) }), headers: { "content-type": "application/json" } }),
      noParams,
    );
    expect(created.status).toBe(201);
    const packet = await created.json();
    for (const format of ["md", "json"]) {
      const res = await packetExportRoute.GET(authedRequest(`http://test/api/packets/${packet.id}/export?format=${format}`), { params: Promise.resolve({ id: packet.id }) });
      expect(res.status).toBe(200);
      const body = await res.text();
      texts.push([`packet export ${format}`, body]);
      expect(body).toContain("stream_termination");
    }
    const preview = await packetPreviewRoute.GET(authedRequest(`http://test/api/packets/${packet.id}/preview`), { params: Promise.resolve({ id: packet.id }) });
    const page = await preview.text();
    texts.push(["packet preview", page]);
    expect(page).toContain("stream_termination");
    if (process.env.DATABASE_URL?.startsWith("file:")) {
      await db.$queryRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)");
      const file = process.env.DATABASE_URL.replace(/^file:/, "");
      for (const f of [file, `${file}-wal`]) if (existsSync(f)) texts.push([f, readFileSync(f).toString("latin1")]);
    }
    for (const [where, text] of texts) {
      expect(text.includes(SANDBOX_STREAM_CANARY), `${where} contains streamed text`).toBe(false);
      expect(text.includes(SAFE_PROMPT_TEXT), `${where} contains the prompt`).toBe(false);
    }
  });
});
