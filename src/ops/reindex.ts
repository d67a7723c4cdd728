// Live corpus updates: validate the corpus, build a new index into a fresh directory, run the
// regression subset against it, then swap it in — on disk (two renames) and in memory (one pointer).
// Any failure leaves the serving pipeline and INDEX_DIR untouched and reports file:line errors.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import type { Config } from "../config.js";
import type { Corpus, IndexInfo, Logger, Retriever, SessionStore } from "../core/types.js";
import { InMemorySessionStore } from "../core/session-memory.js";
import { CorpusError } from "../corpus/corpus-error.js";
import { loadOrBuildIndex, loadSavedIndex, swapIn } from "../corpus/index-store.js";
import { loadCorpus } from "../corpus/load-corpus.js";
import { guidelineCacheDir } from "../corpus/corpus-cache.js";
import { DatasetError, type EvalCase } from "../eval/dataset.js";
import type { WiredAssistant } from "../wiring.js";
import { regressionCases, runRegression, type RegressionRun } from "./regression.js";
import type { SwappableAssistant } from "./swappable-assistant.js";

export interface ReindexIssue {
  file?: string;
  line?: number;
  message: string;
}

export type ReindexStage = "validate" | "build" | "regression" | "swap";

export type ReindexOutcome =
  | {
      ok: true;
      info: IndexInfo;
      /** Absent when the index was adopted: the replica that built it ran the regression subset. */
      regression?: { cases: number; passed: number; baselinePassed: number };
      /** The index another replica built and published to a shared INDEX_DIR was loaded, not rebuilt. */
      adopted?: boolean;
      ms: number;
    }
  | { ok: false; stage: ReindexStage; errors: ReindexIssue[]; ms: number };

export interface RunOptions {
  /** Load the index another replica published to INDEX_DIR if it matches the corpus, instead of building one. */
  adopt?: boolean;
}

export class ReindexBusyError extends Error {
  constructor() {
    super("a reindex is already running");
    this.name = "ReindexBusyError";
  }
}

export interface PipelineParts {
  corpus: Corpus;
  retriever: Retriever;
  indexInfo: IndexInfo;
  sessions: SessionStore;
}

export interface ReindexDeps {
  config: Config;
  target: SwappableAssistant;
  /** Builds a pipeline over prepared parts (the wiring point's makeAssistant). */
  build: (parts: PipelineParts) => Promise<WiredAssistant>;
  regression: { file: string; perKind: number; tolerance: number };
  logger?: Logger;
  /** Told every outcome (the corpus health check follows it). */
  onOutcome?: (outcome: ReindexOutcome) => void;
}

class StageError extends Error {
  constructor(
    readonly stage: ReindexStage,
    readonly issues: ReindexIssue[],
  ) {
    super(issues.map((i) => i.message).join("; "));
  }
}

export class ReindexService {
  private running: Promise<ReindexOutcome> | undefined;
  /** Set while an exclusive section holds the slot (resolves when it ends). */
  private held: Promise<void> | undefined;
  /** Exclusive sections waiting for the slot. */
  private waiting = 0;
  /** Regression result of the serving pipeline, computed once per pipeline. */
  private baseline = new WeakMap<WiredAssistant, RegressionRun>();

  constructor(private readonly deps: ReindexDeps) {}

  get busy(): boolean {
    return this.running !== undefined || this.held !== undefined;
  }

  /** Resolves when no reindex is running and no exclusive section holds or waits for the slot (shutdown waits for it). */
  async idle(): Promise<void> {
    while (this.running || this.held || this.waiting) {
      if (this.running || this.held) await Promise.allSettled([this.running, this.held]);
      else await new Promise((r) => setImmediate(r)); // a waiting section is about to take the slot
    }
  }

  /** Runs one reindex; throws ReindexBusyError when one is already running or an exclusive section holds the slot. */
  run(): Promise<ReindexOutcome> {
    if (this.busy) return Promise.reject(new ReindexBusyError());
    const p = this.runOnce().finally(() => {
      this.running = undefined;
    });
    this.running = p;
    return p;
  }

  /**
   * Waits for a running reindex (or another section) to finish, then holds the slot for the whole of `fn`: any
   * run() meanwhile gets ReindexBusyError. Inside, `run` reindexes without the busy check. For changes to the
   * corpus files that must not be read by another reindex half-way (a console publish: write → reindex → restore).
   */
  async exclusive<T>(fn: (run: (opts?: RunOptions) => Promise<ReindexOutcome>) => Promise<T>): Promise<T> {
    this.waiting++;
    try {
      while (this.running || this.held) await Promise.allSettled([this.running, this.held]);
    } finally {
      this.waiting--;
    }
    let release!: () => void;
    this.held = new Promise<void>((r) => (release = r));
    let open = true;
    try {
      return await fn((opts) => (open ? this.runOnce(opts) : Promise.reject(new Error("reindex: the exclusive section has ended"))));
    } finally {
      open = false;
      this.held = undefined;
      release();
    }
  }

