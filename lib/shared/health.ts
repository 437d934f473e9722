import "server-only";
import { db } from "@/lib/db";
import { remember } from "@/lib/shared/registry";
import { APP_VERSION } from "@/lib/version";

/**
 * Health reads *and writes*: a database that answers `SELECT 1` but cannot
 * take a write (disk full, read-only file, a stuck connection) is not
 * healthy. The write is one heartbeat row in a transaction — the same path
 * every packet edit and run record takes (docs/decisions/050).
 */
const WRITE_WAIT_MS = 3_000;

export type Health = {
  status: "ok" | "degraded";
  db: "ok" | "error";
  read: "ok" | "error";
  write: "ok" | "error";
  reason?: string;
  version: string;
};

const probes = remember("health.inFlight", () => ({ current: null as Promise<Health> | null }));

/** Concurrent health checks share one probe (one per process, whichever bundle asks). */
export function checkHealth(): Promise<Health> {
  probes.current ??= probe().finally(() => (probes.current = null));
  return probes.current;
}

async function probe(): Promise<Health> {
  let read: Health["read"] = "ok";
  let write: Health["write"] = "ok";
  let reason: string | undefined;
  try {
    await withTimeout(db.$queryRawUnsafe("SELECT 1"), "A test read");
  } catch (err) {
    read = "error";
    reason = explain(err, "read");
  }
  try {
    const at = new Date();
    await withTimeout(db.$transaction((tx) => tx.heartbeat.upsert({ where: { id: 1 }, create: { id: 1, at }, update: { at } }), { maxWait: WRITE_WAIT_MS, timeout: WRITE_WAIT_MS }), "A test write");
  } catch (err) {
    write = "error";
    reason ??= explain(err, "write");
  }
  const ok = read === "ok" && write === "ok";
  return { status: ok ? "ok" : "degraded", db: ok ? "ok" : "error", read, write, ...(reason ? { reason } : {}), version: APP_VERSION };
}

class Timeout extends Error {}

async function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout(`${what} did not finish within ${WRITE_WAIT_MS / 1000} s.`)), WRITE_WAIT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short, fixed reason (never the driver's message, which can quote data). */
function explain(err: unknown, op: "read" | "write"): string {
  if (err instanceof Timeout) return `${err.message} The database is not taking ${op}s.`;
  const e = err as { message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } };
  const text = `${e?.meta?.driverAdapterError?.cause?.originalCode ?? ""} ${e?.message ?? ""}`;
  if (/SQLITE_FULL|disk is full/i.test(text)) return "The database cannot be written: the disk is full. Free space on the database's filesystem.";
  if (/SQLITE_READONLY|readonly|read-only/i.test(text)) return "The database cannot be written: the file or its directory is read-only. Check the permissions and the mount.";
  if (/SQLITE_BUSY|locked/i.test(text)) return "The database is locked by another process.";
  if (/SQLITE_IOERR|disk I\/O/i.test(text)) return "The database cannot be written: a disk I/O error.";
  return `A test ${op} failed. The server log has details.`;
}
