// Eval runs started from the console: the datasets staff can run (the project's eval/*.jsonl and
// DATA_DIR/eval/*.jsonl — labelled feedback, imported workbooks), one run at a time as a background job,
// on a pipeline over the serving corpus and index that writes nothing (its own in-memory sessions, no
// message log). It does what `npm run eval` does (src/eval/cli-main.ts): warm-up call, runCases,
// citation checks against the corpus, buildReport, the baseline comparison when the dataset is the one
// eval/baseline.json was made from, report.json + report.html — into DATA_DIR/eval-runs/<time>/.
import fs from "node:fs";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Config } from "../../config.js";
import { buildQuiet } from "./probe.js";
import { inProcessClient, type AskClient } from "../../eval/ask-client.js";
import { makeCitationChecker } from "../../eval/citation-check.js";
import { compareReports, loadReference, ReferenceError, type Comparison } from "../../eval/compare.js";
import { DatasetError, loadDatasets, parseDataset, type CaseKind, type DatasetIssue, type EvalCase } from "../../eval/dataset.js";
import { renderHtml } from "../../eval/html-report.js";
import { buildReport, type EvalReport, type Summary } from "../../eval/report.js";
import { spyOnRetriever } from "../../eval/retrieval-spy.js";
import { runCases } from "../../eval/runner.js";
import type { ConsoleServices } from "../runtime.js";
import type { ConsoleJobs, Job } from "./jobs.js";

export const EVAL_JOB_KIND = "eval";
export const BASELINE_FILE = path.join("eval", "baseline.json");
export const RUNS_DIR = "eval-runs";
/** Finished runs kept in DATA_DIR/eval-runs; older ones are deleted when a new run finishes. */
export const RUNS_KEPT = 100;
/** Dataset keys: "project:<name>" (ROOT_DIR/eval) or "data:<name>" (DATA_DIR/eval). */
export type DatasetSource = "project" | "data";
const DATASET_NAME = /^[\p{L}\p{N}_.-]+\.jsonl$/u;
/** Run folders are named by the start time (like the CLI's eval/reports/<time>/), maybe with -2, -3…. */
const RUN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z(-\d+)?$/;
const RUN_META = "run.json";

export interface DatasetEntry {
  key: string;
  source: DatasetSource;
  name: string;
  /** How staff see it: eval/questions.jsonl, or 数据目录/eval/x.jsonl. */
  label: string;
  /** Absolute path. */
  file: string;
  /** The `datasets` entry of the report: relative to the project when inside it (as the CLI writes), else absolute. */
  reportName: string;
  cases: number;
  kinds: Partial<Record<CaseKind, number>>;
  issues: DatasetIssue[];
  /** eval/baseline.json was made from exactly this dataset: runs are compared with it. */
  baselined: boolean;
  mtimeMs: number;
}

export interface RunMeta {
  id: string;
  dataset: string;
  datasetLabel: string;
  startedBy: string;
  startedAt: number;
  finishedAt: number;
  summary: Pick<Summary, "cases" | "scored" | "passed" | "passRate" | "errors">;
  compared: boolean;
  regressed: boolean;
}

export interface RunResult {
  meta: RunMeta;
  report: EvalReport;
  comparison?: Comparison;
}

/** A dataset that cannot run: not found, or invalid (its issues say where). */
export class EvalRunError extends Error {
  constructor(
    message: string,
    readonly issues: DatasetIssue[] = [],
  ) {
    super(message);
    this.name = "EvalRunError";
  }
}

export interface EvalRunDeps {
  config: Config;
  services: ConsoleServices;
  jobs: ConsoleJobs;
}

const dirOf = (config: Config, source: DatasetSource) => (source === "project" ? path.join(config.ROOT_DIR, "eval") : path.join(config.DATA_DIR, "eval"));

function reportNameOf(config: Config, file: string): string {
  const rel = path.relative(config.ROOT_DIR, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : file;
}

function baselineDatasets(config: Config): string[] | undefined {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(config.ROOT_DIR, BASELINE_FILE), "utf8")) as { datasets?: unknown };
    return Array.isArray(raw.datasets) ? raw.datasets.map(String) : undefined;
  } catch {
    return undefined;
  }
}

