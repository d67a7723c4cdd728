// Closes the web app without cutting off answers in progress. Fastify stops accepting connections and
// drops the idle ones, but a keep-alive connection whose answer finishes later would stay open until
// its keep-alive timeout; sweeping idle connections while we wait closes each one as soon as it is done.
import type { FastifyInstance } from "fastify";

export async function closeGracefully(app: FastifyInstance, sweepMs = 50): Promise<void> {
  const sweeper = setInterval(() => app.server.closeIdleConnections(), sweepMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweeper);
  }
}
