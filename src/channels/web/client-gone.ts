// An AbortSignal that fires when the HTTP client disconnects before we answered.
import type { FastifyReply } from "fastify";

export function clientGoneSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
