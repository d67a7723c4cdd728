// Opens DATA_DIR/assistant.db: WAL so readers never block the writer, NORMAL sync (a committed
// transaction survives a process crash; only an OS crash may lose the last moments), migrations applied.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations.js";

export type Db = Database.Database;

export function openDb(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
    db.pragma("journal_mode = WAL");
  } catch (err) {
    throw new Error(`cannot open database ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

/** Checkpoints the WAL into the main file and closes; afterwards assistant.db alone is a full copy. */
export function closeDb(db: Db): void {
  if (!db.open) return;
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}
