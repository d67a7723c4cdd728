// Publishing a draft from the console, as a background job: back up the files it replaces or adds
// (DATA_DIR/console/history/<id>/ with a manifest), write the draft into CORPUS_DIR, run the reindex with its
// regression gate, and — when the new index serves — compare the whole labelled eval set on the pipeline before and
// after. Any failure puts the files back exactly; the old index never stopped serving. The most recent publish can be
// rolled back once: the pipeline it replaced goes back into service at once and the files are restored.
// Publish (write → reindex → restore on failure) and rollback (restore → swap back) each hold the reindex slot for
// their whole length (ReindexService.exclusive), so no other reindex (an `npm run ingest` signal, POST /admin/reindex)
// reads the corpus while a draft is in it unchecked; and they exclude each other. A publish cut short by a restart
// (its manifest still "running") is undone when the server starts, before the corpus is loaded
// (recoverInterruptedPublishes, called by startOps).
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../config.js";
import { quietPipeline } from "./probe.js";
import type { IndexInfo, Logger } from "../../core/types.js";
import { inProcessClient } from "../../eval/ask-client.js";
import { loadDatasets } from "../../eval/dataset.js";
import { runCases } from "../../eval/runner.js";
import { isLabelled, passes, scoreCase } from "../../eval/score.js";
import type { WiredAssistant } from "../../wiring.js";
import type { ReindexIssue, ReindexOutcome, ReindexService, ReindexStage } from "../reindex.js";
import type { ConsoleServices } from "../runtime.js";
import { draftDestination, sha256, SHOWN_CORPUS, type Draft, type DraftStore } from "./corpus-drafts.js";
import type { ConsoleJobs, Job, JobControl } from "./jobs.js";

export const PUBLISH_JOB = "publish";
/** Flipped cases listed with both answers; the rest are counted. */
const FLIPS_LISTED = 30;
/** Publishes kept in DATA_DIR/console/history (the one that can still be rolled back is always kept). */
export const HISTORY_KEEP = 50;
/** Why a publish cut short by a restart is marked failed. */
export const INTERRUPTED_REASON = "服务在发布过程中重启，已恢复发布前的文件";
/** Who the audit log names for what the server does by itself at start. */
export const SYSTEM_USER = "系统";

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
  /** A failed publish whose files could not be put back: the next start tries again. */
  restoreFailed?: boolean;
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

/** A publish asked for while a rollback runs. */
export class PublishBusyError extends Error {
  override name = "PublishBusyError";
}

export interface PublisherDeps {
  config: Pick<Config, "CORPUS_DIR" | "DATA_DIR" | "ROOT_DIR" | "REINDEX_EVAL_FILE">;
  services: Pick<ConsoleServices, "serving" | "build" | "swap">;
  reindex: Pick<ReindexService, "exclusive" | "idle">;
  jobs: ConsoleJobs;
  drafts: DraftStore;
  /** Told each outcome (the audit log). */
  record: (username: string, action: string, detail: Record<string, unknown>) => Promise<void>;
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
  private rollingBack = false;

  constructor(private readonly deps: PublisherDeps) {
    this.historyDir = historyDirOf(deps.config.DATA_DIR);
  }

  /**
   * Starts the publish job; throws JobBusyError while one runs, PublishBusyError while a rollback runs. The caller has
   * checked the draft is valid. Unless `overwrite`, the publish stops when the file changed since the draft was made.
   */
  start(draft: Draft, by: string, opts: { overwrite?: boolean } = {}): Job<PublishResult> {
    if (this.rollingBack) throw new PublishBusyError("正在回滚上一次发布，请等回滚结束后再发布。");
    return this.deps.jobs.start(PUBLISH_JOB, `发布 ${SHOWN_CORPUS}/${draft.target}`, by, (ctl) => this.run(draft, by, ctl, opts));
  }

