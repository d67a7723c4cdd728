// GET /api/origin-check → {"allowed": boolean}: may the page calling (its Origin header) use the API?
// Open to every origin (Access-Control-Allow-Origin: *, see plugins/cors.ts) and it says nothing else,
// so a site missing from WIDGET_ORIGINS learns only that. The widget asks on start: refused, it tells
// the visitor plainly instead of failing every request with "请检查网络". No Origin (not a cross-site
// browser call) counts as allowed, as everywhere else.
import type { FastifyInstance } from "fastify";
import { ORIGIN_CHECK_PATH, type OriginPolicy } from "../plugins/cors.js";

export function registerOriginCheckRoute(app: FastifyInstance, policy: OriginPolicy): void {
  app.get(ORIGIN_CHECK_PATH, async (req, reply) => {
    const allowed = policy.isAllowed(req);
    if (!allowed) policy.reportRefused(req);
    void reply.header("access-control-allow-origin", "*").header("vary", "Origin").header("cache-control", "no-store");
    return { allowed };
  });
}
