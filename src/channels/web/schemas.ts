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
  if (typeof body.question === "string") {
    if (!isCleanText(body.question)) throw new ApiError("invalid_request", "question 含有控制字符或无效字符。");
    body.question = body.question.trim();
  }
}

// C0 controls other than tab/newline/CR, DEL, and unpaired UTF-16 surrogates (from "\ud800" escapes).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the text has no control characters and no broken surrogates. */
export function isCleanText(s: string): boolean {
  return !CONTROL.test(s) && !LONE_SURROGATE.test(s);
}
