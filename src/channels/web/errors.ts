// The one place that turns errors into HTTP responses: typed codes map to a status, every body is
// {"error":{"code","message"}}, and a 5xx body never carries internals (details go to the log only).
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/** Stable, machine-readable error codes of the web API. */
export type ApiErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "origin_not_allowed"
  | "not_found"
  | "not_acceptable"
  | "conflict"
  | "request_timeout"
  | "timeout"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "internal"
  | "unavailable";

export const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  timeout: 504,
};

/** What a client sees for each 5xx: fixed wording so nothing internal can leak. */
const PUBLIC_5XX: Partial<Record<ApiErrorCode, string>> = {
  internal: "服务内部错误，请稍后再试。",
  unavailable: "服务暂时不可用，请稍后再试。",
  timeout: "回答超时，请稍后再试。",
};

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

/** Throw this from routes and hooks; the error handler renders it. */
export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ApiError";
    this.statusCode = STATUS_BY_CODE[code];
  }
}

/** Fastify's own error codes that deserve a specific API code. */
const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid_request",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_request",
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_request",
};

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  406: "not_acceptable",
  409: "conflict",
  408: "request_timeout",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "unavailable",
};

const FRIENDLY_4XX: Partial<Record<ApiErrorCode, string>> = {
  payload_too_large: "请求体过大。",
  unsupported_media_type: "请求须为 JSON（Content-Type: application/json）。",
  rate_limited: "请求过于频繁，请稍后再试。",
  not_found: "未找到该地址。",
};

/** Normalise anything thrown into a status and a safe public body. */
export function toApiError(err: unknown): { status: number; body: ApiErrorBody; internal: boolean } {
  if (err instanceof ApiError) {
    const internal = err.statusCode >= 500;
    const message = internal ? (PUBLIC_5XX[err.code] ?? PUBLIC_5XX.internal!) : err.message;
    return { status: err.statusCode, body: { error: { code: err.code, message } }, internal };
  }
  const e = (err ?? {}) as Partial<FastifyError> & { validation?: unknown };
  if (e.validation) {
    return {
      status: 400,
      body: { error: { code: "invalid_request", message: validationMessage(e) } },
      internal: false,
    };
  }
  const status = typeof e.statusCode === "number" ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const mapped = (e.code && FASTIFY_CODES[e.code]) || CODE_BY_STATUS[status];
    const code = mapped ?? "invalid_request";
    const message = FRIENDLY_4XX[code] ?? (e.code === "FST_ERR_CTP_INVALID_JSON_BODY" ? "请求体不是合法的 JSON。" : "请求无效。");
    // Keep the original status when no code maps to it (405, 409…), so the status stays truthful.
    return { status: mapped ? STATUS_BY_CODE[mapped] : status, body: { error: { code, message } }, internal: false };
  }
  const code: ApiErrorCode = status === 503 ? "unavailable" : status === 504 ? "timeout" : "internal";
  return { status: STATUS_BY_CODE[code], body: { error: { code, message: PUBLIC_5XX[code]! } }, internal: true };
}

/** Turn an ajv validation error into a sentence a caller can act on. */
function validationMessage(e: Partial<FastifyError>): string {
  const first = e.validation?.[0];
  if (!first) return "请求参数无效。";
  const field = (first.instancePath || "").replace(/^\//, "").replace(/\//g, ".");
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  if (missing) return `缺少必填字段 ${missing}。`;
  if (field === "question") return "question 须为 1–1000 个字符的文本（去除首尾空白后）。";
  if (field === "sessionId") return "sessionId 须为 1–128 位字母、数字、点、下划线、冒号或连字符。";
  if (!field) return "请求体须为 JSON 对象。";
  return `字段 ${field} 无效：${first.message ?? "格式不符"}。`;
}

/** Fastify error handler: log 5xx with details, answer with the public body only. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, internal } = toApiError(err);
  if (internal) request.log.error({ err: serializeError(err), url: request.url }, "request failed");
  else request.log.debug({ code: body.error.code, url: request.url }, "request rejected");
  // Rate-limit and similar plugins set headers (Retry-After) that must survive.
  void reply.code(status).type("application/json; charset=utf-8").send(body);
}

/** Unknown route → the same error shape as everything else. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).type("application/json; charset=utf-8").send({
    error: { code: "not_found", message: `未找到 ${request.method} ${request.url.split("?")[0]}。` },
  } satisfies ApiErrorBody);
}

/** Plain-object view of an error for structured logs (Error fields are non-enumerable). */
export function serializeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return {
      name: err.name,
      message: err.message,
      code: (err as { code?: unknown }).code,
      stack: err.stack,
      cause: err.cause === undefined ? undefined : serializeError(err.cause),
    };
  }
  return { value: String(err) };
}
