// Staff's labels on rated answers (feedback_labels) and the eval candidate set built from them:
// DATA_DIR/eval/feedback-cases.jsonl, one dataset line per labelled answer, rewritten after every change
// so `npm run eval -- --dataset <that file>` and the console's 评测 page always run what staff labelled.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Verdict } from "../../core/types.js";
import { CASE_KINDS, type CaseKind } from "../../eval/dataset.js";
import type { Db } from "../db.js";
import { sqlOf } from "../sql/sqlite-sql.js";
import type { SqlDb, SqlParam } from "../sql/sql-db.js";
import type { Rating } from "../feedback-store.js";

/** Stored in `topics` for "the answer should name no 专题" (0 is never a 专题 id; the eval's confusion matrix uses it so too). */
export const NO_TOPIC = 0;
export const FEEDBACK_CASES_FILE = "feedback-cases.jsonl";
export { VERDICTS } from "../../eval/dataset.js";

export interface FeedbackLabel {
  messageId: string;
  kind: CaseKind;
  /** Expected 专题 ids (any one at the top passes); [] = not checked; [NO_TOPIC] = no 专题 expected. */
  topics: number[];
  verdict?: Verdict;
  refuse: boolean;
  note?: string;
  username: string;
  at: number;
}

export interface RatedMessage {
  messageId: string;
  rating: Rating;
  comment?: string;
  ratedAt: number;
  askedAt: number;
  channel: string;
  sessionId?: string;
  question: string;
  answer: string;
  topics: number[];
  refused: boolean;
  verdict?: string;
  label?: FeedbackLabel;
}

export interface FeedbackFilter {
  rating: Rating | "all";
  labelled: "yes" | "no" | "all";
}

interface Row {
  message_id: string;
  rating: Rating;
  comment: string | null;
  rated_at: number;
  asked_at: number;
  channel: string;
  session_id: string | null;
  question: string;
  answer: string;
  m_topics: string;
  refused: number;
  m_verdict: string | null;
  l_kind: string | null;
  l_topics: string | null;
  l_verdict: string | null;
  l_refuse: number | null;
  l_note: string | null;
  l_username: string | null;
  l_at: number | null;
}

const SELECT = `SELECT f.message_id, f.rating, f.comment, f.created_at AS rated_at, m.created_at AS asked_at, m.channel, m.session_id,
  m.question, m.answer, m.topics AS m_topics, m.refused, m.verdict AS m_verdict,
  l.kind AS l_kind, l.topics AS l_topics, l.verdict AS l_verdict, l.refuse AS l_refuse, l.note AS l_note, l.username AS l_username, l.at AS l_at
  FROM feedback f JOIN messages m ON m.id = f.message_id LEFT JOIN feedback_labels l ON l.message_id = f.message_id`;

function where(filter: FeedbackFilter): { sql: string; params: SqlParam[] } {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  if (filter.rating !== "all") {
    parts.push("f.rating = ?");
    params.push(filter.rating);
  }
  if (filter.labelled === "yes") parts.push("l.message_id IS NOT NULL");
  else if (filter.labelled === "no") parts.push("l.message_id IS NULL");
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}

function labelOf(r: Row): FeedbackLabel | undefined {
  if (r.l_kind === null) return undefined;
  return {
    messageId: r.message_id,
    kind: r.l_kind as CaseKind,
    topics: JSON.parse(r.l_topics ?? "[]") as number[],
    ...(r.l_verdict !== null && { verdict: r.l_verdict as Verdict }),
    refuse: r.l_refuse === 1,
    ...(r.l_note !== null && { note: r.l_note }),
    username: r.l_username ?? "",
    at: r.l_at ?? 0,
  };
}

function ratedOf(r: Row): RatedMessage {
  const label = labelOf(r);
  return {
    messageId: r.message_id,
    rating: r.rating,
    ...(r.comment !== null && { comment: r.comment }),
    ratedAt: r.rated_at,
    askedAt: r.asked_at,
    channel: r.channel,
    ...(r.session_id !== null && { sessionId: r.session_id }),
    question: r.question,
    answer: r.answer,
    topics: JSON.parse(r.m_topics) as number[],
    refused: r.refused === 1,
    ...(r.m_verdict !== null && { verdict: r.m_verdict }),
    ...(label && { label }),
  };
}

export class FeedbackLabelStore {
  private readonly db: SqlDb;

  constructor(db: Db | SqlDb) {
    this.db = sqlOf(db);
  }

  async list(filter: FeedbackFilter, limit: number, offset: number): Promise<RatedMessage[]> {
    const w = where(filter);
    const rows = await this.db.all<Row>(`${SELECT} ${w.sql} ORDER BY f.created_at DESC, f.message_id LIMIT ? OFFSET ?`, [...w.params, limit, offset]);
    return rows.map(ratedOf);
  }

  async count(filter: FeedbackFilter): Promise<number> {
    const w = where(filter);
    const r = await this.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM feedback f JOIN messages m ON m.id = f.message_id LEFT JOIN feedback_labels l ON l.message_id = f.message_id ${w.sql}`,
      w.params,
    );
    return r!.n;
  }

  /** The rated message with its label; undefined when the message has no rating. */
  async get(messageId: string): Promise<RatedMessage | undefined> {
    const r = await this.db.get<Row>(`${SELECT} WHERE f.message_id = ?`, [messageId]);
    return r && ratedOf(r);
  }

  async messageExists(messageId: string): Promise<boolean> {
    return (await this.db.get("SELECT 1 AS one FROM messages WHERE id = ?", [messageId])) !== undefined;
  }

  /** Questions asked before this one in its conversation, oldest first (blank ones dropped). */
  async earlierQuestions(messageId: string, max = CONTEXT_TURNS_MAX): Promise<string[]> {
    const rows = await this.db.all<{ question: string }>(
      `SELECT question FROM messages WHERE session_id = (SELECT session_id FROM messages WHERE id = ?)
         AND created_at < (SELECT created_at FROM messages WHERE id = ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
      [messageId, messageId, max],
    );
    return rows
      .map((r) => r.question)
      .filter((q) => q.trim() !== "")
      .reverse();
  }

