import "server-only";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { remember } from "@/lib/shared/registry";
import { SerializedSqliteFactory } from "@/lib/shared/serialized-sqlite";

// NOTE: one client per process, in the process registry (it survives Next's
// dev reloads and is shared by every server bundle).
// busy timeout via better-sqlite3's `timeout`; WAL is a persistent setting
// of the file, turned on by scripts/migrate.mjs (npm start runs it first).
// The adapter serializes every statement and always frees the connection
// after a failed COMMIT/ROLLBACK (docs/decisions/050-one-connection-one-lock.md).

function createClient() {
  const adapter = new SerializedSqliteFactory({ url: env().DATABASE_URL, timeout: 5000 });
  const client = new PrismaClient({ adapter });
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  // NOTE: WAL checkpoints run on a timer, not inside whichever request's
  // commit crosses the 1000-page mark: the runner's record write stays a
  // plain append (docs/decisions/034, npm run bench). PASSIVE never blocks.
  void client.$executeRawUnsafe("PRAGMA wal_autocheckpoint = 0").catch(() => undefined);
  const checkpoint = setInterval(() => void client.$executeRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)").catch(() => undefined), 1000);
  checkpoint.unref?.();
  return { client, adapter };
}

const state = remember("db.client", createClient);

export const db: PrismaClient = state.client;

export type Db = PrismaClient;

/**
 * The driver-adapter connection under `db` — the same connection and lock,
 * below Prisma's query engine — for the runner's record writes only
 * (lib/smoke/run-writer.ts, docs/decisions/054). Connects `db` if needed.
 */
export async function dbConnection(): Promise<SqlDriverAdapter> {
  const open = state.adapter.connection;
  if (open) return open;
  await db.$connect();
  const connected = state.adapter.connection;
  if (!connected) throw new Error("The database client connected without opening its driver connection.");
  return connected;
}
