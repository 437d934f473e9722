import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { db, dbEngine } from "@/lib/db";
import { env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { remember } from "@/lib/shared/registry";

/**
 * Each app server process is an **instance** with a row in `AppInstance` and
 * a lease it renews every INSTANCE_HEARTBEAT_MS (docs/decisions/102). What an
 * instance runs — runs, rehearsals, schedule slots — carries its id. Any
 * instance that finds a lease expired marks that instance dead (once; a dead
 * id is never renewed) and interrupts what it left running. So a second
 * instance's start no longer fails the first one's live runs, and a crashed
 * instance's work is closed within lease + heartbeat.
 *
 * SQLite is one instance per file by definition: there the start takes every
 * other instance for dead at once, which is exactly the old "mark every
 * running run interrupted at start".
 */
const self = remember("instance.self", () => ({
  id: newId(),
  timer: undefined as ReturnType<typeof setInterval> | undefined,
  beating: false,
  /** scripts/server.mjs calls this on SIGTERM/SIGINT, from the registry. */
  release: () => releaseLease(),
}));

function newId() {
  return randomUUID();
}

/** This process's instance id, recorded on every run, rehearsal and slot it starts. */
export function instanceId(): string {
  return self.id;
}

export const INTERRUPTED_RUN_NOTE = "Interrupted: the app instance running it stopped before it finished (its lease expired); no outcome was recorded.";
export const INTERRUPTED_SLOT_REASON = "The app instance running this scheduled rehearsal stopped (its lease expired); the rehearsal is marked interrupted and the slot is not run again.";

const DEAD_ROWS_KEPT_MS = 7 * 86_400_000;

export type SweepResult = { instances: number; runs: number; rehearsals: number; slots: number };

/**
 * Marks expired instances dead and interrupts what dead (or unknown)
 * instances left running. `unowned`: also rows with no instance at all (rows
 * written before instance ids existed) — at start only.
 * NOTE: a dead or unknown id never comes back (a renewal that finds its row
 * dead or missing takes a new id), so reading the owners first and updating
 * by id afterwards cannot catch a live instance's rows.
 */
export async function sweepExpired(opts: { now?: Date; unowned?: boolean; client?: PrismaClient } = {}): Promise<SweepResult> {
  const now = opts.now ?? new Date();
  const c = opts.client ?? db;
  const expired = await c.appInstance.updateMany({ where: { deadAt: null, leaseUntil: { lt: now } }, data: { deadAt: now } });
  // Housekeeping: a restart leaves a dead row behind; after a week it is gone (its id stays unknown, which counts as dead).
  await c.appInstance.deleteMany({ where: { deadAt: { lt: new Date(now.getTime() - DEAD_ROWS_KEPT_MS) } } });
  const [runOwners, rehearsalOwners, slotOwners] = await Promise.all([
    c.run.findMany({ where: { state: "running" }, distinct: ["instanceId"], select: { instanceId: true } }),
    c.rehearsal.findMany({ where: { state: "running" }, distinct: ["instanceId"], select: { instanceId: true } }),
    c.scheduleSlot.findMany({ where: { status: { in: ["claimed", "started"] } }, distinct: ["instanceId"], select: { instanceId: true } }),
  ]);
  const owners = new Set<string>();
  for (const r of [...runOwners, ...rehearsalOwners, ...slotOwners]) if (r.instanceId) owners.add(r.instanceId);
  owners.delete(self.id);
  const live = new Set(
    owners.size ? (await c.appInstance.findMany({ where: { id: { in: [...owners] }, deadAt: null }, select: { id: true } })).map((i) => i.id) : [],
  );
  const dead = [...owners].filter((id) => !live.has(id));
  const result: SweepResult = { instances: expired.count, runs: 0, rehearsals: 0, slots: 0 };
  if (!dead.length && !opts.unowned) return result;
  const owner = opts.unowned ? { OR: [{ instanceId: { in: dead } }, { instanceId: null }] } : { instanceId: { in: dead } };
  // Slots first: a slot's rehearsal is interrupted in the same sweep, so no reader sees a live slot over a failed rehearsal for long.
  result.slots = (await c.scheduleSlot.updateMany({ where: { status: { in: ["claimed", "started"] }, ...owner }, data: { status: "interrupted", reason: INTERRUPTED_SLOT_REASON } })).count;
  result.runs = (await c.run.updateMany({ where: { state: "running", ...owner }, data: { state: "failed", finishedAt: now, notes: INTERRUPTED_RUN_NOTE } })).count;
  result.rehearsals = (await c.rehearsal.updateMany({ where: { state: "running", ...owner }, data: { state: "failed", finishedAt: now } })).count;
  return result;
}

/** Writes or renews this instance's lease; a row found dead or missing means this id is gone for good, so a new one is taken. */
export async function renewLease(now = new Date()): Promise<"renewed" | "registered" | "replaced"> {
  const { INSTANCE_LEASE_MS } = env();
  const leaseUntil = new Date(now.getTime() + INSTANCE_LEASE_MS);
  const renewed = await db.appInstance.updateMany({ where: { id: self.id, deadAt: null }, data: { heartbeatAt: now, leaseUntil } });
  if (renewed.count === 1) return "renewed";
  const existed = (await db.appInstance.count({ where: { id: self.id } })) > 0;
  if (existed) {
    // Another instance took this one for dead (a stall longer than the lease)
    // and has interrupted its runs; what starts from now on is a new instance.
    logger.warn({ instance: self.id }, "this instance's lease had expired; continuing under a new instance id");
    self.id = newId();
  }
  await db.appInstance.create({ data: { id: self.id, host: os.hostname().slice(0, 200), pid: process.pid, startedAt: now, heartbeatAt: now, leaseUntil } });
  return existed ? "replaced" : "registered";
}

export const STOPPED_RUN_NOTE = "Interrupted: the server was stopped before this run finished; no outcome was recorded.";

/**
 * A graceful stop: this instance's row is marked dead and what it was
 * running is closed now, instead of when the lease runs out. The process
 * exits right after (its in-flight requests end with it).
 */
export async function releaseLease(now = new Date()): Promise<void> {
  if (self.timer) clearInterval(self.timer);
  self.timer = undefined;
  const mine = { instanceId: self.id };
  await db.appInstance.updateMany({ where: { id: self.id, deadAt: null }, data: { deadAt: now } });
  await db.scheduleSlot.updateMany({ where: { status: { in: ["claimed", "started"] }, ...mine }, data: { status: "interrupted", reason: "The server was stopped while this scheduled rehearsal was running; the slot is not run again." } });
  await db.run.updateMany({ where: { state: "running", ...mine }, data: { state: "failed", finishedAt: now, notes: STOPPED_RUN_NOTE } });
  await db.rehearsal.updateMany({ where: { state: "running", ...mine }, data: { state: "failed", finishedAt: now } });
}

async function beat() {
  if (self.beating) return;
  self.beating = true;
  try {
    await renewLease();
    const swept = await sweepExpired();
    if (swept.instances || swept.runs || swept.rehearsals || swept.slots) logger.warn({ ...swept }, "work of stopped app instances marked interrupted");
  } catch (err) {
    logger.error({ err: (err as Error).name }, "instance heartbeat failed");
  } finally {
    self.beating = false;
  }
}

/**
 * Called once from lib/server-start.ts: register, close what stopped
 * instances left running, then renew and sweep every INSTANCE_HEARTBEAT_MS.
 */
export async function startInstance(): Promise<SweepResult> {
  const now = new Date();
  await renewLease(now);
  if (dbEngine() === "sqlite") {
    // One instance per SQLite file: whoever ran before this start has stopped.
    await db.appInstance.updateMany({ where: { deadAt: null, id: { not: self.id } }, data: { deadAt: now } });
  }
  const swept = await sweepExpired({ now, unowned: true });
  if (!self.timer) {
    self.timer = setInterval(() => void beat(), env().INSTANCE_HEARTBEAT_MS);
    self.timer.unref?.();
  }
  return swept;
}