function entryOf(config: Config, source: DatasetSource, name: string, topicIds: ReadonlySet<number> | undefined, baseline: string[] | undefined): DatasetEntry | undefined {
  const file = path.join(dirOf(config, source), name);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  const label = source === "project" ? `eval/${name}` : `数据目录/eval/${name}`;
  const reportName = reportNameOf(config, file);
  let cases: EvalCase[] = [];
  let issues: DatasetIssue[] = [];
  try {
    cases = loadDatasets([file], config.ROOT_DIR, topicIds);
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    // Shown with the label staff know, not the server's path.
    issues = e.issues.map((i) => ({ ...i, file: label }));
    cases = parseDataset(fs.readFileSync(file, "utf8"), label).cases;
  }
  const kinds: Partial<Record<CaseKind, number>> = {};
  for (const c of cases) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
  return {
    key: `${source}:${name}`,
    source,
    name,
    label,
    file,
    reportName,
    cases: cases.length,
    kinds,
    issues,
    baselined: !!baseline && baseline.length === 1 && baseline[0] === reportName,
    mtimeMs: stat.mtimeMs,
  };
}

/** Every dataset file, project ones first; each validated against the plan's 专题 when `topicIds` is given. */
export function listDatasets(config: Config, topicIds?: ReadonlySet<number>): DatasetEntry[] {
  const baseline = baselineDatasets(config);
  const out: DatasetEntry[] = [];
  for (const source of ["project", "data"] as const) {
    let names: string[];
    try {
      names = fs.readdirSync(dirOf(config, source));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => DATASET_NAME.test(n)).sort()) {
      const e = entryOf(config, source, name, topicIds, baseline);
      if (e) out.push(e);
    }
  }
  return out;
}

/** One dataset by key; undefined for a key that names no dataset file (or tries to leave the folder). */
export function findDataset(config: Config, key: string, topicIds?: ReadonlySet<number>): DatasetEntry | undefined {
  const m = /^(project|data):(.+)$/.exec(key);
  if (!m || !DATASET_NAME.test(m[2])) return undefined;
  return entryOf(config, m[1] as DatasetSource, m[2], topicIds, baselineDatasets(config));
}

/** A folder name from the time, unique even for two runs in the same millisecond (as the CLI's). */
function newRunDir(base: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  let dir = path.join(base, stamp);
  for (let n = 2; fs.existsSync(dir); n++) dir = path.join(base, `${stamp}-${n}`);
  return dir;
}

/** Asks one question per event-loop turn, so the server keeps answering pages and visitors during a run. */
function yielding(client: AskClient): AskClient {
  return {
    target: client.target,
    async ask(question, sessionId) {
      await nextTurn();
      return client.ask(question, sessionId);
    },
    ...(client.chunkIds && { chunkIds: client.chunkIds }),
    ...(client.chunkText && { chunkText: client.chunkText }),
  };
}

/**
 * Validates the dataset now (so the page can say what is wrong) and starts the run as the one "eval"
 * job. Throws EvalRunError for a missing or invalid dataset, JobBusyError while another run is going.
 */
