import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnswerResult, SessionState } from "../core/types.js";
import { closeDb, openDb, type Db } from "./db.js";
import { FeedbackStore } from "./feedback-store.js";
import { MessageLog } from "./message-log.js";
import { Retention, type RetentionPolicy } from "./retention.js";
import { SqlSessionStore } from "./sql-session-store.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);

let dir: string;
let file: string;
let db: Db;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-retention-"));
  file = path.join(dir, "assistant.db");
  db = openDb(file);
});
afterEach(async () => {
  closeDb(db);
  await rm(dir, { recursive: true, force: true });
});

const result = (sessionId: string, answer = "可关注专题14，科技金融计划。"): AnswerResult => ({
  answer,
  refused: false,
  topics: [{ id: 14, name: "专题14", program: "科技成果转化专项", score: 0.9 }],
  citations: [],
  sessionId,
});
const session = (id: string, expiresAt: number, extra: Partial<SessionState> = {}): SessionState => ({
  id,
  history: [],
  profile: { applicants: [], stages: [], needs: [] },
  expiresAt,
  ...extra,
});
const ids = (table: string) => db.prepare(`SELECT ${table === "feedback" ? "message_id" : "id"} FROM ${table} ORDER BY 1`).pluck().all();
const policy = (p: Partial<RetentionPolicy> = {}): RetentionPolicy => ({ messageDays: 180, feedbackDays: 730, batchRows: 1000, ...p });

describe("Retention", () => {
  it("deletes messages past retention, keeps recent ones and old ones whose feedback is still kept", async () => {
    const log = new MessageLog(db);
    const fb = new FeedbackStore(db, () => log.flush());
    const msg = (id: string, at: number) => log.record({ id, at, channel: "web", question: `问题 ${id}`, result: result("s"), latencyMs: 5 });
    msg("recent", NOW - 10 * DAY);
    msg("old", NOW - 200 * DAY);
    msg("old-rated", NOW - 400 * DAY);
    await fb.submit("old-rated", "down", "没说贴息比例", NOW - 390 * DAY); // feedback kept 730 days: so is its message
    msg("ancient-rated", NOW - 900 * DAY);
    await fb.submit("ancient-rated", "up", undefined, NOW - 800 * DAY); // feedback expired: both go

    await log.flush();
    const r = await new Retention(db, policy()).run(NOW);

    expect(r).toMatchObject({ messages: 2, feedback: 1, sessions: 0 });
    expect(ids("messages")).toEqual(["old-rated", "recent"]);
    expect((await fb.list()).map((f) => [f.messageId, f.rating, f.comment])).toEqual([["old-rated", "down", "没说贴息比例"]]);
  });

  it("deletes feedback past its own retention and leaves the (recent) message alone", async () => {
    const log = new MessageLog(db);
    const fb = new FeedbackStore(db, () => log.flush());
    for (const id of ["a", "b"]) log.record({ id, at: NOW - DAY, channel: "web", question: "问", result: result("s"), latencyMs: 5 });
    await fb.submit("a", "up", undefined, NOW - 40 * DAY);
    await fb.submit("b", "down", undefined, NOW - 5 * DAY);

    const r = await new Retention(db, policy({ messageDays: 30, feedbackDays: 30 })).run(NOW);

    expect(r).toMatchObject({ messages: 0, feedback: 1 });
    expect(ids("feedback")).toEqual(["b"]);
    expect(ids("messages")).toEqual(["a", "b"]);
  });

  it("deletes expired sessions and keeps live ones", async () => {
    const store = new SqlSessionStore(db);
    await store.set(session("expired", NOW - 1));
    await store.set(session("edge", NOW));
    await store.set(session("live", NOW + 1));

    expect((await new Retention(db, policy()).run(NOW)).sessions).toBe(2);
    expect(ids("sessions")).toEqual(["live"]);
  });

  it("works through more rows than one batch, giving the event loop turns in between", async () => {
    const log = new MessageLog(db);
    const fb = new FeedbackStore(db, () => log.flush());
    const store = new SqlSessionStore(db);
    db.exec("BEGIN");
    for (let i = 0; i < 95; i++) {
      const id = `m${String(i).padStart(3, "0")}`;
      log.record({ id, at: NOW - 300 * DAY + i, channel: "web", question: "问", result: result("s"), latencyMs: 5 });
      // Every 7th old message is rated recently: kept, and stepped over by the batches around it.
      if (i % 7 === 0) await fb.submit(id, "up", undefined, NOW - DAY);
      await store.set(session(`s${i}`, NOW - i));
    }
    for (let i = 0; i < 23; i++) {
      log.record({ id: `f${i}`, at: NOW, channel: "web", question: "问", result: result("s"), latencyMs: 5 });
      await fb.submit(`f${i}`, "down", undefined, NOW - 1000 * DAY);
    }
    await log.flush();
    db.exec("COMMIT");

    // A chain of our own immediates: each link runs only when the pass yields the event loop.
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const r = await new Retention(db, policy({ batchRows: 10 })).run(NOW).finally(() => (done = true));

    const rated = Math.ceil(95 / 7);
    expect(r).toMatchObject({ sessions: 95, messages: 95 - rated, feedback: 23 });
    expect(db.prepare("SELECT count(*) FROM messages").pluck().get()).toBe(rated + 23);
    expect(ids("feedback")).toHaveLength(rated);
    expect(ids("sessions")).toEqual([]);
    // At least one turn after every full batch.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(95 / 10) + Math.floor(23 / 10) + Math.floor((95 - rated) / 10));
  });

  it("hands freed pages back to the file system and truncates the WAL", async () => {
    const log = new MessageLog(db);
    const answer = "科技金融计划支持科技型中小企业的贷款贴息。".repeat(40); // ~2.4 KB
    for (let i = 0; i < 3000; i++) log.record({ id: `m${i}`, at: NOW - 365 * DAY, channel: "web", question: "问", result: result("s", answer), latencyMs: 5 });
    await log.flush(); // one transaction
    db.pragma("wal_checkpoint(TRUNCATE)");
    const before = statSync(file).size;

    await log.flush();
    const r = await new Retention(db, policy()).run(NOW);

    const pageSize = db.pragma("page_size", { simple: true }) as number;
    expect(r.messages).toBe(3000);
    expect(r.pagesFreed).toBeGreaterThan((3000 * answer.length * 3) / pageSize / 2); // at least half the answer bytes
    expect(r.bytesFreed).toBe(r.pagesFreed * pageSize);
    expect(db.pragma("freelist_count", { simple: true })).toBe(0);
    expect(statSync(file).size).toBe(before - r.bytesFreed);
    expect(statSync(`${file}-wal`).size).toBe(0);
  });

  it("a second call during a pass joins it instead of running twice", async () => {
    const store = new SqlSessionStore(db);
    await store.set(session("expired", NOW - 1));
    const retention = new Retention(db, policy());
    const [a, b] = await Promise.all([retention.run(NOW), retention.run(NOW)]);
    expect(a).toBe(b);
    expect(a.sessions).toBe(1);
    await retention.idle();
  });
});

