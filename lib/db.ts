import "server-only";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { SerializedSqliteFactory } from "@/lib/shared/serialized-sqlite";

// NOTE: one client per process (globalThis survives Next's dev reloads).
// busy timeout via better-sqlite3's `timeout`; WAL is a persistent setting
// of the file, turned on by scripts/migrate.mjs (npm start runs it first).
// The adapter serializes every statement and always frees the connection
// after a failed COMMIT/ROLLBACK (docs/decisions/050-one-connection-one-lock.md).
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient() {
  const adapter = new SerializedSqliteFactory({ url: env().DATABASE_URL, timeout: 5000 });
  const client = new PrismaClient({ adapter });
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => undefined);
  return client;
}

export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
globalForPrisma.prisma = db;

export type Db = PrismaClient;
