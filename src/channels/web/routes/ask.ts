// POST /api/ask — one question in, the pipeline's AnswerResult out; its sessionId is the server-issued web token.
import type { FastifyInstance } from "fastify";
import type { AnswerResult } from "../../../core/types.js";
import { clientGoneSignal } from "../client-gone.js";
import type { WebDeps } from "../deps.js";
import { hashId } from "../../../ops/hash.js";
import { runAnswer } from "../run-answer.js";
import { askBodySchema, trimQuestion, type AskBody } from "../schemas.js";

export function registerAskRoute(app: FastifyInstance, { assistant, config, webSessions }: WebDeps): void {
  app.post<{ Body: AskBody }>(
    "/api/ask",
    { schema: { body: askBodySchema }, preValidation: trimQuestion },
    async (req, reply): Promise<AnswerResult> => {
      const { question, sessionId } = req.body;
      const result = await runAnswer(assistant, { question, sessionId: webSessions.open(sessionId) }, {
        timeoutMs: config.REQUEST_TIMEOUT_MS,
        userHash: hashId(config.HASH_SALT, req.ip),
        clientSignal: clientGoneSignal(reply),
      });
      return { ...result, sessionId: webSessions.tokenFor(result.sessionId) };
    },
  );
}
