// Feedback, admin API and rate limiting through HTTP, on the production stack (ops runtime + real corpus).
import { rawSqlite } from "../../ops/sql/sqlite-sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../core/types.js";
import { startOpsServer, TEST_ADMIN_TOKEN, type OpsServer } from "../../ops/testing/ops-server.js";
import { parseSse } from "./widget/sse-parser.js";

let s: OpsServer;
beforeAll(async () => {
  s = await startOpsServer({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, HASH_SALT: "ops-routes-salt" });
});
afterAll(async () => {
  await s?.cleanup();
});

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const ask = async (question: string) => {
  const res = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question }, remoteAddress: "203.0.113.7" });
  expect(res.statusCode).toBe(200);
  return res.json<AnswerResult>();
};
const feedback = (payload: unknown) => s.app.inject({ method: "POST", url: "/api/feedback", payload: payload as object });

describe("messageId and the message log", () => {
  it("every answer (JSON and SSE) carries a messageId, logged with a hashed IP and never the raw one", async () => {
    const a = await ask("科技型中小企业想贷款，有什么支持？");
    expect(a.messageId).toMatch(/^[0-9a-f-]{36}$/);
    const sse = await s.app.inject({ method: "POST", url: "/api/chat", payload: { question: "高新技术企业能报什么" } });
    const done = parseSse(sse.body).find((e) => e.event === "done");
    const viaSse = JSON.parse(done!.data) as AnswerResult;
    expect(viaSse.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(viaSse.messageId).not.toBe(a.messageId);

    const row = rawSqlite(s.runtime.db).prepare("SELECT * FROM messages WHERE id = ?").get(a.messageId) as Record<string, unknown>;
    expect(row).toMatchObject({ channel: "web", question: "科技型中小企业想贷款，有什么支持？", refused: 0, session_id: "web:" + a.sessionId.split(".")[0] });
    expect(row.user_hash).toMatch(/^[0-9a-f]{16}$/);
    const everything = JSON.stringify(rawSqlite(s.runtime.db).prepare("SELECT * FROM messages").all());
    expect(everything).not.toContain("203.0.113.7");
  });
});

describe("POST /api/feedback", () => {
  it("stores a rating with an optional comment", async () => {
    const { messageId } = await ask("我们是高校，想做基础研究特区");
    const res = await feedback({ messageId, rating: "down", comment: "没有提到申报时间" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await s.runtime.ops.feedback.list()).find((r) => r.messageId === messageId)).toMatchObject({ rating: "down", comment: "没有提到申报时间" });
  });

  it("404 for an unknown messageId", async () => {
    const res = await feedback({ messageId: "00000000-0000-0000-0000-000000000000", rating: "up" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it.each([
    ["missing rating", { messageId: "abc" }],
    ["bad rating", { messageId: "abc", rating: "meh" }],
    ["numeric rating", { messageId: "abc", rating: 1 }],
    ["comment over 500 chars", { messageId: "abc", rating: "up", comment: "长".repeat(501) }],
    ["non-string comment", { messageId: "abc", rating: "up", comment: ["x"] }],
    ["bad id characters", { messageId: "../../etc", rating: "up" }],
    ["array body", [1, 2]],
  ])("400 for %s", async (_name, payload) => {
    const res = await feedback(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "invalid_request", message: expect.any(String) } });
  });

  it("accepts exactly 500 characters of comment", async () => {
    const { messageId } = await ask("科技金融计划支持什么");
    expect((await feedback({ messageId, rating: "up", comment: "好".repeat(500) })).statusCode).toBe(200);
  });
});

describe("admin API", () => {
  it("401 without a token or with a wrong one, on every admin route", async () => {
    for (const [method, url] of [["POST", "/admin/reindex"], ["GET", "/admin/stats"], ["GET", "/admin/feedback"]] as const) {
      const none = await s.app.inject({ method, url });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ error: { code: "unauthorized" } });
      const wrong = await s.app.inject({ method, url, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}x` } });
      expect(wrong.statusCode).toBe(401);
    }
  });

  it("GET /admin/stats counts questions, channels, 专题 and downvotes", async () => {
    const res = await s.app.inject({ method: "GET", url: "/admin/stats?days=7", headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ questions: number; perDay: { channel: string }[]; topTopics: { id: number }[]; feedback: { down: number }; refusalRate: number; index: { chunks: number } }>();
    expect(body.questions).toBeGreaterThanOrEqual(4);
    expect(body.perDay.some((d) => d.channel === "web")).toBe(true);
    expect(body.topTopics.length).toBeGreaterThan(0);
    expect(body.feedback.down).toBeGreaterThanOrEqual(1);
    expect(body.refusalRate).toBeGreaterThanOrEqual(0);
    expect(body.index.chunks).toBeGreaterThan(0);
    expect((await s.app.inject({ method: "GET", url: "/admin/stats?days=0", headers: auth })).statusCode).toBe(400);
  });

  it("GET /admin/feedback exports JSONL (default) and CSV", async () => {
    const jsonl = await s.app.inject({ method: "GET", url: "/admin/feedback", headers: auth });
    expect(jsonl.statusCode).toBe(200);
    expect(jsonl.headers["content-type"]).toContain("application/x-ndjson");
    const rows = jsonl.body.trim().split("\n").map((l) => JSON.parse(l) as { rating: string; question: string });
    expect(rows.some((r) => r.rating === "down" && r.question === "我们是高校，想做基础研究特区")).toBe(true);
    const csv = await s.app.inject({ method: "GET", url: "/admin/feedback?format=csv", headers: auth });
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("没有提到申报时间");
    expect((await s.app.inject({ method: "GET", url: "/admin/feedback?format=xml", headers: auth })).statusCode).toBe(400);
  });
});

describe("admin disabled", () => {
  it("every /admin route is a plain 404 when ADMIN_TOKEN is unset, even with a token", async () => {
    const off = await startOpsServer();
    try {
      for (const [method, url] of [["POST", "/admin/reindex"], ["GET", "/admin/stats"], ["GET", "/admin/feedback"]] as const) {
        const res = await off.app.inject({ method, url, headers: auth });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ error: { code: "not_found" } });
      }
    } finally {
      await off.cleanup();
    }
  });
});

describe("rate limit", () => {
  it("429 JSON with Retry-After once an IP spends its budget; other IPs and /healthz unaffected", async () => {
    const rl = await startOpsServer({ RATE_LIMIT_MAX: "3", RATE_LIMIT_WINDOW_MS: "60000" });
    try {
      const hit = (ip: string) => rl.app.inject({ method: "POST", url: "/api/ask", payload: { question: "特区计划" }, remoteAddress: ip });
      for (let i = 0; i < 3; i++) expect((await hit("198.51.100.1")).statusCode).toBe(200);
      const over = await hit("198.51.100.1");
      expect(over.statusCode).toBe(429);
      expect(over.headers["retry-after"]).toMatch(/^\d+$/);
      expect(over.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("请求过于频繁") } });
      expect((await hit("198.51.100.2")).statusCode).toBe(200);
      const health = await rl.app.inject({ method: "GET", url: "/healthz", remoteAddress: "198.51.100.1" });
      expect(health.statusCode).toBe(200);
    } finally {
      await rl.cleanup();
    }
  });
});
