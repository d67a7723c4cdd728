// Deletes what the database no longer needs to keep, then gives the space back: expired sessions,
// messages past MESSAGE_RETENTION_DAYS (unless their feedback is still kept), feedback past
// FEEDBACK_RETENTION_DAYS. Work goes in small transactions with a turn of the event loop between
// them, so a large backlog never holds the write lock (or the server) for long.
import type { Db } from "./db.js";

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

export class Retention {
  private readonly deleteSessions;
  private readonly deleteFeedback;
  private readonly deleteMessages;
  private running: Promise<RetentionResult> | undefined;

  constructor(
    private readonly db: Db,
    private readonly policy: RetentionPolicy,
  ) {
    // rowid IN (… LIMIT n): SQLite's DELETE has no LIMIT of its own in the default build.
    this.deleteSessions = db.prepare<[number, number]>(
      "DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires_at <= ? LIMIT ?)",
    );
    this.deleteFeedback = db.prepare<[number, number]>(
      "DELETE FROM feedback WHERE rowid IN (SELECT rowid FROM feedback WHERE created_at < ? LIMIT ?)",
    );
    // Oldest first from a cursor, so the old messages kept for their feedback are stepped over once per
    // run, not once per batch. A message with retained feedback stays: the ON DELETE CASCADE would
    // otherwise take the feedback with it before its own retention ran out. A message staff labelled is an
    // eval case (the console's candidate set) and stays until its label is removed.
    this.deleteMessages = db.prepare<[number, number, number, number], { created_at: number }>(
      `DELETE FROM messages WHERE rowid IN (
         SELECT m.rowid FROM messages m
         WHERE m.created_at >= ? AND m.created_at < ?
           AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.created_at >= ?)
           AND NOT EXISTS (SELECT 1 FROM feedback_labels l WHERE l.message_id = m.id)
         ORDER BY m.created_at LIMIT ?)
       RETURNING created_at`,
    );
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

    const sessions = await this.inBatches(() => this.deleteSessions.run(now, batchRows).changes);
    // Feedback first: a message whose feedback expires in this pass can go in the same pass.
    const feedback = await this.inBatches(() => this.deleteFeedback.run(feedbackCutoff, batchRows).changes);
    let cursor = 0;
    const messages = await this.inBatches(() => {
      const gone = this.deleteMessages.all(cursor, messageCutoff, feedbackCutoff, batchRows);
      for (const r of gone) cursor = Math.max(cursor, r.created_at);
      return gone.length;
    });

    const pagesFreed = await this.reclaim();
    return { sessions, messages, feedback, pagesFreed, bytesFreed: pagesFreed * this.pageSize() };
  }

  /** Runs `batch` (one statement = one transaction) until it deletes fewer than a full batch. */
  private async inBatches(batch: () => number): Promise<number> {
    let total = 0;
    for (;;) {
      if (!this.db.open) return total; // closed under us (shutdown): stop quietly
      const n = batch();
      total += n;
      if (n < this.policy.batchRows) return total;
      await nextTurn();
    }
  }

  /** Truncates free pages off the file (needs auto_vacuum = INCREMENTAL, see db.ts), then the WAL. */
  private async reclaim(): Promise<number> {
    let freed = 0;
    while (this.db.open) {
      const free = this.db.pragma("freelist_count", { simple: true }) as number;
      if (free === 0) break;
      const before = this.db.pragma("page_count", { simple: true }) as number;
      // exec, not a prepared statement: each step of this pragma frees one page, exec steps to the end.
      this.db.exec(`PRAGMA incremental_vacuum(${Math.min(free, VACUUM_PAGES_PER_STEP)})`);
      const step = before - (this.db.pragma("page_count", { simple: true }) as number);
      if (step <= 0) break; // auto_vacuum is not INCREMENTAL (conversion failed): free pages are only reused
      freed += step;
      await nextTurn();
    }
    // The deletes and the vacuum went through the WAL; fold it back and cut it to zero bytes. If a
    // reader is in the way the checkpoint is partial and the next pass finishes it.
    if (this.db.open) this.db.pragma("wal_checkpoint(TRUNCATE)");
    return freed;
  }

  private pageSize(): number {
    return this.db.open ? (this.db.pragma("page_size", { simple: true }) as number) : 0;
  }
}
