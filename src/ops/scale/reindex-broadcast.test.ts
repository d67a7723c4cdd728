// The reindex broadcast on a real redis-server: live messages, and catching up on one missed — a subscription
// cut when it was sent, a publish refused while Redis was away, a replica that only reads the kept message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { startTestRedis, type TestRedis } from "../testing/redis-server.js";
import { missed, REINDEX_CHANNEL, REINDEX_LATEST_KEY, startReindexBroadcast, type ReindexBroadcast, type ReindexMessage } from "./reindex-broadcast.js";

const waitUntil = async (ok: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return ok();
};

describe("missed", () => {
  const served = { corpusHash: "h1", builtAt: "2026-12-03T10:00:00.000Z" };
  it("is another replica's message for a newer index than the one served", () => {
    expect(missed({ corpusHash: "h2", builtAt: "2026-12-03T10:05:00.000Z", origin: "a" }, served, "b")).toBe(true);
    expect(missed({ corpusHash: "h2", builtAt: "2026-12-03T10:05:00.000Z", origin: "b" }, served, "b")).toBe(false); // its own
    expect(missed({ corpusHash: "h1", builtAt: "2026-12-03T10:05:00.000Z", origin: "a" }, served, "b")).toBe(false); // serving it
    // An older index (yesterday's message, the replica built from today's files at start): nothing to catch up.
    expect(missed({ corpusHash: "h0", builtAt: "2026-12-02T10:00:00.000Z", origin: "a" }, served, "b")).toBe(false);
  });
});

describe("on Redis", () => {
  let redis: TestRedis;
  let raw: Redis;
  const open: ReindexBroadcast[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  }, 20_000);
  beforeEach(async () => {
    for (const b of open.splice(0)) await b.close();
    raw?.disconnect();
    raw = new Redis(redis.url, { retryStrategy: () => 100 });
    await raw.del(REINDEX_LATEST_KEY);
  });
  afterAll(async () => {
    for (const b of open) await b.close();
    raw?.disconnect();
    await redis?.cleanup();
  });

  /** A replica's broadcast, recording what it is told, serving `served` (changed by the test). */
  const replica = async (served = { corpusHash: "h1", builtAt: "2026-06-01T00:00:00.000Z" }, catchUpMs = 0) => {
    const told: ReindexMessage[] = [];
    const state = { served };
    const b = await startReindexBroadcast({ url: redis.url, onRemote: (m) => told.push(m), served: () => state.served, catchUpMs, readyMs: 3000 });
    open.push(b);
    return { b, told, state };
  };
  const message = (corpusHash: string, origin = "elsewhere"): ReindexMessage => ({ corpusHash, builtAt: new Date().toISOString(), origin });

  it("tells the others, not itself, and keeps the message for later", async () => {
    const a = await replica();
    const b = await replica();
    await a.b.publish({ corpusHash: "h2", builtAt: new Date().toISOString() });
    expect(await waitUntil(() => b.told.length === 1, 2000)).toBe(true);
    expect(b.told[0]).toMatchObject({ corpusHash: "h2", origin: a.b.replicaId });
    expect(a.told).toEqual([]);
    expect(JSON.parse((await raw.get(REINDEX_LATEST_KEY))!)).toEqual(b.told[0]);
  });

  it("a message older than the one kept is neither kept nor sent (a resend that waited out an outage)", async () => {
    const a = await replica();
    const b = await replica();
    const newer = JSON.stringify({ ...message("h9"), builtAt: "2099-01-01T00:00:00.000Z" });
    await raw.set(REINDEX_LATEST_KEY, newer);
    await a.b.publish({ corpusHash: "h2", builtAt: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 300));
    expect(b.told.map((m) => m.corpusHash)).not.toContain("h2"); // (the kept h9 is one B missed: it may ask for it)
    expect(await raw.get(REINDEX_LATEST_KEY)).toBe(newer);
  });

  it("a replica whose subscription was cut when a reindex was sent catches up once it is subscribed again", async () => {
    const b = await replica();
    await raw.client("KILL", "TYPE", "pubsub"); // its subscription drops; it reconnects a moment later
    const msg = message("h2");
    const json = JSON.stringify(msg);
    const [, receivers] = (await raw.multi().set(REINDEX_LATEST_KEY, json).publish(REINDEX_CHANNEL, json).exec())!;
    expect(receivers![1]).toBe(0); // nobody heard it live
    expect(await waitUntil(() => b.told.length > 0, 3000)).toBe(true);
    expect(b.told).toEqual([msg]);
  });

  it("a reindex published while Redis is away is sent when it is back, and heard once", async () => {
    const a = await replica();
    const b = await replica();
    await redis.stop();
    try {
      await a.b.publish({ corpusHash: "h3", builtAt: new Date().toISOString() }); // refused at once, kept
    } finally {
      await redis.start();
    }
    expect(await waitUntil(() => b.told.length > 0, 6000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500)); // live message and catch-up both had their chance
    expect(b.told).toHaveLength(1);
    expect(b.told[0]).toMatchObject({ corpusHash: "h3", origin: a.b.replicaId });
  }, 20_000);

  it("the periodic check finds a missed message; not one for the index served, an older one, or one handed on already", async () => {
    const b = await replica(undefined, 150);
    await raw.set(REINDEX_LATEST_KEY, JSON.stringify({ ...message("h1") })); // the index it serves
    await new Promise((r) => setTimeout(r, 400));
    await raw.set(REINDEX_LATEST_KEY, JSON.stringify({ ...message("h0"), builtAt: "2026-01-01T00:00:00.000Z" })); // older
    await new Promise((r) => setTimeout(r, 400));
    expect(b.told).toEqual([]);
    const msg = message("h4");
    await raw.set(REINDEX_LATEST_KEY, JSON.stringify(msg));
    expect(await waitUntil(() => b.told.length > 0, 2000)).toBe(true);
    // Still serving h1 while its reindex runs: later checks do not ask again for the same message.
    await new Promise((r) => setTimeout(r, 500));
    expect(b.told).toEqual([msg]);
  });

  it("a closed broadcast asks for nothing more", async () => {
    const b = await replica(undefined, 100);
    await b.b.close();
    await raw.set(REINDEX_LATEST_KEY, JSON.stringify(message("h5")));
    await new Promise((r) => setTimeout(r, 400));
    expect(b.told).toEqual([]);
  });
});