export function startEvalRun(deps: EvalRunDeps, key: string, startedBy: string): Job<RunMeta> {
  const { config, services, jobs } = deps;
  const topicIds = new Set(services.serving().topics().map((t) => t.id));
  const dataset = findDataset(config, key, topicIds);
  if (!dataset) throw new EvalRunError("找不到这个评测集文件。");
  if (dataset.issues.length) throw new EvalRunError(`评测集「${dataset.label}」有 ${dataset.issues.length} 处错误，改正后才能运行。`, dataset.issues);
  const cases = loadDatasets([dataset.file], config.ROOT_DIR, topicIds);
  return jobs.start(EVAL_JOB_KIND, `评测 ${dataset.label}（${cases.length} 条）`, startedBy, async (ctl) => {
    const startedAt = new Date();
    const serving = services.serving();
    // As makeObservedAssistant does: the serving retriever behind a spy, so citations are checked
    // against what was really retrieved; fresh in-memory sessions, and no message log.
    const spy = spyOnRetriever(serving.retriever);
    const pipeline = await buildQuiet(services.build, { corpus: serving.corpus, retriever: spy.retriever, indexInfo: serving.indexInfo() });
    const client = yielding(inProcessClient(pipeline, spy));
    const topicNames = Object.fromEntries(pipeline.topics().map((t) => [t.id, t.name]));
    let runs;
    try {
      ctl.progress(0, `0/${cases.length}`);
      await client.ask(cases[0].turns[0]).catch(() => undefined); // untimed warm-up, as the CLI
      runs = await runCases(client, cases, (done, total, c) => ctl.progress(done / total, done < total ? `${done}/${total}：${c.id}` : `${total}/${total}，正在生成报告`));
    } finally {
      await pipeline.close();
    }
    if (runs.every((r) => r.error !== undefined)) throw new Error(`每个用例都出错了，第一个错误：${runs[0].error ?? "未知"}`);
    const chunkIds = client.chunkIds?.();
    const report = buildReport(runs, {
      checkCitation: makeCitationChecker({
        rootDir: config.ROOT_DIR,
        corpusDir: config.CORPUS_DIR,
        ...(chunkIds && { chunkIds }),
        ...(client.chunkText && { chunkText: (id: string) => client.chunkText!(id) }),
      }),
      idCheck: chunkIds ? "corpus" : "format",
      target: client.target,
      datasets: [dataset.reportName],
      topicNames,
      now: startedAt,
    });
    let comparison: Comparison | undefined;
    if (dataset.baselined) {
      try {
        comparison = compareReports(loadReference(path.join(config.ROOT_DIR, BASELINE_FILE)), report, config.EVAL_TOLERANCE);
      } catch (e) {
        if (!(e instanceof ReferenceError)) throw e; // a broken baseline only loses the comparison
      }
    }
    const dir = newRunDir(path.join(config.DATA_DIR, RUNS_DIR), startedAt);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "report.json"), JSON.stringify({ ...report, ...(comparison && { comparison }) }, null, 2) + "\n");
    fs.writeFileSync(path.join(dir, "report.html"), renderHtml(report, comparison));
    const s = report.summary;
    const meta: RunMeta = {
      id: path.basename(dir),
      dataset: dataset.key,
      datasetLabel: dataset.label,
      startedBy,
      startedAt: startedAt.getTime(),
      finishedAt: Date.now(),
      summary: { cases: s.cases, scored: s.scored, passed: s.passed, passRate: s.passRate, errors: s.errors },
      compared: !!comparison,
      regressed: comparison?.regressed ?? false,
    };
    // Written last: a folder with run.json is a finished run.
    fs.writeFileSync(path.join(dir, RUN_META), JSON.stringify(meta, null, 2) + "\n");
    pruneRuns(config);
    return meta; // the report itself stays on disk: finished jobs are kept in memory
  });
}

/** Keeps the newest `keep` finished runs (and unfinished folders newer than the oldest kept); returns how many were deleted. */
export function pruneRuns(config: Pick<Config, "DATA_DIR">, keep = RUNS_KEPT): number {
  const root = path.join(config.DATA_DIR, RUNS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(root).filter((n) => RUN_ID.test(n)).sort().reverse();
  } catch {
    return 0;
  }
  let finished = 0;
  let removed = 0;
  for (const id of names) {
    if (finished < keep) {
      if (fs.existsSync(path.join(root, id, RUN_META))) finished++;
      continue;
    }
    fs.rmSync(path.join(root, id), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The folder of a finished run; undefined for an id that is not one (or tries to leave the folder). */
export function runPath(config: Config, id: string): string | undefined {
  if (!RUN_ID.test(id)) return undefined;
  const dir = path.join(config.DATA_DIR, RUNS_DIR, id);
  return fs.existsSync(path.join(dir, RUN_META)) ? dir : undefined;
}

/** Finished runs, newest first. */
export function listRuns(config: Config, limit = 50): RunMeta[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(config.DATA_DIR, RUNS_DIR));
  } catch {
    return [];
  }
  const out: RunMeta[] = [];
  for (const id of names.filter((n) => RUN_ID.test(n)).sort().reverse()) {
    if (out.length >= limit) break;
    try {
      out.push(JSON.parse(fs.readFileSync(path.join(config.DATA_DIR, RUNS_DIR, id, RUN_META), "utf8")) as RunMeta);
    } catch {
      // Not finished, or not written by the console: skipped.
    }
  }
  return out;
}

export function readRun(config: Config, id: string): RunResult | undefined {
  const dir = runPath(config, id);
  if (!dir) return undefined;
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, RUN_META), "utf8")) as RunMeta;
    const { comparison, ...report } = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")) as EvalReport & { comparison?: Comparison };
    return { meta, report, ...(comparison && { comparison }) };
  } catch {
    return undefined;
  }
}

