// The corpus on disk versus the corpus being served. A broken edit (a card with a mistake) must not
// turn a restart into an outage: the server starts on the last good corpus saved with the index, logs
// the file:line errors and reports them in /healthz until a reindex of fixed files succeeds.
import type { Config } from "../config.js";
import type { Corpus, Logger } from "../core/types.js";
import { CorpusError, formatIssue } from "../corpus/corpus-error.js";
import { readCorpusSnapshot } from "../corpus/index-store.js";
import path from "node:path";
import { BUILD_ID } from "../build/build-id.js";
import { loadCorpusCached } from "../corpus/corpus-cache.js";
import { corpusFromSnapshot } from "../corpus/load-corpus.js";
import type { ReindexOutcome } from "./reindex.js";

export interface CorpusStatus {
  ok: boolean;
  /** `file:line: message`, while the files on disk do not load. */
  errors?: string[];
  /** builtAt of the index whose corpus is served instead. */
  servingLastGoodFrom?: string;
}

const MAX_REPORTED = 50;

export class CorpusHealth {
  private current: CorpusStatus = { ok: true };

  status(): CorpusStatus {
    return this.current;
  }

  broken(errors: string[], servingLastGoodFrom?: string): void {
    this.current = { ok: false, errors: errors.slice(0, MAX_REPORTED), ...(servingLastGoodFrom && { servingLastGoodFrom }) };
  }

  /** A reindex validated the files on disk, or found them broken again. */
  follow(outcome: ReindexOutcome): void {
    if (outcome.ok) this.current = { ok: true };
    else if (outcome.stage === "validate") {
      const lastGood = this.current.servingLastGoodFrom;
      this.broken(outcome.errors.map((e) => (e.file ? `${e.file}:${e.line ?? 0}: ${e.message}` : e.message)), lastGood);
    }
  }
}

/** The corpus on disk, or — when it does not load and the index holds a good one — that one. */
export async function loadCorpusOrLastGood(config: Config, health: CorpusHealth, logger?: Logger): Promise<Corpus> {
  try {
    return await loadCorpusCached(config.CORPUS_DIR, config.ROOT_DIR, path.join(config.DATA_DIR, "cache"), BUILD_ID);
  } catch (err) {
    if (!(err instanceof CorpusError)) throw err;
    const snapshot = await readCorpusSnapshot(config.INDEX_DIR);
    if (!snapshot) throw err; // nothing to fall back on: the errors are the start-up failure
    const errors = err.errors.map(formatIssue);
    logger?.error(
      { errors: errors.slice(0, MAX_REPORTED), lastGoodIndex: snapshot.builtAt },
      "corpus files have errors; serving the last good corpus saved with the index until they are fixed and reindexed",
    );
    health.broken(errors, snapshot.builtAt);
    return corpusFromSnapshot(snapshot.files, config.CORPUS_DIR, config.ROOT_DIR);
  }
}
