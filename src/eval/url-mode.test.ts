// --url mode: the same dataset evaluated through a real HTTP server gives the same outcomes as in-process,
// with multi-turn cases kept in one server session.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../channels/web/app.js";
import { loadConfig } from "../config.js";
import type { Logger } from "../core/types.js";
import { runEval } from "./cli-main.js";
import { httpClient } from "./http-client.js";
import { buildFixtureReport, FIXTURE_DATASET, fixtureScript } from "./testing/fixture-eval.js";
import { makeScriptedAssistant, writeFixtureRoot } from "./testing/scripted-assistant.js";

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

function depsFor(root: string) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    deps: {
      config: { ...loadConfig({}), ROOT_DIR: root },
      makeAssistant: () => Promise.reject(new Error("--url mode must not build an in-process assistant")),
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
      cwd: root,
      progress: { update: () => {}, done: () => {} },
    },
  };
}

describe("--url against the web app (buildApp) listening on 127.0.0.1:0", () => {
  const assistant = makeScriptedAssistant(fixtureScript);
  let app: Awaited<ReturnType<typeof buildApp>>;
  let url: string;

  beforeAll(async () => {
    app = await buildApp({ assistant, config: loadConfig({ LOG_LEVEL: "silent" }), logger: silent });
    await app.listen({ host: "127.0.0.1", port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
  });

  it("scores every case exactly as the in-process run does", async () => {
    const root = writeFixtureRoot();
    fs.writeFileSync(path.join(root, "q.jsonl"), FIXTURE_DATASET);
    const { deps, out } = depsFor(root);
    const res = await runEval(["--url", url, "--dataset", "q.jsonl", "--out", "r"], deps);
    expect(out.stderr).toBe("");
    expect(res.code).toBe(0);
    const viaHttp = res.report!;
    const { report: inProcess } = await buildFixtureReport();
    expect(viaHttp.target).toBe(url);
    expect(viaHttp.cases.map((c) => [c.id, c.pass, c.got.topics.map((t) => t.id)])).toEqual(
      inProcess.cases.map((c) => [c.id, c.pass, c.got.topics.map((t) => t.id)]),
    );
    // Without the corpus ids, citation ids are checked by shape (and source/quote) only.
    expect(viaHttp.summary.citations).toMatchObject({ total: 2, valid: 1, idCheck: "format" });
    // The follow-up went to the session the server issued on turn 1.
    const followUp = assistant.calls.find((c) => c.question === "那它是怎么支持的？")!;
    const first = assistant.calls.filter((c) => c.question === "科技贷款能贴息吗");
    expect(followUp.sessionId).toMatch(/^web:/);
    expect(first.some((c) => c.sessionId === followUp.sessionId)).toBe(true);
  });
});

describe("httpClient", () => {
  let server: http.Server;
  let url: string;
  let hits = 0;
  let mode: "429-then-ok" | "bad-shape" | "500" = "429-then-ok";

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        hits++;
        const q = (JSON.parse(body) as { question: string }).question;
        if (mode === "500") {
          res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "internal", message: "内部错误" } }));
        } else if (mode === "bad-shape") {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ text: q }));
        } else if (hits === 1) {
          res.writeHead(429, { "content-type": "application/json", "retry-after": "2" }).end(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }));
        } else {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ answer: q, refused: false, topics: [], citations: [], sessionId: "abc" }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("waits Retry-After on 429 and retries; the wait is not counted as latency", async () => {
    const waits: number[] = [];
    const client = httpClient(url, { sleep: async (ms) => void waits.push(ms) });
    const { result, ms } = await client.ask("你好", "abc");
    expect(result).toMatchObject({ answer: "你好", sessionId: "abc" });
    expect(waits).toEqual([2000]);
    expect(hits).toBe(2);
    expect(ms).toBeLessThan(1000);
  });

  it("fails clearly on error statuses, wrong shapes and unreachable servers", async () => {
    const client = httpClient(url);
    mode = "500";
    await expect(client.ask("x")).rejects.toThrow("HTTP 500 internal: 内部错误");
    mode = "bad-shape";
    await expect(client.ask("x")).rejects.toThrow(/not an AnswerResult/);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(httpClient(`http://127.0.0.1:${port}`).ask("x")).rejects.toThrow(/cannot reach .*ECONNREFUSED/);

    // The CLI stops with exit 3 when no case could be answered.
    const root = writeFixtureRoot();
    fs.writeFileSync(path.join(root, "q.jsonl"), FIXTURE_DATASET);
    const { deps, out } = depsFor(root);
    const res = await runEval(["--url", `http://127.0.0.1:${port}`, "--dataset", "q.jsonl"], deps);
    expect(res.code).toBe(3);
    expect(out.stderr).toMatch(/every case failed; first error: cannot reach/);
  });
});
