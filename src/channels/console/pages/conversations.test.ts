// 对话记录 on the production stack: conversations asked through the web API (with feedback), rows
// written directly for other channels, verdicts and days, then searched and read as each role.
import { rawSqlite } from "../../../ops/sql/sqlite-sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../../core/types.js";
import { startConsoleServer, type ConsoleServer } from "../testing/console-server.js";
import { PAGE_SIZE } from "./conversations.js";

let s: ConsoleServer;
let loan: AnswerResult;
let followUp: AnswerResult;
let poem: AnswerResult;
let script: AnswerResult;
let session: string;

const ask = async (question: string, sessionId?: string) => {
  const res = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question, ...(sessionId && { sessionId }) } });
  expect(res.statusCode).toBe(200);
  return res.json<AnswerResult>();
};

const OLD = Date.UTC(2025, 0, 15, 4); // 2025-01-15 12:00 China time
function insert(id: string, o: { channel?: string; verdict?: string; at?: number; session?: string | null; question?: string }) {
  rawSqlite(s.runtime.db)
    .prepare(
      `INSERT INTO messages (id, created_at, channel, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms, citations)
       VALUES (?, ?, ?, ?, ?, '直接写入的回答', '[3]', 3, 0, ?, 12, NULL)`,
    )
    .run(id, o.at ?? Date.now(), o.channel ?? "wechat", o.session === undefined ? `direct:${id}` : o.session, o.question ?? `直接写入的问题 ${id}`, o.verdict ?? null);
}

/** Result rows on a list page. */
const rowCount = (body: string) => (body.match(/<tr><td class="nowrap">/g) ?? []).length;
const total = (body: string) => Number(/共 (\d+) 条/.exec(body)?.[1]);
const list = async (query: string) => {
  const res = await s.viewer.get(`/console/conversations?${query}`);
  expect(res.statusCode, query).toBe(200);
  return res.body;
};

beforeAll(async () => {
  s = await startConsoleServer();
  loan = await ask("科技型中小企业想贷款，有什么支持？");
  followUp = await ask("那它支持几年？", loan.sessionId);
  poem = await ask("帮我写一首诗");
  script = await ask("我们是高校<script>alert(1)</script>，想做基础研究特区");
  for (const [messageId, rating, comment] of [[loan.messageId, "down", "没有说贴息比例"], [script.messageId, "up", undefined]] as const) {
    const res = await s.app.inject({ method: "POST", url: "/api/feedback", payload: { messageId, rating, ...(comment && { comment }) } });
    expect(res.statusCode).toBe(200);
  }
  await s.runtime.ops.console.flushMessages();
  session = (rawSqlite(s.runtime.db).prepare("SELECT session_id FROM messages WHERE id = ?").get(loan.messageId) as { session_id: string }).session_id;
  insert("v-eligible", { verdict: "eligible", channel: "wechat-mp" });
  insert("v-ineligible", { verdict: "ineligible" });
  insert("v-uncertain", { verdict: "uncertain" });
  insert("old", { at: OLD, question: "很久以前的问题" });
  insert("lonely", { session: null, question: "没有会话的问题" });
  for (let i = 0; i < 2 * PAGE_SIZE + 20; i++) insert(`page-${String(i).padStart(3, "0")}`, { channel: "pager", at: Date.now() - 1000 + i });
}, 120_000);
afterAll(async () => s?.cleanup());

