// Numbers for GET /admin/stats, computed in SQL over the message and feedback tables. Days are
// counted in China Standard Time (UTC+8), the bureau's working day.
import type { Db } from "./db.js";
import { chinaDaySql } from "./sql/dialect.js";
import { sqlOf } from "./sql/sqlite-sql.js";
import type { SqlDb } from "./sql/sql-db.js";

export interface Stats {
  since: string; // ISO, start of the window
  days: number;
  questions: number;
  refused: number;
  refusalRate: number; // 0..1, 0 when there were no questions
  perDay: { day: string; channel: string; questions: number }[];
  topTopics: { id: number; name?: string; questions: number }[];
  feedback: { up: number; down: number };
  recentDownvotes: { messageId: string; at: string; question: string; comment?: string }[];
}

export async function computeStats(database: Db | SqlDb, opts: { days: number; topicNames?: Map<number, string>; now?: number }): Promise<Stats> {
  const db = sqlOf(database);
  const now = opts.now ?? Date.now();
  const since = now - opts.days * 86_400_000;
  const totals = (await db.get<{ n: number; refused: number | null }>("SELECT count(*) AS n, sum(refused) AS refused FROM messages WHERE created_at >= ?", [since]))!;
  const perDay = await db.all<{ day: string; channel: string; questions: number }>(
    `SELECT ${chinaDaySql(db.dialect)} AS day, channel, count(*) AS questions FROM messages WHERE created_at >= ? GROUP BY day, channel ORDER BY day, channel`,
    [since],
  );
  const top = await db.all<{ id: number; questions: number }>(
    `SELECT top_topic AS id, count(*) AS questions FROM messages
     WHERE created_at >= ? AND top_topic IS NOT NULL AND refused = 0 GROUP BY top_topic ORDER BY questions DESC, id LIMIT 10`,
    [since],
  );
  const fb = await db.all<{ rating: string; n: number }>("SELECT rating, count(*) AS n FROM feedback WHERE created_at >= ? GROUP BY rating", [since]);
  const down = await db.all<{ message_id: string; created_at: number; question: string; comment: string | null }>(
    `SELECT f.message_id, f.created_at, m.question, f.comment FROM feedback f JOIN messages m ON m.id = f.message_id
     WHERE f.rating = 'down' AND f.created_at >= ? ORDER BY f.created_at DESC LIMIT 20`,
    [since],
  );
  const refused = totals.refused ?? 0;
  return {
    since: new Date(since).toISOString(),
    days: opts.days,
    questions: totals.n,
    refused,
    refusalRate: totals.n ? refused / totals.n : 0,
    perDay,
    topTopics: top.map((t) => ({ id: t.id, ...(opts.topicNames?.has(t.id) && { name: opts.topicNames.get(t.id) }), questions: t.questions })),
    feedback: { up: fb.find((r) => r.rating === "up")?.n ?? 0, down: fb.find((r) => r.rating === "down")?.n ?? 0 },
    recentDownvotes: down.map((d) => ({
      messageId: d.message_id,
      at: new Date(d.created_at).toISOString(),
      question: d.question,
      ...(d.comment !== null && { comment: d.comment }),
    })),
  };
}
