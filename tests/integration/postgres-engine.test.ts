import { mkdtempSync, rmSync, writeFileSync, mkdirSync, cpSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfNeeded } from "@/scripts/build-if-needed.mjs";
import { migratePostgres, PG_MIGRATIONS } from "@/scripts/migrate-pg.mjs";
import { startCluster, stopCluster } from "@/scripts/pg-cluster.mjs";
import { startProdServer, type ProdServer } from "@/tests/fixtures/prod-server";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 13.1: DATABASE_URL=postgresql://… selects PostgreSQL and nothing else
// changes. A real PostgreSQL server (a throwaway cluster on loopback,
// scripts/pg-cluster.mjs), its real migrations, and the production server
// started the way `npm start` starts it.
let clusterDir: string;
let admin: string;
let dbCount = 0;

async function emptyDatabase(): Promise<string> {
  const name = `ep_test_${process.pid}_${++dbCount}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  return admin.replace(/\/postgres$/, `/${name}`);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, args: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, args)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  clusterDir = mkdtempSync(path.join(os.tmpdir(), "ep-pg-"));
  admin = await startCluster(clusterDir);
}, 60_000);

afterAll(() => {
  if (!clusterDir) return;
  stopCluster(clusterDir);
  rmSync(clusterDir, { recursive: true, force: true });
});

describe("PostgreSQL migrations (scripts/migrate-pg.mjs)", () => {
  it("applies every migration once, records its checksum, and a second start applies nothing", async () => {
    const url = await emptyDatabase();
    const first = await migratePostgres(url);
    expect(first.length).toBeGreaterThan(0);
    expect(await migratePostgres(url)).toEqual([]);
    const rows = await query<{ name: string; checksum: string }>(url, `SELECT "name", "checksum" FROM "_evidence_migrations" ORDER BY "name"`);
    expect(rows.map((r) => r.name)).toEqual(first);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it("two instances starting together apply each migration exactly once (advisory lock)", async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([migratePostgres(url), migratePostgres(url)]);
    expect([...a, ...b].sort()).toEqual((await query<{ name: string }>(url, `SELECT "name" FROM "_evidence_migrations" ORDER BY "name"`)).map((r) => r.name));
    expect(a.length === 0 || b.length === 0).toBe(true);
  });

  it("refuses to start when an applied migration was edited since, and rolls back a failing one whole", async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), "ep-mig-"));
    try {
      cpSync(PG_MIGRATIONS, dir, { recursive: true });
      await migratePostgres(url, { dir });
      writeFileSync(path.join(dir, "0001_baseline", "migration.sql"), "-- edited\n", { flag: "a" });
      await expect(migratePostgres(url, { dir })).rejects.toThrow(/0001_baseline was changed after it was applied/);
      rmSync(dir, { recursive: true, force: true });
      cpSync(PG_MIGRATIONS, dir, { recursive: true });
      mkdirSync(path.join(dir, "9999_broken"));
      writeFileSync(path.join(dir, "9999_broken", "migration.sql"), `CREATE TABLE "HalfDone" ("id" INT);\nSELECT no_such_function();`);
      await expect(migratePostgres(url, { dir })).rejects.toThrow(/9999_broken failed/);
      expect(await query(url, `SELECT to_regclass('"HalfDone"') AS t`)).toEqual([{ t: null }]);
      expect((await query<{ name: string }>(url, `SELECT "name" FROM "_evidence_migrations"`)).map((r) => r.name)).not.toContain("9999_broken");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives PostgreSQL exactly the tables and columns SQLite's migrations give (no drift between engines)", async () => {
    const url = await emptyDatabase();
    await migratePostgres(url);
    const pgCols = await query<{ table_name: string; column_name: string; is_nullable: string }>(
      url,
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_evidence_migrations'`,
    );
    const sqlite = new Database(path.resolve("tests/.tmp/base.db"), { readonly: true });
    const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[]).map((t) => t.name);
    const sqliteCols = tables.flatMap((t) =>
      (sqlite.prepare(`PRAGMA table_info("${t}")`).all() as { name: string; notnull: number; pk: number }[]).map((c) => `${t}.${c.name} ${c.notnull || c.pk ? "NOT NULL" : "NULL"}`),
    );
    sqlite.close();
    const pgList = pgCols.map((c) => `${c.table_name}.${c.column_name} ${c.is_nullable === "NO" ? "NOT NULL" : "NULL"}`);
    expect(pgList.sort()).toEqual(sqliteCols.sort());
  });

  it("the audit log is append-only on PostgreSQL too (its triggers refuse UPDATE and DELETE)", async () => {
    const url = await emptyDatabase();
    await migratePostgres(url);
    await query(url, `INSERT INTO "AuditEvent" ("at", "actorKind", "actorLabel", "action", "subjectType") VALUES (now(), 'system', 'system', 'sign_in', 'user')`);
    await expect(query(url, `UPDATE "AuditEvent" SET "detail" = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(query(url, `DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await query(url, `SELECT COUNT(*)::int AS n FROM "AuditEvent"`)).toEqual([{ n: 1 }]);
  });
});