// Payload bytes of the rows the database holds now: what any file must at least contain.
function liveBytes(db: Db): number {
  const b = (col: string) => `coalesce(length(CAST(${col} AS BLOB)), 0)`;
  const sum = (table: string, cols: string[], ints: number) =>
    db.prepare(`SELECT coalesce(sum(${cols.map(b).join(" + ")} + ${ints * 8}), 0) FROM ${table}`).pluck().get() as number;
  return (
    sum("sessions", ["id", "state"], 2) +
    sum("messages", ["id", "channel", "user_hash", "session_id", "question", "answer", "topics", "verdict", "citations"], 4) +
    sum("feedback", ["message_id", "rating", "comment"], 1) +
    // The full-text index of the retained messages (trigram postings: a few times the text they index).
    sum("messages_fts_data", ["block"], 1) +
    sum("messages_fts_idx", ["term"], 2)
  );
}

const fileBytes = (file: string) => statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);

const TEXT =
  "《武汉市科技计划体系改革优化方案》将科技计划分为基础研究、技术创新、成果转化和科技金融等专项，" +
  "科技金融计划支持科技型中小企业通过贷款贴息、担保补助和风险补偿降低融资成本，申报单位应在武汉市注册，" +
  "具有独立法人资格，近三年无严重失信记录。项目实行常年申报、分批评审，评审结果在市科技局网站公示。";
/** `bytes` of varied Chinese text (3 bytes a character), different for every `seed`. */
const text = (bytes: number, seed: number) => {
  const chars = Math.round(bytes / 3);
  const from = seed % TEXT.length;
  return (TEXT.repeat(Math.ceil((chars + from) / TEXT.length) + 1)).slice(from, from + chars);
};

