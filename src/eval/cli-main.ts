// `npm run eval`: validate the dataset, run it in-process (through the single wiring) or against --url,
// write report.json + report.html, print the tables, and compare with a reference when asked.
// Returns the exit code; src/cli/eval.ts only wires in the real assistant and process streams.
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { parseEvalArgs, USAGE, UsageError } from "./args.js";
import { inProcessClient, type AskClient } from "./ask-client.js";
import { makeCitationChecker } from "./citation-check.js";
import { baselineJson, compareReports, loadReference, ReferenceError, toBaseline, type Comparison, type Reference } from "./compare.js";
import { comparisonTable, summaryTables } from "./console-table.js";
import { DatasetError, loadDatasets } from "./dataset.js";
import { feedbackToCases, toJsonl } from "./feedback.js";
import { renderHtml } from "./html-report.js";
import { httpClient, HttpAskError } from "./http-client.js";
import type { ObservedAssistant } from "./observed-assistant.js";
import { makeProgress, type Progress } from "./progress.js";
import { buildReport, type EvalReport } from "./report.js";
import { runCases } from "./runner.js";

export interface EvalDeps {
  config: Config;
  /** Builds the in-process assistant (production: makeObservedAssistant, i.e. the single wiring). */
  makeAssistant: (config: Config) => Promise<ObservedAssistant>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Where relative paths given on the command line are resolved (npm runs scripts in the project root). */
  cwd?: string;
  progress?: Progress;
  now?: () => Date;
}

export interface EvalOutcome {
  code: number;
  report?: EvalReport;
  comparison?: Comparison;
  outDir?: string;
}

/** A folder name from the time, unique even for two runs in the same second. */
function reportDir(base: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  let dir = path.join(base, stamp);
  for (let n = 2; fs.existsSync(dir); n++) dir = path.join(base, `${stamp}-${n}`);
  return dir;
}

