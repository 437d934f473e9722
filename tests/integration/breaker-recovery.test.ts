import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import * as targetRoute from "@/app/api/targets/[id]/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { resilience } from "@/lib/smoke/resilience";
import type { RunJson } from "@/lib/smoke/schema";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 9.1: the breaker half-opens after its open period, lets exactly one
// probe through, closes on success and re-opens on failure. The clock is
// controlled by faking only `Date` (timers and performance.now stay real).
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };

async function run(targetId: string): Promise<RunJson> {
  const res = await runsRoute.POST(
    authedRequest("http://test/api/runs?wait=true", { method: "POST", body: JSON.stringify({ targetId, path: "happy" }), headers: { "content-type": "application/json" } }),
    noParams,
  );
  expect(res.status).toBe(200);
  return res.json();
}

async function setModel(id: string, model: string) {
  const res = await targetRoute.PATCH(
    authedRequest(`http://test/api/targets/${id}`, { method: "PATCH", body: JSON.stringify({ model }), headers: { "content-type": "application/json" } }),
    { params: Promise.resolve({ id }) },
  );
  expect(res.status).toBe(200);
}

const stoppedByBreaker = (r: RunJson) => r.attempts.length === 0 && r.record.client_error_class === "CircuitOpenError";

/** Runs until a record says the breaker stopped it (it opens after a few failing runs). */
async function openBreaker(targetId: string): Promise<RunJson> {
  for (let i = 0; i < 6; i++) {
    const r = await run(targetId);
    if (stoppedByBreaker(r)) return r;
  }
  throw new Error("the breaker never opened");
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  resilience.resetForTests();
}, 30_000);

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await sandbox?.stop();
});

describe("circuit breaker recovery (controllable clock)", () => {
  it("open → half-open after the open period → one probe → closed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T10:00:00Z"));
    const t = await db.target.create({
      data: { name: "breaker-recovers", role: "primary", baseUrl: sandbox.baseUrl, model: "always-503", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "test", retryCeiling: 2, backoffBaseMs: 1, backoffMaxMs: 2 },
    });
    const stopped = await openBreaker(t.id);
    // The record says since when the breaker was open and when it may probe.
    const summary = stopped.record.sanitized_error_summary;
    expect(summary).toMatch(/circuit open since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    const since = Date.parse(/since (\S+Z)/.exec(summary ?? "")![1]);
    expect(summary ?? "").toContain(`next probe allowed at ${iso(since + 5_000)}`);
    expect(stopped.fallbackReason).toContain("next probe allowed at");

    // The provider recovers (as in the report: the target is pointed at a healthy endpoint).
    await setModel(t.id, "ok");
    // Still inside the open period: nothing is sent.
    expect(stoppedByBreaker(await run(t.id))).toBe(true);
    expect(resilience.status(t.id).breaker.state).toBe("open");

    vi.setSystemTime(since + 5_001);
    expect(resilience.status(t.id).breaker.state).toBe("half_open");
    await fetch(`${sandbox.origin}/__reset`, { method: "POST" });
    const probe = await run(t.id);
    expect(probe.record).toMatchObject({ operator_result: "pass", http_status_code: 200 });
    expect(probe.attempts).toHaveLength(1);
    expect((await sandbox.stats()).ok).toBe(1);
    expect(resilience.status(t.id).breaker.state).toBe("closed");
    // Closed: later runs are sent normally.
    expect((await run(t.id)).record.operator_result).toBe("pass");
  });

  it("half-open lets exactly one probe through; a failed probe re-opens for another open period", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-01T11:00:00Z"));
    const t = await db.target.create({
      data: { name: "breaker-reopens", role: "primary", baseUrl: sandbox.baseUrl, model: "always-500", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "test", retryCeiling: 2, backoffBaseMs: 1, backoffMaxMs: 2 },
    });
    const first = await openBreaker(t.id);
    const since = Date.parse(/since (\S+Z)/.exec(first.record.sanitized_error_summary ?? "")![1]);

    // After the open period two runs start together: one probe, one refusal.
    await setModel(t.id, "slow-300");
    vi.setSystemTime(since + 5_001);
    await fetch(`${sandbox.origin}/__reset`, { method: "POST" });
    const [a, b] = await Promise.all([run(t.id), run(t.id)]);
    expect((await sandbox.stats())["slow-300"]).toBe(1);
    const refused = [a, b].find((r) => r.attempts.length === 0)!;
    expect(refused.record.sanitized_error_summary).toMatch(/probe/);
    expect([a, b].filter((r) => r.record.operator_result === "pass")).toHaveLength(1);

    // Open it again, then a failing probe re-opens it.
    await setModel(t.id, "always-500");
    vi.setSystemTime(Date.now() + 11_000);
    const again = await openBreaker(t.id);
    const reopenedSince = Date.parse(/since (\S+Z)/.exec(again.record.sanitized_error_summary ?? "")![1]);
    vi.setSystemTime(reopenedSince + 5_001);
    await fetch(`${sandbox.origin}/__reset`, { method: "POST" });
    const probe = await run(t.id);
    expect(probe.attempts).toHaveLength(1);
    expect(probe.attempts[0].statusCode).toBe(500);
    expect((await sandbox.stats())["always-500"]).toBe(1);
    const st = resilience.status(t.id).breaker;
    expect(st.state).toBe("open");
    expect(Date.parse(st.openedAt ?? "")).toBeGreaterThanOrEqual(reopenedSince + 5_001);
    const after = await run(t.id);
    expect(stoppedByBreaker(after)).toBe(true);
    expect(after.record.sanitized_error_summary).toContain(`next probe allowed at ${iso(Date.parse(st.openedAt ?? "") + 5_000)}`);
  });
});
