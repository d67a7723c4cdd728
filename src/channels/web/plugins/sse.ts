// Server-sent events for /api/chat; the heartbeat keeps proxies from closing a slow answer.
import { fastifySSE } from "@fastify/sse";
import type { FastifyInstance } from "fastify";

export async function registerSse(app: FastifyInstance): Promise<void> {
  await app.register(fastifySSE, { heartbeatInterval: 15_000 });
}
