// Runs the benchmark sections one after another (never concurrently: 2 cores) and collects one report.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Config } from "../config.js";
import { loadBenchQuestions } from "./bench-questions.js";
import type { BenchPlan, Section } from "./bench-plan.js";
import { runColdStart, type ColdStartResult } from "./cold-start.js";
import { runHttpBench, type HttpResult } from "./http-bench.js";
import { runReplicasBench, type ReplicasResult } from "./replicas-bench.js";
import { runIngestBench, type IngestResult } from "./ingest-bench.js";
import { machineInfo, watchLoadAverage, type MachineInfo } from "./machine.js";
import { codeRevision, type Revision } from "./revision.js";
import type { PipelineResult } from "./pipeline-step.js";
import { runChildStep } from "./run-child.js";
import type { ReplicaResult, ScaleLoadParams } from "./scale-load-step.js";
import { INDEX_FILE, QUERY_SET_FILE, type ScaleResult } from "./scale-step.js";
import { growthExponent } from "./stats.js";
import { evaluateTargets, type TargetCheck } from "./targets.js";
import type { VectorSourceName } from "./vector-source.js";

export interface ScaleSection {
  steps: ScaleResult[];
  /** Exponent b in time ≈ c·size^b between the two largest sizes (1 = linear). */
  growth: { build: number; hnswQueryP95: number; bruteForceQueryP95: number };
}

/** The opt-in 1M step; growth is from the largest step of `scale` when that section ran in the same run. */
export interface LargeScaleSection {
  steps: ScaleResult[];
  growth: { fromSize: number; build: number; hnswQueryP95: number; bruteForceQueryP95: number } | null;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: MachineInfo;
  revision: Revision;
  plan: BenchPlan;
  questions: { count: number; source: string };
  pipeline: PipelineResult | null;
  http: HttpResult | null;
  /** ask through nginx with 1 and 2 replicas over PostgreSQL + Redis. */
  replicas: ReplicasResult | null;
  coldStart: ColdStartResult | null;
  scale: ScaleSection | null;
  ingest: IngestResult | null;
  /** `--only scale1m`: 1M chunks, same measurements as scale. */
  scale1m: LargeScaleSection | null;
  targets: TargetCheck[];
  /** Section → error message for sections that could not run. */
  errors: Partial<Record<Section, string>>;
}

export interface RunBenchOptions {
  config: Config;
  plan: BenchPlan;
  quick: boolean;
  sections: readonly Section[];
  embedder: VectorSourceName;
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
}

/** The configuration every in-process step runs with: offline default, its own data dir, quiet logs. */
function benchConfig(config: Config, dataDir: string): Config {
  return {
    ...config,
    EMBEDDINGS: "offline",
    LLM_BASE_URL: undefined,
    LOG_LEVEL: "warn",
    WECHAT_ENABLED: false,
    DATA_DIR: dataDir,
    INDEX_DIR: path.join(dataDir, "index"),
    DB_FILE: path.join(dataDir, "assistant.db"),
  };
}

/** How build time and query p95 grow from step a to the larger step b (exponent of n). */
function scaleGrowth(a: ScaleResult, b: ScaleResult): ScaleSection["growth"] {
  return {
    build: growthExponent(a.size, a.buildMs, b.size, b.buildMs),
    hnswQueryP95: growthExponent(a.size, a.hnswQuery.p95Ms, b.size, b.hnswQuery.p95Ms),
    bruteForceQueryP95: growthExponent(a.size, a.bruteForceQuery.p95Ms, b.size, b.bruteForceQuery.p95Ms),
  };
}

