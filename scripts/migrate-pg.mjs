// Applies prisma/postgresql/migrations to a PostgreSQL DATABASE_URL, in
// folder order, each in its own transaction, recorded with its sha256 in
// "_evidence_migrations". A session-level advisory lock makes two instances
// that start together apply each migration once; an applied migration whose
// file changed since stops the start (a migration is never edited after it
// shipped). `prisma migrate` cannot do this through the JS engines yet
// (prisma/orm#27403; docs/decisions/100-two-engines.md).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PG_MIGRATIONS = path.join(root, "prisma", "postgresql", "migrations");
/** Any constant: one migrator at a time per database. */
const LOCK_KEY = 7_283_911_004;

export function migrationFiles(dir = PG_MIGRATIONS) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Resolves with the names applied by this call. */
export async function migratePostgres(url = process.env.DATABASE_URL, { dir = PG_MIGRATIONS, log = () => {} } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_evidence_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = new Map((await client.query(`SELECT "name", "checksum" FROM "_evidence_migrations"`)).rows.map((r) => [r.name, r.checksum]));
    for (const m of migrationFiles(dir)) {
      if (done.has(m.name)) {
        if (done.get(m.name) !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs). Restore the file; add a new migration instead.`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_evidence_migrations" ("name", "checksum") VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`Migration ${m.name} failed: ${err.message}`);
      }
      applied.push(m.name);
      log(`applied ${m.name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quiet = process.argv.includes("--quiet");
  migratePostgres(process.env.DATABASE_URL, { log: quiet ? () => {} : (m) => console.log(m) }).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
