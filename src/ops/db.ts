// Opens DATA_DIR/assistant.db: WAL so readers never block the writer, NORMAL sync (a committed
// transaction survives a process crash; only an OS crash may lose the last moments), incremental
// auto-vacuum so retention (retention.ts) can hand freed pages back to the OS, migrations applied.
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Logger } from "../core/types.js";
import { migrate } from "./migrations.js";

export type Db = Database.Database;

/** After a checkpoint the WAL file is cut back to this size, so one big transaction cannot leave it huge. */
export const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

const AUTO_VACUUM_NONE = 0;
const AUTO_VACUUM_INCREMENTAL = 2;

export interface OpenDbOptions {
  /** Told when an existing file is converted to incremental auto-vacuum (once, on the first start after upgrade). */
  logger?: Logger;
}

export function openDb(file: string, opts: OpenDbOptions = {}): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
    // auto_vacuum only takes effect before the first page is written, and switching to WAL writes one:
    // on a new file it must come first. An existing file is converted after migrations, below.
    if (db.pragma("page_count", { simple: true }) === 0) db.pragma("auto_vacuum = INCREMENTAL");
    db.pragma("journal_mode = WAL");
  } catch (err) {
    throw new Error(`cannot open database ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  try {
    migrate(db);
    // After migrate, so a file from a newer build is refused before we rewrite it.
    enableIncrementalVacuum(db, opts.logger);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Converts a file created without auto-vacuum (every database before retention existed) to
 * INCREMENTAL. That needs a full VACUUM — a rewrite of the file, outside any transaction, needing
 * free disk space about the size of the file — so it happens once; later opens see INCREMENTAL and
 * do nothing. A failed conversion (e.g. disk full) is logged and the server runs on: rows are still
 * deleted and their pages reused, the file just does not shrink. Returns whether it converted.
 */
export function enableIncrementalVacuum(db: Db, logger?: Logger): boolean {
  if (db.pragma("auto_vacuum", { simple: true }) !== AUTO_VACUUM_NONE) return false; // INCREMENTAL, or FULL (also shrinks)
  const started = Date.now();
  const pagesBefore = db.pragma("page_count", { simple: true }) as number;
  try {
    db.pragma("auto_vacuum = INCREMENTAL");
    db.exec("VACUUM");
    db.pragma("wal_checkpoint(TRUNCATE)"); // the VACUUM went through the WAL; write it back and cut it
  } catch (err) {
    logger?.warn({ err: String(err) }, "could not convert the database to incremental auto-vacuum; the file will not shrink");
    return false;
  }
  const converted = db.pragma("auto_vacuum", { simple: true }) === AUTO_VACUUM_INCREMENTAL;
  if (converted) {
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    logger?.info(
      {
        ms: Date.now() - started,
        bytesBefore: pagesBefore * pageSize,
        bytesAfter: (db.pragma("page_count", { simple: true }) as number) * pageSize,
      },
      "database converted to incremental auto-vacuum (once)",
    );
  }
  return converted;
}

/** Checkpoints the WAL into the main file and closes; afterwards assistant.db alone is a full copy. */
export function closeDb(db: Db): void {
  if (!db.open) return;
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}
