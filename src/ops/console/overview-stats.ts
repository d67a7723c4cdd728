// Numbers for the console's 概览 page, in SQL over messages and feedback for a time range. Days are
// China Standard Time (UTC+8, no daylight saving), the bureau's working day, as in ../stats.ts.
import { chinaDay } from "../china-day.js";
import type { Db } from "../db.js";
import { chinaDaySql, flag } from "../sql/dialect.js";
import { sqlOf } from "../sql/sqlite-sql.js";
import type { SqlDb } from "../sql/sql-db.js";

/** A half-open time range [from, to) in epoch ms; both ends fall on a midnight China time. */
export interface TimeRange {
  from: number;
  to: number;
}

export interface DayCounts {
  day: string; // YYYY-MM-DD, China time
  questions: number;
  refused: number;
  /** Answered (not refused) with no 专题. */
  noTopic: number;
  /** Questions per channel that day (channels with none are absent). */
  byChannel: Record<string, number>;
}

export interface OverviewStats {
  questions: number;
  refused: number;
  noTopic: number;
  /** Messages of the range that were rated, and how. */
  rated: number;
  up: number;
  down: number;
  /** Nearest-rank 95th percentile of latency_ms; null with no questions. */
  p95LatencyMs: number | null;
  /** Every channel string seen in the range, most questions first. */
  channels: { channel: string; questions: number }[];
  /** One entry per day of the range, including days without questions. */
  perDay: DayCounts[];
  /** Answered questions per top 专题 (top_topic), most first. */
  topics: { id: number; questions: number }[];
}

export const DAY_MS = 86_400_000;
const P95 = 0.95;

export { chinaDay };

/** Every China-time day a range covers, in order. */
export function daysOf(range: TimeRange): string[] {
  const days: string[] = [];
  for (let t = range.from; t < range.to; t += DAY_MS) days.push(chinaDay(t));
  return days;
}

export async function overviewStats(database: Db | SqlDb, range: TimeRange): Promise<OverviewStats> {
  const db = sqlOf(database);
  const args = [range.from, range.to];
  const noTopic = flag("top_topic IS NULL AND refused = 0");
  const totals = (await db.get<{ n: number; refused: number | null; no_topic: number | null }>(
    `SELECT count(*) AS n, sum(refused) AS refused, sum(${noTopic}) AS no_topic
     FROM messages WHERE created_at >= ? AND created_at < ?`,
    args,
  ))!;
  const fb = await db.all<{ rating: string; n: number }>(
    `SELECT f.rating, count(*) AS n FROM feedback f JOIN messages m ON m.id = f.message_id
     WHERE m.created_at >= ? AND m.created_at < ? GROUP BY f.rating`,
    args,
  );
  const rank = Math.ceil(totals.n * P95) - 1; // nearest-rank: the smallest value with ≥95% at or below it
  const p95 =
    totals.n === 0
      ? undefined
      : await db.get<{ latency_ms: number }>(
          "SELECT latency_ms FROM messages WHERE created_at >= ? AND created_at < ? ORDER BY latency_ms LIMIT 1 OFFSET ?",
          [...args, rank],
        );
  const channels = await db.all<{ channel: string; questions: number }>(
    `SELECT channel, count(*) AS questions FROM messages WHERE created_at >= ? AND created_at < ?
     GROUP BY channel ORDER BY questions DESC, channel`,
    args,
  );
  const dayRows = await db.all<{ day: string; channel: string; questions: number; refused: number; no_topic: number }>(
    `SELECT ${chinaDaySql(db.dialect)} AS day, channel, count(*) AS questions, sum(refused) AS refused, sum(${noTopic}) AS no_topic
     FROM messages WHERE created_at >= ? AND created_at < ? GROUP BY day, channel`,
    args,
  );
  const topics = await db.all<{ id: number; questions: number }>(
    `SELECT top_topic AS id, count(*) AS questions FROM messages
     WHERE created_at >= ? AND created_at < ? AND top_topic IS NOT NULL AND refused = 0
     GROUP BY top_topic ORDER BY questions DESC, id`,
    args,
  );

  const byDay = new Map<string, DayCounts>(daysOf(range).map((day) => [day, { day, questions: 0, refused: 0, noTopic: 0, byChannel: {} }]));
  for (const r of dayRows) {
    const d = byDay.get(r.day);
    if (!d) continue; // cannot happen for rows inside the range; kept so a clock oddity cannot throw
    d.questions += r.questions;
    d.refused += r.refused;
    d.noTopic += r.no_topic;
    d.byChannel[r.channel] = r.questions;
  }
  const up = fb.find((r) => r.rating === "up")?.n ?? 0;
  const down = fb.find((r) => r.rating === "down")?.n ?? 0;
  return {
    questions: totals.n,
    refused: totals.refused ?? 0,
    noTopic: totals.no_topic ?? 0,
    rated: up + down,
    up,
    down,
    p95LatencyMs: p95?.latency_ms ?? null,
    channels,
    perDay: [...byDay.values()],
    topics,
  };
}