  /** Every labelled message (the eval candidate set), rated or not, in a fixed order so the JSONL file only changes where a label did. */
  async labelled(): Promise<RatedMessage[]> {
    const rows = await this.db.all<Row>(
      `SELECT l.message_id, COALESCE(f.rating, 'down') AS rating, f.comment, COALESCE(f.created_at, m.created_at) AS rated_at, m.created_at AS asked_at,
        m.channel, m.session_id, m.question, m.answer, m.topics AS m_topics, m.refused, m.verdict AS m_verdict,
        l.kind AS l_kind, l.topics AS l_topics, l.verdict AS l_verdict, l.refuse AS l_refuse, l.note AS l_note, l.username AS l_username, l.at AS l_at
       FROM feedback_labels l JOIN messages m ON m.id = l.message_id LEFT JOIN feedback f ON f.message_id = l.message_id
       ORDER BY m.created_at, l.message_id`,
    );
    return rows.map(ratedOf);
  }

  async save(l: FeedbackLabel): Promise<void> {
    if (!(CASE_KINDS as readonly string[]).includes(l.kind)) throw new Error(`unknown kind ${l.kind}`);
    await this.db.run(
      `INSERT INTO feedback_labels (message_id, kind, topics, verdict, refuse, note, username, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id) DO UPDATE SET kind = excluded.kind, topics = excluded.topics, verdict = excluded.verdict,
         refuse = excluded.refuse, note = excluded.note, username = excluded.username, at = excluded.at`,
      [l.messageId, l.kind, JSON.stringify(l.topics), l.verdict ?? null, l.refuse ? 1 : 0, l.note ?? null, l.username, l.at],
    );
  }

  /** False when the message had no label. */
  async remove(messageId: string): Promise<boolean> {
    return (await this.db.run("DELETE FROM feedback_labels WHERE message_id = ?", [messageId])).changes > 0;
  }
}

/** A case id that stays the same for a message however often it is relabelled. */
export function feedbackCaseId(messageId: string): string {
  return `fb-${createHash("sha256").update(messageId).digest("hex").slice(0, 12)}`;
}

/** Longest part of the answer kept in a case's note (the full answer stays in the database). */
const NOTE_ANSWER_CHARS = 120;

/** One dataset line (src/eval/dataset.ts) for a labelled message. */
/** Earlier questions of a conversation kept with a follow-up case, at most (the pipeline's history is shorter). */
export const CONTEXT_TURNS_MAX = 6;

export function toCaseLine(m: RatedMessage, earlier: readonly string[] = []): Record<string, unknown> {
  const l = m.label!;
  const topics = l.topics.includes(NO_TOPIC) ? [] : l.topics;
  const note = [
    m.comment ? `访客评论：${m.comment}` : "",
    m.topics.length ? `助手给出专题 ${m.topics.join(",")}` : "助手未给出专题",
    l.note ? `标注说明：${l.note}` : "",
    `回答摘要：${m.answer.replace(/\s+/g, " ").slice(0, NOTE_ANSWER_CHARS)}`,
    `消息 ${m.messageId}，${l.username} 标注`,
  ].filter(Boolean);
  return {
    id: feedbackCaseId(m.messageId),
    kind: l.kind,
    // A follow-up ("那它支持几年？") only means something after the questions before it: they are replayed first.
    ...(earlier.length ? { turns: [...earlier, m.question] } : { q: m.question }),
    // [] as a label means "no 专题 expected"; an empty choice means the 专题 is not checked.
    ...((topics.length > 0 || l.topics.includes(NO_TOPIC)) && { topics }),
    ...(l.verdict && { verdict: l.verdict }),
    refuse: l.refuse,
    note: note.join(" | "),
  };
}

/**
 * Rewrites DATA_DIR/eval/feedback-cases.jsonl from the labels (atomically: a run reading it never sees
 * half a file). With no label left the file is removed, since an empty dataset does not load.
 * Returns the number of cases written.
 */
export function writeFeedbackCases(store: FeedbackLabelStore, dataDir: string): Promise<number> {
  // One rewrite at a time: a rewrite that read the labels earlier must not land after a later one.
  const next = writing.then(() => rewriteFeedbackCases(store, dataDir));
  writing = next.catch(() => undefined);
  return next;
}

let writing: Promise<unknown> = Promise.resolve();

async function rewriteFeedbackCases(store: FeedbackLabelStore, dataDir: string): Promise<number> {
  const dir = path.join(dataDir, "eval");
  const file = path.join(dir, FEEDBACK_CASES_FILE);
  const labelled = (await store.labelled()).filter((m) => m.question.trim() !== "");
  if (labelled.length === 0) {
    fs.rmSync(file, { force: true });
    return 0;
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const lines: string[] = [];
  for (const m of labelled) lines.push(JSON.stringify(toCaseLine(m, await store.earlierQuestions(m.messageId))));
  fs.writeFileSync(tmp, lines.join("\n") + "\n");
  fs.renameSync(tmp, file);
  return labelled.length;
}
