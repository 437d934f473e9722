import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import { resetEnvForTests } from "@/lib/env";
import { SAFE_PROMPT_TEXT } from "@/lib/smoke/http-attempt";
import { resilience } from "@/lib/smoke/resilience";
import type { RunJson } from "@/lib/smoke/schema";
import { providerTarget, runAndWait } from "@/tests/fixtures/engine";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

/**
 * Issue 15.5: while a run runs, GET /api/runs/:id says which attempt is in
 * flight (number in its leg, the leg's retry ceiling), since when, and its
 * timeouts, so the live view can say "attempt N of at most C+1" and count
 * down — and never carries prompt or response text. The record repeats its
 * replayed status, so Run again can repeat the scenario.
 */
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };
const target = (model: string, extra: Record<string, unknown> = {}) => providerTarget(sandbox.baseUrl, model, { timeoutMs: 5000, ...extra });

/** `POST /api/runs` without waiting: 202 and the id, the run goes on in this process. */
async function start(body: Record<string, unknown>): Promise<{ id: number }> {
  const res = await runsRoute.POST(
    authedRequest("http://test/api/runs", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    noParams,
  );
  expect(res.status).toBe(202);
  return res.json();
}

async function read(id: number): Promise<{ run: RunJson; text: string }> {
  const res = await runRoute.GET(authedRequest(`http://test/api/runs/${id}`), { params: Promise.resolve({ id: String(id) }) });
  const text = await res.text();
  return { run: JSON.parse(text) as RunJson, text };
}

/** Polls the run until `until` holds (the live view polls every 350 ms). */
async function poll(id: number, until: (r: RunJson) => boolean): Promise<{ run: RunJson; text: string }> {
  for (let i = 0; i < 200; i++) {
    const got = await read(id);
    if (until(got.run)) return got;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`run ${id}: condition not met`);
}

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  resilience.resetForTests();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("the attempt in flight, for the live view", () => {
  it("a slow primary attempt: attempt 1 of its leg, the ceiling, the start and the timeout; gone once the run is done", async () => {
    const t = await target("slow-1500");
    const { id } = await start({ targetId: t.id, path: "happy" });
    const { run, text } = await poll(id, (r) => !!r.liveAttempt || r.state !== "running");
    expect(run.state).toBe("running");
    expect(run.liveAttempt).toMatchObject({ leg: "primary", attempt: 1, ceiling: 2, timeoutMs: 5000, stream: false, idleTimeoutMs: null });
    expect(run.liveAttempt!.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(run.liveAttempt!.elapsedMs).toBeLessThan(5000);
    expect(Date.parse(run.liveAttempt!.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(text).not.toContain(SAFE_PROMPT_TEXT);
    const done = await poll(id, (r) => r.state !== "running");
    expect(done.run.liveAttempt).toBeUndefined();
    expect(done.run.record.operator_result).toBe("pass");
  });

  it("the fallback leg counts its own attempts against the fallback target's ceiling", async () => {
    const fb = await target("slow-1500", { role: "fallback", retryCeiling: 1, timeoutMs: 4000 });
    const t = await target("always-503", { retryCeiling: 0, fallbackTargetId: fb.id });
    const { id } = await start({ targetId: t.id, path: "happy" });
    const { run } = await poll(id, (r) => r.liveAttempt?.leg === "fallback" || r.state !== "running");
    expect(run.liveAttempt).toMatchObject({ leg: "fallback", attempt: 1, ceiling: 1, timeoutMs: 4000 });
    const done = await poll(id, (r) => r.state !== "running");
    expect(done.run.record.fallback_decision).toBe("fallback_used");
  });

  it("a streamed attempt says its idle timeout too", async () => {
    const t = await target("stream-slow-first-token-1500", { stream: true, streamIdleTimeoutMs: 3000 });
    const { id } = await start({ targetId: t.id, path: "happy" });
    const { run, text } = await poll(id, (r) => !!r.liveAttempt || r.state !== "running");
    expect(run.liveAttempt).toMatchObject({ leg: "primary", attempt: 1, stream: true, idleTimeoutMs: 3000, timeoutMs: 5000 });
    expect(text).not.toContain(SAFE_PROMPT_TEXT);
    await poll(id, (r) => r.state !== "running");
  });

  it("a record keeps its replayed status (Run again repeats it); other records have none", async () => {
    const t = await target("ok");
    const replayed = await runAndWait(t.id, { path: "error", errorScenario: "replay_status", replayStatus: 400 });
    expect(replayed.replayStatus).toBe(400);
    expect((await read(replayed.id)).run.replayStatus).toBe(400);
    const happy = await runAndWait(t.id);
    expect(happy.replayStatus).toBeNull();
  });
});