  async run(draft: Draft, by: string, ctl?: JobControl, opts: { overwrite?: boolean } = {}): Promise<PublishResult> {
    const { config, services, reindex, drafts, record } = this.deps;
    const content = await drafts.content(draft);
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
      const all = [...errors];
      if (restore) {
        try {
          await this.restore(manifest);
          restored = true;
        } catch (err) {
          manifest.restoreFailed = true;
          all.unshift({ message: `未能恢复发布前的文件（${errText(err)}）：知识库文件夹里可能仍是草稿的内容（正在服务的仍是原来的索引）。服务下次启动时会再次尝试恢复；也可请维护人员按发布记录 ${manifest.id} 手动恢复。` });
        }
      }
      manifest.outcome = "failed";
      manifest.stage = stage;
      manifest.errors = all.slice(0, 50);
      let unrecorded: string | undefined;
      await this.writeManifest(manifest).catch((err: unknown) => (unrecorded = errText(err)));
      await record(by, "发布知识库（失败）", {
        文件: files,
        阶段: stage,
        错误: all.slice(0, 5).map((e) => (e.file ? `${e.file}:${e.line ?? 1}：${e.message}` : e.message)),
        已恢复: restored,
        记录: manifest.id,
        ...(unrecorded && { 发布记录未能写入: unrecorded }),
      });
      await this.pruneHistory().catch(() => undefined);
      return { ok: false, historyId: manifest.id, files, stage, errors: all, restored };
    };

