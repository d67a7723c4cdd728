// One row per answered question: what was asked, what came back, how long it took. User ids arrive
// already hashed (see hash.ts); nothing here ever sees a raw IP or WeChat id.
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

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO messages (id, created_at, channel, user_hash, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms)
       VALUES (@id, @at, @channel, @userHash, @sessionId, @question, @answer, @topics, @topTopic, @refused, @verdict, @latencyMs)`,
    );
    this.existsStmt = db.prepare<[string], { one: number }>("SELECT 1 AS one FROM messages WHERE id = ?");
  }

  record(e: MessageEntry): void {
    const ids = e.result.topics.map((t) => t.id);
    this.insert.run({
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
    });
  }

  exists(id: string): boolean {
    return this.existsStmt.get(id) !== undefined;
  }
}
