// Response compression (brotli or gzip, as the client accepts) for every route: widget.js goes from
// ~100 KB to under 40 KB on the wire. The event stream of /api/chat is never compressed —
// @fastify/compress leaves text/event-stream alone and the SSE plugin writes to the socket itself —
// so each delta reaches the browser as it is written instead of waiting in a compressor's buffer
// (compress.test.ts holds both to that). Request bodies are not decompressed: the API takes small
// JSON, and a gzip body would let a tiny request expand past BODY_LIMIT_BYTES before it is parsed.
import compress from "@fastify/compress";
import type { FastifyInstance } from "fastify";

export async function registerCompress(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    encodings: ["br", "gzip"],
    // Below 1 KB the headers and the compressor's framing cost more than they save.
    threshold: 1024,
  });
}
