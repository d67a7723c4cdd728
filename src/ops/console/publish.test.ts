// The publisher on its own (a fake reindex, a tiny corpus): failures while restoring are reported and recorded, not
// left half-done; a changed base file stops a publish; publish and rollback exclude each other; history is bounded.
// And on the production server stack: a publish cut short by a restart is undone when the server starts.
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../config.js";
import type { ReindexOutcome } from "../reindex.js";
import { startOpsServer } from "../testing/ops-server.js";
import type { WiredAssistant } from "../../wiring.js";
import { DraftStore } from "./corpus-drafts.js";
import { ConsoleJobs } from "./jobs.js";
import { HISTORY_KEEP, INTERRUPTED_REASON, Publisher, PublishBusyError, RollbackError, type BackupManifest } from "./publish.js";

const CARD = "topics/01-a.md";
const OK: ReindexOutcome = { ok: true, info: { chunks: 1, corpusHash: "h", builtAt: new Date(0).toISOString(), embedder: "e", dimensions: 1 } as never, regression: { cases: 1, passed: 1, baselinePassed: 1 }, ms: 1 };
const GATE: ReindexOutcome = { ok: false, stage: "regression", errors: [{ message: "gate" }], ms: 1 };

let tmp: string;
let corpusDir: string;
let dataDir: string;
let card: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "kjzs-publish-"));
  corpusDir = path.join(tmp, "corpus");
  dataDir = path.join(tmp, "data");
  card = path.join(corpusDir, CARD);
  await mkdir(path.dirname(card), { recursive: true });
  await writeFile(card, "before\n");
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

function setup(reindexRun: () => Promise<ReindexOutcome> = async () => OK) {
  const audit: { action: string; detail: Record<string, unknown> }[] = [];
  const pipelines = { published: { name: "published" } as unknown as WiredAssistant, previous: { name: "previous" } as unknown as WiredAssistant };
  let serving = pipelines.previous;
  const swaps: WiredAssistant[] = [];
  let section = Promise.resolve();
  const drafts = new DraftStore(dataDir);
  const publisher = new Publisher({
    config: { CORPUS_DIR: corpusDir, DATA_DIR: dataDir, ROOT_DIR: tmp, REINDEX_EVAL_FILE: "missing.jsonl" },
    services: {
      serving: () => serving,
      build: async () => {
        throw new Error("not in this test");
      },
      swap: (next) => {
        swaps.push(next);
        const old = serving;
        serving = next;
        return old;
      },
    },
    reindex: {
      // One section at a time, as ReindexService does.
      exclusive: <T>(fn: (run: () => Promise<ReindexOutcome>) => Promise<T>) => {
        const p = section.then(() =>
          fn(async () => {
            const r = await reindexRun();
            if (r.ok) serving = pipelines.published;
            return r;
          }),
        );
        section = p.then(
          () => undefined,
          () => undefined,
        );
        return p;
      },
      idle: () => section,
    },
    jobs: new ConsoleJobs(),
    drafts,
    record: async (_u, action, detail) => void audit.push({ action, detail }),
  });
  const draft = (content = "after\n", base: string | undefined = "before\n") =>
    drafts.save({ kind: "card", target: CARD, content: Buffer.from(content), createdBy: "editor1", replaces: true, ...(base !== undefined && { base: Buffer.from(base) }) });
  const backupOf = (id: string) => path.join(dataDir, "console", "history", id, "files", CARD);
  return { publisher, audit, swaps, pipelines, draft, backupOf, serving: () => serving };
}

