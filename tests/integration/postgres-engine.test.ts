import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfNeeded } from "@/scripts/build-if-needed.mjs";
import { migratePostgres, PG_MIGRATIONS } from "@/scripts/migrate-pg.mjs";
import { startCluster, stopCluster } from "@/scripts/pg-cluster.mjs";
import { DERIVED_TABLES, TRANSFER_TABLES } from "@/lib/shared/transfer";
import { aggregateDrift } from "@/lib/history/aggregates";
import { seedClient } from "@/scripts/seed-bulk";
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

describe("moving a SQLite installation into PostgreSQL (npm run db:export / db:import)", () => {
  const transfer = (command: "export" | "import", databaseUrl: string, file: string) =>
    execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/db-transfer.ts", command, command === "export" ? "--out" : "--in", file], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" },
    }).toString();

  it("the export names every table of the schema but the derived aggregates, so a new model cannot be left out of a move", () => {
    const sqlite = new Database(path.resolve("tests/.tmp/base.db"), { readonly: true });
    const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[]).map((t) => t.name);
    sqlite.close();
    expect([...TRANSFER_TABLES.map((t) => t.table), ...DERIVED_TABLES].sort()).toEqual(tables.sort());
  });

  it("every record, packet version hash and share link survives: a link made before the move opens after it with the same sha256", async () => {
    const sandbox = await startSandboxProcess();
    const dir = mkdtempSync(path.join(os.tmpdir(), "ep-move-"));
    let sqliteServer: ProdServer | undefined;
    let pgServer: ProdServer | undefined;
    try {
      buildIfNeeded();
      // 1. A SQLite installation with a rehearsal, a ready packet and a share link.
      const sqliteFile = path.join(dir, "evidence.db");
      sqliteServer = await startProdServer({ dbFile: sqliteFile, env: { SANDBOX_BASE_URL: sandbox.baseUrl } });
      const s = sqliteServer;
      const call = async <T,>(method: string, p: string, body?: unknown): Promise<T> => {
        const res = await s.fetch(`${s.origin}${p}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.text();
        expect(res.status, `${method} ${p}: ${text.slice(0, 300)}`).toBeLessThan(300);
        return JSON.parse(text) as T;
      };
      const targets = await call<{ items: { id: string; name: string }[] }>("GET", "/api/targets");
      const rehearsal = await call<{ id: string }>("POST", "/api/rehearsals?wait=true", { targetId: targets.items.find((t) => t.name === "Sandbox primary")!.id, errorScenario: "missing_credential" });
      type Packet = { id: string; revision: number; sections: { notVerified: { items: { confirmed: boolean }[] }; sourcesChecked: object[]; contractChecks: object[] } };
      const p = await call<Packet>("POST", "/api/packets", { title: "Moved packet", rehearsalId: rehearsal.id });
      const today = new Date().toISOString().slice(0, 10);
      await call("PATCH", `/api/packets/${p.id}`, {
        revision: p.revision,
        sections: {
          summaryConfirmed: true,
          notVerified: { ...p.sections.notVerified, items: p.sections.notVerified.items.map((i, n) => ({ ...i, confirmed: n === 0 })) },
          sourcesChecked: p.sections.sourcesChecked.map((x) => ({ ...x, confirmed: true, accessed: today })),
          contractChecks: p.sections.contractChecks.map((c) => ({ ...c, confirmed: true, accessed: today })),
        },
      });
      await call("POST", `/api/packets/${p.id}/status`, { status: "ready" });
      const link = await call<{ path: string; versionSha256: string }>("POST", `/api/packets/${p.id}/share`, { expiresInHours: 24 });
      const before = JSON.parse(await (await fetch(`${s.origin}/api/shared/${link.path.slice(3)}`)).text()) as { version: { sha256: string }; document: unknown };
      expect(before.version.sha256).toBe(link.versionSha256);
      await sqliteServer.stop();
      sqliteServer = undefined;

      // 2. Export from SQLite, import into an empty PostgreSQL database.
      const file = path.join(dir, "evidence.jsonl");
      expect(transfer("export", `file:${sqliteFile}`, file)).toMatch(/^Exported \d+ rows/);
      expect(readFileSync(file, "utf8").split("\n")[0]).toContain("evidence-packet-export/1");
      const url = await emptyDatabase();
      expect(transfer("import", url, file)).toMatch(/packet version hashes re-checked/);
      const sqlite = new Database(sqliteFile, { readonly: true });
      for (const table of ["Run", "Attempt", "Rehearsal", "Packet", "PacketVersion", "ShareLink", "AuditEvent", "user", "account", "Target"]) {
        const want = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
        expect((await query<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM "${table}"`))[0].n, table).toBe(want);
      }
      sqlite.close();
      // The per-day history aggregates are not exported: the triggers rebuilt them, exactly, from the imported rows.
      const moved = seedClient(url);
      try {
        expect((await query<{ n: number }>(url, `SELECT COALESCE(SUM("runs"), 0)::int AS n FROM "RunDaily"`))[0].n).toBe((await query<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM "Run"`))[0].n);
        expect(await aggregateDrift(moved, "postgresql")).toEqual([]);
      } finally {
        await moved.$disconnect();
      }
      // A second import into the same database is refused, and changes nothing.
      expect(() => transfer("import", url, file)).toThrow();

      // 3. The same link opens on PostgreSQL with the same hash and document; new rows get new ids.
      pgServer = await startProdServer({ dbFile: path.join(dir, "unused.db"), databaseUrl: url, env: { SANDBOX_BASE_URL: sandbox.baseUrl } });
      const after = await fetch(`${pgServer.origin}/api/shared/${link.path.slice(3)}`);
      expect(after.status).toBe(200);
      const afterMove = (await after.json()) as { version: { sha256: string }; document: unknown };
      expect(afterMove.version.sha256).toBe(before.version.sha256);
      expect(afterMove.document).toEqual(before.document);
      expect((await fetch(`${pgServer.origin}${link.path}`)).status).toBe(200);
      const run = await pgServer.fetch(`${pgServer.origin}/api/runs?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ targetId: targets.items[0].id, path: "happy" }) });
      expect(run.status, await run.clone().text()).toBe(200);
    } finally {
      await sqliteServer?.stop();
      await pgServer?.stop();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
