// Per-IP request budget on the API and admin routes (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS). Over
// budget → 429 in the API's JSON error shape, with Retry-After. Health probes and static files are exempt.
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import type { Config } from "../../../config.js";
import { ApiError } from "../errors.js";

const LIMITED = /^\/(api|admin)\//;

export async function registerRateLimit(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    allowList: (req) => !LIMITED.test(req.url),
    // Bound memory: the LRU forgets the least recent IPs beyond this many.
    cache: 50_000,
    errorResponseBuilder: (_req, ctx) => new ApiError("rate_limited", `请求过于频繁，请在 ${ctx.after} 后再试。`),
  });
}
