import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { migrate } from "../../scripts/migrate.mjs";

/** Builds one migrated base database; each worker copies it (worker-db.ts). */
export default function setup() {
  const dir = path.resolve("tests/.tmp");
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, "base.db");
  for (const f of [base, `${base}-wal`, `${base}-shm`]) rmSync(f, { force: true });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${base}`;
  migrate({ quiet: true });
  process.env.DATABASE_URL = saved;
}