  private runOnce(opts: RunOptions = {}): Promise<ReindexOutcome> {
    return (opts.adopt ? this.adoptOrRun() : this.runNow()).then((outcome) => {
      this.deps.onOutcome?.(outcome);
      return outcome;
    });
  }

  /**
   * After another replica's broadcast: serve the index it published to INDEX_DIR when that matches the corpus
   * here (shared INDEX_DIR and CORPUS_DIR: one build for all replicas); otherwise — own INDEX_DIR, files that
   * changed again, a torn read — reindex as usual.
   */
  private async adoptOrRun(): Promise<ReindexOutcome> {
    const { config, target, logger } = this.deps;
    const started = performance.now();
    let corpus: Corpus;
    try {
      corpus = await this.validate();
    } catch {
      return this.runNow(); // reports the validation errors the usual way
    }
    const saved = await loadSavedIndex({ corpus, dir: config.INDEX_DIR, config });
    if (!saved) {
      logger?.info({ dir: config.INDEX_DIR }, "no published index for this corpus in INDEX_DIR; building one");
      return this.runNow();
    }
    const served = await this.deps.build({ corpus, retriever: saved.retriever, indexInfo: saved.info, sessions: target.sessions });
    target.swap(served);
    const ms = Math.round(performance.now() - started);
    logger?.info({ corpusHash: saved.info.corpusHash, ms }, "reindex: the index published by another replica is serving (not rebuilt)");
    return { ok: true, info: saved.info, adopted: true, ms };
  }

  private async runNow(): Promise<ReindexOutcome> {
    const { config, target, logger } = this.deps;
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const fresh = `${config.INDEX_DIR}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
      const corpus = await this.validate();
      const cases = this.cases();

      let built: { retriever: Retriever; info: IndexInfo };
      try {
        built = await loadOrBuildIndex({ corpus, dir: fresh, config, log: logger });
      } catch (err) {
        throw new StageError("build", [{ message: `index build failed: ${errText(err)}` }]);
      }

      const parts = { corpus, retriever: built.retriever, indexInfo: built.info };
      let candidate: RegressionRun;
      let baseline: RegressionRun;
      try {
        candidate = await runRegression(await this.deps.build({ ...parts, sessions: new InMemorySessionStore() }), cases);
        baseline = await this.baselineOf(target.current(), cases);
      } catch (err) {
        throw new StageError("regression", [{ message: `regression subset could not run: ${errText(err)}` }]);
      }
      const allowed = Math.floor(this.deps.regression.tolerance * cases.length);
      if (candidate.passed < baseline.passed - allowed) {
        throw new StageError("regression", [
          {
            message: `regression subset: new index passes ${candidate.passed}/${candidate.cases}, serving index ${baseline.passed}/${baseline.cases}`,
          },
          ...candidate.failures.map((f) => ({ file: f.file, line: f.line, message: `${f.id}: ${f.detail}` })),
        ]);
      }

      let served: WiredAssistant;
      try {
        served = await this.deps.build({ ...parts, sessions: target.sessions });
        await swapIn(fresh, config.INDEX_DIR);
      } catch (err) {
        throw new StageError("swap", [{ message: `could not put the new index into service: ${errText(err)}` }]);
      }
      target.swap(served);
      this.baseline.set(served, candidate);
      const outcome: ReindexOutcome = {
        ok: true,
        info: built.info,
        regression: { cases: candidate.cases, passed: candidate.passed, baselinePassed: baseline.passed },
        ms: ms(),
      };
      logger?.info({ chunks: built.info.chunks, corpusHash: built.info.corpusHash, ms: outcome.ms }, "reindex: new index serving");
      return outcome;
    } catch (err) {
      if (!(err instanceof StageError)) throw err;
      logger?.warn({ stage: err.stage, errors: err.issues.length }, "reindex failed; the previous index keeps serving");
      return { ok: false, stage: err.stage, errors: err.issues, ms: ms() };
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }

  private async validate(): Promise<Corpus> {
    const { config } = this.deps;
    try {
      return await loadCorpus(config.CORPUS_DIR, config.ROOT_DIR, { guidelineCache: guidelineCacheDir(config.DATA_DIR) });
    } catch (err) {
      if (err instanceof CorpusError) throw new StageError("validate", err.errors);
      throw new StageError("validate", [{ message: `cannot read the corpus: ${errText(err)}` }]);
    }
  }

  private cases(): EvalCase[] {
    const { config, regression } = this.deps;
    try {
      return regressionCases(regression.file, config.ROOT_DIR, regression.perKind);
    } catch (err) {
      if (err instanceof DatasetError) throw new StageError("validate", err.issues);
      throw err;
    }
  }

  private async baselineOf(serving: WiredAssistant, cases: readonly EvalCase[]): Promise<RegressionRun> {
    const known = this.baseline.get(serving);
    if (known && known.cases === cases.length) return known;
    const probe = await this.deps.build({
      corpus: serving.corpus,
      retriever: serving.retriever,
      indexInfo: serving.indexInfo(),
      sessions: new InMemorySessionStore(),
    });
    const run = await runRegression(probe, cases);
    this.baseline.set(serving, run);
    return run;
  }
}


function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
