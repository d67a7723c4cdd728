// Publishing a draft from the console, as a background job: back up the files it replaces or adds
// (DATA_DIR/console/history/<id>/ with a manifest), write the draft into CORPUS_DIR, run the reindex with its
// regression gate, and — when the new index serves — compare the whole labelled eval set on the pipeline before and
// after. Any failure puts the files back exactly; the old index never stopped serving. The most recent publish can be
// rolled back once: the pipeline it replaced goes back into service at once and the files are restored.
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../config.js";
import { InMemorySessionStore } from "../../core/session-memory.js";
import type { IndexInfo } from "../../core/types.js";
import { inProcessClient } from "../../eval/ask-client.js";
import { loadDatasets } from "../../eval/dataset.js";
import { runCases } from "../../eval/runner.js";
import { isLabelled, passes, scoreCase } from "../../eval/score.js";
import type { WiredAssistant } from "../../wiring.js";
import { ReindexBusyError, type ReindexIssue, type ReindexService, type ReindexStage } from "../reindex.js";
import type { ConsoleServices } from "../runtime.js";
import { draftDestination, SHOWN_CORPUS, type Draft, type DraftStore } from "./corpus-drafts.js";
import type { ConsoleJobs, Job, JobControl } from "./jobs.js";

export const PUBLISH_JOB = "publish";
/** Flipped cases listed with both answers; the rest are counted. */
const FLIPS_LISTED = 30;

export interface BackupManifest {
  id: string;
  at: number;
  by: string;
  draftId: string;
  kind: Draft["kind"];
  /** Paths inside CORPUS_DIR, each with whether it existed before (a file that did not is removed on restore). */
  files: { path: string; existed: boolean }[];
  /** Folders the publish created (corpus/guidelines/ the first time), removed again on restore when empty. */
  createdDirs: string[];
  outcome: "running" | "published" | "failed" | "rolled_back";
  stage?: PublishStage;
  errors?: ReindexIssue[];
  rolledBack?: { at: number; by: string };
}

export type PublishStage = ReindexStage | "write";

export interface EvalFlip {
  id: string;
  question: string;
  file: string;
  line: number;
  before: { passed: boolean; answer: string };
  after: { passed: boolean; answer: string };
}

export interface EvalDiff {
  cases: number;
  beforePassed: number;
  afterPassed: number;
  /** Cases whose pass/fail changed (the first FLIPS_LISTED), with both answers. */
  flips: EvalFlip[];
  flipCount: number;
  /** Cases whose answer text changed, flipped or not. */
  changedAnswers: number;
  /** Why the comparison could not run (the publish itself stands). */
  error?: string;
}

export type PublishResult =
  | { ok: true; historyId: string; files: string[]; gate: { cases: number; passed: number; baselinePassed: number }; info: IndexInfo; eval: EvalDiff }
  | { ok: false; historyId: string; files: string[]; stage: PublishStage; errors: ReindexIssue[]; restored: boolean };

export interface RollbackResult {
  manifest: BackupManifest;
  restored: string[];
  removed: string[];
}

export class RollbackError extends Error {
  override name = "RollbackError";
}

export interface PublisherDeps {
  config: Pick<Config, "CORPUS_DIR" | "DATA_DIR" | "ROOT_DIR" | "REINDEX_EVAL_FILE">;
  services: Pick<ConsoleServices, "serving" | "build" | "swap">;
  reindex: Pick<ReindexService, "run" | "idle" | "busy">;
  jobs: ConsoleJobs;
  drafts: DraftStore;
  /** Told each outcome (the audit log). */
  record: (username: string, action: string, detail: Record<string, unknown>) => void;
}

interface Last {
  manifest: BackupManifest;
  /** The pipeline the publish replaced, kept in memory: a rollback serves it again without a rebuild. */
  previous: WiredAssistant;
}