describe("Retention soak", () => {
  it("100,000 sessions with a message each over 50 simulated days: the file stays bounded by what is retained", async () => {
    const SESSIONS = 100_000;
    const SIM_DAYS = 50;
    const TTL_MS = 3600_000; // SESSION_TTL_S default
    const RUN_EVERY_MS = 6 * 3600_000;
    const FEEDBACK_EVERY = 100; // one answer in 100 is rated
    const p = policy({ messageDays: 7, feedbackDays: 14 }); // short, so 50 days reach the steady state
    const SLACK = 4 * 1024 * 1024; // schema, index interiors, half-filled pages at the edges of the live range
    const bound = (live: number) => 1.5 * live + SLACK;

    const store = new SqlSessionStore(db);
    const log = new MessageLog(db);
    const fb = new FeedbackStore(db, () => log.flush());
    const retention = new Retention(db, p);
    const start = NOW - SIM_DAYS * DAY;
    const step = (SIM_DAYS * DAY) / SESSIONS;
    const at = (i: number) => Math.round(start + i * step);

    let written = 0;
    let writtenText = 0; // question + answer bytes: what the full-text index indexes
    let worst = 0; // largest file / bound after a run, once the steady state is reached
    let deleted = 0;
    let i = 0;
    let clock = start;
    while (i < SESSIONS) {
      clock += RUN_EVERY_MS;
      db.exec("BEGIN");
      for (; i < SESSIONS && at(i) < clock; i++) {
        const t = at(i);
        const sessionId = randomUUID();
        const state = session(sessionId, t + TTL_MS, {
          focusTopicId: 14,
          history: [0, 1].map((k) => ({ question: text(120, i + k), answer: text(1050, i * 7 + k), topicIds: [14, 3], intent: "topic", at: t - k * 60_000 })),
          profile: { applicants: ["企业"], stages: ["成长期"], needs: ["融资"] },
        });
        await store.set(state);
        const messageId = randomUUID();
        const question = text(120, i);
        const answer = text(1380, i * 13);
        log.record({ id: messageId, at: t, channel: i % 3 ? "web" : "wechat", userHash: randomUUID().replace(/-/g, ""), question, result: result(sessionId, answer), latencyMs: 40 });
        written += Buffer.byteLength(JSON.stringify(state)) + Buffer.byteLength(question) + Buffer.byteLength(answer);
        writtenText += Buffer.byteLength(question) + Buffer.byteLength(answer);
        if (i % FEEDBACK_EVERY === 0) await fb.submit(messageId, i % 200 ? "up" : "down", "没说贴息比例", t + 60_000);
      }
      await log.flush();
    db.exec("COMMIT");
      const r = await retention.run(clock);
      deleted += r.messages;
      if (clock - start > (p.feedbackDays + 1) * DAY) worst = Math.max(worst, fileBytes(file) / bound(liveBytes(db)));
    }

    const end = clock; // the last pass ran at this (simulated) time
    const live = liveBytes(db);
    const size = fileBytes(file);
    // Whatever is kept is exactly what the policy says: the last 7 days, and rated ones for 14.
    let keptMessages = 0;
    let liveSessions = 0;
    for (let k = 0; k < SESSIONS; k++) {
      if (at(k) >= end - p.messageDays * DAY || (k % FEEDBACK_EVERY === 0 && at(k) + 60_000 >= end - p.feedbackDays * DAY)) keptMessages++;
      if (at(k) + TTL_MS > end) liveSessions++;
    }
    expect(db.prepare("SELECT count(*) FROM messages").pluck().get()).toBe(keptMessages);
    expect(db.prepare("SELECT count(*) FROM sessions").pluck().get()).toBe(liveSessions);
    expect(deleted).toBeGreaterThan(SESSIONS / 2);

    console.info(
      `soak: wrote ${(written / 2 ** 20).toFixed(0)} MiB, live ${(live / 2 ** 20).toFixed(1)} MiB, ` +
        `file ${(size / 2 ** 20).toFixed(1)} MiB (bound ${(bound(live) / 2 ** 20).toFixed(1)} MiB, worst file/bound ${worst.toFixed(2)})`,
    );
    expect(size).toBeLessThanOrEqual(bound(live));
    expect(worst).toBeLessThanOrEqual(1);
    // Without retention the file would hold every byte written and its index; the bound is a small fraction.
    const indexPerTextByte =
      (db.prepare("SELECT sum(length(block)) FROM messages_fts_data").pluck().get() as number) /
      (db.prepare("SELECT sum(length(CAST(question AS BLOB)) + length(CAST(answer AS BLOB))) FROM messages").pluck().get() as number);
    expect(bound(live) * 4).toBeLessThan(written + indexPerTextByte * writtenText);
  }, 240_000); // the full-text index makes every insert and delete heavier
});
