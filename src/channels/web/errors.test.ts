import { describe, expect, it } from "vitest";
import { ApiError, toApiError } from "./errors.js";

describe("toApiError", () => {
  it("maps typed codes to their status", () => {
    expect(toApiError(new ApiError("rate_limited", "慢一点")).status).toBe(429);
    expect(toApiError(new ApiError("origin_not_allowed", "x")).status).toBe(403);
    expect(toApiError(new ApiError("timeout", "took 9000 ms")).status).toBe(504);
  });

  it("never exposes a 5xx message, even from an ApiError", () => {
    const { status, body, internal } = toApiError(new ApiError("unavailable", "redis at 10.0.0.5 refused"));
    expect(status).toBe(503);
    expect(internal).toBe(true);
    expect(body.error.message).not.toContain("10.0.0.5");
  });

  it("treats unknown throwables as 500 internal", () => {
    expect(toApiError(new TypeError("x is undefined")).body).toEqual({ error: { code: "internal", message: "服务内部错误，请稍后再试。" } });
    expect(toApiError("boom").status).toBe(500);
    expect(toApiError(undefined).status).toBe(500);
  });

  it("maps plugin errors by status (rate limit) and fastify codes (body size)", () => {
    expect(toApiError({ statusCode: 429, message: "Rate limit exceeded, retry in 1 minute" }).body.error.code).toBe("rate_limited");
    expect(toApiError({ statusCode: 413, code: "FST_ERR_CTP_BODY_TOO_LARGE" }).status).toBe(413);
    // An unmapped 4xx keeps its status.
    expect(toApiError({ statusCode: 405, message: "x" }).status).toBe(405);
  });

  it("explains validation failures by field", () => {
    const err = { statusCode: 400, validation: [{ instancePath: "/question", message: "must NOT have more than 1000 characters", params: {} }] };
    expect(toApiError(err).body.error.message).toMatch(/question/);
    const missing = { statusCode: 400, validation: [{ instancePath: "", message: "x", params: { missingProperty: "question" } }] };
    expect(toApiError(missing).body.error.message).toBe("缺少必填字段 question。");
  });
});
