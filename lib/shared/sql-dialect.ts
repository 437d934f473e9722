import "server-only";
import { dbEngine } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// The only SQL that differs between the two engines (docs/decisions/100).
// Everything else the app sends is either Prisma's or plain SQL that both
// accept (quoted identifiers, bound parameters, RETURNING, CAST … AS TEXT).
// Each fragment here has a test on both engines (tests/integration/engines.test.ts).

/**
 * The UTC day (YYYY-MM-DD) of a DateTime column, as text. SQLite stores
 * Prisma's DateTime as ISO-8601 text in UTC; PostgreSQL as `timestamp(3)`
 * holding UTC (Prisma writes UTC and reads it back as UTC).
 */
export function utcDaySql(column: string): Prisma.Sql {
  const col = quoted(column);
  return dbEngine() === "postgresql" ? Prisma.raw(`to_char(${col}, 'YYYY-MM-DD')`) : Prisma.raw(`substr(${col}, 1, 10)`);
}

/** A column name from our own code, quoted; anything else is a programming error. */
function quoted(column: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) throw new Error(`not a column name: ${column}`);
  return `"${column}"`;
}
