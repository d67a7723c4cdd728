import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../db.js";
import { unresolvedMessages, unresolvedQuestions } from "./unresolved-questions.js";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kjzs-unresolved-"));
  db = openDb(path.join(dir, "a.db"));
});
afterEach(async () => {
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 2, 1);
const range = { from: T0, to: T0 + 1_000_000 };
let n = 0;
function insert(question: string, o: { at?: number; topTopic?: number | null; refused?: boolean; rating?: "up" | "down" } = {}): string {
  const id = `m${String(n++).padStart(4, "0")}`;
  db.prepare(
    `INSERT INTO messages (id, created_at, channel, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms)
     VALUES (?, ?, 'web', 'web:s', ?, '答', '[]', ?, ?, NULL, 5)`,
  ).run(id, o.at ?? T0 + n, question, o.topTopic === undefined ? null : o.topTopic, o.refused ? 1 : 0);
  if (o.rating) db.prepare("INSERT INTO feedback (message_id, rating, created_at) VALUES (?, ?, ?)").run(id, o.rating, T0);
  return id;
}

describe("unresolvedQuestions", () => {
  it("takes no-专题, refused and 👎 rows in the range only, and groups them most frequent first", async () => {
    insert("科技金融计划支持什么", { topTopic: 14 }); // resolved
    insert("科技金融计划支持什么", { topTopic: 14, rating: "up" }); // resolved and liked
    insert("帮我写一首诗", { refused: true, at: T0 - 1 }); // before the range
    const poem1 = insert("帮我写一首诗", { refused: true, at: T0 + 10 });
    const loan1 = insert("贷款贴息比例是多少", { at: T0 + 20 });
    const loan2 = insert("贷款贴息的比例是多少？", { topTopic: 14, rating: "down", at: T0 + 30 });
    const loan3 = insert("贷款贴息比例是多少啊", { at: T0 + 40 });
    const poem2 = insert("帮我写一首诗！", { refused: true, rating: "down", at: T0 + 50 });
    const weather = insert("今天天气怎么样", { refused: true, at: T0 + 5 });

    const r = await unresolvedQuestions(db, range);
    expect(r).toMatchObject({ rows: 6, capped: false });
    expect(r.groups.map((g) => [g.count, g.messages.map((m) => m.id)])).toEqual([
      [3, [loan3, loan2, loan1]],
      [2, [poem2, poem1]],
      [1, [weather]],
    ]);
    expect(r.groups[0]).toMatchObject({ reasons: { noTopic: 2, refused: 0, down: 1 }, lastSeen: T0 + 40 });
    expect(r.groups[1]).toMatchObject({ reasons: { noTopic: 0, refused: 2, down: 1 }, lastSeen: T0 + 50 });
  });

  it("reads at most the cap, newest first, and says so", async () => {
    for (let i = 0; i < 5; i++) insert(`问题${i}`, { at: T0 + i });
    const r = await unresolvedMessages(db, range, 3);
    expect(r.capped).toBe(true);
    expect(r.rows.map((m) => m.question)).toEqual(["问题4", "问题3", "问题2"]);
    expect((await unresolvedMessages(db, range, 5)).capped).toBe(false);
  });
});
