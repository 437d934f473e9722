import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createScheduler, type RunRehearsal } from "@/lib/schedule/scheduler";
import { sweepExpired } from "@/lib/instances/lease";

// The scheduler is driven by a controllable clock: tick(now) with chosen
// instants. A "restart" is a new scheduler instance on a new Prisma client
// over the same SQLite file — the in-process state of the old one is gone.

const T = (hhmmss: string) => new Date(`2026-03-02T${hhmmss}Z`);
const clients: PrismaClient[] = [];
function freshClient() {
  const c = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: process.env.DATABASE_URL!, timeout: 5000 }) });
  clients.push(c);
  return c;
}
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
});

let targetId: string;
beforeEach(async () => {
  await db.scheduleSlot.deleteMany();
  await db.rehearsal.deleteMany();
  await db.target.deleteMany();
  const t = await db.target.create({
    data: {
      name: "Scheduled primary",
      role: "primary",
      baseUrl: "http://127.0.0.1:9/v1",
      model: "ok",
      environmentLabel: "staging",
      scheduleCron: "* * * * *",
      scheduleEnabled: true,
      // The schedule was set at 09:00:30; nothing before counts.
      updatedAt: T("09:00:30"),
    },
  });
  targetId = t.id;
});

/** Stands in for startRehearsal: a Rehearsal row carrying the slot, like the engine writes. */
function fakeEngine(client: PrismaClient, settle: () => Promise<void> = () => Promise.resolve()) {
  const calls: string[] = [];
  const run: RunRehearsal = async (tid, slot) => {
    calls.push(slot.toISOString());
    const r = await client.rehearsal.create({
      data: { targetId: tid, targetName: "Scheduled primary", errorScenario: "missing_credential", trigger: "scheduled", state: "done", scheduledSlot: slot, startedAt: slot },
    });
    return { id: r.id, done: settle() };
  };
  return { run, calls };
}

async function scheduledRehearsalSlots() {
  const rows = await db.rehearsal.findMany({ where: { trigger: "scheduled" }, orderBy: { scheduledSlot: "asc" }, select: { scheduledSlot: true } });
  return rows.map((r) => r.scheduledSlot!.toISOString().slice(11, 16));
}

