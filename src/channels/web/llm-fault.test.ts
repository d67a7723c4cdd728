// The LLM endpoint slow or down must not cost the user an answer: through HTTP (JSON and SSE) the
// request still answers within its timeout, from the grounded composer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerResult } from "../../core/types.js";
import { startFakeOpenAi, type FakeOpenAi } from "../../core/testing/fake-openai.js";
import { startOpsServer, type OpsServer } from "../../ops/testing/ops-server.js";
import { parseSse } from "./widget/sse-parser.js";

const Q = "科技型中小企业的贷款利息有补助吗";
const REQUEST_TIMEOUT_MS = 3000;
let llm: FakeOpenAi;
let s: OpsServer;

beforeAll(async () => {
  llm = await startFakeOpenAi({ reply: "unused" });
  s = await startOpsServer({ LLM_BASE_URL: llm.url, LLM_TIMEOUT_MS: "400", REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
});
afterAll(async () => {
  await s?.cleanup();
  await llm?.close();
});

async function askTimed(url: "/api/ask" | "/api/chat") {
  const t0 = performance.now();
  const res = await s.app.inject({ method: "POST", url, payload: { question: Q } });
  const ms = performance.now() - t0;
  expect(res.statusCode).toBe(200);
  const result = url === "/api/ask" ? res.json<AnswerResult>() : (JSON.parse(parseSse(res.body).find((e) => e.event === "done")!.data) as AnswerResult);
  return { result, ms };
}

describe("LLM fault tolerance through HTTP", () => {
  it.each([
    ["slow (10 s)", { reply: "太慢了", delayMs: 10_000 }],
    ["down (HTTP 500)", { reply: "", status: 500 }],
  ])("LLM %s → grounded answer within the request timeout, JSON and SSE", async (_name, behaviour) => {
    llm.behaviour = behaviour;
    const before = llm.requests.length;
    for (const url of ["/api/ask", "/api/chat"] as const) {
      const { result, ms } = await askTimed(url);
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS);
      expect(result.refused).toBe(false);
      expect(result.topics[0]?.id).toBe(14);
      expect(result.answer).toContain("科技金融");
      expect(result.answer).not.toContain("太慢了");
      expect(result.messageId).toBeTruthy();
    }
    expect(llm.requests.length).toBeGreaterThan(before); // the LLM really was tried
  });
});