describe("searching", () => {
  it("finds a Chinese substring of an answer through the full-text index", async () => {
    expect(loan.answer).toContain("科技信贷融资");
    const body = await list(`q=${encodeURIComponent("科技信贷融资")}`);
    expect(body).toContain("科技型中小企业想贷款，有什么支持？");
    expect(body).not.toContain("帮我写一首诗");
    expect(body).toContain(`href="/console/conversations/${encodeURIComponent(session)}#m-${loan.messageId}"`);
  });

  it("a 1–2 character query falls back to LIKE", async () => {
    const body = await list(`q=${encodeURIComponent("首诗")}`);
    expect(total(body)).toBe(1);
    expect(body).toContain("帮我写一首诗");
    expect(total(await list(`q=${encodeURIComponent("%")}`))).toBe(0);
  });

  it("quotes and FTS5 operators are text, never an error", async () => {
    for (const q of ['"', '"贷款', "贷款*", "贷款 OR 贴息", "NEAR(", "NEAR(贷款 贴息)", "*", "question:诗", '" OR 1=1 --', "AND"]) {
      const body = await list(`q=${encodeURIComponent(q)}`);
      expect(total(body), q).toBeGreaterThanOrEqual(0);
    }
    expect(total(await list(`q=${encodeURIComponent('"贷款" OR 贴息')}`))).toBe(0);
  });

  it("filters by channel, 专题, refused, verdict, feedback and days", async () => {
    expect(total(await list("channel=pager"))).toBe(2 * PAGE_SIZE + 20);
    expect(total(await list("channel=wechat-mp"))).toBe(1);
    const web14 = await list("channel=web&topic=14");
    expect(web14).toContain("科技型中小企业想贷款");
    expect(web14).not.toContain("帮我写一首诗");
    expect(await list("channel=web&topic=none")).toContain("帮我写一首诗");
    const refused = await list("refused=yes");
    expect(total(refused)).toBe(1);
    expect(refused).toContain("帮我写一首诗");
    expect(refused).toContain(`#m-${poem.messageId}`);
    expect(await list("refused=no&channel=web")).not.toContain("帮我写一首诗");
    for (const [v, text] of [["eligible", "符合"], ["ineligible", "不符合"], ["uncertain", "需补充"]] as const) {
      const body = await list(`verdict=${v}`);
      expect(body).toContain(`直接写入的问题 v-${v}`);
      expect(body).toContain(`>${text}</span>`);
      for (const other of ["eligible", "ineligible", "uncertain"].filter((x) => x !== v)) expect(body).not.toContain(`直接写入的问题 v-${other}`);
    }
    const down = await list("feedback=down");
    expect(total(down)).toBe(1);
    expect(down).toContain("科技型中小企业想贷款");
    expect(await list("feedback=up")).toContain("想做基础研究特区");
    expect(await list("feedback=none&channel=web")).toContain("帮我写一首诗");
    const old = await list("from=2025-01-15&to=2025-01-15");
    expect(total(old)).toBe(1);
    expect(old).toContain("很久以前的问题");
    expect(total(await list("to=2025-01-14"))).toBe(0);
  });

  it("400 for a filter value it does not know or a bad date", async () => {
    for (const q of ["refused=maybe", "verdict=good", "feedback=meh", "topic=abc", "from=2025-02-30"]) {
      expect((await s.viewer.get(`/console/conversations?${q}`)).statusCode, q).toBe(400);
    }
  });

  it("pages 50 at a time, newest first, keeping the filters in the pager", async () => {
    const first = await list("channel=pager");
    expect(rowCount(first)).toBe(PAGE_SIZE);
    expect(first).toContain("第 1/3 页");
    expect(first.indexOf("page-119")).toBeLessThan(first.indexOf("page-118"));
    expect(first).toContain('href="/console/conversations?channel=pager&amp;page=2"');
    const last = await list("channel=pager&page=3");
    expect(rowCount(last)).toBe(20);
    expect(last).toContain("直接写入的问题 page-000");
    expect(last).not.toContain("下一页");
  });
});

describe("one conversation", () => {
  it("shows every message in order with feedback, citations and the replayed explanation", async () => {
    const before = (rawSqlite(s.runtime.db).prepare("SELECT count(*) AS n FROM messages").get() as { n: number }).n;
    const res = await s.viewer.get(`/console/conversations/${encodeURIComponent(session)}`);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    const a = body.indexOf(`id="m-${loan.messageId}"`);
    const b = body.indexOf(`id="m-${followUp.messageId}"`);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(body).toContain("那它支持几年？");
    expect(body).toContain("没有说贴息比例");
    expect(body).toContain("不满意（没有帮助）");
    expect(loan.citations.length).toBeGreaterThan(0);
    const c = loan.citations[0];
    expect(body).toContain(c.label.replace(/&/g, "&amp;").replace(/>/g, "&gt;").replace(/</g, "&lt;"));
    expect(body).toContain(c.quote.slice(0, 20));
    expect(body).toContain("按当前知识库重新推演");
    expect(body).toMatch(/<pre>问题：科技型中小企业想贷款/);
    expect(body).toContain("排序：专题14");
    expect(body).toContain("专题14 科技金融计划");
    // The replay adds nothing to the message log.
    await s.runtime.ops.console.flushMessages();
    expect((rawSqlite(s.runtime.db).prepare("SELECT count(*) AS n FROM messages").get() as { n: number }).n).toBe(before);
  });

  it("404 for an unknown conversation or message", async () => {
    const res = await s.viewer.get("/console/conversations/web%3Anobody");
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("没有这段对话的记录");
    expect((await s.viewer.get("/console/messages/00000000-0000-0000-0000-000000000000")).statusCode).toBe(404);
  });

  it("a message link goes to its place in the conversation; one without a conversation shows on its own", async () => {
    const res = await s.viewer.get(`/console/messages/${followUp.messageId}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/console/conversations/${encodeURIComponent(session)}#m-${followUp.messageId}`);
    const alone = await s.viewer.get("/console/messages/lonely");
    expect(alone.statusCode).toBe(200);
    expect(alone.body).toContain("没有会话的问题");
  });

  it("escapes a visitor's markup in the list and the conversation", async () => {
    const listed = await list("feedback=up");
    expect(listed).not.toContain("<script>alert(1)</script>");
    expect(listed).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const where = (await s.viewer.get(`/console/messages/${script.messageId}`)).headers.location!;
    const page = await s.viewer.get(where.split("#")[0]);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain("<script>alert(1)</script>");
    expect(page.body).toContain("我们是高校&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("needs a login", async () => {
    const res = await s.app.inject({ method: "GET", url: `/console/conversations/${encodeURIComponent(session)}` });
    expect(res.statusCode).toBe(303);
  });
});
