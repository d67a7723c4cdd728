// A local OpenAI-compatible chat server for tests: real HTTP on loopback, non-streaming and SSE streaming.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeBehaviour {
  reply: string;
  delayMs?: number;
  status?: number;
}

export interface FakeOpenAi {
  url: string; // base URL including /v1
  requests: { path: string; body: { stream?: boolean; messages: { role: string; content: string }[] } }[];
  behaviour: FakeBehaviour;
  close(): Promise<void>;
}

export async function startFakeOpenAi(initial: FakeBehaviour): Promise<FakeOpenAi> {
  const state: FakeOpenAi = { url: "", requests: [], behaviour: initial, close: async () => {} };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as FakeOpenAi["requests"][number]["body"];
      state.requests.push({ path: req.url ?? "", body });
      const b = state.behaviour;
      const respond = () => {
        if (req.url !== "/v1/chat/completions") {
          res.writeHead(404).end();
          return;
        }
        if (b.status && b.status !== 200) {
          res.writeHead(b.status, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "upstream failure", type: "server_error" } }));
          return;
        }
        const base = { id: "chatcmpl-fake", created: 1, model: "fake-model" };
        if (body.stream) {
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
          const pieces = b.reply.match(/.{1,6}/gsu) ?? [];
          for (const p of pieces) {
            res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: p }, finish_reason: null }] })}\n\n`);
          }
          res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
          res.end("data: [DONE]\n\n");
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({
          ...base,
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: b.reply }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }));
      };
      if (b.delayMs) setTimeout(respond, b.delayMs);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
