// SqlDb over better-sqlite3. The calls are synchronous underneath; they are wrapped in promises so the
// stores are written once for both engines. Statements are prepared once per SQL text. A transaction is
// one at a time (a queue): SQLite has one connection here, and BEGIN inside BEGIN fails.
import type Database from "better-sqlite3";
import type { Db } from "../db.js";
import type { SqlDb, SqlParam, SqlRunner } from "./sql-db.js";

const wrapped = new WeakMap<Db, SqliteSql>();

export class SqliteSql implements SqlDb {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly raw: Db) {}

  get open(): boolean {
    return this.raw.open;
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  allSync<T>(sql: string, params: readonly SqlParam[] = []): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  getSync<T>(sql: string, params: readonly SqlParam[] = []): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  runSync(sql: string, params: readonly SqlParam[] = []): { changes: number } {
    const s = this.stmt(sql);
    if (s.reader) {
      s.all(...params); // DELETE … RETURNING and the like
      return { changes: this.raw.prepare("SELECT changes() AS n").pluck().get() as number };
    }
    return { changes: s.run(...params).changes };
  }

  async all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.allSync<T>(sql, params);
  }

  async get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined> {
    return this.getSync<T>(sql, params);
  }

  async run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }> {
    return this.runSync(sql, params);
  }

  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      // Inside a transaction its owner opened on the raw handle (shutdown, bulk tests): a savepoint.
      const nested = this.raw.inTransaction;
      this.raw.exec(nested ? "SAVEPOINT sqlite_sql" : "BEGIN IMMEDIATE");
      try {
        const out = await fn(this);
        this.raw.exec(nested ? "RELEASE sqlite_sql" : "COMMIT");
        return out;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec(nested ? "ROLLBACK TO sqlite_sql; RELEASE sqlite_sql" : "ROLLBACK");
        throw err;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    // The file is closed by its owner (closeDb checkpoints the WAL first).
  }
}

/** The SqlDb view of a better-sqlite3 database (one per database, so statements are shared). */
export function sqliteSql(db: Db): SqliteSql {
  let s = wrapped.get(db);
  if (!s) {
    s = new SqliteSql(db);
    wrapped.set(db, s);
  }
  return s;
}

/** Stores accept either a better-sqlite3 database (tests, the CLI) or a SqlDb. */
export function sqlOf(db: Db | SqlDb): SqlDb {
  return "dialect" in db ? db : sqliteSql(db);
}

/** The better-sqlite3 handle behind a SqlDb (tests and SQLite-only maintenance); throws on PostgreSQL. */
export function rawSqlite(db: SqlDb): Db {
  if (!(db instanceof SqliteSql)) throw new Error("not a SQLite database");
  return db.raw;
}