describe("the production server on PostgreSQL", () => {
  let server: ProdServer;
  let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
  let url: string;

  beforeAll(async () => {
    url = await emptyDatabase();
    sandbox = await startSandboxProcess();
    buildIfNeeded();
    server = await startProdServer({ dbFile: "tests/.tmp/unused-postgres.db", databaseUrl: url, env: { SANDBOX_BASE_URL: sandbox.baseUrl } });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await sandbox?.stop();
  });

  const api = async <T,>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await server.fetch(`${server.origin}${p}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    expect(res.status, `${method} ${p}: ${text.slice(0, 300)}`).toBeLessThan(300);
    return JSON.parse(text) as T;
  };

  it("migrates on start, creates the owner, and stores its rows in PostgreSQL (not a SQLite file)", async () => {
    expect((await api<{ status: string }>("GET", "/api/health")).status).toBe("ok");
    const users = await query<{ email: string; role: string; isOwner: boolean }>(url, `SELECT "email", "role", "isOwner" FROM "user"`);
    expect(users).toEqual([{ email: "owner@e2e.local", role: "admin", isOwner: true }]);
  });

  it("a rehearsal runs, its records and attempts land in PostgreSQL, and the audit log has its start", async () => {
    const targets = await api<{ items: { id: string; name: string }[] }>("GET", "/api/targets");
    const primary = targets.items.find((t) => t.name === "Sandbox primary")!;
    const rehearsal = await api<{ id: string; state: string; happy: { id: number; record: { operator_result: string } }; error: { id: number; record: { operator_result: string } } }>(
      "POST",
      "/api/rehearsals?wait=true",
      { targetId: primary.id, errorScenario: "missing_credential" },
    );
    expect(rehearsal.state).toBe("done");
    expect([rehearsal.happy.record.operator_result, rehearsal.error.record.operator_result]).toEqual(["pass", "pass"]);
    const runs = await query<{ id: number; state: string; attempts: number }>(
      url,
      `SELECT r."id", r."state", (SELECT COUNT(*)::int FROM "Attempt" a WHERE a."runId" = r."id") AS attempts FROM "Run" r WHERE r."rehearsalId" = $1 ORDER BY r."id"`,
      [rehearsal.id],
    );
    expect(runs.map((r) => r.state)).toEqual(["done", "done"]);
    expect(runs.every((r) => r.attempts >= 1)).toBe(true);
    // A single run through the runner's adapter-level write (decision 054), with its audit entry in the same transaction.
    const run = await api<{ id: number; state: string; attempts: unknown[] }>("POST", "/api/runs?wait=true", { targetId: primary.id, path: "happy" });
    expect(run.state).toBe("done");
    expect(await query(url, `SELECT "action", "actorLabel" FROM "AuditEvent" WHERE "subjectType" = 'run' AND "subjectId" = $1`, [String(run.id)])).toEqual([{ action: "run_started", actorLabel: "owner@e2e.local" }]);
  });

  it("the history summary groups by UTC day on PostgreSQL as on SQLite", async () => {
    const s = await api<{ totals: { runs: number; pass: number }; passRateByDay: { day: string; runs: number }[]; rehearsals: { total: number } }>("GET", "/api/history/summary");
    expect(s.totals.runs).toBe(3);
    expect(s.totals.pass).toBe(3);
    expect(s.rehearsals.total).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(s.passRateByDay.filter((d) => d.day === today).reduce((n, d) => n + d.runs, 0)).toBe(3);
  });
});
