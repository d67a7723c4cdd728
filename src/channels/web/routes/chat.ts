// POST /api/chat — same body as /api/ask, answered as server-sent events:
//   event: delta  {"text": "..."}   (zero or more, in order)
//   event: done   AnswerResult      (exactly one on success)
//   event: error  {"code","message"} (instead of done on failure; no internals)
import type { FastifyInstance } from "fastify";
import type { WebDeps } from "../deps.js";
import { hashId } from "../../../ops/hash.js";
import { serializeError, toApiError } from "../errors.js";
import { runAnswer } from "../run-answer.js";
import { askBodySchema, trimQuestion, type AskBody } from "../schemas.js";

export function registerChatRoute(app: FastifyInstance, { assistant, config, webSessions }: WebDeps): void {
  app.post<{ Body: AskBody }>(
    "/api/chat",
    // 'manual': stream whatever the Accept header says (fetch() clients often send */*).
    { schema: { body: askBodySchema }, preValidation: trimQuestion, sse: { kind: "manual" } },
    async (req, reply) => {
      const gone = new AbortController();
      reply.sse.onClose(() => gone.abort());
      // The SSE plugin always says keep-alive; a client that asked to close gets its socket closed after
      // `done` instead of held for the keep-alive timeout (~75 s).
      if (/\bclose\b/i.test(req.headers.connection ?? "")) void reply.header("connection", "close");
      reply.sse.sendHeaders(); // commit the stream now: the client sees it open before the first delta

      // Deltas arrive synchronously from the pipeline; chain the writes so they keep their order.
      let writes: Promise<void> = Promise.resolve();
      const emit = (event: string, data: unknown) => {
        writes = writes.then(async () => {
          if (reply.sse.isConnected) await reply.sse.send({ event, data });
        });
        return writes;
      };

      const { question, sessionId } = req.body;
      try {
        const result = await runAnswer(assistant, { question, sessionId: webSessions.open(sessionId) }, {
          timeoutMs: config.REQUEST_TIMEOUT_MS,
          userHash: hashId(config.HASH_SALT, req.ip),
          clientSignal: gone.signal,
          onDelta: (text) => void emit("delta", { text }).catch(() => undefined),
        });
        await emit("done", { ...result, sessionId: webSessions.tokenFor(result.sessionId) });
      } catch (err) {
        if (gone.signal.aborted) return; // nobody left to tell
        const { body, internal } = toApiError(err);
        if (internal) req.log.error({ err: serializeError(err), url: req.url }, "chat stream failed");
        await writes.catch(() => undefined);
        await emit("error", body.error).catch(() => undefined);
      }
    },
  );
}