    ctl?.progress(0.02, "等待正在进行的重建索引结束");
    // One section: no other reindex reads the corpus between the write and the restore.
    type Gated = Extract<ReindexOutcome, { ok: true }> & { regression: NonNullable<Extract<ReindexOutcome, { ok: true }>["regression"]> };
    type Section = { done: PublishResult } | { done?: undefined; outcome: Gated; previous: WiredAssistant };
    const section = await reindex.exclusive(async (reindexNow): Promise<Section> => {
      const previous = services.serving();
      const dest = draftDestination(config.CORPUS_DIR, draft);
      if (!opts.overwrite) {
        const now = await readFile(dest).catch(() => undefined);
        const changed = draft.baseSha256 ? !now || sha256(now) !== draft.baseSha256 : !!now;
        if (changed) {
          return {
            done: await fail("write", [{ message: `草稿保存之后 ${files[0]} 已被修改（可能有人发布了别的改动），为免覆盖他人的改动没有发布。请在预览页核对后勾选「仍然发布（覆盖他人的改动）」再发布，或重新编辑。` }], false),
          };
        }
      }
      ctl?.progress(0.05, "备份将被替换的文件");
      try {
        await this.backup(manifest, dest, draft.target);
        ctl?.progress(0.15, "写入知识库文件");
        await writeAtomic(dest, content);
      } catch (err) {
        return { done: await fail("write", [{ message: `写入文件失败：${errText(err)}` }], true) };
      }

      ctl?.progress(0.25, "校验知识库、重建索引、运行回归检查");
      let outcome;
      try {
        outcome = await reindexNow();
      } catch (err) {
        return { done: await fail("validate", [{ message: `重建索引失败：${errText(err)}` }], true) };
      }
      if (!outcome.ok) return { done: await fail(outcome.stage, outcome.errors, true) };
      // A publish always builds and gates its own index (it never adopts another replica's).
      if (!outcome.regression) return { done: await fail("regression", [{ message: "重建索引没有运行回归检查" }], true) };

      manifest.outcome = "published";
      await this.writeManifest(manifest);
      this.last = { manifest, previous };
      const regression = outcome.regression;
      return { outcome: { ...outcome, regression }, previous };
    });
    if (section.done) return section.done;
    const { outcome, previous } = section;
    await drafts.remove(draft.id);
    await this.pruneHistory().catch(() => undefined);
    ctl?.progress(0.7, "对比发布前后的评测结果");
    const evalDiff = await this.compare(previous, services.serving());
    await record(by, "发布知识库", {
      文件: files,
      回归检查: `${outcome.regression.passed}/${outcome.regression.cases}（原 ${outcome.regression.baselinePassed}）`,
      评测: evalDiff.error ? evalDiff.error : `${evalDiff.beforePassed} → ${evalDiff.afterPassed}/${evalDiff.cases}，${evalDiff.flipCount} 条结果翻转，${evalDiff.changedAnswers} 条回答有变化`,
      记录: manifest.id,
      ...(opts.overwrite && { 覆盖他人的改动: "是" }),
    });
    ctl?.progress(1, "完成");
    return { ok: true, historyId: manifest.id, files, gate: outcome.regression, info: outcome.info, eval: evalDiff };
  }

  /** The whole labelled eval set on both pipelines (each with sessions of its own, nothing logged). */
  async compare(before: WiredAssistant, after: WiredAssistant): Promise<EvalDiff> {
    const { config, services } = this.deps;
    try {
      const cases = loadDatasets([path.resolve(config.ROOT_DIR, config.REINDEX_EVAL_FILE)], config.ROOT_DIR).filter(isLabelled);
      const quiet = (p: WiredAssistant) => quietPipeline(services.build, p);
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
    if (this.rollingBack) return { possible: false, reason: "正在回滚这次发布。" };
    return { possible: true, manifest: l.manifest };
  }

  /**
   * Puts the files of the last publish back, then serves the pipeline it replaced again; throws RollbackError if not
   * possible. When the files cannot be put back nothing changes (the published answers keep serving, matching the
   * files) and the publish can be rolled back again later.
   */
  async rollback(by: string): Promise<RollbackResult> {
    const { services, reindex, jobs, record } = this.deps;
    if (jobs.list(PUBLISH_JOB).some((j) => j.state === "running")) throw new RollbackError("正在发布，请等发布结束后再回滚。");
    const l = this.last;
    const state = this.rollbackState();
    if (!l || !state.possible) throw new RollbackError(state.possible ? "没有可回滚的发布。" : state.reason);
    const manifest = l.manifest;
    // Set before the first await: a second click, or a publish, meanwhile is refused.
    this.rollingBack = true;
    let result: RollbackResult;
    try {
      result = await reindex.exclusive(async () => {
        let files: { restored: string[]; removed: string[] };
        try {
          files = await this.restore(manifest);
        } catch (err) {
          await record(by, "回滚知识库发布（失败）", { 记录: manifest.id, 错误: errText(err) });
          throw new RollbackError(`回滚失败：未能恢复发布前的文件（${errText(err)}）。没有做任何改动：正在服务的仍是发布后的版本，与知识库文件一致。可以稍后再试，或请维护人员检查知识库文件夹的权限和磁盘空间。`);
        }
        services.swap(l.previous);
        manifest.rolledBack = { at: Date.now(), by };
        manifest.outcome = "rolled_back";
        let unrecorded: string | undefined;
        await this.writeManifest(manifest).catch((err: unknown) => (unrecorded = errText(err)));
        await record(by, "回滚知识库发布", { 记录: manifest.id, 恢复: files.restored, 删除: files.removed, ...(unrecorded && { 发布记录未能更新: unrecorded }) });
        return { manifest, ...files };
      });
    } finally {
      this.rollingBack = false;
    }
    // The index on disk is the published one: rebuild it from the restored files in the background, after the section
    // (the gate passes: it is the corpus the restored pipeline serves). Until then, and after, the answers are the
    // previous ones. Waits for the slot rather than being refused; reindex.idle() waits for it from now on.
    this.background = reindex.exclusive((run) => run()).catch(() => undefined);
    return result;
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
    return readManifest(this.historyDir, id);
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

  private restore(manifest: BackupManifest): Promise<{ restored: string[]; removed: string[] }> {
    return restoreFiles(this.deps.config.CORPUS_DIR, this.historyDir, manifest);
  }

  private writeManifest(m: BackupManifest): Promise<void> {
    return writeManifest(this.historyDir, m);
  }

  /** Keeps the newest HISTORY_KEEP publishes; never the one that can be rolled back, one running or one not restored. */
  async pruneHistory(): Promise<void> {
    const names = (await readdir(this.historyDir).catch(() => [] as string[])).filter((n) => MANIFEST_ID.test(n)).sort().reverse();
    for (const id of names.slice(HISTORY_KEEP)) {
      if (id === this.last?.manifest.id) continue;
      const m = await this.readManifest(id);
      if (m && (m.outcome === "running" || m.restoreFailed)) continue;
      await rm(path.join(this.historyDir, id), { recursive: true, force: true });
    }
  }
}

const MANIFEST_ID = /^[0-9a-z]+-[0-9a-f]{6}$/;

const historyDirOf = (dataDir: string) => path.join(dataDir, "console", "history");

async function readManifest(historyDir: string, id: string): Promise<BackupManifest | undefined> {
  if (!MANIFEST_ID.test(id)) return undefined;
  try {
    return JSON.parse(await readFile(path.join(historyDir, id, "manifest.json"), "utf8")) as BackupManifest;
  } catch {
    return undefined;
  }
}

async function writeManifest(historyDir: string, m: BackupManifest): Promise<void> {
  const dir = path.join(historyDir, m.id);
  await mkdir(dir, { recursive: true });
  await writeAtomic(path.join(dir, "manifest.json"), JSON.stringify(m, null, 2));
}

/**
 * Puts every backed-up file back and removes the files the publish added. All or nothing: when one file cannot be
 * put back, the files already put back get the content they had just before (what the publish wrote), and it throws.
 */
async function restoreFiles(corpusDir: string, historyDir: string, manifest: BackupManifest): Promise<{ restored: string[]; removed: string[] }> {
  const restored: string[] = [];
  const removed: string[] = [];
  const undo: { dest: string; before: Buffer | undefined }[] = [];
  try {
    for (const f of manifest.files) {
      const dest = path.join(corpusDir, f.path);
      const before = await readFile(dest).catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") return undefined;
        throw err;
      });
      if (f.existed) {
        const backup = await readFile(path.join(historyDir, manifest.id, "files", f.path));
        undo.push({ dest, before });
        await mkdir(path.dirname(dest), { recursive: true });
        await writeAtomic(dest, backup);
        restored.push(`${SHOWN_CORPUS}/${f.path}`);
      } else {
        undo.push({ dest, before });
        await rm(dest, { force: true });
        removed.push(`${SHOWN_CORPUS}/${f.path}`);
      }
    }
  } catch (err) {
    for (const u of undo.reverse()) {
      await (u.before ? writeAtomic(u.dest, u.before) : rm(u.dest, { force: true })).catch(() => undefined);
    }
    throw err;
  }
  for (const d of [...manifest.createdDirs].reverse()) await rmdir(path.join(corpusDir, d)).catch(() => undefined); // only when empty
  return { restored, removed };
}

