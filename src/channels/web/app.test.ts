import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { AnswerResult } from "../../core/types.js";
import { buildApp } from "./app.js";
import { makeFakeAssistant, type FakeOptions } from "./testing/fake-assistant.js";
import { parseSse } from "./widget/sse-parser.js";

const PARTNER = "http://partner.example.test";
let app: FastifyInstance | undefined;

async function setup(fake: FakeOptions = {}, env: Record<string, string> = {}) {
  const assistant = makeFakeAssistant(fake);
  const config = loadConfig({ LOG_LEVEL: "silent", WIDGET_ORIGINS: PARTNER, ...env });
  app = await buildApp({ assistant, config });
  return { app, assistant };
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const ask = (a: FastifyInstance, payload: unknown, url = "/api/ask") =>
  a.inject({ method: "POST", url, payload: payload as object });

function expectAnswerResult(body: AnswerResult) {
  expect(typeof body.answer).toBe("string");
  expect(typeof body.refused).toBe("boolean");
  expect(Array.isArray(body.topics)).toBe(true);
  for (const t of body.topics) {
    expect(t).toEqual({ id: expect.any(Number), name: expect.any(String), program: expect.any(String), score: expect.any(Number) });
  }
  expect(Array.isArray(body.citations)).toBe(true);
  for (const c of body.citations) {
    expect(c).toEqual({ id: expect.any(String), title: expect.any(String), label: expect.any(String), source: expect.any(String), quote: expect.any(String) });
  }
  if (body.verdict !== undefined) expect(["eligible", "ineligible", "uncertain"]).toContain(body.verdict);
  if (body.followUp !== undefined) expect(typeof body.followUp).toBe("string");
  expect(typeof body.sessionId).toBe("string");
  expect(body.sessionId.length).toBeGreaterThan(0);
}

function expectError(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

describe("POST /api/ask", () => {
  it("returns the AnswerResult contract and issues a session id", async () => {
    const { app, assistant } = await setup();
    const res = await ask(app, { question: "科技贷款能贴息吗？" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const body = res.json() as AnswerResult;
    expectAnswerResult(body);
    expect(body.topics[0]?.name).toBe("科技金融计划");
    expect(assistant.calls[0]?.input).toEqual({ question: "科技贷款能贴息吗？", sessionId: expect.stringMatching(/^web:/) });
    expect(assistant.calls[0]?.opts?.channel).toBe("web");
  });

  it("keeps the session across two calls", async () => {
    const { app, assistant } = await setup();
    const first = (await ask(app, { question: "科技贷款能贴息吗？" })).json() as AnswerResult;
    const second = (await ask(app, { question: "那它归哪个专项？", sessionId: first.sessionId })).json() as AnswerResult;
    expect(second.sessionId).toBe(first.sessionId);
    expect(assistant.calls[1]?.input.sessionId).toBe(assistant.calls[0]?.input.sessionId);
    expect(second.answer).toMatch(/^第2轮/);
  });

  it("trims the question and accepts exactly 1000 characters", async () => {
    const { app, assistant } = await setup();
    expect((await ask(app, { question: "  \n 科技贷款能贴息吗？\t " })).statusCode).toBe(200);
    expect(assistant.calls[0]?.input.question).toBe("科技贷款能贴息吗？");
    expect((await ask(app, { question: " " + "问".repeat(1000) + " " })).statusCode).toBe(200);
  });

  it.each([
    ["missing question", {}],
    ["empty question", { question: "" }],
    ["blank question", { question: "   \n\t " }],
    ["1001 characters", { question: "问".repeat(1001) }],
    ["non-string question", { question: 42 }],
    ["bad session id", { question: "你好", sessionId: "../../etc/passwd" }],
    ["array body", [{ question: "你好" }]],
  ])("400 for %s", async (_name, payload) => {
    const { app, assistant } = await setup();
    expectError(await ask(app, payload), 400, "invalid_request");
    expect(assistant.calls).toHaveLength(0);
  });

  it("400 for malformed JSON", async () => {
    const { app } = await setup();
    const res = await app.inject({ method: "POST", url: "/api/ask", headers: { "content-type": "application/json" }, payload: '{"question": "你好"' });
    expectError(res, 400, "invalid_request");
  });

  it("413 for a body over 16 KB", async () => {
    const { app, assistant } = await setup();
    const res = await ask(app, { question: "你好", padding: "x".repeat(17 * 1024) });
    expectError(res, 413, "payload_too_large");
    expect(assistant.calls).toHaveLength(0);
  });

  it("415 for a non-JSON body", async () => {
    const { app } = await setup();
    const res = await app.inject({ method: "POST", url: "/api/ask", headers: { "content-type": "text/plain" }, payload: "你好" });
    expectError(res, 415, "unsupported_media_type");
  });

  it("500 carries no internals", async () => {
    const { app } = await setup({ fail: new Error("ENOENT: /srv/secret/index.bin at Hnsw.load") });
    const res = await ask(app, { question: "你好" });
    const err = expectError(res, 500, "internal");
    expect(res.body).not.toMatch(/secret|ENOENT|Hnsw|at /);
    expect(err.message).toBe("服务内部错误，请稍后再试。");
  });

  it("504 when the pipeline exceeds REQUEST_TIMEOUT_MS, and the pipeline is told to stop", async () => {
    const { app, assistant } = await setup({ delayMs: 5_000 }, { REQUEST_TIMEOUT_MS: "1000" });
    const started = Date.now();
    expectError(await ask(app, { question: "你好" }), 504, "timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(assistant.calls[0]?.opts?.signal?.aborted).toBe(true);
  });
});

describe("POST /api/chat (SSE)", () => {
  it("streams deltas then one done equal to /api/ask's answer", async () => {
    const { app } = await setup({ pieces: 4 });
    const res = await ask(app, { question: "科技贷款能贴息吗？" }, "/api/chat");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(res.headers["cache-control"]).toMatch(/no-cache/);
    // Framing: every event is "event: …\ndata: …\n\n".
    expect(res.body).toMatch(/^event: delta\ndata: \{.*\}\n\n/);
    const events = parseSse(res.body);
    const names = events.map((e) => e.event);
    expect(names.filter((n) => n === "delta").length).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => n === "done")).toHaveLength(1);
    expect(names.at(-1)).toBe("done");
    expect(names).not.toContain("error");
    const done = JSON.parse(events.at(-1)!.data) as AnswerResult;
    const streamed = events.filter((e) => e.event === "delta").map((e) => (JSON.parse(e.data) as { text: string }).text).join("");
    expect(streamed).toBe(done.answer);

    const viaAsk = (await ask(app, { question: "科技贷款能贴息吗？" })).json() as AnswerResult;
    const { sessionId: s1, ...restDone } = done;
    const { sessionId: s2, ...restAsk } = viaAsk;
    expect(s1).not.toBe(s2); // fresh sessions each
    expect(restDone).toEqual(restAsk);
  });

  it("continues a session", async () => {
    const { app } = await setup();
    const first = parseSse((await ask(app, { question: "科技贷款能贴息吗？" }, "/api/chat")).body);
    const sid = (JSON.parse(first.at(-1)!.data) as AnswerResult).sessionId;
    const second = parseSse((await ask(app, { question: "那它归哪个专项？", sessionId: sid }, "/api/chat")).body);
    const done = JSON.parse(second.at(-1)!.data) as AnswerResult;
    expect(done.sessionId).toBe(sid);
    expect(done.answer).toMatch(/^第2轮/);
  });

  it("ends with an error event (no internals) when the pipeline fails", async () => {
    const { app } = await setup({ fail: new Error("db password=hunter2") });
    const res = await ask(app, { question: "你好" }, "/api/chat");
    expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
    const events = parseSse(res.body);
    expect(events.map((e) => e.event)).toEqual(["error"]);
    expect(JSON.parse(events[0]!.data)).toEqual({ code: "internal", message: "服务内部错误，请稍后再试。" });
    expect(res.body).not.toContain("hunter2");
  });

  it("rejects bad input with a JSON 400 before streaming", async () => {
    const { app } = await setup();
    expectError(await ask(app, { question: "" }, "/api/chat"), 400, "invalid_request");
  });
});

describe("other routes", () => {
  it("GET /api/topics lists 专题 with programme and summary in id order", async () => {
    const { app } = await setup();
    const res = await app.inject("/api/topics");
    expect(res.statusCode).toBe(200);
    const { topics } = res.json() as { topics: { id: number; name: string; program: string; summary: string }[] };
    expect(topics.map((t) => t.id)).toEqual([1, 9, 14]);
    for (const t of topics) expect(t).toMatchObject({ name: expect.any(String), program: expect.any(String), summary: expect.any(String) });
  });

  it("GET /healthz reports the index", async () => {
    const { app } = await setup();
    const res = await app.inject("/healthz");
    expect(res.json()).toEqual({ status: "ok", checks: {}, index: { chunks: 42, builtAt: "2026-01-01T00:00:00.000Z", corpusHash: "abc123" } });
  });

  it("GET /api/ping is a trivial JSON route", async () => {
    const { app } = await setup();
    expect((await app.inject("/api/ping")).json()).toEqual({ ok: true });
  });

  it("404 with the error shape for unknown routes and methods", async () => {
    const { app } = await setup();
    expectError(await app.inject("/api/nope"), 404, "not_found");
    expectError(await app.inject({ method: "GET", url: "/api/ask" }), 404, "not_found");
    expectError(await app.inject("/assets/missing.css"), 404, "not_found");
  });

  it("serves the widget bundle and its CSS with caching", async () => {
    const { app } = await setup();
    const js = await app.inject("/widget.js");
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(js.body).toContain("/api/chat");
    expect(js.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    const again = await app.inject({ url: "/widget.js", headers: { "if-none-match": String(js.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const css = await app.inject("/widget.css");
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.body).toContain(".launcher");
  });

  it("GET / is a demo page hosting the widget by script tag, with security headers", async () => {
    const { app } = await setup();
    const res = await app.inject("/");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain('<script src="/widget.js" data-title="科技计划政策助手" defer></script>');
    expect(res.body).toContain("专题14 科技金融计划");
    expect(res.body).toContain("科技成果转化专项");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect((await app.inject("/assets/demo.css")).statusCode).toBe(200);
  });
});

describe("CORS and origins", () => {
  it("allows WIDGET_ORIGINS with CORS headers, including the preflight", async () => {
    const { app } = await setup();
    const pre = await app.inject({
      method: "OPTIONS",
      url: "/api/chat",
      headers: { origin: PARTNER, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers["access-control-allow-origin"]).toBe(PARTNER);
    const res = await app.inject({ method: "POST", url: "/api/ask", headers: { origin: PARTNER }, payload: { question: "你好" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(PARTNER);
    const sse = await app.inject({ method: "POST", url: "/api/chat", headers: { origin: PARTNER }, payload: { question: "你好" } });
    expect(sse.headers["access-control-allow-origin"]).toBe(PARTNER);
  });

  it("refuses other origins with 403 and no CORS headers", async () => {
    const { app, assistant } = await setup();
    const res = await app.inject({ method: "POST", url: "/api/ask", headers: { origin: "https://evil.example" }, payload: { question: "你好" } });
    expectError(res, 403, "origin_not_allowed");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    const pre = await app.inject({
      method: "OPTIONS",
      url: "/api/ask",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(pre.headers["access-control-allow-origin"]).toBeUndefined();
    expect(assistant.calls).toHaveLength(0);
  });

  it("always allows the origin serving the widget itself", async () => {
    const { app } = await setup({}, { WIDGET_ORIGINS: "" });
    const res = await app.inject({
      method: "POST",
      url: "/api/ask",
      headers: { origin: "http://assistant.local:3000", host: "assistant.local:3000" },
      payload: { question: "你好" },
    });
    expect(res.statusCode).toBe(200);
  });

  it("rejects a malformed WIDGET_ORIGINS entry at start, naming the variable", async () => {
    await expect(setup({}, { WIDGET_ORIGINS: "partner.example" })).rejects.toThrow(/WIDGET_ORIGINS/);
  });
});
