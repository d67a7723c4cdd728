// Per-IP request budgets: public API visitors get RATE_LIMIT_MAX per window, authenticated staff on
// /admin their own ADMIN_RATE_LIMIT_MAX (so a busy public never locks staff out, nor the reverse).
// The area comes from the matched route (route-area.ts), so no spelling of the URL escapes it.
// Over budget → 429 in the API's JSON error shape, with Retry-After. Health probes and static files are exempt.
// With REDIS_URL the counts live in Redis, so replicas share one budget per IP; while Redis is unreachable
// requests are served without a limit (skipOnError) and one warning per outage is logged. The same connection
// is returned for the other shared counters (wrong passwords and tokens: attempt-counter.ts).
import type { Redis } from "ioredis";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../../../config.js";
import { ApiError } from "../errors.js";
import { routeArea } from "../route-area.js";
import { openRedis, readyWithin, REDIS_PREFIX } from "../../../ops/scale/redis.js";

/** "请在 33 秒后再试" — the plugin's own `after` is English ("33 seconds"). */
export function retryText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`;
}

// A socket that reset before its request was handled has no address; one shared key keeps the
// limiter from failing on it (the count of such requests is kept by the app's reset counter).
export const clientKey = (req: FastifyRequest): string => req.ip ?? "no-address";

/** Redis key prefix of the shared counters (the key after it is the same as in memory: IP, or admin:IP). */
export const RATE_LIMIT_NAMESPACE = `${REDIS_PREFIX}rl:`;

/** Registers the limiter; returns its Redis connection (with REDIS_URL), closed with the app. */
export async function registerRateLimit(app: FastifyInstance, config: Config): Promise<Redis | undefined> {
  let shared: { redis: ReturnType<typeof openRedis>; nameSpace: string; skipOnError: true } | undefined;
  if (config.REDIS_URL) {
    const redis = openRedis(config.REDIS_URL, { role: "rate limits", logger: app.log, queueWhileDown: false });
    app.addHook("onClose", async () => {
      redis.disconnect();
    });
    // A replica starting while Redis is away still starts (and serves without a limit until it is back).
    await readyWithin(redis, 2000);
    shared = { redis, nameSpace: RATE_LIMIT_NAMESPACE, skipOnError: true };
  }
  await app.register(rateLimit, {
    ...shared,
    global: true,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    allowList: (req) => routeArea(req) === "public",
    keyGenerator: (req) => (routeArea(req) === "admin" ? `admin:${clientKey(req)}` : clientKey(req)),
    max: (req) => (routeArea(req) === "admin" ? config.ADMIN_RATE_LIMIT_MAX : config.RATE_LIMIT_MAX),
    // Bound memory (in-memory store only): the LRU forgets the least recent IPs beyond this many.
    cache: 50_000,
    errorResponseBuilder: (_req, ctx) => new ApiError("rate_limited", `请求过于频繁，请在 ${retryText(ctx.ttl)}后再试。`),
  });
  return shared?.redis;
}
