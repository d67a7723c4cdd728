// The production stack (real pipeline, SQLite) against a full disk and against a visitor reaching for
// another's conversation. Both failed before: 500 for every answer; "demo-user" shared between clients.
import { rawSqlite } from "../../ops/sql/sqlite-sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../core/types.js";
import { startOpsServer, type OpsServer } from "../../ops/testing/ops-server.js";

let s: OpsServer;
beforeAll(async () => {
  s = await startOpsServer();
}, 120_000);
afterAll(async () => s?.cleanup());

const ask = async (question: string, sessionId?: string) => {
  const res = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question, ...(sessionId && { sessionId }) } });
  return { status: res.statusCode, body: res.json<AnswerResult>() };
};
const sessionRows = () => (rawSqlite(s.runtime.db).prepare("SELECT count(*) AS n FROM sessions").get() as { n: number }).n;

describe("sessions belong to the client the server issued them to", () => {
  it("a client-chosen id is not honoured, so a second client cannot read the first one's conversation", async () => {
    const first = await ask("我们是一家高新技术企业，在东湖高新区", "demo-user");
    const second = await ask("我们符合条件吗", "demo-user");
    expect(first.status).toBe(200);
    expect(first.body.sessionId).not.toBe("demo-user");
    expect(second.body.sessionId).not.toBe(first.body.sessionId);
    expect(await s.runtime.assistant.sessions.get("demo-user")).toBeUndefined();
  });

  it("the issued token continues the conversation", async () => {
    const first = await ask("科技金融计划支持什么");
    const next = await ask("那它归哪个专项？", first.body.sessionId);
    expect(next.body.sessionId).toBe(first.body.sessionId);
    expect(next.body.answer).toMatch(/科技成果转化专项/);
  });

  it("anonymous one-shot asks leave no session row; a resumed conversation gets one", async () => {
    const before = sessionRows();
    for (let i = 0; i < 10; i++) await ask("孵化器有什么支持");
    expect(sessionRows()).toBe(before);
    const first = await ask("科技金融计划支持什么");
    await ask("申报条件是什么", first.body.sessionId);
    expect(sessionRows()).toBe(before + 1);
  });
});

describe("a full disk", () => {
  it("keeps answering, conversations continue from memory, /healthz reports degraded with the reason", async () => {
    expect((await s.app.inject({ method: "GET", url: "/healthz" })).json()).toMatchObject({ status: "ok" });
    // Cap the file at its current size: every further page allocation fails with SQLITE_FULL.
    const pages = rawSqlite(s.runtime.db).pragma("page_count", { simple: true }) as number;
    rawSqlite(s.runtime.db).pragma(`max_page_count = ${pages}`);
    try {
      const statuses: number[] = [];
      let token: string | undefined;
      for (let i = 0; i < 40; i++) {
        const r = await ask(i % 2 ? "申报条件是什么" : "科技金融计划支持什么，我们是科技型中小企业，想申请贷款贴息" + "。".repeat(i * 20), token);
        statuses.push(r.status);
        token = r.body.sessionId;
      }
      expect(statuses.every((c) => c === 200)).toBe(true);
      const followUp = await ask("那它归哪个专项？", token);
      expect(followUp.body.sessionId).toBe(token);

      const health = await s.app.inject({ method: "GET", url: "/healthz" });
      expect(health.statusCode).toBe(200);
      const body = health.json<{ status: string; degraded: string[]; checks: { storage: { ok: boolean; reason: string; failures: number } } }>();
      expect(body.status).toBe("degraded");
      expect(body.degraded).toContain("storage");
      expect(body.checks.storage.reason).toMatch(/SQLITE_FULL/);
      expect(body.checks.storage.failures).toBeGreaterThan(0);
      expect((await s.app.inject({ method: "GET", url: "/healthz?strict=1" })).statusCode).toBe(503);
    } finally {
      rawSqlite(s.runtime.db).pragma("max_page_count = 1073741823");
    }
  });
});
