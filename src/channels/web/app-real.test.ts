// Route tests against the real wiring (offline embedder, built into a temp DATA_DIR).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { AnswerResult, Assistant } from "../../core/types.js";
import { makeAssistant } from "../../wiring.js";
import { buildApp } from "./app.js";
import { parseSse } from "./widget/sse-parser.js";

let dataDir: string;
let assistant: Assistant;
let app: FastifyInstance;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "web-real-"));
  const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dataDir });
  assistant = await makeAssistant(config);
  app = await buildApp({ assistant, config });
});

afterAll(async () => {
  await app?.close();
  await assistant?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (url: string, payload: object) => app.inject({ method: "POST", url, payload });

/** Everything but the per-conversation ids, which differ between fresh sessions. */
function comparable(r: AnswerResult) {
  const { sessionId: _s, messageId: _m, ...rest } = r;
  return rest;
}

describe("web API on the real assistant", () => {
  const question = "我们是科技型中小企业，银行贷款利息能补贴吗？";

  it("/api/ask names 科技金融计划 and cites the plan", async () => {
    const res = await post("/api/ask", { question });
    expect(res.statusCode).toBe(200);
    const body = res.json() as AnswerResult;
    expect(body.refused).toBe(false);
    expect(body.topics.map((t) => t.id)).toContain(14);
    expect(body.answer).toContain("科技金融计划");
    expect(body.citations.length).toBeGreaterThan(0);
    for (const c of body.citations) expect(c.source).toMatch(/^corpus\/.+:\d+-\d+$/);
  });

  it("/api/chat streams deltas whose done payload equals /api/ask's", async () => {
    const res = await post("/api/chat", { question });
    expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
    const events = parseSse(res.body);
    const deltas = events.filter((e) => e.event === "delta");
    expect(deltas.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.event === "done")).toHaveLength(1);
    expect(events.at(-1)?.event).toBe("done");
    const done = JSON.parse(events.at(-1)!.data) as AnswerResult;
    expect(deltas.map((e) => (JSON.parse(e.data) as { text: string }).text).join("")).toBe(done.answer);

    const viaAsk = (await post("/api/ask", { question })).json() as AnswerResult;
    expect(done.sessionId).not.toBe(viaAsk.sessionId);
    expect(comparable(done)).toEqual(comparable(viaAsk));
  });

  it("keeps the conversation across calls", async () => {
    const first = (await post("/api/ask", { question })).json() as AnswerResult;
    const second = (await post("/api/ask", { question: "那它属于哪个专项？", sessionId: first.sessionId })).json() as AnswerResult;
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.answer).toContain("科技成果转化专项");
  });

  it("/api/topics lists all 19 专题 and /healthz the index", async () => {
    const { topics } = (await app.inject("/api/topics")).json() as { topics: { id: number }[] };
    expect(topics.map((t) => t.id)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    const health = (await app.inject("/healthz")).json() as { status: string; index: { chunks: number; corpusHash: string } };
    expect(health.status).toBe("ok");
    expect(health.index.chunks).toBeGreaterThan(19);
    expect(health.index.corpusHash).toMatch(/^[0-9a-f]{16,}$/);
  });
});
