// SqlDb over a pooled PostgreSQL connection (node-postgres). BIGINT and NUMERIC come back as JS numbers:
// every such column here is an epoch-ms time, a count or a sum, far below 2^53.
import pg from "pg";
import type { Logger } from "../../core/types.js";
import { toDollarParams } from "./placeholders.js";
import { migratePostgres } from "./postgres-migrations.js";
import type { SqlDb, SqlParam, SqlRunner } from "./sql-db.js";

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID ? (v: string) => Number(v) : oid === NUMERIC_OID ? (v: string) => parseFloat(v) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

type Queryable = pg.Pool | pg.PoolClient;

function runner(q: Queryable): SqlRunner {
  const query = async <T>(sql: string, params: readonly SqlParam[] = []) =>
    q.query<T & pg.QueryResultRow>({ text: toDollarParams(sql), values: params as SqlParam[] });
  return {
    dialect: "postgres",
    all: async <T>(sql: string, params?: readonly SqlParam[]) => (await query<T>(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: readonly SqlParam[]) => (await query<T>(sql, params)).rows[0] as T | undefined,
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
  };
}

export class PostgresSql implements SqlDb {
  readonly dialect = "postgres" as const;
  private readonly direct: SqlRunner;
  private closed = false;

  constructor(readonly pool: pg.Pool) {
    this.direct = runner(pool);
  }

  get open(): boolean {
    return !this.closed;
  }

  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }> {
    return this.direct.run(sql, params);
  }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(runner(client));
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

export interface OpenPostgresOptions {
  max?: number;
  logger?: Logger;
}

/** Connects (failing fast with the reason when the server cannot be reached) and applies the migrations. */
export async function openPostgres(url: string, opts: OpenPostgresOptions = {}): Promise<PostgresSql> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on("error", (err) => opts.logger?.warn({ err: err.message }, "PostgreSQL connection lost; the pool reconnects"));
  const db = new PostgresSql(pool);
  try {
    await migratePostgres(db);
  } catch (err) {
    await db.close();
    throw new Error(`cannot use the database at DATABASE_URL: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return db;
}
