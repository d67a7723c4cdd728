// Holes found by an attack on the server: each test failed before its fix.
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { startOpsServer, TEST_ADMIN_TOKEN, type OpsServer } from "../../ops/testing/ops-server.js";
import { buildApp } from "./app.js";
import { makeFakeAssistant } from "./testing/fake-assistant.js";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function fakeApp(env: Record<string, string> = {}) {
  const config = loadConfig({ LOG_LEVEL: "silent", WIDGET_ORIGINS: "http://partner.example.test", ...env });
  app = await buildApp({ assistant: makeFakeAssistant(), config });
  return app;
}

describe("percent-encoded paths are judged by the route they reach", () => {
  for (const url of ["/%61pi/ask", "/api/%61sk", "/%61%70%69/chat"]) {
    it(`rate-limits ${url}`, async () => {
      const a = await fakeApp({ RATE_LIMIT_MAX: "3" });
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await a.inject({ method: "POST", url, payload: { question: "孵化器有什么支持" } })).statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
      expect(codes.slice(3)).toEqual([429, 429]);
    });

    it(`refuses a disallowed Origin on ${url}`, async () => {
      const a = await fakeApp();
      const res = await a.inject({ method: "POST", url, headers: { origin: "https://evil.example" }, payload: { question: "你好" } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: "origin_not_allowed" } });
    });
  }

  it("speaks Chinese when over the limit", async () => {
    const a = await fakeApp({ RATE_LIMIT_MAX: "1" });
    await a.inject({ method: "POST", url: "/api/ask", payload: { question: "你好" } });
    const res = await a.inject({ method: "POST", url: "/api/ask", payload: { question: "你好" } });
    expect(res.statusCode).toBe(429);
    const message = res.json<{ error: { message: string } }>().error.message;
    expect(message).toMatch(/请在 \d+ (秒|分钟)后再试/);
    expect(message).not.toMatch(/second|minute/);
  });
});

describe("admin API budgets", () => {
  let s: OpsServer;
  beforeAll(async () => {
    s = await startOpsServer({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, RATE_LIMIT_MAX: "5", ADMIN_AUTH_FAIL_MAX: "3" });
  }, 120_000);
  afterAll(async () => s?.cleanup());
  const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  it("does not share the public budget: staff still get in after visitors used it up", async () => {
    for (let i = 0; i < 6; i++) await s.app.inject({ method: "GET", url: "/api/topics" });
    expect((await s.app.inject({ method: "GET", url: "/api/topics" })).statusCode).toBe(429);
    const res = await s.app.inject({ method: "GET", url: "/admin/stats", headers: auth });
    expect(res.statusCode).toBe(200);
  });

  it("rejects days that are not a finite whole number with 400", async () => {
    for (const days of ["1e309", "Infinity", "0", "2.5", "-1"]) {
      const res = await s.app.inject({ method: "GET", url: `/admin/stats?days=${days}`, headers: auth });
      expect(res.statusCode, days).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
  });

  it("locks an IP out after repeated wrong tokens, even /%61dmin spellings, and then refuses the right one too", async () => {
    const from = { remoteAddress: "10.9.8.7" };
    const wrong = { authorization: `Bearer ${TEST_ADMIN_TOKEN}-wrong` };
    const codes: number[] = [];
    for (const url of ["/admin/stats", "/%61dmin/stats", "/admin/feedback", "/admin/stats", "/%61dmin/stats"]) {
      codes.push((await s.app.inject({ method: "GET", url, headers: wrong, ...from })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const locked = await s.app.inject({ method: "GET", url: "/admin/stats", headers: auth, ...from });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    expect(locked.json<{ error: { message: string } }>().error.message).toMatch(/后再试/);
    // Another address is not affected.
    expect((await s.app.inject({ method: "GET", url: "/admin/stats", headers: auth, remoteAddress: "10.9.8.6" })).statusCode).toBe(200);
  });

  it("parallel wrong tokens: exactly ADMIN_AUTH_FAIL_MAX get 401, the rest the lockout answer", async () => {
    const wrong = { authorization: `Bearer ${TEST_ADMIN_TOKEN}-wrong` };
    const codes = await Promise.all(
      Array.from({ length: 8 }, () => s.app.inject({ method: "GET", url: "/admin/stats", headers: wrong, remoteAddress: "10.9.8.5" }).then((r) => r.statusCode)),
    );
    expect(codes.filter((c) => c === 401)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(5);
  });
});