export async function runBench(o: RunBenchOptions): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const { questions, source } = loadBenchQuestions(o.config.ROOT_DIR, o.config.CORPUS_DIR);
  const errors: BenchReport["errors"] = {};
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-data-"));
  const config = benchConfig(o.config, dataDir);
  const report: BenchReport = {
    startedAt,
    finishedAt: startedAt,
    quick: o.quick,
    machine: machineInfo(),
    revision: codeRevision(o.config.ROOT_DIR),
    plan: o.plan,
    questions: { count: questions.length, source },
    pipeline: null,
    http: null,
    replicas: null,
    coldStart: null,
    scale: null,
    ingest: null,
    scale1m: null,
    targets: [],
    errors,
  };

  const attempt = async (section: Section, run: () => Promise<void>) => {
    if (!o.sections.includes(section)) return;
    o.log(`bench: ${section} …`);
    try {
      await run();
    } catch (err) {
      errors[section] = err instanceof Error ? err.message : String(err);
      o.log(`bench: ${section} failed: ${errors[section]}`);
    }
  };

  try {
    await attempt("pipeline", async () => {
      report.pipeline = await runChildStep<PipelineResult>({
        step: "pipeline",
        params: { config, questions, calls: o.plan.pipelineCalls, warmup: o.plan.pipelineWarmup },
      });
    });
    // The same load (questions, connections, warm-up) for both, so one replica's figure compares with http's.
    const load = { config, questions, connections: o.plan.httpConnections, warmupS: o.plan.httpWarmupS };
    await attempt("http", async () => {
      report.http = await runHttpBench({ ...load, durationS: o.plan.httpDurationS });
    });
    await attempt("replicas", async () => {
      report.replicas = await runReplicasBench({ ...load, counts: o.plan.replicaCounts, durationS: o.plan.replicasDurationS, log: o.log });
    });
    await attempt("coldStart", async () => {
      report.coldStart = await runColdStart({
        config,
        rootDir: o.config.ROOT_DIR,
        question: questions[0],
        repeats: o.plan.coldStartRepeats,
        timeoutMs: 120_000,
      });
    });
    // Build + query in one child, then the saved index read back in a fresh child (the replica's view).
    const scaleStep = async (size: number, queries: number, exactQueries: number): Promise<ScaleResult> => {
      o.log(`bench: scale ${size} chunks …`);
      const saveDir = path.join(dataDir, `scale-${size}`);
      mkdirSync(saveDir, { recursive: true });
      const stopWatch = watchLoadAverage();
      try {
        const step = await runChildStep<ScaleResult>(
          {
            step: "scale",
            params: {
              size,
              queries,
              exactQueries,
              dimensions: o.config.EMBEDDINGS_DIMENSIONS,
              ...o.plan.hnsw,
              k: 10,
              planFile: path.join(o.config.CORPUS_DIR, "plan", "plan.md"),
              corpusDir: o.config.CORPUS_DIR,
              rootDir: o.config.ROOT_DIR,
              embedder: o.embedder,
              saveDir,
            },
          },
          (line) => o.log(`bench: ${line}`),
        );
        const params: ScaleLoadParams = { indexFile: path.join(saveDir, INDEX_FILE), querySetFile: path.join(saveDir, QUERY_SET_FILE), size };
        step.replica = await runChildStep<ReplicaResult>({ step: "scale-load", params });
        step.loadAverage1m = stopWatch();
        return step;
      } finally {
        stopWatch();
        rmSync(saveDir, { recursive: true, force: true });
      }
    };
    await attempt("scale", async () => {
      const steps: ScaleResult[] = [];
      for (const size of o.plan.scaleSizes) steps.push(await scaleStep(size, o.plan.scaleQueries, o.plan.scaleQueries));
      const [a, b] = steps.slice(-2);
      report.scale = {
        steps,
        growth: scaleGrowth(a, b),
      };
    });
    await attempt("ingest", async () => {
      const i = o.plan.ingest;
      report.ingest = await runIngestBench({ config, docs: i.docs, targetChunks: i.chunks, questions, calls: i.calls, warmup: i.warmup, log: o.log });
    });
    await attempt("scale1m", async () => {
      const large = o.plan.scaleLarge;
      if (!large) throw new Error("this plan has no scale1m step");
      const steps: ScaleResult[] = [];
      for (const size of large.sizes) steps.push(await scaleStep(size, large.queries, large.exactQueries));
      const a = report.scale?.steps.at(-1);
      const b = steps.at(-1)!;
      report.scale1m = {
        steps,
        growth: a && a.size < b.size ? { fromSize: a.size, ...scaleGrowth(a, b) } : null,
      };
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  report.targets = evaluateTargets(report);
  report.finishedAt = new Date().toISOString();
  return report;
}
