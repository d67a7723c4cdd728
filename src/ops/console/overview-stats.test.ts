import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../db.js";
import { chinaDay, DAY_MS, daysOf, overviewStats } from "./overview-stats.js";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kjzs-overview-"));
  db = openDb(path.join(dir, "a.db"));
});
afterEach(async () => {
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
});

// 2026-03-01 00:00 China time.
const DAY0 = Date.UTC(2026, 2, 1) - 8 * 3_600_000;
let n = 0;
function insert(at: number, o: { channel?: string; topTopic?: number | null; refused?: boolean; latency?: number; rating?: "up" | "down" } = {}): string {
  const id = `m${n++}`;
  db.prepare(
    `INSERT INTO messages (id, created_at, channel, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms, citations)
     VALUES (?, ?, ?, 's', '问', '答', '[]', ?, ?, NULL, ?, '[]')`,
  ).run(id, at, o.channel ?? "web", o.topTopic === undefined ? 3 : o.topTopic, o.refused ? 1 : 0, o.latency ?? 100);
  if (o.rating) db.prepare("INSERT INTO feedback (message_id, rating, created_at) VALUES (?, ?, ?)").run(id, o.rating, at);
  return id;
}

describe("overviewStats", () => {
  it("counts only the range, per China-time day, and rates from the same rows", async () => {
    const range = { from: DAY0, to: DAY0 + 3 * DAY_MS };
    insert(DAY0 - 1); // 2026-02-28 23:59:59.999 China time: outside
    insert(range.to); // first instant of 03-04: outside
    insert(DAY0, { channel: "web", topTopic: 3, rating: "up" });
    insert(DAY0 + 1000, { channel: "wechat", topTopic: 14 });
    insert(DAY0 + DAY_MS + 5, { channel: "wechat-mp", topTopic: null, refused: true, rating: "down" });
    insert(DAY0 + DAY_MS + 6, { channel: "web", topTopic: null }); // answered, no 专题
    insert(DAY0 + 3 * DAY_MS - 1, { channel: "web", topTopic: 3, rating: "down" });

    const s = await overviewStats(db, range);
    expect(s).toMatchObject({ questions: 5, refused: 1, noTopic: 1, rated: 3, up: 1, down: 2 });
    expect(s.perDay.map((d) => d.day)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    expect(s.perDay[0]).toEqual({ day: "2026-03-01", questions: 2, refused: 0, noTopic: 0, byChannel: { web: 1, wechat: 1 } });
    expect(s.perDay[1]).toEqual({ day: "2026-03-02", questions: 2, refused: 1, noTopic: 1, byChannel: { "wechat-mp": 1, web: 1 } });
    expect(s.perDay[2].questions).toBe(1);
    expect(s.channels).toEqual([{ channel: "web", questions: 3 }, { channel: "wechat", questions: 1 }, { channel: "wechat-mp", questions: 1 }]);
    expect(s.topics).toEqual([{ id: 3, questions: 2 }, { id: 14, questions: 1 }]);
  });

  it("p95 is the nearest-rank latency; null with no questions", async () => {
    const range = { from: DAY0, to: DAY0 + DAY_MS };
    expect((await overviewStats(db, range)).p95LatencyMs).toBeNull();
    for (let i = 1; i <= 100; i++) insert(DAY0 + i, { latency: i * 10 }); // 10, 20, … 1000 ms
    expect((await overviewStats(db, range)).p95LatencyMs).toBe(950);
    insert(DAY0 + 500, { latency: 100_000 });
    expect((await overviewStats(db, range)).p95LatencyMs).toBe(960); // 101 rows: rank ceil(95.95) = 96
  });

  it("an empty range still has every day, with zeros", async () => {
    const s = await overviewStats(db, { from: DAY0, to: DAY0 + 7 * DAY_MS });
    expect(s.perDay).toHaveLength(7);
    expect(s.perDay.every((d) => d.questions === 0)).toBe(true);
    expect(s.questions).toBe(0);
  });

  it("days are China time", async () => {
    expect(chinaDay(DAY0)).toBe("2026-03-01");
    expect(chinaDay(DAY0 - 1)).toBe("2026-02-28");
    expect(daysOf({ from: DAY0, to: DAY0 + 2 * DAY_MS })).toEqual(["2026-03-01", "2026-03-02"]);
  });
});