/** The dataset loader's messages (English, for the CLI) in the words staff read on the page. */
const ISSUE_WORDS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^invalid JSON: (.*)$/, (m) => `不是有效的 JSON（${m[1]}）`],
  [/^line is not a JSON object$/, () => "这一行不是 JSON 对象（应以 { 开头、} 结尾）"],
  [/^unknown field "(.*)" \(allowed: (.*)\)$/, (m) => `未知字段「${m[1]}」（可用字段：${m[2]}）`],
  [/^"id" must be a non-empty string$/, () => "缺少用例编号「id」"],
  [/^unknown kind (.*) \(expected one of (.*)\)$/, (m) => `类型 ${m[1]} 无法识别（应为 ${m[2]} 之一）`],
  [/^give either "q" or "turns", not both$/, () => "「q」和「turns」只能写其中一个"],
  [/^"q" must be a non-empty string$/, () => "问题「q」不能为空"],
  [/^"turns" must be/, () => "「turns」须为非空的问题列表"],
  [/^missing "q"/, () => "缺少问题「q」（多轮对话用「turns」）"],
  [/^"topics" must be an array/, () => "「topics」须为专题编号的列表，如 [14] 或 [14, 9]"],
  [/^topic id (.*) is not a 专题 number$/, (m) => `专题编号 ${m[1]} 无效`],
  [/^"topics" lists an id twice$/, () => "「topics」重复列出了同一个专题"],
  [/^topic id (\d+) is not a 专题 of the plan \((\d+)\.\.(\d+)\)$/, (m) => `专题 ${m[1]} 不在方案中（方案有专题 ${m[2]}–${m[3]}）`],
  [/^"must" must be/, () => "「must」须为非空文字的列表"],
  [/^"must_not_re" must be/, () => "「must_not_re」不能为空"],
  [/^"must_not_re" is not a valid regex: (.*)$/, (m) => `「must_not_re」不是有效的正则表达式（${m[1]}）`],
  [/^"refuse" must be true or false$/, () => "「refuse」须为 true 或 false"],
  [/^unknown verdict (.*) \(expected/, (m) => `判断 ${m[1]} 无法识别（应为 eligible 符合、ineligible 不符合、uncertain 需补充）`],
  [/^"needs_label" must be a boolean$/, () => "「needs_label」须为 true 或 false"],
  [/^"note" must be a string$/, () => "「note」须为文字"],
  [/^duplicate id "(.*)" \(first at (.*)\)$/, (m) => `编号「${m[1]}」重复（第一次出现在 ${m[2]}）`],
  [/^no cases found$/, () => "文件中没有任何用例"],
  [/^cannot read dataset: (.*)$/, (m) => `无法读取文件（${m[1]}）`],
];

/** 「文件:行：说明」 in plain Chinese (unknown messages are kept as they are). */
export function issueText(i: DatasetIssue): string {
  let message = i.message;
  for (const [re, say] of ISSUE_WORDS) {
    const m = re.exec(i.message);
    if (m) {
      message = say(m);
      break;
    }
  }
  return i.line > 0 ? `${i.file}:${i.line}：${message}` : `${i.file}：${message}`;
}
