// GET /api/topics — the plan's 专题 with their 专项 and a one-line summary, in plan order.
import type { FastifyInstance } from "fastify";
import type { TopicSummary } from "../../../core/types.js";
import type { WebDeps } from "../deps.js";

export function registerTopicsRoute(app: FastifyInstance, { assistant }: WebDeps): void {
  app.get("/api/topics", async (_req, reply): Promise<{ topics: TopicSummary[] }> => {
    void reply.header("cache-control", "public, max-age=300");
    return { topics: [...assistant.topics()].sort((a, b) => a.id - b.id) };
  });
}
