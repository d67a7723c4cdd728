// Counters of attempts that must not be repeated at will — wrong console passwords, wrong admin tokens — with
// a lockout window. In memory they are per process; with REDIS_URL they live in Redis, so a guesser cannot
// multiply the limit by the number of replicas behind nginx. Each Redis operation is one script, atomic across
// replicas: `take` counts an attempt only while the key is under its limit, so parallel guesses on several
// replicas cannot all pass. While Redis is unreachable the replica falls back to its own in-memory counts (still
// limited, never open), and the shared counts apply again when Redis is back.
import type { Redis } from "ioredis";
import type { Logger } from "../../core/types.js";
import { hashId } from "../hash.js";
import { RateLimiter } from "../rate-limiter.js";
import { REDIS_PREFIX } from "./redis.js";

export interface AttemptCounter {
  /** Counts one attempt for `key` unless it is at its limit; 0 when counted, else milliseconds to wait. */
  take(key: string): Promise<number>;
  /** Milliseconds until `key` may try again (0 = now); counts nothing. */
  waitMs(key: string): Promise<number>;
  /** Gives back one counted attempt (one that turned out right). */
  refund(key: string): Promise<void>;
  /** Forgets `key`'s attempts. */
  forget(key: string): Promise<void>;
}

export interface AttemptLimit {
  /** Names the counter in Redis keys: two counters never share a key. */
  name: string;
  max: number;
  windowMs: number;
}

/** Makes the counters of one process: shared through `redis` when given, else in memory. */
export type AttemptCounters = (limit: AttemptLimit) => AttemptCounter;

export const ATTEMPTS_PREFIX = `${REDIS_PREFIX}attempts:`;

export function memoryAttemptCounter({ max, windowMs }: AttemptLimit, now: () => number = Date.now): AttemptCounter {
  const limiter = new RateLimiter(max, windowMs);
  return {
    async take(key) {
      const t = now();
      // hit counts only while under the limit, like the TAKE script below.
      return limiter.hit(key, t) === "allow" ? 0 : Math.max(1, limiter.retryAfterMs(key, t));
    },
    async waitMs(key) {
      return limiter.retryAfterMs(key, now());
    },
    async refund(key) {
      limiter.refund(key);
    },
    async forget(key) {
      limiter.forget(key);
    },
  };
}

// KEYS[1] the counter, ARGV[1] max, ARGV[2] window ms. A fixed window from the first attempt, as in memory.
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n <= tonumber(ARGV[1]) then return 0 end
redis.call('DECR', KEYS[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); t = tonumber(ARGV[2]) end
return math.max(t, 1)`;
const WAIT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n < tonumber(ARGV[1]) then return 0 end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); t = tonumber(ARGV[2]) end
return math.max(t, 1)`;
const REFUND = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

export interface RedisCounterOptions {
  /** HASH_SALT: keys hold an HMAC of the IP and name, so a key listing gives neither (nor a brute force of IPv4). */
  salt: string;
  logger?: Logger;
}

export const attemptKey = (name: string, salt: string, key: string) => `${ATTEMPTS_PREFIX}${name}:${hashId(salt, key)}`;

export function redisAttemptCounter(
  redis: Redis,
  limit: AttemptLimit,
  { salt, logger }: RedisCounterOptions,
  fallback = memoryAttemptCounter(limit),
): AttemptCounter {
  const { name, max, windowMs } = limit;
  const run = async (script: string, key: string): Promise<number> => Number(await redis.eval(script, 1, attemptKey(name, salt, key), max, windowMs));
  // Redis away (commands fail at once: no offline queue) → this replica's own counts. A failure while the
  // connection is up (read-only replica, out of memory, a refused EVAL) is not an outage redis.ts reports:
  // warn once, until the shared counts work again, since the limit is per replica meanwhile.
  let failing = false;
  const orLocal = async <T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> => {
    if (redis.status !== "ready") return local();
    try {
      const r = await shared();
      failing = false;
      return r;
    } catch (err) {
      if (!failing && redis.status === "ready") {
        logger?.warn({ err: String(err), counter: name }, "attempt counts: Redis refused the command; counting on this replica only until it works");
      }
      failing = true;
      return local();
    }
  };
  return {
    take: (key) => orLocal(() => run(TAKE, key), () => fallback.take(key)),
    waitMs: (key) => orLocal(() => run(WAIT, key), () => fallback.waitMs(key)),
    refund: (key) => orLocal(async () => void (await run(REFUND, key)), () => fallback.refund(key)),
    forget: (key) => orLocal(async () => void (await redis.del(attemptKey(name, salt, key))), () => fallback.forget(key)),
  };
}

export function makeAttemptCounters(redis: Redis | undefined, options: RedisCounterOptions): AttemptCounters {
  return (limit) => (redis ? redisAttemptCounter(redis, limit, options) : memoryAttemptCounter(limit));
}
