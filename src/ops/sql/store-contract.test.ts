// One contract for the stores, run against both engines: the embedded SQLite file and a real PostgreSQL 15
// (Debian package, throwaway cluster; see testing/postgres-server.ts). Whatever the server does with its state
// — sessions, the message log, feedback and its labels, staff accounts and console sessions, the audit log,
// the console's searches and statistics, retention — must read the same on both.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult, SessionState } from "../../core/types.js";
import { overviewStats } from "../console/overview-stats.js";
import { searchMessages, sessionMessages, messageById, loggedChannels } from "../console/conversation-search.js";
import { FeedbackLabelStore } from "../console/feedback-labels.js";
import { unresolvedMessages } from "../console/unresolved-questions.js";
import { chinaDayStart } from "../china-day.js";
import { FeedbackStore } from "../feedback-store.js";
import { MessageLog } from "../message-log.js";
import { Retention } from "../retention.js";
import { SqlSessionStore } from "../sql-session-store.js";
import { computeStats } from "../stats.js";
import { AuditLog } from "../staff/audit-log.js";
import { StaffError, StaffStore } from "../staff/staff-store.js";
import { startTestPostgres, type TestPostgres } from "../testing/postgres-server.js";
import { openStateDb, type StateDb } from "./open-state-db.js";
import { PG_MIGRATIONS, migratePostgres } from "./postgres-migrations.js";
import type { PostgresSql } from "./postgres-sql.js";

const DAY = 86_400_000;
const NOW = chinaDayStart("2026-11-20")! + 10 * 3_600_000; // 10:00 China time

const result = (topics: number[], extra: Partial<AnswerResult> = {}): AnswerResult => ({
  answer: "可关注专题14，科技金融计划，贷款贴息。",
  refused: false,
  topics: topics.map((id) => ({ id, name: `专题${id}`, program: "科技成果转化专项", score: 0.9 })),
  citations: [{ id: "card-14#1", label: "专题14", quote: "贷款贴息" } as never],
  sessionId: "web:s1",
  ...extra,
});

const session = (id: string, expiresAt: number): SessionState => ({ id, expiresAt, history: [{ q: "问", a: "答" }] }) as unknown as SessionState;

interface Engine {
  name: string;
  open(): Promise<StateDb>;
  cleanup(): Promise<void>;
}

let pg: TestPostgres | undefined;
let sqliteDir: string | undefined;
let dbCount = 0;

const engines: Engine[] = [
  {
    name: "SQLite",
    async open() {
      sqliteDir ??= await mkdtemp(path.join(os.tmpdir(), "kjzs-contract-"));
      return openStateDb({ DB_FILE: path.join(sqliteDir, `c${dbCount++}.db`), DATABASE_URL: undefined, DATABASE_POOL_MAX: 4 });
    },
    async cleanup() {
      if (sqliteDir) await rm(sqliteDir, { recursive: true, force: true });
    },
  },
  {
    name: "PostgreSQL",
    async open() {
      pg ??= await startTestPostgres();
      const url = await pg.createDatabase(`c${dbCount++}`);
      return openStateDb({ DB_FILE: "/nonexistent", DATABASE_URL: url, DATABASE_POOL_MAX: 4 });
    },
    async cleanup() {
      await pg?.cleanup();
    },
  },
];

afterAll(async () => {
  for (const e of engines) await e.cleanup();
});