describe("scheduler tick(now)", () => {
  it("an every-minute schedule gives exactly one scheduled rehearsal per minute across a restart", async () => {
    const a = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db).run });
    expect((await a.tick(T("09:00:45"))).filter((o) => o.status === "started")).toEqual([]); // no slot since 09:00:30 yet
    await a.tick(T("09:01:00.020"));
    await a.tick(T("09:01:31")); // a second wake-up in the same minute starts nothing
    await a.tick(T("09:02:00.005"));
    await a.tick(T("09:03:00.100"));
    await a.idle();

    // Restart: a new process over the same file; its first tick lands in
    // the minute the old one already handled.
    const b = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db).run });
    expect((await sweepExpired({ now: T("09:03:00.800"), unowned: true })).slots).toBe(0);
    const first = await b.tick(T("09:03:00.900"));
    expect(first.filter((o) => o.status === "started")).toEqual([]);
    await b.tick(T("09:04:00.010"));
    await b.tick(T("09:05:00.010"));
    await b.idle();

    expect(await scheduledRehearsalSlots()).toEqual(["09:01", "09:02", "09:03", "09:04", "09:05"]);
    const slots = await db.scheduleSlot.findMany({ orderBy: { slot: "asc" } });
    expect(slots.map((s) => [s.slot.toISOString().slice(11, 16), s.status])).toEqual([
      ["09:01", "done"],
      ["09:02", "done"],
      ["09:03", "done"],
      ["09:04", "done"],
      ["09:05", "done"],
    ]);
  });

  it("slots that passed while the server was down are recorded as missed, not run late", async () => {
    const engineA = fakeEngine(db);
    const a = createScheduler({ db: freshClient(), runRehearsal: engineA.run });
    await a.tick(T("09:01:00.010"));
    await a.idle();
    // Down from 09:01:30 to 09:07:00.
    const engineB = fakeEngine(db);
    const b = createScheduler({ db: freshClient(), runRehearsal: engineB.run });
    const outcomes = await b.tick(T("09:07:00.300"));
    expect(outcomes.map((o) => [o.slot.slice(11, 16), o.status])).toEqual([
      ["09:02", "missed"],
      ["09:03", "missed"],
      ["09:04", "missed"],
      ["09:05", "missed"],
      ["09:06", "missed"],
      ["09:07", "started"],
    ]);
    expect(engineB.calls).toEqual([T("09:07:00").toISOString()]);
    expect(await scheduledRehearsalSlots()).toEqual(["09:01", "09:07"]);
    const missed = await db.scheduleSlot.findMany({ where: { status: "missed" } });
    expect(missed).toHaveLength(5);
    expect(missed[0].reason).toMatch(/not run late/);
  });

  it("a slot that is already older than the grace period on wake-up is missed too", async () => {
    const engine = fakeEngine(db);
    const s = createScheduler({ db, runRehearsal: engine.run, graceMs: 60_000 });
    const outcomes = await s.tick(T("09:02:15")); // 09:01 and 09:02 due; 09:02 is 15 s old
    expect(outcomes.map((o) => o.status)).toEqual(["missed", "started"]);
    const late = await s.tick(T("09:04:30")); // 09:03 and 09:04 (30 s old) due
    expect(late.map((o) => o.status)).toEqual(["missed", "started"]);
    const stale = createScheduler({ db, runRehearsal: engine.run, graceMs: 10_000 });
    expect((await stale.tick(T("09:05:20"))).map((o) => o.status)).toEqual(["missed"]);
  });

  it("never runs two scheduled rehearsals at once on one target: a busy slot is skipped", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = fakeEngine(db, () => gate);
    const s = createScheduler({ db, runRehearsal: engine.run });
    expect((await s.tick(T("09:01:00.010"))).map((o) => o.status)).toEqual(["started"]);
    expect(s.busyTargets()).toEqual([targetId]);
    expect((await s.tick(T("09:02:00.010"))).map((o) => o.status)).toEqual(["skipped"]);
    release();
    await s.idle();
    expect((await s.tick(T("09:03:00.010"))).map((o) => o.status)).toEqual(["started"]);
    await s.idle();
    expect(engine.calls.map((c) => c.slice(11, 16))).toEqual(["09:01", "09:03"]);
    const skipped = await db.scheduleSlot.findFirstOrThrow({ where: { status: "skipped" } });
    expect(skipped.reason).toMatch(/still running/);
  });

  it("two instances waking for the same slot start it once", async () => {
    const a = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db).run });
    const b = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db).run });
    const [oa, ob] = await Promise.all([a.tick(T("09:01:00.010")), b.tick(T("09:01:00.020"))]);
    const statuses = [...oa, ...ob].map((o) => o.status).sort();
    expect(statuses).toEqual(["started", "taken"]);
    expect(await scheduledRehearsalSlots()).toEqual(["09:01"]);
  });

  it("a failing start is recorded on the slot and the next slot still runs", async () => {
    let fail = true;
    const s = createScheduler({
      db,
      runRehearsal: async (tid, slot) => {
        if (fail) throw new Error("target has no credential configured");
        return fakeEngine(db).run(tid, slot);
      },
    });
    expect((await s.tick(T("09:01:00.010"))).map((o) => o.status)).toEqual(["failed"]);
    fail = false;
    expect((await s.tick(T("09:02:00.010"))).map((o) => o.status)).toEqual(["started"]);
    const failed = await db.scheduleSlot.findFirstOrThrow({ where: { status: "failed" } });
    expect(failed.reason).toBe("target has no credential configured");
  });

  it("a disabled schedule starts nothing, and enabling it later does not back-fill", async () => {
    await db.target.update({ where: { id: targetId }, data: { scheduleEnabled: false, updatedAt: T("09:00:30") } });
    const engine = fakeEngine(db);
    const s = createScheduler({ db, runRehearsal: engine.run });
    expect(await s.tick(T("09:05:00.010"))).toEqual([]);
    await db.target.update({ where: { id: targetId }, data: { scheduleEnabled: true, updatedAt: T("09:05:10") } });
    expect((await s.tick(T("09:06:00.010"))).map((o) => [o.slot.slice(11, 16), o.status])).toEqual([["09:06", "started"]]);
  });

  it("a slot whose instance's lease expired is closed as interrupted; a live instance's slot is left alone and blocks the next slot (decision 102)", async () => {
    await db.appInstance.deleteMany();
    const lease = (id: string, until: string) => db.appInstance.create({ data: { id, host: "test", pid: 1, startedAt: T("09:00:00"), heartbeatAt: T("09:00:00"), leaseUntil: T(until) } });
    await lease("inst-dead", "09:01:10");
    await lease("inst-live", "09:10:00");
    const hang = () => new Promise<void>(() => undefined);
    const dead = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db, hang).run, instanceId: () => "inst-dead" });
    expect((await dead.tick(T("09:01:00.010"))).map((o) => o.status)).toEqual(["started"]);
    // The other instance, still live, must not start the next slot while the first one's owner may be running it...
    const live = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db).run, instanceId: () => "inst-live" });
    const sweptEarly = await sweepExpired({ now: T("09:01:05") });
    expect(sweptEarly.slots).toBe(0);
    // ...and once the owner's lease has expired, the sweep closes its slot and the next slot runs.
    const swept = await sweepExpired({ now: T("09:01:20") });
    expect(swept).toMatchObject({ instances: 1, slots: 1 });
    const first = await db.scheduleSlot.findFirstOrThrow({ where: { slot: T("09:01:00") } });
    expect(first.status).toBe("interrupted");
    expect(first.reason).toMatch(/lease expired/);
    expect((await live.tick(T("09:02:00.010"))).map((o) => o.status)).toEqual(["started"]);
    expect((await db.appInstance.findUniqueOrThrow({ where: { id: "inst-live" } })).deadAt).toBeNull();
  });

  it("a slot still running on another live instance makes the next slot skipped, not overlapped", async () => {
    await db.appInstance.deleteMany();
    await db.appInstance.create({ data: { id: "inst-a", host: "test", pid: 1, startedAt: T("09:00:00"), heartbeatAt: T("09:00:00"), leaseUntil: T("09:10:00") } });
    const a = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db, () => new Promise<void>(() => undefined)).run, instanceId: () => "inst-a" });
    const b = createScheduler({ db: freshClient(), runRehearsal: fakeEngine(db).run, instanceId: () => "inst-b" });
    await a.tick(T("09:01:00.010"));
    expect((await b.tick(T("09:02:00.010"))).map((o) => o.status)).toEqual(["skipped"]);
    expect((await db.scheduleSlot.findFirstOrThrow({ where: { status: "skipped" } })).reason).toMatch(/another app instance/);
  });
});
