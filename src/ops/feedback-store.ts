// Thumbs up/down on an answer. One rating per message: a second click replaces the first. Export rows
// carry the question and answer so staff can turn downvotes into eval cases (src/eval/feedback.ts reads
// the JSONL form directly).
import type { Db } from "./db.js";
import { sqlOf } from "./sql/sqlite-sql.js";
import type { SqlDb } from "./sql/sql-db.js";

export type Rating = "up" | "down";
export const COMMENT_MAX = 500;

export interface FeedbackRow {
  messageId: string;
  rating: Rating;
  comment?: string;
  at: string; // ISO time of the rating
  channel: string;
  question: string;
  answer: string;
  topics: number[];
  refused: boolean;
}

interface RawRow {
  message_id: string;
  rating: Rating;
  comment: string | null;
  created_at: number;
  channel: string;
  question: string;
  answer: string;
  topics: string;
  refused: number;
}

export class FeedbackStore {
  private readonly db: SqlDb;

  /** `beforeWrite` runs first (the message log writes its queued rows, so a fresh answer can be rated). */
  constructor(
    db: Db | SqlDb,
    private readonly beforeWrite: () => Promise<void> | void = () => undefined,
  ) {
    this.db = sqlOf(db);
  }

  /** Stores the rating; false when no message has this id. */
  async submit(messageId: string, rating: Rating, comment?: string, now = Date.now()): Promise<boolean> {
    await this.beforeWrite();
    const c = comment?.trim() ? comment.trim() : null;
    // INSERT … SELECT only inserts when the message exists, so an unknown id changes nothing. The SELECT
    // binds last, so the parameter order is rating, comment, time, id.
    const r = await this.db.run(
      `INSERT INTO feedback (message_id, rating, comment, created_at)
       SELECT id, ?, ?, ? FROM messages WHERE id = ?
       ON CONFLICT (message_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, created_at = excluded.created_at`,
      [rating, c, now, messageId],
    );
    return r.changes > 0;
  }

  async list(): Promise<FeedbackRow[]> {
    const rows = await this.db.all<RawRow>(
      `SELECT f.message_id, f.rating, f.comment, f.created_at, m.channel, m.question, m.answer, m.topics, m.refused
       FROM feedback f JOIN messages m ON m.id = f.message_id ORDER BY f.created_at, f.message_id`,
    );
    return rows.map((r) => ({
      messageId: r.message_id,
      rating: r.rating,
      ...(r.comment !== null && { comment: r.comment }),
      at: new Date(r.created_at).toISOString(),
      channel: r.channel,
      question: r.question,
      answer: r.answer,
      topics: JSON.parse(r.topics) as number[],
      refused: r.refused === 1,
    }));
  }
}

export function toJsonl(rows: readonly FeedbackRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
}

const CSV_COLUMNS = ["messageId", "at", "rating", "comment", "channel", "question", "answer", "topics", "refused"] as const;

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula get a leading apostrophe. */
export function toCsv(rows: readonly FeedbackRow[]): string {
  const cell = (v: unknown): string => {
    let s = Array.isArray(v) ? v.join(" ") : v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(","))];
  return lines.join("\r\n") + "\r\n";
}