describe("rollback", () => {
  it("when the files cannot be put back: nothing changes, the failure is said in Chinese and audited, and it can be retried", async () => {
    const t = setup();
    const r = await t.publisher.run(await t.draft(), "editor1");
    expect(r.ok).toBe(true);
    expect(await readFile(card, "utf8")).toBe("after\n");
    const backup = backupOf(t, r.historyId);
    const saved = await readFile(backup);
    await rm(backup);

    const err = await t.publisher.rollback("editor1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RollbackError);
    expect((err as Error).message).toContain("回滚失败");
    expect((err as Error).message).toContain("正在服务的仍是发布后的版本");
    expect(t.swaps).toEqual([]); // the published answers keep serving, as the files are
    expect(t.serving()).toBe(t.pipelines.published);
    expect(await readFile(card, "utf8")).toBe("after\n");
    expect(t.audit.map((a) => a.action)).toContain("回滚知识库发布（失败）");
    expect(t.publisher.rollbackState().possible).toBe(true);
    expect((await t.publisher.readManifest(r.historyId))?.outcome).toBe("published");

    await writeFile(backup, saved);
    const ok = await t.publisher.rollback("editor1");
    expect(ok.restored).toEqual([`corpus/${CARD}`]);
    expect(t.serving()).toBe(t.pipelines.previous);
    expect(await readFile(card, "utf8")).toBe("before\n");
    expect((await t.publisher.readManifest(r.historyId))?.outcome).toBe("rolled_back");
    expect(t.publisher.rollbackState().possible).toBe(false);
    await t.publisher.idle();
  });

  it("a publish is refused while a rollback runs, and a rollback while a publish runs", async () => {
    const t = setup();
    const r = await t.publisher.run(await t.draft(), "editor1");
    expect(r.ok).toBe(true);
    const rolling = t.publisher.rollback("editor1");
    const next = await t.draft("third\n", "before\n");
    expect(() => t.publisher.start(next, "editor1")).toThrow(PublishBusyError);
    await expect(t.publisher.rollback("editor1")).rejects.toThrow(RollbackError);
    await rolling;
    await t.publisher.idle();
  });
});

describe("publish failures", () => {
  it("a restore that fails after the gate refused: manifest failed with the error, audited, and the next start restores it", async () => {
    const holder: { id?: string } = {};
    const t: ReturnType<typeof setup> = setup(async () => {
      // The gate refuses; meanwhile the backup became unreadable.
      const id = (await readdir(path.join(dataDir, "console", "history")))[0];
      holder.id = id;
      await writeFile(path.join(tmp, "saved"), await readFile(backupOf(t, id)));
      await rm(backupOf(t, id));
      return GATE;
    });
    const r = await t.publisher.run(await t.draft(), "editor1");
    expect(r).toMatchObject({ ok: false, stage: "regression", restored: false });
    if (r.ok) return;
    expect(r.errors[0].message).toContain("未能恢复发布前的文件");
    const m = (await t.publisher.readManifest(r.historyId)) as BackupManifest;
    expect(m).toMatchObject({ outcome: "failed", stage: "regression", restoreFailed: true });
    expect(m.errors?.[0].message).toContain("未能恢复发布前的文件");
    const failed = t.audit.find((a) => a.action === "发布知识库（失败）");
    expect(failed?.detail).toMatchObject({ 已恢复: false });

    // The next start puts the file back.
    await writeFile(backupOf(t, holder.id!), await readFile(path.join(tmp, "saved")));
    const { recoverInterruptedPublishes } = await import("./publish.js");
    const audit: string[] = [];
    const done = await recoverInterruptedPublishes({ config: { CORPUS_DIR: corpusDir, DATA_DIR: dataDir }, record: async (_u, a) => void audit.push(a) });
    expect(done.map((x) => x.id)).toEqual([r.historyId]);
    expect(await readFile(card, "utf8")).toBe("before\n");
    expect(await t.publisher.readManifest(r.historyId)).toMatchObject({ outcome: "failed" });
    expect((await t.publisher.readManifest(r.historyId))?.restoreFailed).toBeUndefined();
    expect(audit).toEqual(["发布知识库（中断后恢复）"]);
  });

  it("a card changed on disk since the draft was made is not overwritten unless asked", async () => {
    const t = setup();
    const d = await t.draft();
    await writeFile(card, "someone else\n");
    const r = await t.publisher.run(d, "editor1");
    expect(r).toMatchObject({ ok: false, stage: "write", restored: false });
    expect(await readFile(card, "utf8")).toBe("someone else\n");
    const forced = await t.publisher.run(d, "editor1", undefined, { overwrite: true });
    expect(forced.ok).toBe(true);
    expect(await readFile(card, "utf8")).toBe("after\n");
  });
});

describe("history", () => {
  it(`keeps the newest ${HISTORY_KEEP} publishes, and always the one that can be rolled back`, async () => {
    const t = setup();
    const first = await t.publisher.run(await t.draft("after\n"), "editor1");
    expect(first.ok).toBe(true);
    const history = path.join(dataDir, "console", "history");
    // Newer ones, from other publishes (ids sort by time).
    for (let i = 0; i < HISTORY_KEEP + 5; i++) {
      const id = `${(Date.now() + 1000 + i).toString(36)}-${i.toString(16).padStart(6, "0")}`;
      await mkdir(path.join(history, id), { recursive: true });
      await writeFile(path.join(history, id, "manifest.json"), JSON.stringify({ id, outcome: "failed", files: [], createdDirs: [] }));
    }
    const d = await t.draft("again\n", "after\n");
    await writeFile(card, "changed\n"); // refused (base changed): a failed publish still prunes
    const r = await t.publisher.run(d, "editor1");
    expect(r.ok).toBe(false);
    const left = await readdir(history);
    expect(left).toHaveLength(HISTORY_KEEP + 1);
    expect(left).toContain(first.historyId);
    expect(t.publisher.rollbackState().possible).toBe(true);
  });
});

describe("a publish cut short by a restart", () => {
  it("is undone when the server starts: the file put back, an added file removed, the manifest failed, audited, never served", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "kjzs-crash-"));
    try {
      const corpus = path.join(root, "corpus");
      await cp(path.join(ROOT_DIR, "corpus"), corpus, { recursive: true });
      const data = path.join(root, "data");
      const cardFile = path.join(corpus, "topics", "14-keji-jinrong.md");
      const original = await readFile(cardFile, "utf8");
      const phrase = "重启前写入但未经检查的草稿内容。";
      // As Publisher.run leaves it after backup() and the write, before the reindex: manifest "running".
      const id = `${Date.now().toString(36)}-abcdef`;
      const dir = path.join(data, "console", "history", id);
      await mkdir(path.join(dir, "files", "topics"), { recursive: true });
      await writeFile(path.join(dir, "files", "topics", "14-keji-jinrong.md"), original);
      const manifest: BackupManifest = {
        id,
        at: Date.now(),
        by: "editor1",
        draftId: "0123456789abcdef",
        kind: "card",
        files: [
          { path: "topics/14-keji-jinrong.md", existed: true },
          { path: "guidelines/新增.md", existed: false },
        ],
        createdDirs: ["guidelines"],
        outcome: "running",
      };
      await writeFile(path.join(dir, "manifest.json"), JSON.stringify(manifest));
      await writeFile(cardFile, original.replace("## 支持方式\n", `## 支持方式\n${phrase}\n`));
      await mkdir(path.join(corpus, "guidelines"));
      await writeFile(path.join(corpus, "guidelines", "新增.md"), "# 新增\n");

      const s = await startOpsServer({ CORPUS_DIR: corpus }, data);
      try {
        expect(await readFile(cardFile, "utf8")).toBe(original);
        expect(await readdir(corpus)).not.toContain("guidelines");
        const after = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as BackupManifest;
        expect(after.outcome).toBe("failed");
        expect(after.errors?.[0].message).toBe(INTERRUPTED_REASON);
        const entry = (await s.runtime.ops.console.audit.list()).find((e) => e.action === "发布知识库（中断后恢复）");
        expect(entry?.detail).toMatchObject({ 记录: id, 发布人: "editor1", 原因: INTERRUPTED_REASON });
        const serving = s.runtime.ops.console.serving();
        expect(serving.corpus.chunks.some((c) => JSON.stringify(c).includes(phrase))).toBe(false);
        expect(serving.corpus.guidelines).toHaveLength(0);
      } finally {
        await s.cleanup();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});

function backupOf(t: ReturnType<typeof setup>, id: string): string {
  return t.backupOf(id);
}
