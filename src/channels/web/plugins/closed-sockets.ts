// A request whose socket reset before it was handled has no client address and nobody to answer.
// Stop it at the first hook: counted, logged once (then every 1,000th), never a stack trace per request.
import type { FastifyInstance } from "fastify";

export interface SocketCounters {
  /** Requests dropped because their connection was gone before handling. */
  closedBeforeHandling: number;
}

const LOG_EVERY = 1000;

export function registerClosedSockets(app: FastifyInstance, counters: SocketCounters): void {
  app.addHook("onRequest", (req, reply, done) => {
    if (req.raw.socket?.remoteAddress && !req.raw.socket.destroyed) return done();
    counters.closedBeforeHandling++;
    if (counters.closedBeforeHandling % LOG_EVERY === 1) {
      req.log.info({ closedBeforeHandling: counters.closedBeforeHandling }, "connection closed before its request was handled (counted, logged once per 1000)");
    }
    reply.hijack(); // nothing is written: there is no one to write to
    req.raw.socket?.destroy();
    done();
  });
}
