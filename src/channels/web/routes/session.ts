// GET /api/session?sessionId=TOKEN — the conversation so far, so a reloaded page resumes it: each turn's question
// and answer as the widget shows them, and the 我的单位 panel as last submitted. Unknown, expired or forged → 404
// (the widget then starts afresh). Turns carry no messageId: a resumed answer is not rated again.
import type { FastifyInstance } from "fastify";
import type { WebDeps } from "../deps.js";
import { ApiError } from "../errors.js";

export function registerSessionRoute(app: FastifyInstance, { assistant, webSessions }: WebDeps): void {
  app.get<{ Querystring: { sessionId?: string } }>(
    "/api/session",
    { schema: { querystring: { type: "object", properties: { sessionId: { type: "string", maxLength: 200 } } } } },
    async (req, reply) => {
      void reply.header("cache-control", "no-store");
      const id = webSessions.find(req.query.sessionId);
      const state = id ? await assistant.sessions.get(id) : undefined;
      if (!state || state.expiresAt < Date.now()) throw new ApiError("not_found", "对话已结束或不存在，请开始新的对话。");
      return {
        sessionId: req.query.sessionId,
        turns: state.history.map((t) => ({
          question: t.shown?.asked ?? t.question, // as the person typed it
          answer: {
            answer: t.answer,
            refused: t.shown?.refused ?? false,
            topics: t.shown?.topics ?? [],
            citations: t.shown?.citations ?? [],
            ...(t.shown?.verdict && { verdict: t.shown.verdict }),
            ...(t.followUp && { followUp: t.followUp }),
          },
        })),
        ...(state.form && { profile: state.form }),
      };
    },
  );
}
