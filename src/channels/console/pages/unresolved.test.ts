// 未解决的问题 on the production stack: unresolved questions asked through the web API (no 专题,
// refused, 👎) and rows written directly for older days, then grouped on the page.
import { rawSqlite } from "../../../ops/sql/sqlite-sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../../core/types.js";
import { DAY_MS } from "../../../ops/console/overview-stats.js";
import { dayOf } from "../format.js";
import { startConsoleServer, type ConsoleServer } from "../testing/console-server.js";

let s: ConsoleServer;
let liked: AnswerResult;
let disliked: AnswerResult;

const ask = async (question: string) => {
  const res = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question } });
  expect(res.statusCode).toBe(200);
  return res.json<AnswerResult>();
};
const OLD = Date.now() - 60 * DAY_MS;

/** The groups in page order: [count, representative]. */
const groups = (body: string) =>
  [...body.matchAll(/<td class="num"><b>(\d+)<\/b><\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => [Number(m[1]), m[2]] as const);

beforeAll(async () => {
  s = await startConsoleServer();
  for (const q of ["有什么补贴", "有什么补贴呢", "有什么补贴？", "帮我写一首诗", "帮我写一首诗！", "今天天气怎么样", "申报材料怎么准备"]) {
    const a = await ask(q);
    expect(a.refused || a.topics.length === 0, q).toBe(true);
  }
  liked = await ask("科技型中小企业想贷款，有什么支持？");
  disliked = await ask("科技型中小企业贷款能贴息吗");
  expect(disliked.topics.length).toBeGreaterThan(0);
  for (const [messageId, rating] of [[liked.messageId, "up"], [disliked.messageId, "down"]] as const) {
    expect((await s.app.inject({ method: "POST", url: "/api/feedback", payload: { messageId, rating } })).statusCode).toBe(200);
  }
  await ask("<script>alert(1)</script>");
  await s.runtime.ops.console.flushMessages();
  rawSqlite(s.runtime.db)
    .prepare(
      `INSERT INTO messages (id, created_at, channel, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms)
       VALUES ('old', ?, 'wechat', 'wechat:old', '很久以前没有答上的问题', '答', '[]', NULL, 0, NULL, 3)`,
    )
    .run(OLD);
}, 120_000);
afterAll(async () => s?.cleanup());

describe("未解决的问题", () => {
  it("groups similar unresolved questions, most asked first, with reasons, examples and last seen", async () => {
    const res = await s.viewer.get("/console/unresolved");
    expect(res.statusCode).toBe(200);
    const body = res.body;
    const g = groups(body);
    expect(g[0]).toEqual([3, "有什么补贴？"]); // the most frequent wording (two normalise alike), as last asked
    expect(g[1]).toEqual([2, "帮我写一首诗！"]);
    expect(g.map(([, q]) => q)).toEqual(expect.arrayContaining(["今天天气怎么样", "申报材料怎么准备", "科技型中小企业贷款能贴息吗"]));
    expect(g.map(([, q]) => q)).not.toContain("科技型中小企业想贷款，有什么支持？"); // answered with a 专题 and liked
    expect(g.map(([, q]) => q)).not.toContain("很久以前没有答上的问题"); // outside the last 30 days
    expect(body).toContain('<span class="badge warn">无专题 3</span>');
    expect(body).toContain('<span class="badge bad">拒答 2</span>');
    expect(body).toContain('<span class="badge bad">不满意 1</span>');
    expect(body).toMatch(/<a href="\/console\/conversations\/web%3A[^"]+#m-[0-9a-f-]{36}">有什么补贴呢<\/a>/);
    expect(body).not.toContain("只分析了最新的");
  });

  it("a chosen range, and a 400 for a bad date", async () => {
    const day = dayOf(OLD);
    const res = await s.viewer.get(`/console/unresolved?from=${day}&to=${day}`);
    expect(groups(res.body)).toEqual([[1, "很久以前没有答上的问题"]]);
    expect((await s.viewer.get("/console/unresolved?from=2026-02-30")).statusCode).toBe(400);
  });

  it("escapes the questions it shows", async () => {
    const body = (await s.viewer.get("/console/unresolved")).body;
    expect(body).not.toContain("<script>alert(1)</script>");
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("every role reads the three pages", () => {
  it.each(["admin", "editor", "viewer"] as const)("%s", async (role) => {
    for (const url of ["/console", "/console/conversations", "/console/unresolved"]) {
      const res = await s[role].get(url);
      expect(res.statusCode, `${role} ${url}`).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/html/);
    }
  });
});
