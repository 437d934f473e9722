import "server-only";
import type { DbEngine } from "@/lib/db";
import { env } from "@/lib/env";
import { databaseEngine } from "@/scripts/db-path.mjs";
import { Prisma } from "@/lib/generated/prisma/client";

// The only SQL that differs between the two engines (docs/decisions/100).
// Everything else the app sends is either Prisma's or plain SQL that both
// accept (quoted identifiers, bound parameters, RETURNING, CAST … AS TEXT).
// Each fragment here has a test on both engines (tests/integration/engines.test.ts).
// NOTE: the engine comes from DATABASE_URL, not from lib/db, so scripts with a
// client of their own (seed:bulk) can build these fragments without opening
// the app's client.

const dbEngine = (): DbEngine => databaseEngine(env().DATABASE_URL);

/**
 * The UTC day (YYYY-MM-DD) of a DateTime column, as text. SQLite stores
 * Prisma's DateTime as ISO-8601 text in UTC; PostgreSQL as `timestamp(3)`
 * holding UTC (Prisma writes UTC and reads it back as UTC).
 */
export function utcDaySql(column: string, engine: DbEngine = dbEngine()): Prisma.Sql {
  const col = quoted(column);
  return engine === "postgresql" ? Prisma.raw(`to_char(${col}, 'YYYY-MM-DD')`) : Prisma.raw(`substr(${col}, 1, 10)`);
}

/**
 * After rows were written with explicit integer ids (db:import, seed:bulk): move each
 * table's id sequence past the largest id. SQLite's AUTOINCREMENT follows
 * explicit ids by itself; PostgreSQL's SERIAL sequences do not.
 */
export function resetSequencesSql(tables: string[], engine: DbEngine = dbEngine()): Prisma.Sql[] {
  if (engine !== "postgresql") return [];
  return tables.map((t) => {
    const table = quoted(t);
    return Prisma.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX("id") FROM ${table}), 0) + 1, false)`);
  });
}

/** A table or column name from our own code, quoted; anything else is a programming error. */
function quoted(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
}
