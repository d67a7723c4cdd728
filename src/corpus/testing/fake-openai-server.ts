// A local OpenAI-compatible /v1/embeddings server on 127.0.0.1 for tests: deterministic vectors
// (character counts hashed into `dims`), records every request, can be told to fail.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeOpenAI {
  baseURL: string;
  requests: { path: string; headers: IncomingHttpHeaders; body: { model: string; input: string | string[]; encoding_format?: string } }[];
  /** When set, every request gets this HTTP status and an OpenAI-style error body. */
  failWith?: number;
  close(): Promise<void>;
}

export function fakeVector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const ch of text) v[(ch.codePointAt(0) ?? 0) % dims] += 1;
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
}

export async function startFakeOpenAI(dims = 16): Promise<FakeOpenAI> {
  const state: FakeOpenAI = { baseURL: "", requests: [], close: async () => {} };
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || req.url !== "/v1/embeddings") return send(404, { error: { message: "not found" } });
      const body = JSON.parse(raw) as FakeOpenAI["requests"][number]["body"];
      state.requests.push({ path: req.url, headers: req.headers, body });
      if (state.failWith) return send(state.failWith, { error: { message: "fake failure", type: "invalid_request_error" } });
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const data = inputs.map((text, index) => {
        const vec = fakeVector(text, dims);
        const embedding =
          body.encoding_format === "base64" ? Buffer.from(new Float32Array(vec).buffer).toString("base64") : vec;
        return { object: "embedding", index, embedding };
      });
      send(200, { object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