export class Publisher {
  readonly historyDir: string;
  private last: Last | undefined;
  private background: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PublisherDeps) {
    this.historyDir = path.join(deps.config.DATA_DIR, "console", "history");
  }

  /** Starts the publish job; throws JobBusyError while one runs. The caller has checked the draft is valid. */
  start(draft: Draft, by: string): Job<PublishResult> {
    return this.deps.jobs.start(PUBLISH_JOB, `发布 ${SHOWN_CORPUS}/${draft.target}`, by, (ctl) => this.run(draft, by, ctl));
  }

  async run(draft: Draft, by: string, ctl?: JobControl): Promise<PublishResult> {
    const { config, services, reindex, drafts, record } = this.deps;
    const content = await drafts.content(draft);
    const previous = services.serving();
    const manifest: BackupManifest = {
      id: `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`,
      at: Date.now(),
      by,
      draftId: draft.id,
      kind: draft.kind,
      files: [],
      createdDirs: [],
      outcome: "running",
    };
    const files = [`${SHOWN_CORPUS}/${draft.target}`];
    const fail = async (stage: PublishStage, errors: ReindexIssue[], restore: boolean): Promise<PublishResult> => {
      let restored = false;
      if (restore) {
        await this.restore(manifest);
        restored = true;
      }
      manifest.outcome = "failed";
      manifest.stage = stage;
      manifest.errors = errors.slice(0, 50);
      await this.writeManifest(manifest);
      record(by, "发布知识库（失败）", { 文件: files, 阶段: stage, 错误: errors.slice(0, 5).map((e) => (e.file ? `${e.file}:${e.line ?? 1}：${e.message}` : e.message)), 已恢复: restored });
      return { ok: false, historyId: manifest.id, files, stage, errors, restored };
    };

    ctl?.progress(0.05, "备份将被替换的文件");
    const dest = draftDestination(config.CORPUS_DIR, draft);
    try {
      await this.backup(manifest, dest, draft.target);
      ctl?.progress(0.15, "写入知识库文件");
      await writeAtomic(dest, content);
    } catch (err) {
      return fail("write", [{ message: `写入文件失败：${errText(err)}` }], true);
    }

    ctl?.progress(0.25, "校验知识库、重建索引、运行回归检查");
    await this.background; // a rebuild after a rollback finishes first
    let outcome;
    try {
      outcome = await reindex.run();
    } catch (err) {
      const busy = err instanceof ReindexBusyError;
      return fail("validate", [{ message: busy ? "另一次重建索引正在进行（可能是命令行的 npm run ingest），请稍后再发布。" : `重建索引失败：${errText(err)}` }], true);
    }
    if (!outcome.ok) return fail(outcome.stage, outcome.errors, true);

    manifest.outcome = "published";
    await this.writeManifest(manifest);
    this.last = { manifest, previous };
    await drafts.remove(draft.id);
    ctl?.progress(0.7, "对比发布前后的评测结果");
    const evalDiff = await this.compare(previous, services.serving());
    record(by, "发布知识库", {
      文件: files,
      回归检查: `${outcome.regression.passed}/${outcome.regression.cases}（原 ${outcome.regression.baselinePassed}）`,
      评测: evalDiff.error ? evalDiff.error : `${evalDiff.beforePassed} → ${evalDiff.afterPassed}/${evalDiff.cases}，${evalDiff.flipCount} 条结果翻转，${evalDiff.changedAnswers} 条回答有变化`,
      记录: manifest.id,
    });
    ctl?.progress(1, "完成");
    return { ok: true, historyId: manifest.id, files, gate: outcome.regression, info: outcome.info, eval: evalDiff };
  }

  /** The whole labelled eval set on both pipelines (each with sessions of its own, nothing logged). */
  async compare(before: WiredAssistant, after: WiredAssistant): Promise<EvalDiff> {
    const { config, services } = this.deps;
    try {
      const cases = loadDatasets([path.resolve(config.ROOT_DIR, config.REINDEX_EVAL_FILE)], config.ROOT_DIR).filter(isLabelled);
      const quiet = (p: WiredAssistant) => services.build({ corpus: p.corpus, retriever: p.retriever, indexInfo: p.indexInfo(), sessions: new InMemorySessionStore() });
      const [a, b] = [await runCases(inProcessClient(await quiet(before)), cases), await runCases(inProcessClient(await quiet(after)), cases)];
      const passed = (r: (typeof a)[number]) => passes(scoreCase(r.case, r.result, r.error));
      const flips: EvalFlip[] = [];
      let flipCount = 0;
      let changedAnswers = 0;
      let beforePassed = 0;
      let afterPassed = 0;
      a.forEach((ra, i) => {
        const rb = b[i];
        const pa = passed(ra);
        const pb = passed(rb);
        if (pa) beforePassed++;
        if (pb) afterPassed++;
        const ansA = ra.result?.answer ?? ra.error ?? "";
        const ansB = rb.result?.answer ?? rb.error ?? "";
        if (ansA !== ansB) changedAnswers++;
        if (pa !== pb) {
          flipCount++;
          if (flips.length < FLIPS_LISTED) {
            flips.push({ id: ra.case.id, question: ra.case.turns.join(" → "), file: ra.case.file, line: ra.case.line, before: { passed: pa, answer: ansA }, after: { passed: pb, answer: ansB } });
          }
        }
      });
      return { cases: cases.length, beforePassed, afterPassed, flips, flipCount, changedAnswers };
    } catch (err) {
      return { cases: 0, beforePassed: 0, afterPassed: 0, flips: [], flipCount: 0, changedAnswers: 0, error: `评测对比未能运行：${errText(err)}` };
    }
  }

  /** What the page says about rolling back: possible, or why not. */
  rollbackState(): { possible: true; manifest: BackupManifest } | { possible: false; reason: string } {
    const l = this.last;
    if (!l) return { possible: false, reason: "本次服务启动以来没有成功的发布（服务重启后不能再回滚之前的发布）。" };
    if (l.manifest.rolledBack) return { possible: false, reason: "最近一次发布已回滚过，每次发布只能回滚一次。" };
    return { possible: true, manifest: l.manifest };
  }

  /** Serves the pipeline the last publish replaced again, then puts its files back; throws RollbackError if not possible. */
  async rollback(by: string): Promise<RollbackResult> {
    const { services, reindex, jobs, record } = this.deps;
    if (jobs.list(PUBLISH_JOB).some((j) => j.state === "running")) throw new RollbackError("正在发布，请等发布结束后再回滚。");
    const l = this.last;
    const state = this.rollbackState();
    if (!l || !state.possible) throw new RollbackError(state.possible ? "没有可回滚的发布。" : state.reason);
    const manifest = l.manifest;
    // Mark first: a second click while the files are restored is refused, not applied twice.
    manifest.rolledBack = { at: Date.now(), by };
    services.swap(l.previous);
    const { restored, removed } = await this.restore(manifest);
    manifest.outcome = "rolled_back";
    await this.writeManifest(manifest);
    record(by, "回滚知识库发布", { 记录: manifest.id, 恢复: restored, 删除: removed });
    // The index on disk is the published one: rebuild it from the restored files in the background (the gate passes:
    // it is the corpus the restored pipeline serves). Until then, and after, the answers are the previous ones.
    const rebuild = () => reindex.run().catch(() => undefined);
    this.background = reindex.busy ? reindex.idle().then(rebuild) : rebuild(); // started now: `busy` is true on return
    return { manifest, restored, removed };
  }

  /** Resolves when the background rebuild after a rollback is done. */
  async idle(): Promise<void> {
    await this.background;
  }

  /** The newest publish recorded on disk (also from before a restart). */
  async lastRecorded(): Promise<BackupManifest | undefined> {
    const names = (await readdir(this.historyDir).catch(() => [] as string[])).sort().reverse();
    for (const n of names) {
      const m = await this.readManifest(n);
      if (m) return m;
    }
    return undefined;
  }

  async readManifest(id: string): Promise<BackupManifest | undefined> {
    if (!/^[0-9a-z]+-[0-9a-f]{6}$/.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(path.join(this.historyDir, id, "manifest.json"), "utf8")) as BackupManifest;
    } catch {
      return undefined;
    }
  }

  private async backup(manifest: BackupManifest, dest: string, target: string): Promise<void> {
    const dir = path.join(this.historyDir, manifest.id);
    await mkdir(path.join(dir, "files"), { recursive: true });
    let existed = true;
    try {
      await mkdir(path.join(dir, "files", path.dirname(target)), { recursive: true });
      await copyFile(dest, path.join(dir, "files", target));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      existed = false;
    }
    manifest.files.push({ path: target, existed });
    const parent = path.dirname(dest);
    const made = await mkdir(parent, { recursive: true });
    if (made) manifest.createdDirs.push(path.relative(this.deps.config.CORPUS_DIR, made).split(path.sep).join("/"));
    await this.writeManifest(manifest);
  }

  /** Puts every backed-up file back and removes the files the publish added. */
  private async restore(manifest: BackupManifest): Promise<{ restored: string[]; removed: string[] }> {
    const { config } = this.deps;
    const restored: string[] = [];
    const removed: string[] = [];
    for (const f of manifest.files) {
      const dest = path.join(config.CORPUS_DIR, f.path);
      if (f.existed) {
        await writeAtomic(dest, await readFile(path.join(this.historyDir, manifest.id, "files", f.path)));
        restored.push(`${SHOWN_CORPUS}/${f.path}`);
      } else {
        await rm(dest, { force: true });
        removed.push(`${SHOWN_CORPUS}/${f.path}`);
      }
    }
    for (const d of [...manifest.createdDirs].reverse()) await rmdir(path.join(config.CORPUS_DIR, d)).catch(() => undefined); // only when empty
    return { restored, removed };
  }

  private async writeManifest(m: BackupManifest): Promise<void> {
    const dir = path.join(this.historyDir, m.id);
    await mkdir(dir, { recursive: true });
    await writeAtomic(path.join(dir, "manifest.json"), JSON.stringify(m, null, 2));
  }
}

/** Written beside the file under a hidden name, then renamed: a reader sees the old file or the new one. */
async function writeAtomic(file: string, content: Uint8Array | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
