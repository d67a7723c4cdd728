// Queries behind the console's 对话记录: search the message log (full text over question and answer,
// plus filters), one conversation's messages in order, and the channels present. Text of 3+ characters
// goes through SQLite's FTS5 trigram index; shorter text falls back to LIKE (trigrams cannot match it). On
// PostgreSQL every search is ILIKE, which its pg_trgm indexes serve.
import type { Citation, Verdict } from "../../core/types.js";
import type { Db } from "../db.js";
import { sqlOf } from "../sql/sqlite-sql.js";
import type { Dialect, SqlDb, SqlParam } from "../sql/sql-db.js";
import type { TimeRange } from "./overview-stats.js";

/** The trigram tokenizer indexes 3-character pieces: shorter text cannot be looked up in it. */
export const FTS_MIN_CHARS = 3;

export { VERDICTS } from "../../eval/dataset.js";

export interface SearchFilters {
  q?: string;
  channel?: string;
  /** A 专题 id, or "none" for answers without one. */
  topic?: number | "none";
  refused?: boolean;
  /** A verdict, or "none" for answers without one. */
  verdict?: Verdict | "none";
  feedback?: "up" | "down" | "none";
  range?: TimeRange;
}

export interface LoggedMessage {
  id: string;
  at: number;
  channel: string;
  sessionId: string | null;
  question: string;
  answer: string;
  topics: number[];
  topTopic: number | null;
  refused: boolean;
  verdict: Verdict | null;
  latencyMs: number;
  citations: Citation[];
  feedback?: { rating: "up" | "down"; comment?: string; at: number };
}

interface Row {
  id: string;
  created_at: number;
  channel: string;
  session_id: string | null;
  question: string;
  answer: string;
  topics: string;
  top_topic: number | null;
  refused: number;
  verdict: Verdict | null;
  latency_ms: number;
  citations: string | null;
  rating: "up" | "down" | null;
  comment: string | null;
  rated_at: number | null;
}

const COLUMNS = `m.id, m.created_at, m.channel, m.session_id, m.question, m.answer, m.topics, m.top_topic, m.refused, m.verdict,
  m.latency_ms, m.citations, f.rating, f.comment, f.created_at AS rated_at`;

/** JSON from the database that may be missing (rows logged before citations were kept) or damaged. */
function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toMessage(r: Row): LoggedMessage {
  return {
    id: r.id,
    at: r.created_at,
    channel: r.channel,
    sessionId: r.session_id,
    question: r.question,
    answer: r.answer,
    topics: parseJson<number[]>(r.topics, []),
    topTopic: r.top_topic,
    refused: r.refused === 1,
    verdict: r.verdict,
    latencyMs: r.latency_ms,
    citations: parseJson<Citation[]>(r.citations, []),
    ...(r.rating && { feedback: { rating: r.rating, ...(r.comment !== null && { comment: r.comment }), at: r.rated_at ?? r.created_at } }),
  };
}

/** The user's text as one FTS5 string literal: quotes doubled, so no operator, column filter or bracket inside it counts. */
export function ftsLiteral(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A LIKE pattern matching `text` anywhere, with %, _ and the escape character itself taken literally (ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function where(f: SearchFilters, dialect: Dialect): { sql: string; params: SqlParam[] } {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  const q = f.q?.trim();
  if (q) {
    if (dialect === "postgres") {
      parts.push("(m.question ILIKE ? ESCAPE '\\' OR m.answer ILIKE ? ESCAPE '\\')");
      params.push(likeContains(q), likeContains(q));
    } else if ([...q].length >= FTS_MIN_CHARS) {
      parts.push("m.rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)");
      params.push(ftsLiteral(q));
    } else {
      parts.push("(m.question LIKE ? ESCAPE '\\' OR m.answer LIKE ? ESCAPE '\\')");
      params.push(likeContains(q), likeContains(q));
    }
  }
  if (f.channel) {
    parts.push("m.channel = ?");
    params.push(f.channel);
  }
  if (f.topic === "none") parts.push("m.top_topic IS NULL");
  else if (f.topic !== undefined) {
    parts.push("m.top_topic = ?");
    params.push(f.topic);
  }
  if (f.refused !== undefined) parts.push(f.refused ? "m.refused = 1" : "m.refused = 0");
  if (f.verdict === "none") parts.push("m.verdict IS NULL");
  else if (f.verdict) {
    parts.push("m.verdict = ?");
    params.push(f.verdict);
  }
  if (f.feedback === "none") parts.push("f.rating IS NULL");
  else if (f.feedback) {
    parts.push("f.rating = ?");
    params.push(f.feedback);
  }
  if (f.range) {
    parts.push("m.created_at >= ? AND m.created_at < ?");
    params.push(f.range.from, f.range.to);
  }
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}

/** Messages matching the filters, newest first, a page at a time, with the total for the pager. */
export async function searchMessages(
  database: Db | SqlDb,
  filters: SearchFilters,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: LoggedMessage[] }> {
  const db = sqlOf(database);
  const w = where(filters, db.dialect);
  const from = "FROM messages m LEFT JOIN feedback f ON f.message_id = m.id";
  const total = (await db.get<{ n: number }>(`SELECT count(*) AS n ${from} ${w.sql}`, w.params))!.n;
  const rows = await db.all<Row>(`SELECT ${COLUMNS} ${from} ${w.sql} ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`, [
    ...w.params,
    page.limit,
    page.offset,
  ]);
  return { total, rows: rows.map(toMessage) };
}

/** A conversation page shows at most this many messages (a WeChat user's session id is stable, so one
 * "conversation" can hold everything that user asked within the retention period). */
export const SESSION_MESSAGES_MAX = 200;

/** The newest SESSION_MESSAGES_MAX messages of one conversation, oldest first; `more` when there were more. */
export async function sessionMessages(database: Db | SqlDb, sessionId: string, max = SESSION_MESSAGES_MAX): Promise<LoggedMessage[] & { more?: boolean }> {
  const rows = await sqlOf(database).all<Row>(
    `SELECT ${COLUMNS} FROM messages m LEFT JOIN feedback f ON f.message_id = m.id WHERE m.session_id = ?
     ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
    [sessionId, max + 1],
  );
  const more = rows.length > max;
  const out: LoggedMessage[] & { more?: boolean } = rows.slice(0, max).reverse().map(toMessage);
  if (more) out.more = true;
  return out;
}

/** Where a message lives: its conversation. */
export async function messageSession(database: Db | SqlDb, id: string): Promise<{ sessionId: string | null } | undefined> {
  const r = await sqlOf(database).get<{ session_id: string | null }>("SELECT session_id FROM messages WHERE id = ?", [id]);
  return r && { sessionId: r.session_id };
}

/** One message on its own (one logged without a conversation). */
export async function messageById(database: Db | SqlDb, id: string): Promise<LoggedMessage | undefined> {
  const r = await sqlOf(database).get<Row>(`SELECT ${COLUMNS} FROM messages m LEFT JOIN feedback f ON f.message_id = m.id WHERE m.id = ?`, [id]);
  return r && toMessage(r);
}

/** Channel strings in the log, for the filter's choices. */
export async function loggedChannels(database: Db | SqlDb): Promise<string[]> {
  return (await sqlOf(database).all<{ channel: string }>("SELECT DISTINCT channel FROM messages ORDER BY channel")).map((r) => r.channel);
}
