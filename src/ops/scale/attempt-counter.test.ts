// Attempt counters: the same rules in memory and in Redis; in Redis two replicas share one count, parallel
// takes never pass the limit, and a Redis outage falls back to the replica's own (still limited) counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { startTestRedis, type TestRedis } from "../testing/redis-server.js";
import { openRedis, readyWithin } from "./redis.js";
import { attemptKey, memoryAttemptCounter, redisAttemptCounter, type AttemptCounter, type AttemptLimit } from "./attempt-counter.js";

const LIMIT: AttemptLimit = { name: "test", max: 3, windowMs: 60_000 };
const SALT = "test-salt";

/** The rules every counter follows, whatever keeps the counts. */
function rules(make: (limit: AttemptLimit) => AttemptCounter) {
  it("counts up to the limit, then refuses with the time left without counting", async () => {
    const c = make(LIMIT);
    for (let i = 0; i < 3; i++) expect(await c.take("a")).toBe(0);
    const wait = await c.take("a");
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await c.waitMs("a")).toBeGreaterThan(55_000);
    expect(await c.waitMs("b")).toBe(0); // other keys are their own
    await c.refund("a"); // a refused take counted nothing, so one refund frees one attempt
    expect(await c.waitMs("a")).toBe(0);
    expect(await c.take("a")).toBe(0);
    expect(await c.take("a")).toBeGreaterThan(0);
    await c.forget("a");
    expect(await c.waitMs("a")).toBe(0);
  });

  it("a refund of nothing counted does not go below zero", async () => {
    const c = make({ ...LIMIT, name: "refund" });
    await c.refund("x");
    await c.refund("x");
    for (let i = 0; i < 3; i++) expect(await c.take("x")).toBe(0);
    expect(await c.take("x")).toBeGreaterThan(0);
  });
}

describe("in memory", () => {
  rules((limit) => memoryAttemptCounter(limit));

  it("opens again when the window has passed", async () => {
    let now = 1_000_000;
    const c = memoryAttemptCounter({ ...LIMIT, windowMs: 1000 }, () => now);
    for (let i = 0; i < 3; i++) await c.take("a");
    expect(await c.waitMs("a")).toBe(1000);
    now += 1000;
    expect(await c.waitMs("a")).toBe(0);
  });
});

describe("in Redis", () => {
  let redis: TestRedis;
  const clients: Redis[] = [];
  const client = async () => {
    const c = openRedis(redis.url, { role: "test", queueWhileDown: false });
    clients.push(c);
    expect(await readyWithin(c, 3000)).toBe(true);
    return c;
  };
  let first: Redis;
  beforeAll(async () => {
    redis = await startTestRedis();
    first = await client();
  }, 20_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis?.cleanup();
  });

  rules((limit) => redisAttemptCounter(first, { ...limit, name: `${limit.name}-${Math.random()}` }, { salt: SALT }));

  it("two replicas share one count, and parallel takes on both never pass the limit", async () => {
    const limit = { ...LIMIT, name: "shared", max: 5 };
    const a = redisAttemptCounter(first, limit, { salt: SALT });
    const b = redisAttemptCounter(await client(), limit, { salt: SALT });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take("guesser")));
    expect(results.filter((w) => w === 0)).toHaveLength(5);
    expect(await a.waitMs("guesser")).toBeGreaterThan(0);
    expect(await b.waitMs("guesser")).toBeGreaterThan(0);
    await b.forget("guesser"); // a right password on one replica clears it for all
    expect(await a.waitMs("guesser")).toBe(0);
  });

  it("keeps a salted digest of the key in Redis, never the IP or name, and lets it expire with the window", async () => {
    const c = redisAttemptCounter(first, { ...LIMIT, name: "privacy", windowMs: 5000 }, { salt: SALT });
    await c.take("10.1.2.3\0chief");
    const keys = await first.keys("kjzs:attempts:privacy:*");
    expect(keys).toEqual([attemptKey("privacy", SALT, "10.1.2.3\0chief")]);
    expect(keys[0]).not.toContain("10.1.2.3");
    expect(keys[0]).not.toBe(attemptKey("privacy", "another-salt", "10.1.2.3\0chief"));
    const ttl = await first.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it("a full count that lost its expiry (an operator's PERSIST) still ends with the window", async () => {
    const c = redisAttemptCounter(first, { ...LIMIT, name: "persist", windowMs: 4000 }, { salt: SALT });
    for (let i = 0; i < 3; i++) await c.take("k");
    const key = attemptKey("persist", SALT, "k");
    await first.persist(key);
    const wait = await c.waitMs("k");
    expect(wait).toBeGreaterThan(3000);
    expect(wait).toBeLessThanOrEqual(4000);
    expect(await first.pttl(key)).toBeGreaterThan(0);
  });

  it("a command Redis refuses while connected falls back to this replica's counts, with one warning", async () => {
    const warned: string[] = [];
    const logger = { info: () => undefined, debug: () => undefined, error: () => undefined, warn: (_o: object | string, m?: string) => void warned.push(m ?? "") };
    const c = redisAttemptCounter(first, { ...LIMIT, name: "refused" }, { salt: SALT, logger });
    await first.set(attemptKey("refused", SALT, "k"), "not a number"); // INCR fails on it
    for (let i = 0; i < 3; i++) expect(await c.take("k")).toBe(0);
    expect(await c.take("k")).toBeGreaterThan(0); // still limited
    expect(warned).toEqual([expect.stringContaining("counting on this replica only")]);
  });

  it("while Redis is away a replica still limits with its own counts; shared counts apply again after", async () => {
    const limit = { ...LIMIT, name: "outage" };
    const own = await client();
    const c = redisAttemptCounter(own, limit, { salt: SALT });
    expect(await c.take("k")).toBe(0); // shared: 1
    await redis.stop();
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3; i++) expect(await c.take("k")).toBe(0); // local: 1..3
    expect(await c.take("k")).toBeGreaterThan(0); // still limited, never open
    await redis.start();
    expect(await readyWithin(own, 5000)).toBe(true);
    // The Redis count is back in charge (this test Redis keeps no data across a restart: it starts empty).
    expect(await c.waitMs("k")).toBe(0);
    for (let i = 0; i < 3; i++) expect(await c.take("k")).toBe(0);
    expect(await c.take("k")).toBeGreaterThan(0);
  }, 20_000);
});
