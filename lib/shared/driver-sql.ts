import type { ArgType, SqlDriverAdapter, SqlQuery, SqlQueryable } from "@prisma/driver-adapter-utils";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Plain SQL straight to Prisma's driver adapter, below the query engine
 * (decision 054): a `Prisma.sql` statement with the engine's placeholders
 * (`?` on SQLite, `$1…` on PostgreSQL) and each value's type read from the
 * value, as the adapter's own argument mapping expects it. The adapter then
 * stores values exactly as Prisma does (dates as ISO-8601 text on SQLite,
 * booleans as 0/1).
 */
export function toQuery(provider: SqlDriverAdapter["provider"], statement: Prisma.Sql): SqlQuery {
  return { sql: provider === "postgres" ? statement.text : statement.sql, args: statement.values, argTypes: statement.values.map(argType) };
}

const scalar = (scalarType: ArgType["scalarType"]): ArgType => Object.freeze({ scalarType, arity: "scalar" });
const ARG_TYPES = { datetime: scalar("datetime"), string: scalar("string"), boolean: scalar("boolean"), bigint: scalar("bigint"), int: scalar("int"), float: scalar("float"), unknown: scalar("unknown") };

function argType(value: unknown): ArgType {
  if (value instanceof Date) return ARG_TYPES.datetime;
  switch (typeof value) {
    case "string":
      return ARG_TYPES.string;
    case "boolean":
      return ARG_TYPES.boolean;
    case "bigint":
      return ARG_TYPES.bigint;
    case "number":
      return Number.isInteger(value) ? ARG_TYPES.int : ARG_TYPES.float;
    default:
      return ARG_TYPES.unknown;
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/**
 * `work` in one transaction, driven the way Prisma's engine drives an
 * adapter: `startTransaction` (BEGIN, and the connection's lock), the
 * statements, then COMMIT — or ROLLBACK if any statement failed — sent as
 * statements, and only then `commit()`/`rollback()`, which free the lock.
 * NOTE: a failed COMMIT or ROLLBACK ends the transaction in the adapter
 * itself (lib/shared/serialized-sqlite.ts, decision 050); the `rollback()`
 * after it is then a no-op.
 */
export async function inTransaction<T>(connection: SqlDriverAdapter, work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  const tx = await connection.startTransaction();
  let result: T;
  try {
    result = await work(tx);
  } catch (err) {
    await tx.executeRaw(statement("ROLLBACK")).catch(() => undefined);
    await tx.rollback();
    throw err;
  }
  try {
    await tx.executeRaw(statement("COMMIT"));
  } catch (err) {
    await tx.rollback();
    throw err;
  }
  await tx.commit();
  return result;
}
