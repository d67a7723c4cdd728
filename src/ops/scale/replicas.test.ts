// Two replicas (ops runtime + web app each, own DATA_DIR, one shared copy of the corpus) on one real
// redis-server: they share the HTTP rate limit, a reindex on one is broadcast and the other serves the new
// corpus within 2 s (and does not broadcast it back), wrong passwords and tokens are counted once for both, and
// with Redis stopped requests are still answered.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../config.js";
import { startOpsServer, TEST_ADMIN_TOKEN, type OpsServer } from "../testing/ops-server.js";
import { startTestRedis, type TestRedis } from "../testing/redis-server.js";
import { parseReindexMessage, REINDEX_CHANNEL, type ReindexMessage } from "./reindex-broadcast.js";

const CARD = "topics/14-keji-jinrong.md";
let tmp: string;
let corpusDir: string;
let redis: TestRedis;
let a: OpsServer;
let b: OpsServer;

beforeAll(async () => {
  redis = await startTestRedis();
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-replicas-"));
  corpusDir = path.join(tmp, "corpus");
  await cp(path.join(ROOT_DIR, "corpus"), corpusDir, { recursive: true });
  const env = { ADMIN_TOKEN: TEST_ADMIN_TOKEN, CORPUS_DIR: corpusDir, REDIS_URL: redis.url, RATE_LIMIT_MAX: "5", RATE_LIMIT_WINDOW_MS: "60000", ADMIN_AUTH_FAIL_MAX: "3" };
  a = await startOpsServer(env, path.join(tmp, "a"));
  b = await startOpsServer(env, path.join(tmp, "b"));
}, 60_000);
afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
  await redis?.cleanup();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const ask = (s: OpsServer, ip: string) =>
  s.app.inject({ method: "POST", url: "/api/ask", payload: { question: "特区计划" }, remoteAddress: ip });
const hashOf = async (s: OpsServer) => (await s.app.inject({ method: "GET", url: "/healthz" })).json<{ index: { corpusHash: string } }>().index.corpusHash;

describe("several replicas on one Redis", () => {
  it("share one rate-limit budget per IP: the 6th request overall gets 429 in the API's error shape", async () => {
    const ip = "198.51.100.7";
    for (let i = 0; i < 5; i++) expect((await ask(i % 2 ? b : a, ip)).statusCode).toBe(200);
    for (const s of [a, b]) {
      const over = await ask(s, ip);
      expect(over.statusCode).toBe(429);
      expect(over.headers["retry-after"]).toMatch(/^\d+$/);
      expect(over.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("请求过于频繁") } });
    }
    expect((await ask(b, "198.51.100.8")).statusCode).toBe(200); // another IP has its own budget
    // The counter is in Redis under the project's prefix, with the same key as in memory.
    const probe = new Redis(redis.url);
    try {
      expect(await probe.get("kjzs:rl:198.51.100.7")).toBe("7");
    } finally {
      probe.disconnect();
    }
  });

  it("share the wrong-password and wrong-token counts: guesses spread over both replicas lock out on both", async () => {
    const ip = "198.51.100.20";
    const login = (s: OpsServer, password: string) =>
      s.app.inject({
        method: "POST",
        url: "/console/login",
        remoteAddress: ip,
        headers: { "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        payload: `username=chief&password=${password}`,
      });
    // CONSOLE_LOGIN_FAIL_MAX (5) wrong passwords in all, alternating replicas: each replica saw fewer than 5.
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? b : a, `wrong-${i}`)).statusCode).toBe(401);
    for (const s of [a, b]) {
      const locked = await login(s, "wrong-again");
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("密码错误次数过多") } });
      expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    }
    // Admin tokens: ADMIN_AUTH_FAIL_MAX (3 here) wrong tokens over both replicas lock the IP out of both.
    const admin = (s: OpsServer, token: string) =>
      s.app.inject({ method: "GET", url: "/admin/stats", remoteAddress: ip, headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) expect((await admin(i % 2 ? b : a, `guess-${i}`)).statusCode).toBe(401);
    for (const s of [a, b]) {
      const locked = await admin(s, TEST_ADMIN_TOKEN); // even the right token, until the window ends
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringContaining("管理令牌错误次数过多") } });
    }
  });

  it("a reindex on A is broadcast once; B serves the new corpus within 2 s and does not broadcast it back", async () => {
    const listener = new Redis(redis.url);
    const seen: ReindexMessage[] = [];
    try {
      await listener.subscribe(REINDEX_CHANNEL);
      listener.on("message", (_ch: string, raw: string) => {
        const m = parseReindexMessage(raw);
        if (m) seen.push(m);
      });
      const before = await hashOf(b);
      expect(await hashOf(a)).toBe(before);
      const file = path.join(corpusDir, CARD);
      await writeFile(file, (await readFile(file, "utf8")) + "\n");
      const res = await a.app.inject({ method: "POST", url: "/admin/reindex", headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(res.statusCode).toBe(200);
      const fresh = res.json<{ info: { corpusHash: string } }>().info.corpusHash;
      expect(fresh).not.toBe(before);
      const sent = Date.now();
      while ((await hashOf(b)) !== fresh && Date.now() - sent < 2000) await new Promise((r) => setTimeout(r, 25));
      expect(await hashOf(b)).toBe(fresh);
      expect(b.runtime.assistant.indexInfo().corpusHash).toBe(fresh);
      await b.runtime.ops.reindex.idle();
      await new Promise((r) => setTimeout(r, 300)); // a broadcast back from B would have arrived by now
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ corpusHash: fresh });
      expect(await hashOf(a)).toBe(fresh);
    } finally {
      listener.disconnect();
    }
  }, 30_000);

  it("with Redis stopped requests are still answered (no limit until it is back), quickly; a reindex then reaches B when it is back", async () => {
    let fresh = "";
    await redis.stop();
    try {
      const ip = "198.51.100.9";
      const started = Date.now();
      for (let i = 0; i < 8; i++) expect((await ask(i % 2 ? b : a, ip)).statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(5000);
      // A reindex of changed files still works on its own; its broadcast is refused (kept until Redis is back).
      const file = path.join(corpusDir, CARD);
      await writeFile(file, (await readFile(file, "utf8")) + "\n");
      const res = await a.app.inject({ method: "POST", url: "/admin/reindex", headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(res.statusCode).toBe(200);
      fresh = res.json<{ info: { corpusHash: string } }>().info.corpusHash;
      expect(await hashOf(b)).not.toBe(fresh);
    } finally {
      await redis.start();
    }
    // B was told nothing while Redis was away; it catches up by itself once Redis is back.
    const back = Date.now();
    while ((await hashOf(b)) !== fresh && Date.now() - back < 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(await hashOf(b)).toBe(fresh);
    await b.runtime.ops.reindex.idle();
    // Back: the limit applies again once the replicas have reconnected.
    const ip = "198.51.100.10";
    const deadline = Date.now() + 5000;
    let limited = false;
    while (!limited && Date.now() < deadline) {
      limited = (await ask(a, ip)).statusCode === 429;
      if (!limited) await new Promise((r) => setTimeout(r, 100));
    }
    expect(limited).toBe(true);
  }, 30_000);
});
