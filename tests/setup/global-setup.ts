import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { migrate } from "../../scripts/migrate.mjs";

/** Builds one migrated base database; each worker copies it (worker-db.ts). */
export default function setup() {
  const dir = path.resolve("tests/.tmp");
  // Each test file's database copy is removed when the run ends.
  const teardown = () => {
    for (const f of readdirSync(dir)) if (/^test-.*\.db(-wal|-shm)?$/.test(f)) rmSync(path.join(dir, f), { force: true });
  };
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, "base.db");
  for (const f of [base, `${base}-wal`, `${base}-shm`]) rmSync(f, { force: true });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${base}`;
  migrate({ quiet: true });
  // NOTE: assigning undefined to process.env stores the string "undefined".
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  return teardown;
}