export async function runEval(argv: string[], deps: EvalDeps): Promise<EvalOutcome> {
  const cwd = deps.cwd ?? process.cwd();
  const now = deps.now ?? (() => new Date());
  const { stdout, stderr } = deps;
  const fail = (code: number, msg: string): EvalOutcome => {
    stderr(`eval: ${msg}\n`);
    return { code };
  };

  let args;
  try {
    args = parseEvalArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(2, `${e.message}\n\n${USAGE}`);
    throw e;
  }
  if (args.help) {
    stdout(`${USAGE}\n`);
    return { code: 0 };
  }

  if (args.fromFeedback) {
    const file = path.resolve(cwd, args.fromFeedback);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      return fail(2, `cannot read ${args.fromFeedback}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let cases;
    try {
      cases = feedbackToCases(text, args.fromFeedback);
    } catch (e) {
      if (e instanceof DatasetError) return fail(2, e.message);
      throw e;
    }
    if (args.out) {
      const dir = path.resolve(cwd, args.out);
      fs.mkdirSync(dir, { recursive: true });
      const target = path.join(dir, "feedback-cases.jsonl");
      fs.writeFileSync(target, toJsonl(cases));
      stderr(`eval: ${cases.length} unlabeled case(s) written to ${path.relative(cwd, target) || target}\n`);
      return { code: 0, outDir: dir };
    }
    stdout(toJsonl(cases));
    stderr(`eval: ${cases.length} unlabeled case(s) from downvoted feedback\n`);
    return { code: 0 };
  }

  let cases;
  try {
    cases = loadDatasets(args.datasets, cwd);
  } catch (e) {
    if (e instanceof DatasetError) return fail(2, e.message);
    throw e;
  }
  if (args.kinds) {
    const kinds = args.kinds;
    cases = cases.filter((c) => kinds.includes(c.kind));
    if (cases.length === 0) return fail(2, `no case of kind ${kinds.join(", ")} in ${args.datasets.join(", ")}`);
  }

  let reference: Reference | undefined;
  if (args.compare) {
    try {
      reference = loadReference(path.resolve(cwd, args.compare));
    } catch (e) {
      if (e instanceof ReferenceError) return fail(2, e.message);
      throw e;
    }
  }

  let client: AskClient;
  let assistant: ObservedAssistant | undefined;
  let topicNames: Record<number, string> | undefined;
  if (args.url) {
    try {
      client = httpClient(args.url);
    } catch (e) {
      if (e instanceof HttpAskError) return fail(2, e.message);
      throw e;
    }
  } else {
    assistant = await deps.makeAssistant(deps.config);
    client = inProcessClient(assistant, assistant.retrievalSpy);
    topicNames = Object.fromEntries(assistant.topics().map((t) => [t.id, t.name]));
    // Now that the plan's 专题 are known, a case naming one it does not have is a dataset error.
    try {
      loadDatasets(args.datasets, cwd, new Set(assistant.topics().map((t) => t.id)));
    } catch (e) {
      await assistant.close();
      if (e instanceof DatasetError) return fail(2, e.message);
      throw e;
    }
  }

  // One untimed call first so the first case's latency is not the JIT's and the index's warm-up.
  if (assistant) await client.ask(cases[0].turns[0]).catch(() => undefined);

  const progress = deps.progress ?? makeProgress();
  let runs;
  try {
    runs = await runCases(client, cases, (done, total, c) => progress.update(done, total, c.id));
  } finally {
    progress.done();
    await assistant?.close();
  }
  if (runs.every((r) => r.error !== undefined)) {
    return fail(3, `every case failed; first error: ${runs[0].error ?? "unknown"}`);
  }

  const chunkIds = client.chunkIds?.();
  const report = buildReport(runs, {
    checkCitation: makeCitationChecker({ rootDir: deps.config.ROOT_DIR, corpusDir: deps.config.CORPUS_DIR, ...(chunkIds && { chunkIds }), ...(client.chunkText && { chunkText: (id: string) => client.chunkText!(id) }) }),
    idCheck: chunkIds ? "corpus" : "format",
    target: client.target,
    datasets: args.datasets,
    ...(args.kinds && { kinds: args.kinds }),
    ...(topicNames && { topicNames }),
    now: now(),
  });

  let comparison: Comparison | undefined;
  if (reference) {
    // With --kind, only the reference's cases of those kinds can flip or be "removed".
    const kinds = args.kinds;
    const ref = kinds ? { ...reference, cases: reference.cases.filter((c) => (kinds as string[]).includes(c.kind)) } : reference;
    comparison = compareReports(ref, report, deps.config.EVAL_TOLERANCE);
  }

  const outDir = args.out ? path.resolve(cwd, args.out) : reportDir(path.join(deps.config.ROOT_DIR, "eval", "reports"), now());
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify({ ...report, ...(comparison && { comparison }) }, null, 2) + "\n");
  fs.writeFileSync(path.join(outDir, "report.html"), renderHtml(report, comparison));
  if (args.saveBaseline) {
    const file = path.resolve(cwd, args.saveBaseline);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, baselineJson(toBaseline(report)));
  }

  // Tables go to stdout normally; with --json stdout carries only the JSON.
  const print = args.json ? stderr : stdout;
  print(`\n${summaryTables(report)}\n`);
  if (comparison) {
    print(`\nCompared with ${args.compare}:\n${comparisonTable(comparison)}\n`);
    if (args.kinds) print(`Note: --kind ran a subset; metric deltas compare it with the whole reference run.\n`);
  }
  const rel = (p: string) => {
    const r = path.relative(cwd, p);
    return r && !r.startsWith("..") ? r : p;
  };
  print(`\nReport: ${rel(path.join(outDir, "report.html"))}\n`);
  if (args.saveBaseline) print(`Baseline written: ${rel(path.resolve(cwd, args.saveBaseline))}\n`);
  if (args.json) {
    stdout(
      JSON.stringify(
        {
          summary: report.summary,
          failing: report.cases.filter((c) => c.pass === false).map((c) => c.id),
          ...(comparison && { comparison }),
          report: path.join(outDir, "report.json"),
        },
        null,
        2,
      ) + "\n",
    );
  }
  return { code: comparison?.regressed ? 1 : 0, report, ...(comparison && { comparison }), outDir };
}