/**
 * At server start, before the corpus is loaded: every publish still marked running (the server stopped half-way,
 * the draft possibly in CORPUS_DIR unchecked) and every failed one whose files could not be put back gets its files
 * put back exactly (added files removed) and is marked failed with INTERRUPTED_REASON, audited. One that cannot be
 * restored stays as it is (logged and audited) and is tried again at the next start.
 */
export async function recoverInterruptedPublishes(deps: {
  config: Pick<Config, "CORPUS_DIR" | "DATA_DIR">;
  record: (username: string, action: string, detail: Record<string, unknown>) => Promise<void>;
  logger?: Logger;
}): Promise<BackupManifest[]> {
  const { config, record, logger } = deps;
  const historyDir = historyDirOf(config.DATA_DIR);
  const recovered: BackupManifest[] = [];
  for (const id of (await readdir(historyDir).catch(() => [] as string[])).sort()) {
    const m = await readManifest(historyDir, id);
    if (!m || !(m.outcome === "running" || (m.outcome === "failed" && m.restoreFailed))) continue;
    const files = m.files.map((f) => `${SHOWN_CORPUS}/${f.path}`);
    try {
      const { restored, removed } = await restoreFiles(config.CORPUS_DIR, historyDir, m);
      m.outcome = "failed";
      delete m.restoreFailed;
      m.stage ??= "write";
      m.errors = [{ message: INTERRUPTED_REASON }, ...(m.errors ?? [])].slice(0, 50);
      await writeManifest(historyDir, m);
      await record(SYSTEM_USER, "发布知识库（中断后恢复）", { 记录: m.id, 发布人: m.by, 文件: files, 恢复: restored, 删除: removed, 原因: INTERRUPTED_REASON });
      logger?.warn({ history: m.id, files }, "console publish interrupted by a restart: the files from before it were put back");
      recovered.push(m);
    } catch (err) {
      await record(SYSTEM_USER, "发布知识库（中断后恢复失败）", { 记录: m.id, 发布人: m.by, 文件: files, 错误: errText(err) });
      logger?.error({ history: m.id, files, err: errText(err) }, "console publish interrupted by a restart: its files could not be put back");
    }
  }
  return recovered;
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
