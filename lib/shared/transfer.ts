import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { once } from "node:events";
import { db } from "@/lib/db";
import { sha256Hex } from "@/lib/packets/canonical";
import { resetSequencesSql } from "@/lib/shared/sql-dialect";

// `npm run db:export` / `db:import` (issue 13.5): every row of every table as
// JSON lines, so a SQLite installation moves into PostgreSQL (or back) with
// its records, packet versions and share links intact. One line per row:
// {"t":"<table>","r":{…}}; dates as {"$date":"<ISO>"}. The first line names
// the format. Rows go in dependency order, so an import never points at a
// row not yet written. No value is transformed: hashes, token hashes and
// ids are copied as they are, and every packet version's sha256 is
// re-computed after the import.

export const TRANSFER_FORMAT = "evidence-packet-export/1";

type Delegate = {
  findMany(args: { take: number; skip?: number; cursor?: unknown; orderBy: unknown }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  count(): Promise<number>;
};

/** Every table, parents first; `key` is the unique ordering column used to page through it. */
export const TRANSFER_TABLES = [
  { table: "Target", model: "target", key: "id" },
  { table: "user", model: "user", key: "id" },
  { table: "session", model: "session", key: "id" },
  { table: "account", model: "account", key: "id" },
  { table: "verification", model: "verification", key: "id" },
  { table: "rateLimit", model: "rateLimit", key: "id" },
  { table: "Invitation", model: "invitation", key: "id" },
  { table: "ApiToken", model: "apiToken", key: "id" },
  { table: "Rehearsal", model: "rehearsal", key: "id" },
  { table: "Run", model: "run", key: "id" },
  { table: "Attempt", model: "attempt", key: "id" },
  { table: "Packet", model: "packet", key: "id" },
  { table: "PacketRun", model: "packetRun", key: ["packetId", "runId"] },
  { table: "PacketVersion", model: "packetVersion", key: "id" },
  { table: "ShareLink", model: "shareLink", key: "id" },
  { table: "ScheduleSlot", model: "scheduleSlot", key: "id" },
  { table: "BreakerAction", model: "breakerAction", key: "id" },
  { table: "IdempotencyKey", model: "idempotencyKey", key: ["scope", "key"] },
  { table: "Setting", model: "setting", key: "key" },
  { table: "Heartbeat", model: "heartbeat", key: "id" },
  // Notifications (decision 130). Unsent outbox rows move too and are sent from the new installation (same delivery ids).
  { table: "NotifyChannel", model: "notifyChannel", key: "id" },
  { table: "NotifyRule", model: "notifyRule", key: "id" },
  { table: "NotifyRuleChannel", model: "notifyRuleChannel", key: ["ruleId", "channelId"] },
  { table: "NotifyDelivery", model: "notifyDelivery", key: "id" },
  // The moved installation's instances: their leases are long expired, so the first sweep marks them dead (decision 102).
  { table: "AppInstance", model: "appInstance", key: "id" },
  { table: "AuditEvent", model: "auditEvent", key: "id" },
] as const;

/**
 * Tables derived from the others and not exported: the per-day history
 * aggregates (decision 101). The database's triggers rebuild them, exactly,
 * as an import writes the runs and rehearsals.
 */
export const DERIVED_TABLES = ["RunDaily", "RehearsalDaily"] as const;

/** Tables whose integer ids come from a sequence (PostgreSQL's must be moved past the imported ids). */
const SERIAL_TABLES = ["Run", "Attempt", "ScheduleSlot", "BreakerAction", "AuditEvent"];

const BATCH = 1000;
const delegate = (model: string) => (db as unknown as Record<string, Delegate>)[model];
const orderOf = (key: string | readonly string[]) => (typeof key === "string" ? { [key]: "asc" } : key.map((k) => ({ [k]: "asc" })));

const encode = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? { $date: v.toISOString() } : v]));
const decode = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v && typeof v === "object" && "$date" in v && typeof (v as { $date: unknown }).$date === "string" ? new Date((v as { $date: string }).$date) : v]));

async function write(out: NodeJS.WritableStream, line: string) {
  if (!out.write(line + "\n")) await once(out, "drain");
}

