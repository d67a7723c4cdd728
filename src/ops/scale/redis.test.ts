// The Redis connection helper logs one warning per outage, not one per reconnect attempt, and the recovery once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestRedis, type TestRedis } from "../testing/redis-server.js";
import { openRedis, readyWithin } from "./redis.js";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.cleanup();
});

it("warns once per spell of Redis being unreachable, and says when it is back", async () => {
  const lines: { level: string; msg: string }[] = [];
  const log = (level: string) => (_obj: object | string, msg?: string) => lines.push({ level, msg: msg ?? "" });
  const logger = { info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") };
  const client = openRedis(redis.url, { role: "test", logger, queueWhileDown: false });
  try {
    expect(await readyWithin(client, 2000)).toBe(true);
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1500)); // several reconnect attempts
    await expect(client.ping()).rejects.toThrow(); // fails at once, no queue
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(1);
    await redis.start();
    expect(await readyWithin(client, 5000)).toBe(true);
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ level: "info", msg: expect.stringContaining("reachable again") });
  } finally {
    client.disconnect();
  }
}, 20_000);
