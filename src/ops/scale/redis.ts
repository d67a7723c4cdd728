// One place that opens Redis connections (ioredis) for the replica features: the shared rate limit and the
// reindex broadcast. Short timeouts so a Redis outage costs a request little, and one warning per outage
// ("spell") instead of one per reconnect attempt; the recovery is logged once too.
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../../core/types.js";

/** Key prefix of everything this project writes to Redis. */
export const REDIS_PREFIX = "kjzs:";

export interface RedisClientOptions {
  /** What this connection is for, in the log lines ("rate limit", "reindex broadcast"). */
  role: string;
  logger?: Logger;
  /**
   * Commands while disconnected: false (the rate limit) fails them at once, so a request is not held up;
   * true (pub/sub) queues them until the connection is back.
   */
  queueWhileDown: boolean;
}

export function openRedis(url: string, { role, logger, queueWhileDown }: RedisClientOptions): Redis {
  const options: RedisOptions = {
    // As @fastify/rate-limit's README recommends: the defaults (10 s connect, 20 retries per command) would
    // hold a request for seconds while Redis is away.
    connectTimeout: 500,
    maxRetriesPerRequest: queueWhileDown ? null : 1,
    enableOfflineQueue: queueWhileDown,
    // A Redis that stops answering without closing the connection (a dropped route) would otherwise hold
    // each command until TCP gives up; the callers then go on as if Redis were away.
    ...(!queueWhileDown && { commandTimeout: 500 }),
    // Reconnect quickly at first, then every 2 s at most, for ever.
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
  const client = new Redis(url, options);
  let down = false;
  let everReady = false;
  client.on("error", (err: unknown) => {
    if (down) return;
    down = true;
    logger?.warn({ err: String(err), role }, `Redis unreachable (${role}); retrying in the background`);
  });
  client.on("close", () => {
    if (!everReady || down) return;
    down = true;
    logger?.warn({ role }, `Redis connection lost (${role}); retrying in the background`);
  });
  client.on("ready", () => {
    if (down && everReady) logger?.info({ role }, `Redis reachable again (${role})`);
    else if (down) logger?.info({ role }, `Redis reachable (${role})`);
    down = false;
    everReady = true;
  });
  return client;
}

/** Resolves once the client is ready, or after `ms` without it (false): a replica starts even while Redis is away. */
export function readyWithin(client: Redis, ms: number): Promise<boolean> {
  if (client.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off("ready", onReady);
      resolve(false);
    }, ms);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once("ready", onReady);
  });
}
