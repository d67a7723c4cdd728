// 概览 on the production stack: questions asked through the web API, a few rows written directly for
// other channels and days, then the page read as each role.
import { rawSqlite } from "../../../ops/sql/sqlite-sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../../core/types.js";
import { DAY_MS } from "../../../ops/console/overview-stats.js";
import { dayOf } from "../format.js";
import { startConsoleServer, type ConsoleServer } from "../testing/console-server.js";
import { parseDayRange, parseOpenDayRange } from "./overview.js";

let s: ConsoleServer;
const OLD = Date.now() - 30 * DAY_MS;

const ask = async (question: string) => {
  const res = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question } });
  expect(res.statusCode).toBe(200);
  return res.json<AnswerResult>();
};
const rate = async (messageId: string | undefined, rating: "up" | "down") =>
  expect((await s.app.inject({ method: "POST", url: "/api/feedback", payload: { messageId, rating } })).statusCode).toBe(200);

function insert(id: string, at: number, channel: string, topTopic: number | null, latency: number) {
  rawSqlite(s.runtime.db)
    .prepare(
      `INSERT INTO messages (id, created_at, channel, session_id, question, answer, topics, top_topic, refused, verdict, latency_ms, citations)
       VALUES (?, ?, ?, ?, '直接写入的问题', '直接写入的回答', ?, ?, 0, NULL, ?, '[]')`,
    )
    .run(id, at, channel, `${channel}:x`, JSON.stringify(topTopic ? [topTopic] : []), topTopic, latency);
}

/** The number a tile shows over its label. */
const tile = (body: string, label: string) => new RegExp(`<b>([^<]*)</b><span>${label.replace(/[()（）]/g, "\\$&")}</span>`).exec(body)?.[1];

beforeAll(async () => {
  s = await startConsoleServer();
  const loan1 = await ask("科技型中小企业想贷款，有什么支持？");
  const poem = await ask("帮我写一首诗");
  await ask("申报材料怎么准备"); // answered, no 专题
  const loan2 = await ask("科技型中小企业贷款能贴息吗");
  await rate(loan1.messageId, "down");
  await rate(loan2.messageId, "up");
  await rate(poem.messageId, "down");
  await s.runtime.ops.console.flushMessages();
  insert("direct-mp", Date.now(), "wechat-mp", 3, 98_765);
  insert("direct-script", Date.now(), "<script>alert(1)</script>", null, 1);
  insert("direct-old", OLD, "cli", 14, 7);
}, 120_000);
afterAll(async () => s?.cleanup());

describe("概览", () => {
  it("shows the last 7 days by default: counts, rates and p95", async () => {
    const res = await s.viewer.get("/console");
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain(`${dayOf(Date.now() - 6 * DAY_MS)} 至 ${dayOf(Date.now())}`);
    expect(tile(body, "提问数")).toBe("6"); // 4 asked + 2 written today; the 30-day-old row is outside
    expect(tile(body, "拒答率")).toBe("16.7%"); // 帮我写一首诗
    expect(tile(body, "未匹配专题率")).toBe("33.3%"); // 申报材料怎么准备 + the direct row without 专题
    expect(tile(body, "不满意率（占已评价）")).toBe("66.7%"); // 2 of 3 rated
    expect(body).toContain("评价率 50.0%");
    expect(tile(body, "延迟 p95")).toBe("98765 ms"); // nearest rank of 6 values is the largest
  });

  it("draws per-day, per-专题 and rate charts as accessible SVG with readable text and data tables", async () => {
    const body = (await s.admin.get("/console")).body;
    for (const id of ["chart-per-day", "chart-topics", "chart-rates"]) {
      expect(body).toMatch(new RegExp(`<svg id="${id}" role="img" aria-labelledby="${id}-t ${id}-d"`));
      expect(body).toContain(`<title id="${id}-t">`);
      expect(body).toContain(`<desc id="${id}-d">`);
    }
    const sizes = [...body.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
    expect(body).toMatch(/data-series="web" data-value="4"/);
    expect(body).toMatch(/data-series="wechat-mp" data-value="1"/);
    expect(body).toContain("专题14 科技金融计划");
    expect(body).toMatch(/data-label="专题14 科技金融计划" data-value="2"/);
    expect((body.match(/<details>/g) ?? []).length).toBe(3);
    expect(body).toContain("<th scope=\"col\" class=\"num\">wechat-mp</th>");
  });

  it("escapes channel strings from the database", async () => {
    const body = (await s.admin.get("/console")).body;
    expect(body).not.toContain("<script>alert(1)</script>");
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("a chosen range counts only its days", async () => {
    const day = dayOf(OLD);
    const res = await s.viewer.get(`/console?from=${day}&to=${day}`);
    expect(res.statusCode).toBe(200);
    expect(tile(res.body, "提问数")).toBe("1");
    expect(tile(res.body, "延迟 p95")).toBe("7 ms");
    expect(res.body).toContain(`value="${day}"`);
  });

  it("400 with a plain message for a bad date or a reversed range", async () => {
    for (const q of ["from=2026-02-30", "to=yesterday", "from=2026-3-1", "from=2026-03-02&to=2026-03-01", "from=2020-01-01&to=2026-01-01"]) {
      const res = await s.viewer.get(`/console?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers["content-type"]).toMatch(/text\/html/);
      expect(res.body).toMatch(/日期|不能晚于|最长/);
    }
  });
});

describe("day ranges", () => {
  const now = Date.UTC(2026, 2, 10, 4); // 2026-03-10 12:00 China time
  it("defaults to N days up to today, both ends included", async () => {
    const r = parseDayRange({}, 7, now);
    expect(r).toMatchObject({ fromDay: "2026-03-04", toDay: "2026-03-10" });
    expect((r.range.to - r.range.from) / DAY_MS).toBe(7);
    expect(dayOf(r.range.from)).toBe("2026-03-04");
    expect(dayOf(r.range.to - 1)).toBe("2026-03-10");
    expect(parseDayRange({ to: "2026-01-31" }, 7, now).fromDay).toBe("2026-01-25");
    expect(parseDayRange({ from: "2026-03-09", to: " " }, 7, now)).toMatchObject({ fromDay: "2026-03-09", toDay: "2026-03-10" });
  });

  it("an open range leaves a missing end unbounded", async () => {
    expect(parseOpenDayRange({}, now)).toBeUndefined();
    const r = parseOpenDayRange({ from: "2026-03-01" }, now)!;
    expect(r.toDay).toBeUndefined();
    expect(r.range.to).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseOpenDayRange({ to: "2026-13-01" }, now)).toThrow(/无效/);
  });
});
