// Abuse test: 600+ generated malformed requests against every API route (SSE included) on the
// production stack. Every one must get a 4xx in the API's error shape — never a 5xx — and the server
// must answer normally afterwards. Deterministic (seeded PRNG); loopback only.
import { rawSqlite } from "../../ops/sql/sqlite-sql.js";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpsServer, TEST_ADMIN_TOKEN, type OpsServer } from "../../ops/testing/ops-server.js";
import { mulberry32 } from "../../bench/prng.js";

let s: OpsServer;
beforeAll(async () => {
  s = await startOpsServer({ ADMIN_TOKEN: TEST_ADMIN_TOKEN });
});
afterAll(async () => {
  await s?.cleanup();
});

interface Case {
  name: string;
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const MB = 1024 * 1024;
const nest = (depth: number, open: string, close: string, inner = "1") => open.repeat(depth) + inner + close.repeat(depth);

/** Bodies that are wrong for every JSON route (ask, chat, feedback). */
function badBodies(rand: () => number): { name: string; body: string | Buffer }[] {
  const ctrl = String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(rand() * 32))).replace(/[\t\n\r]/g, "\u0001");
  const randomBytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
  return [
    { name: "empty", body: "" },
    { name: "null", body: "null" },
    { name: "number", body: String(Math.floor(rand() * 1e6)) },
    { name: "string", body: JSON.stringify("特区计划") },
    { name: "array", body: JSON.stringify(["特区计划"]) },
    { name: "empty object", body: "{}" },
    { name: "truncated", body: '{"question": "特区' },
    { name: "trailing comma", body: '{"question": "特区计划",}' },
    { name: "garbage after", body: '{"question": "特区计划"} xx' },
    { name: "single quotes", body: "{'question': '特区计划'}" },
    { name: "question number", body: JSON.stringify({ question: rand() * 1000, messageId: 1, rating: 2 }) },
    { name: "question bool", body: JSON.stringify({ question: true, rating: false }) },
    { name: "question null", body: JSON.stringify({ question: null, messageId: null }) },
    { name: "question object", body: JSON.stringify({ question: { text: "特区计划" }, messageId: {} }) },
    { name: "question array", body: JSON.stringify({ question: ["特区计划"], rating: ["up"] }) },
    { name: "question blank", body: JSON.stringify({ question: " \t\n ", rating: "" }) },
    { name: "question too long", body: JSON.stringify({ question: "长".repeat(1001 + Math.floor(rand() * 3000)), comment: "长".repeat(501) }) },
    { name: "1 MB string", body: JSON.stringify({ question: "a".repeat(MB), messageId: "a".repeat(MB) }) },
    { name: "1 MB of spaces", body: " ".repeat(MB) },
    { name: "control characters", body: JSON.stringify({ question: `特区${ctrl}计划`, messageId: "x", rating: "up", comment: `a${ctrl}` }) },
    { name: "NUL only", body: JSON.stringify({ question: "\u0000", comment: "\u0000" }) },
    { name: "lone surrogate", body: '{"question": "\\ud800特区", "messageId": "x", "rating": "up", "comment": "\\udc00"}' },
    { name: "invalid UTF-8", body: Buffer.concat([Buffer.from('{"question": "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('", "rating": "up"}')]) },
    { name: "overlong UTF-8", body: Buffer.concat([Buffer.from('{"question": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]) },
    { name: "random bytes", body: randomBytes },
    { name: "deep array", body: nest(2000 + Math.floor(rand() * 3000), "[", "]") },
    { name: "deep object", body: nest(1500, '{"a":', "}") },
    { name: "deep question", body: `{"question": ${nest(1000, "[", "]", '"x"')}, "rating": ${nest(1000, "[", "]", '"up"')}}` },
    { name: "proto pollution", body: '{"question": "特区计划", "__proto__": {"admin": true}}' },
    { name: "constructor pollution", body: '{"question": "特区计划", "constructor": {"prototype": {"admin": true}}}' },
    { name: "sessionId number", body: JSON.stringify({ question: "特区计划", sessionId: 42, messageId: 42 }) },
    { name: "sessionId traversal", body: JSON.stringify({ question: "特区计划", sessionId: "../../etc/passwd", messageId: "../x", rating: "up" }) },
    { name: "sessionId too long", body: JSON.stringify({ question: "特区计划", sessionId: "s".repeat(129), messageId: "m".repeat(65), rating: "up" }) },
    { name: "duplicate keys", body: '{"question": 1, "question": {"x": 2}, "rating": 1}' },
  ];
}

function generate(): Case[] {
  const rand = mulberry32(20261127);
  const cases: Case[] = [];
  const routes = ["/api/ask", "/api/chat", "/api/feedback"];
  const types = [
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "text/event-stream",
    "application/json; charset=latin1",
    "",
  ];
  // Three rounds over every route and bad body with JSON content types (fresh randomness each round).
  for (let round = 0; round < 3; round++) {
    for (const url of routes) {
      for (const b of badBodies(rand)) {
        const type = round === 1 ? "application/json; charset=utf-8" : "application/json";
        const accept: Record<string, string> = url === "/api/chat" && round === 2 ? { accept: "text/event-stream" } : {};
        cases.push({ name: `${url} ${b.name} (${type})`, method: "POST", url, headers: { "content-type": type, ...accept }, body: b.body });
      }
    }
  }
  // A valid body under every wrong content type.
  for (const url of routes) {
    for (const type of types.slice(2)) {
      const body = JSON.stringify({ question: "特区计划", messageId: "abc", rating: "up" });
      cases.push({ name: `${url} as ${type || "no content type"}`, method: "POST", url, headers: type ? { "content-type": type } : {}, body });
    }
    const form = "question=%E7%89%B9%E5%8C%BA&rating=up";
    cases.push({ name: `${url} form body`, method: "POST", url, headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
    for (const method of ["GET", "PUT", "DELETE", "PATCH"] as const) cases.push({ name: `${method} ${url}`, method, url });
  }
  // Unknown paths, traversal and odd query strings.
  for (const url of ["/api/ask/../../etc/passwd", "/api/%00", "/api/ask?question=%ff%fe", "/api/unknown", "/admin", "/admin/", "/admin/../api/ask", "/api/" + "x".repeat(4000)]) {
    cases.push({ name: `path ${url.slice(0, 40)}`, method: "POST", url, headers: { "content-type": "application/json" }, body: "{}" });
  }
  // Admin routes: no token, wrong tokens, malformed headers, and bad query values with the right token.
  const adminRoutes: [Case["method"], string][] = [["POST", "/admin/reindex"], ["GET", "/admin/stats"], ["GET", "/admin/feedback"]];
  const badAuth = ["", "Bearer", "Bearer ", `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}`, `bearer ${TEST_ADMIN_TOKEN}`, `Basic ${TEST_ADMIN_TOKEN}`, `Bearer ${"x".repeat(MB / 64)}`, `Bearer ${TEST_ADMIN_TOKEN} extra`];
  for (const [method, url] of adminRoutes) {
    for (const a of badAuth) cases.push({ name: `${method} ${url} auth "${a.slice(0, 20)}"`, method, url, headers: a ? { authorization: a } : {} });
  }
  for (const q of ["days=abc", "days=-1", "days=0", "days=1e9", "days=99999", "days=1.5", "days=1&days=2"]) {
    cases.push({ name: `stats ${q}`, method: "GET", url: `/admin/stats?${q}`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  }
  for (const q of ["format=xml", "format=", "format=CSV", "format=csv&format=jsonl", "format=csv%00"]) {
    cases.push({ name: `feedback ${q}`, method: "GET", url: `/admin/feedback?${q}`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  }
  // Random mutations of a valid ask body: flip, drop or insert bytes until it no longer parses as a valid request.
  const valid = Buffer.from(JSON.stringify({ question: "高新技术企业能申报哪些专题？" }));
  while (cases.length < 640) {
    const b = Buffer.from(valid);
    const pos = Math.floor(rand() * b.length);
    b[pos] = [0x00, 0x7b, 0x22, 0xff, 0x5c, 0x2c][Math.floor(rand() * 6)]!;
    if (b.equals(valid)) continue;
    const url = routes[Math.floor(rand() * 2)]!;
    cases.push({ name: `${url} mutated byte ${pos}`, method: "POST", url, headers: { "content-type": "application/json" }, body: b });
  }
  return cases;
}

describe("fuzz", () => {
  it("640 malformed requests: every one a 4xx with a JSON error body, no 5xx, server healthy afterwards", async () => {
    const cases = generate();
    expect(cases.length).toBeGreaterThanOrEqual(500);
    const wrong: string[] = [];
    for (const c of cases) {
      const res = await s.app.inject({ method: c.method, url: c.url, headers: c.headers ?? {}, ...(c.body !== undefined && { payload: c.body }) });
      let code: unknown;
      try {
        code = res.json<{ error?: { code?: unknown } }>().error?.code;
      } catch {
        code = undefined;
      }
      if (res.statusCode < 400 || res.statusCode >= 500 || typeof code !== "string") {
        wrong.push(`${c.name}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);

    // Nothing malformed reached the message log, and the server still answers and reports healthy.
    expect(rawSqlite(s.runtime.db).prepare("SELECT count(*) FROM messages").pluck().get()).toBe(0);
    expect((await s.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    const ok = await s.app.inject({ method: "POST", url: "/api/ask", payload: { question: "高新技术企业能申报哪些专题？" } });
    expect(ok.statusCode).toBe(200);
  }, 60_000);

  it("over a real socket: oversized headers, a broken request line and bad Content-Length are refused without taking the server down", async () => {
    const address = await s.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = s.app.server.address() as AddressInfo;
    const raw = (data: string, waitMs = 2000) =>
      new Promise<string>((resolve) => {
        const sock = net.connect(port, "127.0.0.1");
        let out = "";
        sock.on("data", (d: Buffer) => (out += d.toString("latin1")));
        sock.on("error", () => resolve(out));
        sock.on("close", () => resolve(out));
        sock.write(data);
        setTimeout(() => {
          sock.destroy();
          resolve(out);
        }, waitMs);
      });
    expect(await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(MB)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await raw("BLAH / HTTP/9.9\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}")).toMatch(/^HTTP\/1\.1 400/);
    const lie = await raw('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"question": "特区计划"}');
    expect(lie).toMatch(/^HTTP\/1\.1 400/);
    const health = await fetch(`${address}/healthz`);
    expect(health.status).toBe(200);
  });
});
