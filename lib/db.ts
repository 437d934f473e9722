import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { env } from "@/lib/env";
import { remember } from "@/lib/shared/registry";
import { SerializedSqliteFactory } from "@/lib/shared/serialized-sqlite";
import { databaseEngine } from "@/scripts/db-path.mjs";

// NOTE: one client per process, in the process registry (it survives Next's
// dev reloads and is shared by every server bundle).
// DATABASE_URL picks the engine: `file:` is the embedded SQLite file,
// `postgresql://` a PostgreSQL server (docs/decisions/100-two-engines.md).
// Both clients are generated from one data model, so the SQLite client's
// types describe either; SQL that differs lives in lib/db/dialect.ts.

export type DbEngine = "sqlite" | "postgresql";
export const dbEngine = (): DbEngine => databaseEngine(env().DATABASE_URL);

type DbState = { client: PrismaClient; connection: () => Promise<SqlDriverAdapter> | SqlDriverAdapter | null | undefined; close?: () => Promise<void> };

// SQLite: busy timeout via better-sqlite3's `timeout`; WAL is a persistent
// setting of the file, turned on by scripts/migrate.mjs (npm start runs it
// first). The adapter serializes every statement and always frees the
// connection after a failed COMMIT/ROLLBACK (docs/decisions/050).
function createSqlite(): DbState {
  const adapter = new SerializedSqliteFactory({ url: env().DATABASE_URL, timeout: 5000 });
  const client = new PrismaClient({ adapter });
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  // NOTE: WAL checkpoints run on a timer, not inside whichever request's
  // commit crosses the 1000-page mark: the runner's record write stays a
  // plain append (docs/decisions/034, npm run bench). PASSIVE never blocks.
  void client.$executeRawUnsafe("PRAGMA wal_autocheckpoint = 0").catch(() => undefined);
  const checkpoint = setInterval(() => void client.$executeRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)").catch(() => undefined), 1000);
  checkpoint.unref?.();
  return { client, connection: () => adapter.connection };
}

/** PostgreSQL: a `pg` pool under Prisma, and one more for the runner's adapter-level writes. */
function createPostgres(): DbState {
  const options = { connectionString: env().DATABASE_URL, max: env().DATABASE_POOL_MAX };
  const client = new PostgresPrismaClient({ adapter: new PrismaPg(options) }) as unknown as PrismaClient;
  const direct = new PrismaPg(options);
  let connected: Promise<SqlDriverAdapter> | null = null;
  return {
    client,
    connection: () => (connected ??= direct.connect()),
    close: async () => {
      if (connected) await (await connected).dispose();
      connected = null;
    },
  };
}

const state = remember("db.client", (): DbState => (dbEngine() === "postgresql" ? createPostgres() : createSqlite()));

export const db: PrismaClient = state.client;

export type Db = PrismaClient;

/**
 * A driver-adapter connection below Prisma's query engine, for the runner's
 * record writes only (lib/smoke/run-writer.ts, docs/decisions/054). SQLite:
 * the same connection and lock as `db` (connects `db` if needed).
 * PostgreSQL: a pool of its own on the same server.
 */
export async function dbConnection(): Promise<SqlDriverAdapter> {
  const open = await state.connection();
  if (open) return open;
  await db.$connect();
  const connected = await state.connection();
  if (!connected) throw new Error("The database client connected without opening its driver connection.");
  return connected;
}

/** Closes the client and, on PostgreSQL, the runner's pool (tests; a process that exits needs nothing). */
export async function disconnectDb(): Promise<void> {
  await db.$disconnect();
  await state.close?.();
}
