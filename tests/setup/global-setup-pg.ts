import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migratePostgres } from "../../scripts/migrate-pg.mjs";
import { startCluster, stopCluster } from "../../scripts/pg-cluster.mjs";

/**
 * The integration suite on PostgreSQL (issue 13.2): a throwaway cluster on
 * loopback, one migrated template database; each test file gets its own
 * database copied from it (worker-db.ts).
 */
export const PG_TEMPLATE = "ep_template";

export default async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ep-pg-suite-"));
  const admin = await startCluster(dir);
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${PG_TEMPLATE}"`);
  await c.end();
  await migratePostgres(admin.replace(/\/postgres$/, `/${PG_TEMPLATE}`));
  process.env.TEST_PG_ADMIN_URL = admin;
  return () => {
    stopCluster(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
