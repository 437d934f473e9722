import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

/**
 * Prisma's better-sqlite3 adapter with two faults removed (decision 050):
 *
 * 1. It has one connection and locks it only for transactions, so a plain
 *    write from another request that runs while an interactive transaction
 *    waits between statements becomes part of that transaction — and is
 *    silently undone when it rolls back (a 409 on a packet edit undid runs).
 *    Here every statement, in or out of a transaction, holds the same lock.
 * 2. Its lock is released only after Prisma's COMMIT/ROLLBACK statement
 *    succeeds. When that statement fails (disk full: SQLite has already
 *    rolled back, so ROLLBACK says "no transaction is active"; a read-only
 *    file; an I/O error) the lock is never released and every later
 *    transaction — including each run's final write — waits forever.
 *    Here a failed COMMIT/ROLLBACK ends the transaction anyway: the
 *    connection is rolled back if SQLite left it open, and the lock is freed.
 *
 * async-mutex is the lock the upstream adapter itself uses (FIFO, no busy
 * waiting); the connection, SQL and type mapping stay upstream's.
 */
type RawConnection = { inTransaction: boolean; prepare(sql: string): { run(): unknown } };

export class SerializedSqliteFactory implements SqlDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly #inner: PrismaBetterSQLite3;
  #current: SerializedSqlite | null = null;

  constructor(config: ConstructorParameters<typeof PrismaBetterSQLite3>[0]) {
    this.#inner = new PrismaBetterSQLite3(config);
    this.adapterName = this.#inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const connection: SerializedSqlite = new SerializedSqlite(await this.#inner.connect(), () => {
      if (this.#current === connection) this.#current = null;
    });
    this.#current = connection;
    return connection;
  }

  /**
   * The connection Prisma opened, while it is open: the same connection and
   * the same lock, for the few writes that skip Prisma's query engine
   * (lib/smoke/run-writer.ts, decision 054). Null before Prisma connects.
   */
  get connection(): SqlDriverAdapter | null {
    return this.#current;
  }
}

const END_STATEMENT = /^\s*(COMMIT|ROLLBACK)\b/i;

class SerializedSqlite implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly #inner: SqlDriverAdapter;
  readonly #lock = new Mutex();
  readonly #onDispose: () => void;

  constructor(inner: SqlDriverAdapter, onDispose: () => void = () => undefined) {
    this.#inner = inner;
    this.#onDispose = onDispose;
    this.adapterName = inner.adapterName;
  }

  queryRaw(q: SqlQuery) {
    return this.#lock.runExclusive(() => this.#inner.queryRaw(q));
  }

  executeRaw(q: SqlQuery) {
    return this.#lock.runExclusive(() => this.#inner.executeRaw(q));
  }

  executeScript(script: string) {
    return this.#lock.runExclusive(() => this.#inner.executeScript(script));
  }

  getConnectionInfo() {
    return this.#inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  dispose() {
    this.#onDispose();
    return this.#lock.runExclusive(() => this.#inner.dispose());
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.#lock.acquire();
    let tx: Transaction;
    try {
      tx = await this.#inner.startTransaction(isolationLevel);
    } catch (err) {
      this.#rollbackIfOpen();
      release();
      throw err;
    }
    return new GuardedTransaction(tx, () => {
      this.#rollbackIfOpen();
      release();
    });
  }

  /** The raw better-sqlite3 connection (upstream keeps it in `client`). */
  #connection(): RawConnection | undefined {
    return (this.#inner as unknown as { client?: RawConnection }).client;
  }

  #rollbackIfOpen() {
    const c = this.#connection();
    if (!c?.inTransaction) return;
    try {
      c.prepare("ROLLBACK").run();
    } catch {
      // Nothing more to do: the next BEGIN reports it if the connection is unusable.
    }
  }
}

class GuardedTransaction implements Transaction {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly options: Transaction["options"];
  readonly #tx: Transaction;
  readonly #end: () => void;
  #closed = false;

  constructor(tx: Transaction, end: () => void) {
    this.#tx = tx;
    this.#end = end;
    this.adapterName = tx.adapterName;
    this.options = tx.options;
  }

  queryRaw(q: SqlQuery) {
    this.#open();
    return this.#tx.queryRaw(q);
  }

  async executeRaw(q: SqlQuery) {
    this.#open();
    try {
      return await this.#tx.executeRaw(q);
    } catch (err) {
      // Prisma calls commit()/rollback() only after its COMMIT/ROLLBACK succeeded.
      if (END_STATEMENT.test(q.sql)) await this.#close(() => this.#tx.rollback());
      throw err;
    }
  }

  commit() {
    return this.#close(() => this.#tx.commit());
  }

  rollback() {
    return this.#close(() => this.#tx.rollback());
  }

  /** A statement of a transaction that already ended would run outside it (or inside another). */
  #open() {
    if (this.#closed) throw new Error("This transaction has already ended; the statement was not run.");
  }

  async #close(upstream: () => Promise<void>) {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await upstream();
    } finally {
      this.#end();
    }
  }
}
