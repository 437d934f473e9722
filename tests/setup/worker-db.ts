import Database from "better-sqlite3";
import { rmSync } from "node:fs";
import path from "node:path";

// Each test file gets a fresh copy of the migrated base database: a real
// SQLite file with the real migrations, isolated from other files — or, in
// the PostgreSQL project, a database of its own copied from the migrated
// template (tests/setup/global-setup-pg.ts).
if (process.env.TEST_DATABASE === "postgresql") {
  const admin = process.env.TEST_PG_ADMIN_URL;
  if (!admin) throw new Error("TEST_PG_ADMIN_URL is not set (tests/setup/global-setup-pg.ts starts the cluster)");
  const { default: pg } = await import("pg");
  const name = `ep_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}" TEMPLATE "ep_template"`);
  await c.end();
  process.env.DATABASE_URL = admin.replace(/\/postgres$/, `/${name}`);
  // Pools keep a worker alive: close them when the file is done.
  const { afterAll } = await import("vitest");
  afterAll(async () => {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
  });
} else {
  const dir = path.resolve("tests/.tmp");
  const file = path.join(dir, `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const base = new Database(path.join(dir, "base.db"), { readonly: true });
  await base.backup(file);
  base.close();
  process.env.DATABASE_URL = `file:${file}`;
}
process.env.LOG_LEVEL = "silent";
process.env.SCHEDULER = "off";
// The test environment's allowlists (decisions 060, 061): the engine's tests
// send to sandbox processes on 127.0.0.1 and name these test variables.
// Production lists nothing; tests/integration/egress-*.test.ts set their own.
process.env.EVIDENCE_EGRESS_ALLOW = "127.0.0.1/32";
process.env.EVIDENCE_CREDENTIAL_VARS = "COMETAPI_KEY_FOR_TEST,COMETAPI_KEY,SCHEDULED_TEST_KEY,WATCHDOG_TEST_KEY,CANARY_PROVIDER_KEY";

// A signed-in admin for the route-handler tests (tests/fixtures/auth.ts).
{
  const { TEST_ADMIN, cookieHeader } = await import("../fixtures/auth");
  const { createUserFromShell } = await import("@/lib/auth/users");
  const { auth } = await import("@/lib/auth/auth");
  await createUserFromShell({ ...TEST_ADMIN, role: "admin" });
  const res = await auth.api.signInEmail({ body: { email: TEST_ADMIN.email, password: TEST_ADMIN.password }, asResponse: true });
  process.env.TEST_SESSION_COOKIE = cookieHeader(res);
}
