// GET /healthz for probes, and GET /api/ping: the cheapest JSON route, the benchmark's baseline.
import type { FastifyInstance } from "fastify";
import type { WebDeps } from "../deps.js";
import { ApiError, serializeError } from "../errors.js";

export function registerHealthRoutes(app: FastifyInstance, { assistant }: WebDeps): void {
  app.get("/healthz", async (req) => {
    try {
      const { chunks, builtAt, corpusHash } = assistant.indexInfo();
      return { status: "ok", index: { chunks, builtAt, corpusHash } };
    } catch (err) {
      req.log.error({ err: serializeError(err) }, "health check failed");
      throw new ApiError("unavailable", "index unavailable", { cause: err });
    }
  });

  app.get("/api/ping", async () => ({ ok: true }));
}
