// One row per answered question: what was asked, what came back, how long it took. User ids arrive
// already hashed (see hash.ts); nothing here ever sees a raw IP or WeChat id. Rows are written in
// batches, one transaction per event-loop turn, in SQLite or PostgreSQL.
import type { AnswerResult } from "../core/types.js";
import type { Db } from "./db.js";
import { sqlOf } from "./sql/sqlite-sql.js";
import type { SqlDb, SqlParam } from "./sql/sql-db.js";

export interface MessageEntry {
  id: string;
  at: number; // epoch ms
  channel: string;
  userHash?: string;
  question: string;
  result: AnswerResult;
  latencyMs: number;
}

const INSERT = `INSERT INTO messages (id, created_at, channel, user_hash, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms, citations)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export class MessageLog {
  private readonly db: SqlDb;
  private pending: MessageEntry[] = [];
  private scheduled = false;
  /** The batch being written: flushes run one after another so rows land in the order they came. */
  private writing: Promise<void> = Promise.resolve();

  /** `onFlush` hears how each batch went (the storage health check follows it). */
  constructor(
    db: Db | SqlDb,
    private readonly onFlush: (err?: unknown) => void = () => undefined,
  ) {
    this.db = sqlOf(db);
  }

  /**
   * Queues the entry; everything queued in one event-loop turn is written in one transaction right
   * after it (one commit per burst instead of one per answer).
   */
  record(e: MessageEntry): void {
    this.pending.push(e);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Writes what is queued now (feedback, console pages and shutdown wait for it); never rejects. */
  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      if (!batch.length || !this.db.open) return;
      try {
        await this.db.transaction(async (tx) => {
          for (const e of batch) await tx.run(INSERT, row(e));
        });
        this.onFlush();
      } catch (err) {
        this.onFlush(err); // the answers were delivered; only their log rows are lost
      }
    });
    return this.writing;
  }

  async exists(id: string): Promise<boolean> {
    await this.flush();
    return (await this.db.get("SELECT 1 AS one FROM messages WHERE id = ?", [id])) !== undefined;
  }
}

function row(e: MessageEntry): SqlParam[] {
  const ids = e.result.topics.map((t) => t.id);
  return [
    e.id,
    e.at,
    e.channel,
    e.userHash ?? null,
    e.result.sessionId ?? null,
    e.question,
    e.result.answer,
    JSON.stringify(ids),
    ids[0] ?? null,
    e.result.refused ? 1 : 0,
    e.result.verdict ?? null,
    Math.round(e.latencyMs),
    JSON.stringify(e.result.citations),
  ];
}