describe.each(engines)("stores on $name", (engine) => {
  let state: StateDb;
  beforeAll(async () => {
    state = await engine.open();
  }, 60_000);
  afterAll(async () => state?.close());

  it("sessions: set, read back, replace, expire, delete, purge", async () => {
    const store = new SqlSessionStore(state.db);
    await store.set(session("a", Date.now() + 60_000));
    await store.set(session("b", Date.now() - 1));
    expect((await store.get("a"))?.id).toBe("a");
    expect(await store.get("b")).toBeUndefined(); // expired rows are invisible
    await store.set({ ...session("a", Date.now() + 120_000), history: [] } as unknown as SessionState);
    expect((await store.get("a"))?.history).toEqual([]);
    expect(await store.purge()).toBe(1);
    await store.delete("a");
    expect(await store.get("a")).toBeUndefined();
  });

  it("message log and feedback: rows written in order, unknown ids refused, a second rating replaces the first", async () => {
    const log = new MessageLog(state.db);
    log.record({ id: "m1", at: NOW - DAY, channel: "web", userHash: "h1", question: "科技型中小企业贷款贴息怎么申请", result: result([14]), latencyMs: 12.6 });
    log.record({ id: "m2", at: NOW, channel: "wechat", question: "区里的人才补贴", result: result([], { refused: true, sessionId: "wx:u" }), latencyMs: 30 });
    log.record({ id: "m3", at: NOW + 1000, channel: "web", question: "100%_贴息", result: result([], { verdict: "unclear" as never }), latencyMs: 8 });
    expect(await log.exists("m2")).toBe(true);
    const fb = new FeedbackStore(state.db, () => log.flush());
    expect(await fb.submit("nope", "up")).toBe(false);
    expect(await fb.submit("m1", "up", undefined, NOW)).toBe(true);
    expect(await fb.submit("m1", "down", "  没说比例  ", NOW + 1)).toBe(true);
    expect(await fb.submit("m2", "down", undefined, NOW + 2)).toBe(true);
    const rows = await fb.list();
    expect(rows.map((r) => [r.messageId, r.rating, r.comment ?? null])).toEqual([
      ["m1", "down", "没说比例"],
      ["m2", "down", null],
    ]);
    expect(rows[0]).toMatchObject({ topics: [14], refused: false, channel: "web", at: new Date(NOW + 1).toISOString() });
    expect(rows[1].refused).toBe(true);
  });

  it("console search: Chinese substrings, short text, wildcard characters taken literally, filters, one conversation", async () => {
    const page = { limit: 10, offset: 0 };
    expect((await searchMessages(state.db, { q: "中小企业贷款" }, page)).rows.map((r) => r.id)).toEqual(["m1"]);
    expect((await searchMessages(state.db, { q: "补贴" }, page)).rows.map((r) => r.id)).toEqual(["m2"]);
    expect((await searchMessages(state.db, { q: "%_" }, page)).rows.map((r) => r.id)).toEqual(["m3"]);
    expect((await searchMessages(state.db, { q: "0%_贴" }, page)).rows.map((r) => r.id)).toEqual(["m3"]);
    const all = await searchMessages(state.db, {}, page);
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.id)).toEqual(["m3", "m2", "m1"]);
    expect((await searchMessages(state.db, { refused: true }, page)).rows.map((r) => r.id)).toEqual(["m2"]);
    expect((await searchMessages(state.db, { topic: 14, feedback: "down" }, page)).rows.map((r) => r.id)).toEqual(["m1"]);
    expect((await searchMessages(state.db, { topic: "none", channel: "web" }, page)).rows.map((r) => r.id)).toEqual(["m3"]);
    const one = await messageById(state.db, "m1");
    expect(one).toMatchObject({ at: NOW - DAY, latencyMs: 13, topTopic: 14, refused: false, feedback: { rating: "down", comment: "没说比例" } });
    expect(one?.citations).toHaveLength(1);
    expect((await sessionMessages(state.db, "web:s1")).map((m) => m.id)).toEqual(["m1", "m3"]);
    expect(await loggedChannels(state.db)).toEqual(["web", "wechat"]);
  });

  it("statistics: China-time days, rates, nearest-rank p95; unresolved questions", async () => {
    const s = await overviewStats(state.db, { from: chinaDayStart("2026-11-19")!, to: chinaDayStart("2026-11-21")! });
    expect(s).toMatchObject({ questions: 3, refused: 1, noTopic: 1, rated: 2, up: 0, down: 2, p95LatencyMs: 30 });
    expect(s.perDay).toEqual([
      { day: "2026-11-19", questions: 1, refused: 0, noTopic: 0, byChannel: { web: 1 } },
      { day: "2026-11-20", questions: 2, refused: 1, noTopic: 1, byChannel: { web: 1, wechat: 1 } },
    ]);
    expect(s.topics).toEqual([{ id: 14, questions: 1 }]);
    const stats = await computeStats(state.db, { days: 7, now: NOW + DAY });
    expect(stats).toMatchObject({ questions: 3, refused: 1, feedback: { up: 0, down: 2 } });
    expect(stats.perDay.map((d) => [d.day, d.channel, d.questions])).toEqual([
      ["2026-11-19", "web", 1],
      ["2026-11-20", "web", 1],
      ["2026-11-20", "wechat", 1],
    ]);
    const u = await unresolvedMessages(state.db, { from: NOW - 2 * DAY, to: NOW + DAY });
    expect(u.rows.map((r) => [r.id, r.noTopic, r.refused, r.down])).toEqual([
      ["m3", true, false, false],
      ["m2", false, true, true],
      ["m1", false, false, true],
    ]);
  });

  it("feedback labels: save, relabel, filter by labelled, earlier questions of the conversation, remove", async () => {
    const labels = new FeedbackLabelStore(state.db);
    await labels.save({ messageId: "m1", kind: "topic", topics: [14], refuse: false, username: "editor1", at: NOW });
    await labels.save({ messageId: "m1", kind: "topic", topics: [14, 7], note: "也可 7", refuse: false, username: "editor1", at: NOW + 1 });
    expect(await labels.count({ rating: "down", labelled: "yes" })).toBe(1);
    expect(await labels.count({ rating: "down", labelled: "no" })).toBe(1);
    expect(await labels.count({ rating: "all", labelled: "all" })).toBe(2);
    expect((await labels.get("m1"))?.label).toMatchObject({ topics: [14, 7], note: "也可 7" });
    expect((await labels.labelled()).map((m) => m.messageId)).toEqual(["m1"]);
    expect(await labels.earlierQuestions("m3")).toEqual(["科技型中小企业贷款贴息怎么申请"]);
    expect(await labels.messageExists("m3")).toBe(true);
    expect(await labels.remove("m1")).toBe(true);
    expect(await labels.remove("m1")).toBe(false);
  });

  it("staff: accounts case-insensitive and unique, passwords checked, sessions end on disable, the last admin stays", async () => {
    const staff = new StaffStore(state.db, { idleMs: 3_600_000, maxMs: 7_200_000 });
    const admin = await staff.add({ username: "Chief", role: "admin", password: "correct horse battery" });
    await expect(staff.add({ username: "chief", role: "viewer", password: "correct horse battery" })).rejects.toThrow(StaffError);
    expect((await staff.byUsername("CHIEF"))?.id).toBe(admin.id);
    expect(await staff.checkPassword("chief", "wrong password here")).toBeUndefined();
    expect((await staff.checkPassword("chief", "correct horse battery"))?.role).toBe("admin");
    await staff.add({ username: "王科长", role: "editor", password: "another good passphrase" });
    const { token, csrf } = await staff.openSession((await staff.byUsername("王科长"))!.id);
    expect((await staff.session(token))?.csrf).toBe(csrf);
    await staff.setDisabled("王科长", true);
    expect(await staff.session(token)).toBeUndefined();
    await expect(staff.setRole("chief", "viewer")).rejects.toThrow("至少要保留一名管理员");
    expect(await staff.count()).toBe(1);
    expect((await staff.list()).map((u) => u.username)).toEqual(["Chief", "王科长"]);
  });

  it("audit log: newest first, paged, counted", async () => {
    const audit = new AuditLog(state.db);
    for (let i = 0; i < 3; i++) await audit.record("chief", `操作${i}`, { 序号: i }, NOW + i);
    expect(await audit.count()).toBe(3);
    expect((await audit.list(2, 0)).map((e) => [e.action, e.detail])).toEqual([
      ["操作2", { 序号: 2 }],
      ["操作1", { 序号: 1 }],
    ]);
  });

  it("retention: old messages and ratings go, labelled and recently rated ones stay", async () => {
    const log = new MessageLog(state.db);
    for (let i = 0; i < 25; i++) log.record({ id: `old${i}`, at: NOW - 400 * DAY + i, channel: "web", question: "旧", result: result([]), latencyMs: 1 });
    await log.flush();
    const fb = new FeedbackStore(state.db);
    await fb.submit("old3", "up", undefined, NOW - DAY); // rated recently: kept
    await new FeedbackLabelStore(state.db).save({ messageId: "old4", kind: "topic", topics: [], refuse: false, username: "x", at: NOW });
    const r = await new Retention(state.db, { messageDays: 180, feedbackDays: 730, batchRows: 10 }).run(NOW);
    expect(r.messages).toBe(23);
    const left = await searchMessages(state.db, { q: "旧" }, { limit: 50, offset: 0 });
    expect(left.rows.map((m) => m.id).sort()).toEqual(["old3", "old4"]);
  });
});

describe("PostgreSQL migrations", () => {
  it("are recorded, applied once by replicas starting together, and a newer schema is refused", async () => {
    pg ??= await startTestPostgres();
    const url = await pg.createDatabase("migrations");
    const opened = await Promise.all([1, 2, 3].map(() => openStateDb({ DB_FILE: "/nonexistent", DATABASE_URL: url, DATABASE_POOL_MAX: 2 })));
    const db = opened[0].db as PostgresSql;
    const applied = await db.all<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(applied.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await expect(migratePostgres(db, PG_MIGRATIONS.slice(0, 1))).rejects.toThrow(/newer than this build supports/);
    for (const o of opened) await o.close();
    await expect(openStateDb({ DB_FILE: "/nonexistent", DATABASE_URL: url.replace(/\/migrations$/, "/nosuchdb"), DATABASE_POOL_MAX: 1 })).rejects.toThrow(
      /cannot use the database at DATABASE_URL/,
    );
  }, 60_000);
});
