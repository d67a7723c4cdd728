// One row per answered question: what was asked, what came back, how long it took. User ids arrive
// already hashed (see hash.ts); nothing here ever sees a raw IP or WeChat id. Rows are written in
// batches, one transaction per event-loop turn.
import type { AnswerResult } from "../core/types.js";
import type { Db } from "./db.js";

export interface MessageEntry {
  id: string;
  at: number; // epoch ms
  channel: string;
  userHash?: string;
  question: string;
  result: AnswerResult;
  latencyMs: number;
}

export class MessageLog {
  private readonly insert;
  private readonly existsStmt;
  private readonly writeBatch;
  private pending: MessageEntry[] = [];
  private scheduled = false;

  /** `onFlush` hears how each batch went (the storage health check follows it). */
  constructor(
    db: Db,
    private readonly onFlush: (err?: unknown) => void = () => undefined,
  ) {
    this.insert = db.prepare(
      `INSERT INTO messages (id, created_at, channel, user_hash, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms, citations)
       VALUES (@id, @at, @channel, @userHash, @sessionId, @question, @answer, @topics, @topTopic, @refused, @verdict, @latencyMs, @citations)`,
    );
    this.existsStmt = db.prepare<[string], { one: number }>("SELECT 1 AS one FROM messages WHERE id = ?");
    this.writeBatch = db.transaction((entries: MessageEntry[]) => {
      for (const e of entries) this.insert.run(row(e));
    });
  }

  /**
   * Queues the entry; everything queued in one event-loop turn is written in one transaction right
   * after it (one commit per burst instead of one per answer).
   */
  record(e: MessageEntry): void {
    this.pending.push(e);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what is queued now (feedback and shutdown call it so nothing waits on the next turn). */
  flush(): void {
    this.scheduled = false;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.writeBatch(batch);
      this.onFlush();
    } catch (err) {
      this.onFlush(err); // the answers were delivered; only their log rows are lost
    }
  }

  exists(id: string): boolean {
    this.flush();
    return this.existsStmt.get(id) !== undefined;
  }
}

function row(e: MessageEntry) {
  const ids = e.result.topics.map((t) => t.id);
  return {
    id: e.id,
    at: e.at,
    channel: e.channel,
    userHash: e.userHash ?? null,
    sessionId: e.result.sessionId,
    question: e.question,
    answer: e.result.answer,
    topics: JSON.stringify(ids),
    topTopic: ids[0] ?? null,
    refused: e.result.refused ? 1 : 0,
    verdict: e.result.verdict ?? null,
    latencyMs: Math.round(e.latencyMs),
    citations: JSON.stringify(e.result.citations),
  };
}
