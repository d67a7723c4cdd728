// The server as a real process (`tsx src/main.ts`, temporary DATA_DIR): acknowledged feedback survives
// SIGKILL, and SIGTERM lets an in-flight answer finish before the database is checkpointed and closed.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../config.js";
import type { AnswerResult } from "../core/types.js";
import { startFakeOpenAi, type FakeOpenAi } from "../core/testing/fake-openai.js";
import { TEST_ADMIN_TOKEN } from "./testing/ops-server.js";

// Node itself with tsx as a loader, not the tsx CLI: the CLI runs the server in a child process, so a SIGKILL
// to it would leave the real server running (orphaned) instead of killing it.
const NODE_ARGS = ["--import", "tsx", "src/main.ts"];
let tmp: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-proc-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await rm(tmp, { recursive: true, force: true });
});

async function startServer(dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      PORT: "0",
      DATA_DIR: dataDir,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      HASH_SALT: "process-test-salt",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}\n${err}`)), 60_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited early:\n${err}`));
    });
  });
  return { child, url, exited, stderr: () => err };
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("crash safety", () => {
  it("feedback acknowledged with 200 is in the database after SIGKILL and restart", async () => {
    const dataDir = path.join(tmp, "crash");
    const first = await startServer(dataDir);
    const opened = (await (await post(`${first.url}/api/ask`, { question: "科技型中小企业贷款有什么支持？" })).json()) as AnswerResult;
    // A resumed conversation is the kind that is persisted at once (one-shot asks stay in memory).
    const asked = (await (await post(`${first.url}/api/ask`, { question: "那它支持哪些单位申报？", sessionId: opened.sessionId })).json()) as AnswerResult;
    expect(asked.messageId).toBeTruthy();
    const fb = await post(`${first.url}/api/feedback`, { messageId: asked.messageId, rating: "down", comment: "想知道贴息比例" });
    expect(fb.status).toBe(200);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = await startServer(dataDir);
    try {
      const res = await fetch(`${second.url}/admin/feedback?format=jsonl`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(res.status).toBe(200);
      const rows = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { messageId: string; rating: string; comment?: string });
      expect(rows).toContainEqual(expect.objectContaining({ messageId: asked.messageId, rating: "down", comment: "想知道贴息比例" }));
      // The conversation survived too: the session row is still there.
      const db = new Database(path.join(dataDir, "assistant.db"), { readonly: true });
      expect(db.prepare("SELECT count(*) FROM sessions WHERE id = ?").pluck().get("web:" + asked.sessionId.split(".")[0])).toBe(1);
      db.close();
    } finally {
      second.child.kill("SIGTERM");
      expect((await second.exited).code).toBe(0);
    }
  }, 120_000);
});

describe("graceful shutdown", () => {
  let llm: FakeOpenAi;
  beforeAll(async () => {
    llm = await startFakeOpenAi({ reply: "（测试）", delayMs: 1500 });
  });
  afterAll(async () => {
    await llm?.close();
  });

  it("SIGTERM: the in-flight answer completes, new requests are refused, the DB is checkpointed and closed, exit 0", async () => {
    const dataDir = path.join(tmp, "graceful");
    const server = await startServer(dataDir, { LLM_BASE_URL: llm.url, LLM_TIMEOUT_MS: "5000", REQUEST_TIMEOUT_MS: "10000" });
    const started = Date.now();
    const inFlight = post(`${server.url}/api/ask`, { question: "科技型中小企业的贷款利息有补助吗" });
    while (llm.requests.length === 0) {
      if (Date.now() - started > 10_000) throw new Error("the answer never reached the LLM");
      await new Promise((r) => setTimeout(r, 20));
    }
    server.child.kill("SIGTERM");
    const res = await inFlight;
    expect(res.status).toBe(200);
    const body = (await res.json()) as AnswerResult;
    expect(body.messageId).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400); // it really waited for the slow LLM
    const exit = await server.exited;
    expect(exit.code, server.stderr()).toBe(0);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

    const wal = path.join(dataDir, "assistant.db-wal");
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const db = new Database(path.join(dataDir, "assistant.db"), { readonly: true });
    expect(db.prepare("SELECT count(*) FROM messages WHERE id = ?").pluck().get(body.messageId)).toBe(1);
    db.close();
  }, 120_000);
});
