// POST /api/feedback — thumbs up/down on one answer, identified by AnswerResult.messageId.
//   {messageId, rating: "up"|"down", comment?: ≤ 500 chars} → 200 {ok:true}; unknown messageId → 404.
import type { FastifyInstance } from "fastify";
import { COMMENT_MAX, type Rating } from "../../../ops/feedback-store.js";
import type { WebDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import { isCleanText } from "../schemas.js";

interface FeedbackBody {
  messageId: string;
  rating: Rating;
  comment?: string;
}

const feedbackBodySchema = {
  type: "object",
  required: ["messageId", "rating"],
  properties: {
    messageId: { type: "string", pattern: "^[A-Za-z0-9-]{1,64}$" },
    rating: { type: "string", enum: ["up", "down"] },
    comment: { type: "string", maxLength: COMMENT_MAX },
  },
} as const;

/** ajv would coerce 42 → "42"; a non-string field is a client bug worth a precise message. */
async function strictTypes(req: { body: unknown }): Promise<void> {
  const b = req.body as Record<string, unknown> | null;
  if (!b || typeof b !== "object" || Array.isArray(b)) return; // the schema reports it
  for (const f of ["messageId", "rating", "comment"]) {
    if (b[f] !== undefined && typeof b[f] !== "string") throw new ApiError("invalid_request", `${f} 须为字符串。`);
  }
  if (typeof b.comment === "string" && !isCleanText(b.comment)) throw new ApiError("invalid_request", "comment 含有控制字符或无效字符。");
  if (typeof b.comment === "string" && [...b.comment].length > COMMENT_MAX) {
    throw new ApiError("invalid_request", `comment 不能超过 ${COMMENT_MAX} 个字符。`);
  }
}

export function registerFeedbackRoute(app: FastifyInstance, { ops }: WebDeps): void {
  if (!ops) return;
  app.post<{ Body: FeedbackBody }>(
    "/api/feedback",
    { schema: { body: feedbackBodySchema }, preValidation: strictTypes },
    async (req) => {
      const { messageId, rating, comment } = req.body;
      let stored: boolean;
      try {
        stored = await ops.feedback.submit(messageId, rating, comment);
      } catch (err) {
        // A full or read-only disk: say so (503), and let /healthz report it.
        ops.recordStorageFailure("feedback", err);
        throw new ApiError("unavailable", "feedback could not be stored", { cause: err });
      }
      if (!stored) {
        throw new ApiError("not_found", "未找到该回答（messageId 无效或已过期）。");
      }
      return { ok: true };
    },
  );
}
