import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { createScheduler } from "@/lib/schedule/scheduler";
import { runScheduledRehearsal } from "@/lib/schedule/start";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// The real wiring: a due slot starts the engine's rehearsal against the
// sandbox provider process; its runs are marked trigger "scheduled".

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const T = (hhmmss: string) => new Date(`2026-03-02T${hhmmss}Z`);

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  process.env.SCHEDULED_TEST_KEY = "sandbox-local-credential";
  resetEnvForTests();
}, 30_000);
afterAll(async () => {
  await sandbox?.stop();
});

describe("scheduled rehearsal through the engine", () => {
  it("runs one rehearsal for the slot, marked scheduled, and a restarted scheduler does not repeat it", async () => {
    const t = await db.target.create({
      data: {
        name: "Scheduled sandbox",
        role: "primary",
        baseUrl: sandbox.baseUrl,
        model: "ok",
        credentialEnvVar: "SCHEDULED_TEST_KEY",
        environmentLabel: "test",
        timeoutMs: 2000,
        backoffBaseMs: 10,
        backoffMaxMs: 40,
        scheduleCron: "* * * * *",
        scheduleEnabled: true,
        updatedAt: T("09:00:30"),
      },
    });
    const first = createScheduler({ db, runRehearsal: runScheduledRehearsal });
    expect((await first.tick(T("09:01:00.050"))).map((o) => o.status)).toEqual(["started"]);
    await first.idle();

    const restarted = createScheduler({ db, runRehearsal: runScheduledRehearsal });
    expect(await restarted.tick(T("09:01:00.900"))).toEqual([]);

    const rehearsals = await db.rehearsal.findMany({ where: { targetId: t.id }, include: { runs: true } });
    expect(rehearsals).toHaveLength(1);
    const r = rehearsals[0];
    expect(r).toMatchObject({ trigger: "scheduled", state: "done", scheduledSlot: T("09:01:00") });
    expect(r.runs.map((x) => [x.path, x.trigger]).sort()).toEqual([["error", "scheduled"], ["happy", "scheduled"]]);
    expect(r.runs.find((x) => x.path === "happy")?.operatorResult).toBe("pass");
    const slot = await db.scheduleSlot.findUniqueOrThrow({ where: { targetId_slot: { targetId: t.id, slot: T("09:01:00") } } });
    expect(slot).toMatchObject({ status: "done", rehearsalId: r.id });
  });
});
