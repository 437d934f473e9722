import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { resilience } from "@/lib/smoke/resilience";
import { startRun } from "@/lib/smoke/run-service";
import { runDeadlineMs } from "@/lib/smoke/watchdog";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 12 item 1: a run whose step never completes still reaches a final
// state, ended by the watchdog, which records why. The stuck step here is
// the write of the retry attempt, held up behind a transaction that never
// ends (what a leaked connection lock did); the provider is a real process.

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.WATCHDOG_TEST_KEY = "sandbox-key";
  resetEnvForTests();
  resilience.resetForTests();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("run watchdog", () => {
  it("ends a run whose step outlives the policy's bound, says why, and the late outcome does not overwrite it", async () => {
    const policy = { timeoutMs: 300, retryCeiling: 1, backoffBaseMs: 0, backoffMaxMs: 0, retryAfterCapMs: 0 };
    const target = await db.target.create({
      data: { name: "watchdog hang", role: "primary", baseUrl: sandbox.baseUrl, model: "hang", credentialEnvVar: "WATCHDOG_TEST_KEY", environmentLabel: "test", ...policy },
    });
    const deadline = runDeadlineMs({ primary: { ...policy }, fallback: null });
    expect(deadline).toBe(2 * 300 + 5_000);

    const { id, done } = await startRun({ targetId: target.id, path: "happy" });
    // Hold the connection until released: the first attempt times out at 300 ms, and
    // the write of that attempt (it leads to a retry) then waits behind this transaction.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holder = db.$transaction(async () => gate, { maxWait: 60_000, timeout: 60_000 });

    const t0 = Date.now();
    const record = await Promise.race([done, new Promise<"still waiting">((r) => setTimeout(() => r("still waiting"), 25_000))]);
    expect(record, "the run never reached a final state").not.toBe("still waiting");
    if (record === "still waiting") return;
    expect(Date.now() - t0).toBeLessThan(deadline + 5_000 + 2_000);
    expect(record.id).toBe(id);
    expect(record.state).toBe("failed");
    expect(record.record.notes).toMatch(/^Ended by the watchdog: the run had no final state 5\.6 s after it started/);
    // NOTE: the retry attempt's write is off the request path (decision 034), so
    // the run goes on to its last attempt and is stuck writing its outcome.
    expect(record.record.notes).toContain("it was still recording the outcome");

    release();
    await holder;
    // The watchdog's record lands once the database takes writes again; the runner's outcome never does.
    await expect.poll(async () => (await db.run.findUniqueOrThrow({ where: { id } })).state, { timeout: 5_000 }).toBe("failed");
    await new Promise((r) => setTimeout(r, 500));
    const row = await db.run.findUniqueOrThrow({ where: { id }, include: { attempts: true } });
    expect(row.state).toBe("failed");
    expect(row.notes).toContain("Ended by the watchdog");
    expect(row.operatorResult).toBeNull();
  }, 40_000);
});
