// deploy/nginx/kjzs.conf on a real nginx in front of two small upstreams that say who answered: requests are
// spread over both, a replica that is down is skipped for GET and POST, streamed answers arrive unbuffered,
// the client address is passed on, and an oversized body is refused by nginx itself.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderNginxConf, startTestNginx, type TestNginx } from "../testing/nginx-server.js";

interface Upstream {
  name: string;
  port: number;
  server: http.Server;
  seen: { method: string; url: string; xff?: string }[];
}

async function upstream(name: string): Promise<Upstream> {
  const seen: Upstream["seen"] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, xff: req.headers["x-forwarded-for"] as string | undefined });
    req.resume();
    req.on("end", () => {
      if (req.url === "/api/chat") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(`data: first from ${name}\n\n`);
        setTimeout(() => res.end("data: second\n\n"), 800);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ name }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { name, port: (server.address() as AddressInfo).port, server, seen };
}

let a: Upstream;
let b: Upstream;
let nginx: TestNginx;

beforeAll(async () => {
  a = await upstream("a");
  b = await upstream("b");
  nginx = await startTestNginx({ upstreams: [a.port, b.port] });
}, 30_000);
afterAll(async () => {
  await nginx?.cleanup();
  for (const u of [a, b]) u?.server.closeAllConnections();
  await Promise.all([a, b].map((u) => u && new Promise((r) => u.server.close(r))));
});

const get = async (url: string) => (await fetch(nginx.url + url)).json() as Promise<{ name: string }>;

describe("deploy/nginx/kjzs.conf", () => {
  it("renders one upstream line per replica with the same health-check parameters", () => {
    const out = renderNginxConf("upstream u {\n    server 127.0.0.1:3001 max_fails=2 fail_timeout=10s;\n    server 127.0.0.1:3002 max_fails=2 fail_timeout=10s;\n}\nlisten 8080;\n", [1, 2, 3], 9);
    expect(out).toBe(
      "upstream u {\n    server 127.0.0.1:1 max_fails=2 fail_timeout=10s;\n    server 127.0.0.1:2 max_fails=2 fail_timeout=10s;\n    server 127.0.0.1:3 max_fails=2 fail_timeout=10s;\n}\nlisten 127.0.0.1:9;\n",
    );
  });

  it("spreads requests over both replicas and passes the client address on", async () => {
    const names = new Set<string>();
    for (let i = 0; i < 6; i++) names.add((await get("/healthz")).name);
    expect([...names].sort()).toEqual(["a", "b"]);
    expect(a.seen.at(-1)?.xff).toBe("127.0.0.1");
  });

  it("streams /api/chat unbuffered: the first event arrives before the replica writes the second", async () => {
    const started = Date.now();
    const res = await fetch(nginx.url + "/api/chat", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const firstMs = Date.now() - started;
    expect(first).toMatch(/^data: first from [ab]/);
    expect(firstMs).toBeLessThan(600); // the second event is written 800 ms after the first
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toContain("data: second");
  });

  it("refuses a body over client_max_body_size with 413 before any replica sees it", async () => {
    const before = a.seen.length + b.seen.length;
    const res = await fetch(nginx.url + "/console/knowledge/upload", { method: "POST", body: Buffer.alloc(21 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(a.seen.length + b.seen.length).toBe(before);
  });

  it("with one replica down, GET and POST requests keep being answered by the other", async () => {
    b.server.closeAllConnections();
    await new Promise((r) => b.server.close(r));
    const statuses: number[] = [];
    const names = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const res = await fetch(nginx.url + (i % 2 ? "/api/ask" : "/healthz"), { method: i % 2 ? "POST" : "GET", body: i % 2 ? "{}" : undefined });
      statuses.push(res.status);
      names.add(((await res.json()) as { name: string }).name);
    }
    expect(statuses).toEqual(Array(10).fill(200));
    expect([...names]).toEqual(["a"]);
  });
});
