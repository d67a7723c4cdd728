// Live reindex on a temporary copy of the corpus: success swaps the index in, a broken edit is refused
// with file:line while the old index keeps answering, concurrent requests get 409, a failing regression
// subset blocks the swap, `npm run ingest`'s file signal is picked up, and a damaged index is rebuilt at start.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../config.js";
import type { AnswerResult } from "../core/types.js";
import { makeAssistant } from "../wiring.js";
import { ReindexBusyError, ReindexService } from "./reindex.js";
import { signalReindex } from "./reindex-signal.js";
import { startOpsServer, TEST_ADMIN_TOKEN, type OpsServer } from "./testing/ops-server.js";

const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const CARD = "topics/14-keji-jinrong.md";
let tmp: string;
let corpusDir: string;
let s: OpsServer;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-reindex-"));
  corpusDir = path.join(tmp, "corpus");
  await cp(path.join(ROOT_DIR, "corpus"), corpusDir, { recursive: true });
  s = await startOpsServer({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, CORPUS_DIR: corpusDir, RELOAD_POLL_MS: "100" }, path.join(tmp, "data"));
});
afterAll(async () => {
  await s?.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

const reindex = () => s.app.inject({ method: "POST", url: "/admin/reindex", headers: auth });
const health = async () => (await s.app.inject({ method: "GET", url: "/healthz" })).json<{ index: { corpusHash: string; builtAt: string } }>().index;
async function askLoan(server = s) {
  const res = await server.app.inject({ method: "POST", url: "/api/ask", payload: { question: "科技型中小企业想贷款融资，对应哪个专题？" } });
  expect(res.statusCode).toBe(200);
  return res.json<AnswerResult>();
}

describe("POST /admin/reindex", () => {
  it("swaps in an index built from the edited corpus, without restart", async () => {
    const before = await health();
    const file = path.join(corpusDir, CARD);
    await writeFile(file, (await readFile(file, "utf8")) + "\n");
    const res = await reindex();
    expect(res.statusCode).toBe(200);
    const body = res.json<{ ok: boolean; info: { corpusHash: string }; regression: { cases: number; passed: number; baselinePassed: number } }>();
    expect(body.ok).toBe(true);
    expect(body.regression.cases).toBeGreaterThan(0);
    expect(body.regression.passed).toBeGreaterThanOrEqual(body.regression.baselinePassed);
    const after = await health();
    expect(after.corpusHash).toBe(body.info.corpusHash);
    expect(after.corpusHash).not.toBe(before.corpusHash);
    // On disk too: a restart would load the new index.
    const manifest = JSON.parse(await readFile(path.join(s.config.INDEX_DIR, "manifest.json"), "utf8")) as { corpusHash: string };
    expect(manifest.corpusHash).toBe(after.corpusHash);
    expect((await askLoan()).topics[0]?.id).toBe(14);
  });

  it("a broken corpus edit is refused with file:line errors and the old index keeps answering", async () => {
    const before = await health();
    const file = path.join(corpusDir, CARD);
    const good = await readFile(file, "utf8");
    await writeFile(file, good.replace(/^program: .*$/m, "program: 不存在的专项"));
    try {
      const res = await reindex();
      expect(res.statusCode).toBe(422);
      const body = res.json<{ ok: boolean; stage: string; errors: { at?: string; message: string }[] }>();
      expect(body).toMatchObject({ ok: false, stage: "validate" });
      expect(body.errors.some((e) => /14-keji-jinrong\.md:\d+$/.test(e.at ?? ""))).toBe(true);
      expect(await health()).toEqual(before);
      const a = await askLoan();
      expect(a.topics[0]?.id).toBe(14);
      expect(a.answer).toContain("科技金融");
    } finally {
      await writeFile(file, good);
    }
  });

  it("a second reindex while one runs gets 409", async () => {
    const [a, b] = await Promise.all([reindex(), reindex()]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const conflict = a.statusCode === 409 ? a : b;
    expect(conflict.json()).toMatchObject({ error: { code: "conflict" } });
  });

  it("the file signal written by `npm run ingest` triggers the same reindex", async () => {
    const before = await health();
    const file = path.join(corpusDir, CARD);
    await writeFile(file, (await readFile(file, "utf8")) + "\n");
    await signalReindex(s.config.DATA_DIR);
    const deadline = Date.now() + 30_000;
    while ((await health()).corpusHash === before.corpusHash) {
      if (Date.now() > deadline) throw new Error("the server did not pick up the reindex signal");
      await new Promise((r) => setTimeout(r, 100));
    }
    await s.runtime.ops.reindex.idle();
    expect((await askLoan()).topics[0]?.id).toBe(14);
  });
});

describe("ReindexService.exclusive", () => {
  it("starts after a running reindex, refuses run() and POST /admin/reindex while it holds the slot, and reindexes inside", async () => {
    const service = s.runtime.ops.reindex;
    const order: string[] = [];
    const running = service.run().then(() => order.push("run"));
    const section = service.exclusive(async (run) => {
      order.push("section");
      expect(service.busy).toBe(true);
      await expect(service.run()).rejects.toBeInstanceOf(ReindexBusyError);
      expect((await reindex()).statusCode).toBe(409);
      const outcome = await run();
      expect(outcome.ok).toBe(true);
      return "done";
    });
    expect(service.busy).toBe(true);
    expect(await section).toBe("done");
    await running;
    expect(order).toEqual(["run", "section"]);
    expect(service.busy).toBe(false);
    expect((await reindex()).statusCode).toBe(200);
  }, 60_000);

  it("an `npm run ingest` signal during a section reindexes once the section ends", async () => {
    const before = await health();
    const file = path.join(corpusDir, CARD);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const section = s.runtime.ops.reindex.exclusive(() => held);
    await writeFile(file, (await readFile(file, "utf8")) + "\n");
    await signalReindex(s.config.DATA_DIR);
    await new Promise((r) => setTimeout(r, 600)); // several polls: the signal was seen while the slot was held
    expect((await health()).corpusHash).toBe(before.corpusHash);
    release();
    await section;
    const deadline = Date.now() + 30_000;
    while ((await health()).corpusHash === before.corpusHash) {
      if (Date.now() > deadline) throw new Error("the signal seen during the section was dropped");
      await new Promise((r) => setTimeout(r, 100));
    }
    await s.runtime.ops.reindex.idle();
  }, 60_000);
});

describe("ReindexService regression gate", () => {
  it("a new index that fails the regression subset is not swapped in", async () => {
    const serving = s.runtime.swappable.current();
    const service = new ReindexService({
      config: s.config,
      target: s.runtime.swappable,
      // The candidate (new retriever) refuses everything; the serving pipeline answers as usual.
      build: async (parts) => {
        const a = await makeAssistant(s.config, parts);
        if (parts.retriever === serving.retriever) return a;
        return { ...a, answer: async (input, opts) => ({ ...(await a.answer(input, opts)), refused: true, topics: [] }) };
      },
      regression: { file: "eval/questions.jsonl", perKind: 3, tolerance: 0 },
    });
    const manifestBefore = await readFile(path.join(s.config.INDEX_DIR, "manifest.json"), "utf8");
    const outcome = await service.run();
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.stage).toBe("regression");
    expect(outcome.errors[0]?.message).toMatch(/new index passes \d+\/9, serving index \d+\/9/);
    expect(outcome.errors.some((e) => e.file === "eval/questions.jsonl" && typeof e.line === "number" && e.line > 0)).toBe(true);
    expect(s.runtime.swappable.current()).toBe(serving);
    expect(await readFile(path.join(s.config.INDEX_DIR, "manifest.json"), "utf8")).toBe(manifestBefore);
  });
});

describe("ReindexService failures", () => {
  it("a pipeline that cannot be built is a reported failure, not a crash, and nothing is swapped", async () => {
    const serving = s.runtime.swappable.current();
    const service = new ReindexService({
      config: s.config,
      target: s.runtime.swappable,
      build: async () => {
        throw new Error("prompts/answer.md missing");
      },
      regression: { file: "eval/questions.jsonl", perKind: 1, tolerance: 0 },
    });
    const outcome = await service.run();
    expect(outcome).toMatchObject({ ok: false, stage: "regression", errors: [{ message: expect.stringContaining("prompts/answer.md missing") }] });
    expect(s.runtime.swappable.current()).toBe(serving);
    expect(service.busy).toBe(false);
  });
});

describe("start-up with a damaged index", () => {
  it.each([
    ["a corrupted file", async (dir: string) => writeFile(path.join(dir, "bm25.json"), "{ not json")],
    ["a deleted file", async (dir: string) => rm(path.join(dir, "hnswlib.index"))],
    ["the whole directory deleted", async (dir: string) => rm(dir, { recursive: true })],
  ])("rebuilds the index after %s and answers", async (_name, damage) => {
    const dataDir = path.join(tmp, `damaged-${Math.random().toString(36).slice(2)}`);
    const first = await startOpsServer({}, dataDir);
    const builtAt = first.runtime.assistant.indexInfo().builtAt;
    await first.cleanup();
    await damage(first.config.INDEX_DIR);
    const second = await startOpsServer({}, dataDir);
    try {
      expect(second.runtime.assistant.indexInfo().builtAt).not.toBe(builtAt);
      expect((await askLoan(second)).topics[0]?.id).toBe(14);
    } finally {
      await second.cleanup();
    }
  });
});
