import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openDb, type Db } from "../db.js";
import { ftsLiteral, likeContains, loggedChannels, messageById, messageSession, searchMessages, sessionMessages, type SearchFilters } from "./conversation-search.js";

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kjzs-search-"));
  db = openDb(path.join(dir, "a.db"));
});
afterEach(async () => {
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 2, 1);
let n = 0;
interface Seed {
  question?: string;
  answer?: string;
  channel?: string;
  session?: string | null;
  topTopic?: number | null;
  refused?: boolean;
  verdict?: string | null;
  rating?: "up" | "down";
  at?: number;
}
function insert(o: Seed = {}): string {
  const id = `m${String(n++).padStart(4, "0")}`;
  db.prepare(
    `INSERT INTO messages (id, created_at, channel, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms, citations)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 5, ?)`,
  ).run(
    id,
    o.at ?? T0 + n,
    o.channel ?? "web",
    o.session === undefined ? "web:s1" : o.session,
    o.question ?? "普通问题",
    o.answer ?? "普通回答",
    JSON.stringify(o.topTopic ? [o.topTopic] : []),
    o.topTopic ?? null,
    o.refused ? 1 : 0,
    o.verdict ?? null,
    JSON.stringify([{ id: "plan#1", title: "t", label: "《方案》 › 专题3", source: "corpus/plan/plan.md:1-2", quote: "原文" }]),
  );
  if (o.rating) db.prepare("INSERT INTO feedback (message_id, rating, comment, created_at) VALUES (?, ?, '评语', ?)").run(id, o.rating, T0);
  return id;
}
const find = (f: SearchFilters, limit = 50, offset = 0) => searchMessages(db, f, { limit, offset });
const ids = async (f: SearchFilters) => (await find(f)).rows.map((r) => r.id);

describe("searchMessages: text", () => {
  it("finds a Chinese substring of an answer through the trigram index, and of a question", async () => {
    const a = insert({ question: "我们想贷款", answer: "可以申请科技金融计划的贷款贴息支持" });
    const b = insert({ question: "高新技术企业能报哪些专题", answer: "请看专题目录" });
    insert({ question: "无关", answer: "无关的回答" });
    expect(await ids({ q: "贷款贴息" })).toEqual([a]);
    expect(await ids({ q: "技术企业" })).toEqual([b]);
    expect(await ids({ q: "不存在的文字" })).toEqual([]);
  });

  it("1–2 characters go through LIKE, with % and _ taken literally", async () => {
    const a = insert({ question: "贴息吗", answer: "……" });
    const b = insert({ question: "100%补贴?", answer: "a_b" });
    insert({ question: "100 补贴", answer: "ab" });
    expect(await ids({ q: "贴息" })).toEqual([a]);
    expect(await ids({ q: "%" })).toEqual([b]);
    expect(await ids({ q: "_" })).toEqual([b]);
    expect(likeContains("5%_\\")).toBe("%5\\%\\_\\\\%");
  });

  it("quotes and FTS5 operators in the text are searched for, never parsed", async () => {
    const a = insert({ question: '他说"贷款" OR 贴息 NEAR(a b) *', answer: "x" });
    insert({ question: "贷款", answer: "贴息" });
    for (const q of ['"', '""', '"贷款"', "贷款*", "贷款 OR 贴息", "NEAR(", "NEAR(a b)", "question:贷款", "^贷款", "a AND NOT b", "(((", '"贷款" OR 贴息']) {
      await expect(find({ q })).resolves.toBeDefined();
    }
    expect(await ids({ q: '"贷款" OR 贴息' })).toEqual([a]);
    expect(await ids({ q: "NEAR(a b)" })).toEqual([a]);
    expect(ftsLiteral('a"b')).toBe('"a""b"');
  });
});

describe("searchMessages: filters and pages", () => {
  it("filters by channel, 专题, refused, verdict, feedback and time, and combines them", async () => {
    const web3 = insert({ channel: "web", topTopic: 3, verdict: "eligible", rating: "up", at: T0 + 10 });
    const wx14 = insert({ channel: "wechat", topTopic: 14, verdict: "uncertain", rating: "down", at: T0 + 20 });
    const refused = insert({ channel: "wechat-mp", topTopic: null, refused: true, at: T0 + 30 });
    const noTopic = insert({ channel: "web", topTopic: null, verdict: "ineligible", at: T0 + 40 });
    expect(await ids({ channel: "wechat" })).toEqual([wx14]);
    expect(await ids({ topic: 3 })).toEqual([web3]);
    expect(await ids({ topic: "none" })).toEqual([noTopic, refused]);
    expect(await ids({ refused: true })).toEqual([refused]);
    expect(await ids({ refused: false })).toEqual([noTopic, wx14, web3]);
    expect(await ids({ verdict: "eligible" })).toEqual([web3]);
    expect(await ids({ verdict: "ineligible" })).toEqual([noTopic]);
    expect(await ids({ verdict: "uncertain" })).toEqual([wx14]);
    expect(await ids({ verdict: "none" })).toEqual([refused]);
    expect(await ids({ feedback: "up" })).toEqual([web3]);
    expect(await ids({ feedback: "down" })).toEqual([wx14]);
    expect(await ids({ feedback: "none" })).toEqual([noTopic, refused]);
    expect(await ids({ range: { from: T0 + 20, to: T0 + 40 } })).toEqual([refused, wx14]);
    expect(await ids({ channel: "web", refused: false, feedback: "none" })).toEqual([noTopic]);
  });

  it("pages newest first with the total", async () => {
    const all = Array.from({ length: 7 }, (_, i) => insert({ at: T0 + i * 1000 })).reverse();
    expect(await find({}, 3, 0)).toMatchObject({ total: 7 });
    expect((await find({}, 3, 0)).rows.map((r) => r.id)).toEqual(all.slice(0, 3));
    expect((await find({}, 3, 6)).rows.map((r) => r.id)).toEqual(all.slice(6));
  });
});

describe("one conversation", () => {
  it("reads its messages in order with citations and feedback; finds a message's conversation", async () => {
    const first = insert({ session: "web:abc", at: T0 + 2, rating: "down" });
    const second = insert({ session: "web:abc", at: T0 + 5 });
    insert({ session: "web:other", at: T0 + 3 });
    const alone = insert({ session: null });
    const msgs = await sessionMessages(db, "web:abc");
    expect(msgs.map((m) => m.id)).toEqual([first, second]);
    expect(msgs[0]).toMatchObject({ feedback: { rating: "down", comment: "评语" }, citations: [{ label: "《方案》 › 专题3", quote: "原文" }] });
    expect(await messageSession(db, second)).toEqual({ sessionId: "web:abc" });
    expect(await messageSession(db, alone)).toEqual({ sessionId: null });
    expect(await messageSession(db, "nope")).toBeUndefined();
    expect((await messageById(db, alone))?.id).toBe(alone);
    expect(await sessionMessages(db, "web:none")).toEqual([]);
    const capped = await sessionMessages(db, "web:abc", 1);
    expect(capped.more).toBe(true);
    expect(capped.map((m) => m.id)).toEqual([msgs[msgs.length - 1].id]); // the newest one
    expect(await loggedChannels(db)).toEqual(["web"]);
  });
});
