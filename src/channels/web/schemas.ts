// JSON schemas of the HTTP contract (validated by fastify's ajv before a handler runs).
import type { FastifyRequest } from "fastify";
import { ApiError } from "./errors.js";

export const QUESTION_MAX = 1000;

export interface AskBody {
  question: string;
  sessionId?: string;
}

export const askBodySchema = {
  type: "object",
  required: ["question"],
  properties: {
    question: { type: "string", minLength: 1, maxLength: QUESTION_MAX },
    sessionId: { type: "string", pattern: "^[A-Za-z0-9._:-]{1,128}$" },
  },
} as const;

/**
 * preValidation hook: trim the question so that "   " fails minLength and length counts real text,
 * and refuse non-string fields that ajv's type coercion would otherwise turn into strings (42 → "42").
 */
export async function trimQuestion(req: FastifyRequest): Promise<void> {
  const body = req.body as { question?: unknown; sessionId?: unknown } | null | undefined;
  if (!body || typeof body !== "object" || Array.isArray(body)) return; // the schema reports it
  if (body.question !== undefined && typeof body.question !== "string") {
    throw new ApiError("invalid_request", "question 须为字符串。");
  }
  if (body.sessionId !== undefined && typeof body.sessionId !== "string") {
    throw new ApiError("invalid_request", "sessionId 须为字符串。");
  }
  if (typeof body.question === "string") body.question = body.question.trim();
}
