import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnswerResult } from "../core/types.js";
import { feedbackToCases } from "../eval/feedback.js";
import { closeDb, openDb, type Db } from "./db.js";
import { FeedbackStore, toCsv, toJsonl } from "./feedback-store.js";
import { MessageLog } from "./message-log.js";
import { computeStats } from "./stats.js";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-fb-"));
  db = openDb(path.join(dir, "assistant.db"));
});
afterEach(async () => {
  closeDb(db);
  await rm(dir, { recursive: true, force: true });
});

const result = (topics: number[], refused = false): AnswerResult => ({
  answer: "可关注专题14，科技金融计划。",
  refused,
  topics: topics.map((id) => ({ id, name: `专题${id}`, program: "科技成果转化专项", score: 0.9 })),
  citations: [],
  sessionId: "s1",
});

async function seed(log: MessageLog, id: string, at: number, channel = "web", topics = [14], refused = false) {
  log.record({ id, at, channel, userHash: "abcd", question: `问题 ${id}`, result: result(topics, refused), latencyMs: 12.4 });
  await log.flush();
}

describe("FeedbackStore", () => {
  it("accepts a rating for a known message only, and a second rating replaces the first", async () => {
    const log = new MessageLog(db);
    const fb = new FeedbackStore(db);
    await seed(log, "m1", 1000);
    expect(await fb.submit("nope", "up")).toBe(false);
    expect(await fb.submit("m1", "up")).toBe(true);
    expect(await fb.submit("m1", "down", "  没说金额  ")).toBe(true);
    const rows = await fb.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ messageId: "m1", rating: "down", comment: "没说金额", question: "问题 m1", topics: [14], refused: false, channel: "web" });
  });

  it("exports JSONL that the eval's feedback importer reads, and CSV that is spreadsheet-safe", async () => {
    const log = new MessageLog(db);
    const fb = new FeedbackStore(db);
    await seed(log, "m1", 1000);
    await seed(log, "m2", 2000);
    await fb.submit("m1", "down", '=HYPERLINK("x"), "引号"\n换行');
    await fb.submit("m2", "up");
    const cases = feedbackToCases(toJsonl(await fb.list()), "feedback.jsonl");
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ q: "问题 m1", needs_label: true });
    const csv = toCsv(await fb.list());
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("messageId,at,rating,comment,channel,question,answer,topics,refused");
    expect(csv).toContain(`"'=HYPERLINK(""x""), ""引号""\n换行"`);
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});

describe("computeStats", () => {
  it("counts per day (UTC+8) and channel, refusals, top 专题 and feedback within the window", async () => {
    const log = new MessageLog(db);
    const fb = new FeedbackStore(db);
    const day1 = Date.parse("2026-11-01T20:00:00Z"); // 2026-11-02 04:00 in Wuhan
    await seed(log, "a", day1, "web", [14]);
    await seed(log, "b", day1 + 1000, "wechat", [14]);
    await seed(log, "c", day1 + 2000, "web", [9]);
    await seed(log, "d", day1 + 3000, "web", [], true);
    await seed(log, "old", day1 - 40 * 86_400_000, "web", [1]);
    await fb.submit("a", "down", "不准确", day1 + 5000);
    await fb.submit("b", "up", undefined, day1 + 6000);
    const s = await computeStats(db, { days: 30, now: day1 + 10_000, topicNames: new Map([[14, "科技金融计划"]]) });
    expect(s.questions).toBe(4);
    expect(s.refused).toBe(1);
    expect(s.refusalRate).toBe(0.25);
    expect(s.perDay).toEqual([
      { day: "2026-11-02", channel: "web", questions: 3 },
      { day: "2026-11-02", channel: "wechat", questions: 1 },
    ]);
    expect(s.topTopics).toEqual([
      { id: 14, name: "科技金融计划", questions: 2 },
      { id: 9, questions: 1 },
    ]);
    expect(s.feedback).toEqual({ up: 1, down: 1 });
    expect(s.recentDownvotes).toEqual([{ messageId: "a", at: new Date(day1 + 5000).toISOString(), question: "问题 a", comment: "不准确" }]);
  });

  it("an empty database has a zero refusal rate, not NaN", async () => {
    expect((await computeStats(db, { days: 7 })).refusalRate).toBe(0);
  });
});
