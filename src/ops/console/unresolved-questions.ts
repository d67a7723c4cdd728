// Questions the assistant did not settle, for the console's 未解决的问题: answered with no 专题, refused,
// or rated 👎, in a time range — newest first and capped, then grouped by similar wording
// (group-questions.ts) so the most asked gaps come first.
import type { Db } from "../db.js";
import { flag } from "../sql/dialect.js";
import { sqlOf } from "../sql/sqlite-sql.js";
import type { SqlDb } from "../sql/sql-db.js";
import { groupQuestions } from "./group-questions.js";
import type { TimeRange } from "./overview-stats.js";

/** Rows read at most per page view: grouping is quadratic in the worst case. */
export const UNRESOLVED_ROW_CAP = 5000;

export interface UnresolvedMessage {
  id: string;
  at: number;
  sessionId: string | null;
  question: string;
  noTopic: boolean;
  refused: boolean;
  down: boolean;
}

export interface UnresolvedGroup {
  representative: string;
  count: number;
  reasons: { noTopic: number; refused: number; down: number };
  lastSeen: number;
  /** Newest first. */
  messages: UnresolvedMessage[];
}

export interface UnresolvedReport {
  groups: UnresolvedGroup[];
  /** Rows looked at; with `capped`, older matching rows in the range were left out. */
  rows: number;
  capped: boolean;
}

export async function unresolvedMessages(
  database: Db | SqlDb,
  range: TimeRange,
  cap = UNRESOLVED_ROW_CAP,
): Promise<{ rows: UnresolvedMessage[]; capped: boolean }> {
  const raw = await sqlOf(database).all<{ id: string; created_at: number; session_id: string | null; question: string; no_topic: number; refused: number; down: number }>(
      `SELECT m.id, m.created_at, m.session_id, m.question, ${flag("m.top_topic IS NULL AND m.refused = 0")} AS no_topic, m.refused,
              ${flag("f.rating = 'down'")} AS down
       FROM messages m LEFT JOIN feedback f ON f.message_id = m.id
       WHERE m.created_at >= ? AND m.created_at < ? AND ((m.top_topic IS NULL AND m.refused = 0) OR m.refused = 1 OR f.rating = 'down')
       ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
      [range.from, range.to, cap + 1], // one more than the cap tells whether there were more
    );
  const rows = raw.slice(0, cap).map((r) => ({
    id: r.id,
    at: r.created_at,
    sessionId: r.session_id,
    question: r.question,
    noTopic: r.no_topic === 1,
    refused: r.refused === 1,
    down: r.down === 1,
  }));
  return { rows, capped: raw.length > cap };
}

export async function unresolvedQuestions(db: Db | SqlDb, range: TimeRange, cap = UNRESOLVED_ROW_CAP): Promise<UnresolvedReport> {
  const { rows, capped } = await unresolvedMessages(db, range, cap);
  const groups = groupQuestions(rows, (m) => m.question).map((g) => ({
    representative: g.representative,
    count: g.items.length,
    reasons: {
      noTopic: g.items.filter((m) => m.noTopic).length,
      refused: g.items.filter((m) => m.refused).length,
      down: g.items.filter((m) => m.down).length,
    },
    lastSeen: g.items[0].at, // rows come newest first and groups keep that order
    messages: g.items,
  }));
  return { groups, rows: rows.length, capped };
}
