// A broken card used to block every restart even though a valid index existed (a full outage after a
// crash or deploy). Now the server starts on the last good corpus and reports the errors until fixed.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../channels/web/app.js";
import { loadConfig, ROOT_DIR } from "../config.js";
import { startOps } from "./runtime.js";

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-corpus-health-"));
  await cp(path.join(ROOT_DIR, "corpus"), path.join(tmp, "corpus"), { recursive: true });
});
afterEach(async () => rm(tmp, { recursive: true, force: true }));

const CARD = "topics/17-zhongchuang-fuhua-zaiti.md";

describe("a broken corpus at start-up", () => {
  it("starts on the last good corpus, answers, and reports file:line in /healthz until a reindex of fixed files", async () => {
    const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: path.join(tmp, "data"), CORPUS_DIR: path.join(tmp, "corpus"), ADMIN_TOKEN: "corpus-health-admin-token" });
    const first = await startOps(config);
    await first.close();

    const cardFile = path.join(tmp, "corpus", CARD);
    const good = await readFile(cardFile, "utf8");
    await writeFile(cardFile, good.replace(/^program: .*$/m, "program: 不存在的专项"));

    const errors: object[] = [];
    const logger = { info() {}, debug() {}, warn() {}, error: (o: object | string) => void errors.push(o as object) };
    const second = await startOps(config, { logger });
    const app = await buildApp({ assistant: second.assistant, config, ops: second.ops });
    try {
      const answer = await app.inject({ method: "POST", url: "/api/ask", payload: { question: "孵化器有什么支持" } });
      expect(answer.statusCode).toBe(200);
      expect(answer.json<{ topics: { id: number }[] }>().topics[0]?.id).toBe(17);

      const health = await app.inject({ method: "GET", url: "/healthz" });
      expect(health.statusCode).toBe(200);
      const body = health.json<{ status: string; checks: { corpus: { ok: boolean; errors: string[]; servingLastGoodFrom: string } } }>();
      expect(body.status).toBe("degraded");
      expect(body.checks.corpus.ok).toBe(false);
      expect(body.checks.corpus.errors.some((e) => /17-zhongchuang-fuhua-zaiti\.md:\d+: /.test(e))).toBe(true);
      expect(body.checks.corpus.servingLastGoodFrom).toMatch(/^\d{4}-/);
      expect(JSON.stringify(errors)).toMatch(/17-zhongchuang-fuhua-zaiti\.md:\d+/);

      await writeFile(cardFile, good);
      const reindex = await app.inject({ method: "POST", url: "/admin/reindex", headers: { authorization: "Bearer corpus-health-admin-token" } });
      expect(reindex.statusCode).toBe(200);
      expect((await app.inject({ method: "GET", url: "/healthz" })).json()).toMatchObject({ status: "ok", checks: { corpus: { ok: true } } });
    } finally {
      await app.close();
      await second.close();
    }
  }, 180_000);

  it("without a saved index there is nothing to fall back on: start-up fails with the errors", async () => {
    const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: path.join(tmp, "data"), CORPUS_DIR: path.join(tmp, "corpus") });
    const cardFile = path.join(tmp, "corpus", CARD);
    await writeFile(cardFile, (await readFile(cardFile, "utf8")).replace(/^program: .*$/m, "program: 不存在的专项"));
    await expect(startOps(config)).rejects.toThrow(/17-zhongchuang-fuhua-zaiti\.md:\d+/);
  }, 60_000);
});
