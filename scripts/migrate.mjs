// Applies pending migrations to DATABASE_URL. SQLite: Prisma's migrations in
// prisma/migrations, then WAL (a persistent setting of the file).
// PostgreSQL: prisma/postgresql/migrations through scripts/migrate-pg.mjs
// (docs/decisions/100-two-engines.md). Used by `npm start` and the tests.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { databaseEngine, redactedUrl, sqlitePath } from "./db-path.mjs";

const require = createRequire(import.meta.url);

export function migrate({ quiet = false } = {}) {
  process.env.DATABASE_URL ??= "file:./data/evidence.db";
  if (databaseEngine() === "postgresql") {
    execFileSync(process.execPath, [path.join(path.dirname(new URL(import.meta.url).pathname), "migrate-pg.mjs"), ...(quiet ? ["--quiet"] : [])], {
      stdio: quiet ? ["ignore", "ignore", "inherit"] : ["ignore", "inherit", "inherit"],
      env: process.env,
    });
    return redactedUrl();
  }
  const file = sqlitePath();
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "migrate", "deploy"], {
    stdio: quiet ? "ignore" : ["ignore", "inherit", "inherit"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  const Database = require("better-sqlite3");
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) migrate();
