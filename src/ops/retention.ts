// Deletes what the database no longer needs to keep, then gives the space back: expired sessions,
// messages past MESSAGE_RETENTION_DAYS (unless their feedback is still kept), feedback past
// FEEDBACK_RETENTION_DAYS. Work goes in small transactions with a turn of the event loop between
// them, so a large backlog never holds the write lock (or the server) for long.
import type { Db } from "./db.js";
import { sqlOf, type SqliteSql } from "./sql/sqlite-sql.js";
import type { SqlDb } from "./sql/sql-db.js";

export interface RetentionPolicy {
  messageDays: number;
  feedbackDays: number;
  /** Rows deleted per transaction. */
  batchRows: number;
}

export interface RetentionResult {
  sessions: number;
  messages: number;
  feedback: number;
  /** Pages handed back to the file system by incremental vacuum, and their bytes. */
  pagesFreed: number;
  bytesFreed: number;
}

const DAY_MS = 86_400_000;
/** Pages one incremental_vacuum step moves and truncates (4 MiB at the default 4 KiB page). */
const VACUUM_PAGES_PER_STEP = 1024;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Each DELETE removes one batch by primary key (both engines), so no statement holds the write lock long.
const DELETE_SESSIONS = "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= ? LIMIT ?)";
const DELETE_FEEDBACK = "DELETE FROM feedback WHERE message_id IN (SELECT message_id FROM feedback WHERE created_at < ? LIMIT ?)";
const DELETE_MESSAGES = `DELETE FROM messages WHERE id IN (
   SELECT m.id FROM messages m
   WHERE m.created_at >= ? AND m.created_at < ?
     AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.created_at >= ?)
     AND NOT EXISTS (SELECT 1 FROM feedback_labels l WHERE l.message_id = m.id)
   ORDER BY m.created_at LIMIT ?)
 RETURNING created_at`;

export class Retention {
  private readonly db: SqlDb;
  private running: Promise<RetentionResult> | undefined;

  constructor(
    db: Db | SqlDb,
    private readonly policy: RetentionPolicy,
  ) {
    this.db = sqlOf(db);
  }

  /** One pass; a call while a pass is running joins it rather than starting a second. */
  run(now = Date.now()): Promise<RetentionResult> {
    this.running ??= this.pass(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once no pass is running (close the database after this). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async pass(now: number): Promise<RetentionResult> {
    const { batchRows } = this.policy;
    const messageCutoff = now - this.policy.messageDays * DAY_MS;
    const feedbackCutoff = now - this.policy.feedbackDays * DAY_MS;

    const sessions = await this.inBatches(async () => (await this.db.run(DELETE_SESSIONS, [now, batchRows])).changes);
    // Feedback first: a message whose feedback expires in this pass can go in the same pass.
    const feedback = await this.inBatches(async () => (await this.db.run(DELETE_FEEDBACK, [feedbackCutoff, batchRows])).changes);
    let cursor = 0;
    const messages = await this.inBatches(async () => {
      const gone = await this.db.all<{ created_at: number }>(DELETE_MESSAGES, [cursor, messageCutoff, feedbackCutoff, batchRows]);
      for (const r of gone) cursor = Math.max(cursor, r.created_at);
      return gone.length;
    });

    // PostgreSQL's autovacuum hands space back by itself; a SQLite file is shrunk here.
    if (this.db.dialect !== "sqlite") return { sessions, messages, feedback, pagesFreed: 0, bytesFreed: 0 };
    const raw = (this.db as SqliteSql).raw;
    const pagesFreed = await reclaim(raw);
    const pageSize = raw.open ? (raw.pragma("page_size", { simple: true }) as number) : 0;
    return { sessions, messages, feedback, pagesFreed, bytesFreed: pagesFreed * pageSize };
  }

  /** Runs `batch` (one statement = one transaction) until it deletes fewer than a full batch. */
  private async inBatches(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      if (!this.db.open) return total; // closed under us (shutdown): stop quietly
      const n = await batch();
      total += n;
      if (n < this.policy.batchRows) return total;
      await nextTurn();
    }
  }
}

/** Truncates free pages off the file (needs auto_vacuum = INCREMENTAL, see db.ts), then the WAL. */
async function reclaim(db: Db): Promise<number> {
  let freed = 0;
  while (db.open) {
    const free = db.pragma("freelist_count", { simple: true }) as number;
    if (free === 0) break;
    const before = db.pragma("page_count", { simple: true }) as number;
    db.exec(`PRAGMA incremental_vacuum(${Math.min(free, VACUUM_PAGES_PER_STEP)})`);
    const step = before - (db.pragma("page_count", { simple: true }) as number);
    if (step <= 0) break; // auto_vacuum is not INCREMENTAL (conversion failed): free pages are only reused
    freed += step;
    await nextTurn();
  }
  if (db.open) db.pragma("wal_checkpoint(TRUNCATE)");
  return freed;
}
