import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../config.js";
import { buildApp } from "../app.js";
import { makeFakeAssistant, type FakeOptions } from "../testing/fake-assistant.js";
import { parseSse } from "../widget/sse-parser.js";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup(fake: FakeOptions = {}) {
  app = await buildApp({ assistant: makeFakeAssistant(fake), config: loadConfig({ LOG_LEVEL: "silent" }) });
  return app;
}

const LONG = "建议关注**专题14：科技金融计划**，支持科技型中小企业科技信贷融资。".repeat(60);

describe("compression", () => {
  it("compresses JSON answers for clients that accept it", async () => {
    const a = await setup({ text: () => LONG });
    const res = await a.inject({ method: "POST", url: "/api/ask", headers: { "accept-encoding": "gzip" }, payload: { question: "贷款贴息" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
  });

  it("never compresses the /api/chat event stream, even when the client accepts brotli and gzip", async () => {
    const a = await setup({ text: () => LONG, pieces: 8 });
    const res = await a.inject({
      method: "POST",
      url: "/api/chat",
      headers: { "accept-encoding": "br, gzip, deflate", accept: "text/event-stream" },
      payload: { question: "贷款贴息" },
    });
    expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(res.headers["content-encoding"]).toBeUndefined();
    const events = parseSse(res.body);
    expect(events.filter((e) => e.event === "delta")).toHaveLength(8);
    expect(JSON.parse(events.at(-1)!.data).answer).toBe(LONG);
  });

  it("each delta reaches a real client as it is written, not when the stream ends", async () => {
    const a = await setup({ text: () => LONG, pieces: 4, delayMs: 250 });
    const origin = await a.listen({ host: "127.0.0.1", port: 0 });
    const res = await fetch(`${origin}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-encoding": "br, gzip", accept: "text/event-stream" },
      body: JSON.stringify({ question: "贷款贴息" }),
    });
    expect(res.headers.get("content-encoding")).toBeNull();
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const start = Date.now();
    let text = "";
    let firstDeltaAt: number | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      if (firstDeltaAt === undefined && text.includes("event: delta")) firstDeltaAt = Date.now() - start;
    }
    const endedAt = Date.now() - start;
    // Four deltas 250 ms apart: the first must arrive well before the last three have been written.
    expect(firstDeltaAt).toBeDefined();
    expect(endedAt - firstDeltaAt!).toBeGreaterThanOrEqual(600);
    expect(parseSse(text).map((e) => e.event)).toEqual(["delta", "delta", "delta", "delta", "done"]);
  });
});