/** Writes every row to `file`; resolves with the row count per table. */
export async function exportDatabase(file: string): Promise<Record<string, number>> {
  const out = createWriteStream(file, { encoding: "utf8" });
  const counts: Record<string, number> = {};
  await write(out, JSON.stringify({ format: TRANSFER_FORMAT, exportedAt: new Date().toISOString() }));
  for (const t of TRANSFER_TABLES) {
    counts[t.table] = 0;
    // NOTE: offset paging over the ordering key: an export is offline work, read once.
    for (let skip = 0; ; skip += BATCH) {
      const rows = await delegate(t.model).findMany({ take: BATCH, skip, orderBy: orderOf(t.key) });
      for (const r of rows) await write(out, JSON.stringify({ t: t.table, r: encode(r) }));
      counts[t.table] += rows.length;
      if (rows.length < BATCH) break;
    }
  }
  out.end();
  await once(out, "finish");
  return counts;
}

export class TransferError extends Error {}

/**
 * Reads `file` into this (migrated, empty) database. Refuses a database that
 * already holds records. After the rows: sequences moved past the imported
 * ids, then every packet version's sha256 re-computed from its canonical JSON.
 */
export async function importDatabase(file: string): Promise<{ counts: Record<string, number>; versionsChecked: number }> {
  for (const t of ["Run", "Packet", "user"] as const) {
    const model = TRANSFER_TABLES.find((x) => x.table === t)!.model;
    if ((await delegate(model).count()) > 0) throw new TransferError(`The database at DATABASE_URL already has ${t} rows; import into an empty, migrated database.`);
  }
  // The first start seeds sandbox targets into any database: they are replaced by the export's own.
  await db.target.deleteMany({ where: { runs: { none: {} }, rehearsals: { none: {} } } });
  await db.heartbeat.deleteMany({});

  const order = new Map<string, number>(TRANSFER_TABLES.map((t, i) => [t.table, i]));
  const counts: Record<string, number> = {};
  let pending: { table: string; rows: Record<string, unknown>[] } | null = null;
  let lastIndex = -1;
  const flush = async () => {
    if (!pending || !pending.rows.length) return;
    const t = TRANSFER_TABLES[order.get(pending.table)!];
    if (t.table === "Target") {
      // Targets point at their fallback target: all rows first, then the links.
      const links = pending.rows.map((r) => [r.id, r.fallbackTargetId] as const).filter(([, f]) => f);
      await delegate(t.model).createMany({ data: pending.rows.map((r) => ({ ...r, fallbackTargetId: null })) });
      for (const [id, fallbackTargetId] of links) await db.target.update({ where: { id: id as string }, data: { fallbackTargetId: fallbackTargetId as string } });
    } else {
      await delegate(t.model).createMany({ data: pending.rows });
    }
    counts[t.table] = (counts[t.table] ?? 0) + pending.rows.length;
    pending.rows = [];
  };

  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    const item = JSON.parse(line) as { format?: string; t?: string; r?: Record<string, unknown> };
    if (n === 1) {
      if (item.format !== TRANSFER_FORMAT) throw new TransferError(`Line 1: not an Evidence Packet export (expected format ${TRANSFER_FORMAT}).`);
      continue;
    }
    const index = item.t === undefined ? undefined : order.get(item.t);
    if (index === undefined || !item.r) throw new TransferError(`Line ${n}: unknown table ${JSON.stringify(item.t)}.`);
    if (index < lastIndex) throw new TransferError(`Line ${n}: ${item.t} comes after ${TRANSFER_TABLES[lastIndex].table}; the export is out of order.`);
    if (!pending || pending.table !== item.t || pending.rows.length >= BATCH) {
      await flush();
      pending = { table: item.t!, rows: [] };
    }
    lastIndex = index;
    pending.rows.push(decode(item.r));
  }
  await flush();

  for (const sql of resetSequencesSql(SERIAL_TABLES)) await db.$executeRaw(sql);

  let versionsChecked = 0;
  for (let skip = 0; ; skip += BATCH) {
    const versions = await db.packetVersion.findMany({ select: { id: true, canonicalJson: true, sha256: true }, orderBy: { id: "asc" }, take: BATCH, skip });
    for (const v of versions) {
      if (sha256Hex(v.canonicalJson) !== v.sha256) throw new TransferError(`Packet version ${v.id}: its sha256 does not match its content after the import.`);
      versionsChecked++;
    }
    if (versions.length < BATCH) break;
  }
  return { counts, versionsChecked };
}
