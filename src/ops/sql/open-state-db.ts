// The database the server keeps its state in, chosen by configuration: PostgreSQL when DATABASE_URL is set
// (shared by replicas), otherwise the embedded SQLite file DATA_DIR/assistant.db. The server and the CLI open it here.
import type { Config } from "../../config.js";
import type { Logger } from "../../core/types.js";
import { closeDb, openDb, type Db } from "../db.js";
import { openPostgres } from "./postgres-sql.js";
import { sqliteSql } from "./sqlite-sql.js";
import type { SqlDb } from "./sql-db.js";

export interface StateDb {
  db: SqlDb;
  /** The SQLite file's handle; undefined on PostgreSQL. */
  raw?: Db;
  close(): Promise<void>;
}

export async function openStateDb(config: Pick<Config, "DATABASE_URL" | "DATABASE_POOL_MAX" | "DB_FILE">, logger?: Logger): Promise<StateDb> {
  if (config.DATABASE_URL) {
    const db = await openPostgres(config.DATABASE_URL, { max: config.DATABASE_POOL_MAX, logger });
    return { db, close: () => db.close() };
  }
  const raw = openDb(config.DB_FILE, { logger });
  return { db: sqliteSql(raw), raw, close: async () => closeDb(raw) };
}
