// Connection-level behaviour found by an attack, over real sockets: each test failed before its fix.
import net from "node:net";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import type { Logger } from "../../core/types.js";
import { buildApp } from "./app.js";
import { makeFakeAssistant } from "./testing/fake-assistant.js";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listen(env: Record<string, string> = {}, logger?: Logger): Promise<number> {
  const config = loadConfig({ LOG_LEVEL: "info", ...env });
  app = await buildApp({ assistant: makeFakeAssistant(), config, ...(logger && { logger }) });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return (app.server.address() as net.AddressInfo).port;
}

/** Resolves with what the server sent and when the socket closed (ms after connecting), or `open` after `maxMs`. */
function converse(port: number, write: (s: net.Socket) => void, maxMs: number): Promise<{ closedAfterMs?: number; data: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let data = "";
    const s = net.connect(port, "127.0.0.1", () => write(s));
    s.on("data", (d) => (data += d.toString()));
    s.on("error", () => undefined);
    const guard = setTimeout(() => {
      s.destroy();
      resolve({ data });
    }, maxMs);
    s.on("close", () => {
      clearTimeout(guard);
      resolve({ closedAfterMs: Date.now() - started, data });
    });
  });
}

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} };

describe("connections", () => {
  it("a dripped request body is cut off at REQUEST_TIMEOUT_MS with 408, not ~66 s later", async () => {
    const port = await listen({ REQUEST_TIMEOUT_MS: "1000" }, silent);
    const r = await converse(
      port,
      (s) => {
        s.write("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{");
        const drip = setInterval(() => (s.writable ? s.write(" ") : clearInterval(drip)), 200);
        s.on("close", () => clearInterval(drip));
      },
      8000,
    );
    expect(r.closedAfterMs).toBeDefined();
    expect(r.closedAfterMs!).toBeLessThan(3000);
    expect(r.data).toMatch(/^HTTP\/1\.1 408/);
  });

  it("a finished SSE stream honours Connection: close instead of holding the socket", async () => {
    const port = await listen({}, silent);
    const body = JSON.stringify({ question: "你好" });
    const r = await converse(
      port,
      (s) => s.write(`POST /api/chat HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
      5000,
    );
    expect(r.data).toContain("event: done");
    expect(r.closedAfterMs).toBeDefined();
  });

  it("requests whose socket reset before handling are counted and logged once, without stack traces", async () => {
    const lines: { level: string; msg?: string }[] = [];
    const record = (level: string) => (_o: object | string, msg?: string) => void lines.push({ level, ...(msg && { msg }) });
    const port = await listen({}, { info: record("info"), warn: record("warn"), error: record("error"), debug() {} });
    const body = JSON.stringify({ question: "你好" });
    for (let i = 0; i < 50; i++) {
      await new Promise<void>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => {
          s.write(`POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
          s.resetAndDestroy();
          resolve();
        });
      });
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
    expect(lines.filter((l) => /closed before/.test(l.msg ?? "")).length).toBeLessThanOrEqual(1);
  });
});

describe("server socket settings", () => {
  it("idle keep-alive sockets get fastify's idle timeout and keep-alive settings despite the server factory", async () => {
    await listen({ REQUEST_TIMEOUT_MS: "1000" }, silent);
    expect(app!.server.keepAliveTimeout).toBe(72_000);
    expect(app!.server.timeout).toBe(2000);
    expect(app!.server.requestTimeout).toBe(1000);
  });
});
