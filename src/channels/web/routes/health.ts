// GET /healthz for probes, and GET /api/ping: the cheapest JSON route, the benchmark's baseline.
// /healthz answers 200 while answers are served, with status "degraded" and the reasons when a part is
// failing (database refusing writes); `?strict=1` turns degraded into 503 for load balancers that only
// read status codes.
import type { FastifyInstance } from "fastify";
import type { WebDeps } from "../deps.js";
import { ApiError, serializeError } from "../errors.js";

const healthQuery = {
  type: "object",
  properties: { strict: { type: "string", enum: ["0", "1", "true", "false"] } },
} as const;

export function registerHealthRoutes(app: FastifyInstance, { assistant, ops }: WebDeps): void {
  app.get<{ Querystring: { strict?: string } }>("/healthz", { schema: { querystring: healthQuery } }, async (req, reply) => {
    let index;
    try {
      const { chunks, builtAt, corpusHash } = assistant.indexInfo();
      index = { chunks, builtAt, corpusHash };
    } catch (err) {
      req.log.error({ err: serializeError(err) }, "health check failed");
      throw new ApiError("unavailable", "index unavailable", { cause: err });
    }
    const checks: Record<string, { ok: boolean }> = ops?.checks() ?? {};
    const degraded = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
    const strict = req.query.strict === "1" || req.query.strict === "true";
    if (degraded.length && strict) void reply.code(503);
    return { status: degraded.length ? "degraded" : "ok", ...(degraded.length && { degraded }), index, checks };
  });

  app.get("/api/ping", async () => ({ ok: true }));
}
