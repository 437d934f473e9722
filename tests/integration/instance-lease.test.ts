import { beforeEach, describe, expect, it } from "vitest";
import { db, dbEngine } from "@/lib/db";
import { instanceId, releaseLease, renewLease, startInstance, sweepExpired } from "@/lib/instances/lease";
import { insertRun } from "@/tests/fixtures/runs";

// Interrupted work is found by instance lease (issue 13.3, decision 102), on
// both engines: only what a stopped instance left running is failed; a live
// instance's runs are left alone. Before the change, start marked *every*
// running run interrupted (lib/smoke/run-service.ts markInterrupted).

const lease = (id: string, leaseUntil: Date) => db.appInstance.create({ data: { id, host: "test", pid: 1, startedAt: new Date(0), heartbeatAt: new Date(0), leaseUntil } });
const running = (instance: string | null) => insertRun({ state: "running", operatorResult: null, finishedAt: null, instanceId: instance });

beforeEach(async () => {
  await db.run.deleteMany();
  await db.rehearsal.deleteMany();
  await db.appInstance.deleteMany();
});

describe("instance leases", () => {
  it("a sweep leaves a live instance's running run alone and interrupts a run whose instance's lease expired", async () => {
    const now = new Date();
    await lease("inst-live", new Date(now.getTime() + 30_000));
    await lease("inst-gone", new Date(now.getTime() - 1));
    const live = await running("inst-live");
    const gone = await running("inst-gone");
    const rehearsal = await db.rehearsal.create({ data: { targetName: "t", errorScenario: "missing_credential", state: "running", instanceId: "inst-gone" } });

    const swept = await sweepExpired({ now });
    expect(swept).toMatchObject({ instances: 1, runs: 1, rehearsals: 1 });
    expect((await db.run.findUniqueOrThrow({ where: { id: live.id } })).state).toBe("running");
    const g = await db.run.findUniqueOrThrow({ where: { id: gone.id } });
    expect(g.state).toBe("failed");
    expect(g.notes).toMatch(/^Interrupted: the app instance running it stopped/);
    expect((await db.rehearsal.findUniqueOrThrow({ where: { id: rehearsal.id } })).state).toBe("failed");
    expect((await db.appInstance.findUniqueOrThrow({ where: { id: "inst-gone" } })).deadAt).not.toBeNull();
  });

  it("a run whose instance has no row is an orphan; a run with no instance is interrupted only when asked at start", async () => {
    const orphan = await running("never-registered");
    const legacy = await running(null);
    expect((await sweepExpired()).runs).toBe(1);
    expect((await db.run.findUniqueOrThrow({ where: { id: orphan.id } })).state).toBe("failed");
    expect((await db.run.findUniqueOrThrow({ where: { id: legacy.id } })).state).toBe("running");
    expect((await sweepExpired({ unowned: true })).runs).toBe(1);
    expect((await db.run.findUniqueOrThrow({ where: { id: legacy.id } })).state).toBe("failed");
  });

  it("this process's own runs are never swept, and a lease renewal after being taken for dead continues under a new id", async () => {
    expect(await renewLease()).toBe("registered");
    const mine = await running(instanceId());
    expect((await sweepExpired({ now: new Date(Date.now() + 3_600_000) })).runs).toBe(0);
    expect((await db.run.findUniqueOrThrow({ where: { id: mine.id } })).state).toBe("running");

    const before = instanceId();
    await db.appInstance.update({ where: { id: before }, data: { deadAt: new Date() } });
    expect(await renewLease()).toBe("replaced");
    expect(instanceId()).not.toBe(before);
    expect((await sweepExpired()).runs).toBe(1); // the old id's run: its owner is dead
    expect((await db.run.findUniqueOrThrow({ where: { id: mine.id } })).state).toBe("failed");
  });

  it("at start, another instance's live run is left alone on PostgreSQL; on SQLite (one instance per file) it is interrupted, as before", async () => {
    await lease("inst-other", new Date(Date.now() + 60_000));
    const other = await running("inst-other");
    await startInstance();
    const after = await db.run.findUniqueOrThrow({ where: { id: other.id } });
    expect(after.state).toBe(dbEngine() === "sqlite" ? "failed" : "running");
  });

  it("rows of instances dead for more than a week are removed by the sweep; recent ones are kept", async () => {
    const now = new Date();
    await db.appInstance.create({ data: { id: "old", host: "t", pid: 1, startedAt: new Date(0), heartbeatAt: new Date(0), leaseUntil: new Date(0), deadAt: new Date(now.getTime() - 8 * 86_400_000) } });
    await db.appInstance.create({ data: { id: "recent", host: "t", pid: 1, startedAt: new Date(0), heartbeatAt: new Date(0), leaseUntil: new Date(0), deadAt: new Date(now.getTime() - 86_400_000) } });
    await sweepExpired({ now });
    expect((await db.appInstance.findMany({ where: { id: { in: ["old", "recent"] } }, select: { id: true } })).map((i) => i.id)).toEqual(["recent"]);
  });

  it("a graceful stop releases the lease: this instance's running runs are closed at once and its row is dead; a later renewal starts a new instance", async () => {
    await renewLease();
    const before = instanceId();
    const mine = await running(before);
    await releaseLease();
    const r = await db.run.findUniqueOrThrow({ where: { id: mine.id } });
    expect(r.state).toBe("failed");
    expect(r.notes).toMatch(/^Interrupted: the server was stopped/);
    expect((await db.appInstance.findUniqueOrThrow({ where: { id: before } })).deadAt).not.toBeNull();
    expect(await renewLease()).toBe("replaced");
  });
});
