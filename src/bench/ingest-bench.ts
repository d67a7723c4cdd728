// The ingest benchmark: a temp copy of the corpus with generated guideline documents, then one child process per
// phase (generate → cold ingest → incremental ingest → queries), back to back. The temp project is removed after.
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Config } from "../config.js";
import type { GenerateResult, IncrementalRun, IngestParams, IngestQueryResult, IngestRun } from "./ingest-step.js";
import { runChildStep } from "./run-child.js";

export interface IngestBenchParams {
  /** The bench configuration (offline embedder, quiet logs); its corpus is the one copied. */
  config: Config;
  docs: number;
  targetChunks: number;
  questions: string[];
  calls: number;
  warmup: number;
  log: (line: string) => void;
}

export interface IngestResult {
  targetChunks: number;
  generate: GenerateResult;
  cold: IngestRun;
  incremental: IncrementalRun;
  query: IngestQueryResult;
}

export async function runIngestBench(p: IngestBenchParams): Promise<IngestResult> {
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-ingest-"));
  const dataDir = path.join(root, ".data");
  const config: Config = {
    ...p.config,
    ROOT_DIR: root,
    CORPUS_DIR: path.join(root, "corpus"),
    DATA_DIR: dataDir,
    INDEX_DIR: path.join(dataDir, "index"),
    DB_FILE: path.join(dataDir, "assistant.db"),
  };
  const step = <R>(phase: IngestParams["phase"], extra: Partial<IngestParams> = {}) =>
    runChildStep<R>({ step: "ingest", params: { phase, config, docs: p.docs, targetChunks: p.targetChunks, ...extra } });
  try {
    await cp(p.config.CORPUS_DIR, config.CORPUS_DIR, { recursive: true });
    p.log(`bench: ingest: generating ${p.docs} guideline documents …`);
    const generate = await step<GenerateResult>("generate");
    p.log("bench: ingest: cold (empty guideline cache) …");
    const cold = await step<IngestRun>("cold");
    p.log("bench: ingest: incremental (one document changed) …");
    const incremental = await step<IncrementalRun>("incremental");
    p.log("bench: ingest: queries over the index …");
    const query = await step<IngestQueryResult>("query", { questions: p.questions, calls: p.calls, warmup: p.warmup });
    return { targetChunks: p.targetChunks, generate, cold, incremental, query };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
