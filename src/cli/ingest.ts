// `npm run ingest`: validate the corpus and (re)build the index. Validation errors print as
// `file:line: message`, exit 1, and leave the current index untouched. After a successful build it
// rewrites DATA_DIR/reindex.signal, so a running server reloads through its own reindex path.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig, type Config } from "../config.js";
import type { Corpus, IndexInfo } from "../core/types.js";
import { CorpusError, formatIssue, type CorpusIssue } from "../corpus/corpus-error.js";
import { buildIndex, readCorpusSnapshot, type BuildProgress } from "../corpus/index-store.js";
import { corpusFromSnapshot, loadCorpus } from "../corpus/load-corpus.js";
import { guidelineCacheDir } from "../corpus/corpus-cache.js";
import { diffCorpora, formatDiff } from "../corpus/corpus-diff.js";
import { describeGuidelines } from "../corpus/guidelines/describe-guidelines.js";
import type { GuidelineRead } from "../corpus/guidelines/read-guidelines.js";
import { signalReindex } from "../ops/reindex-signal.js";

export interface IngestOutput {
  /** Progress and summary lines. */
  info(line: string): void;
  /** Validation errors and failures. */
  error(line: string): void;
}

export type IngestResult =
  | {
      ok: true;
      corpus: Corpus;
      info: IndexInfo;
      documents: number;
      planChunks: number;
      cardChunks: number;
      ms: number;
      dir: string;
    }
  | { ok: false; errors: CorpusIssue[] };

export const consoleOutput: IngestOutput = {
  info: (l) => process.stdout.write(`${l}\n`),
  error: (l) => process.stderr.write(`${l}\n`),
};

/** Validates CORPUS_DIR and builds the index into INDEX_DIR. Corpus mistakes come back as `ok: false`. */
export async function runIngest(config: Config, out: IngestOutput = consoleOutput): Promise<IngestResult> {
  const started = performance.now();
  const rel = (p: string) => {
    const r = path.relative(config.ROOT_DIR, p);
    return r.startsWith("..") ? p : r || ".";
  };
  out.info(`validating ${rel(config.CORPUS_DIR)}/ …`);
  let corpus: Corpus;
  let read: GuidelineRead | undefined;
  try {
    corpus = await loadCorpus(config.CORPUS_DIR, config.ROOT_DIR, { guidelineCache: guidelineCacheDir(config.DATA_DIR), onGuidelines: (r) => (read = r) });
  } catch (err) {
    if (!(err instanceof CorpusError)) throw err;
    for (const e of err.errors) out.error(formatIssue(e));
    out.error(`${err.errors.length} corpus error${err.errors.length === 1 ? "" : "s"}; index not rebuilt (${rel(config.INDEX_DIR)} left as it was)`);
    return { ok: false, errors: err.errors };
  }
  const planChunks = corpus.chunks.filter((c) => c.kind === "plan").length;
  const guidelineChunks = corpus.chunks.filter((c) => c.kind === "guideline").length;
  const cardChunks = corpus.chunks.length - planChunks - guidelineChunks;
  out.info(`ok: plan + ${corpus.topics.length} topic cards + ${corpus.guidelines.length} guideline documents, ${corpus.lexicon.length} lexicon terms`);
  if (read && read.parsed.length + read.reused.length > 0) out.info(`guidelines: ${read.parsed.length} parsed, ${read.reused.length} unchanged (not parsed again)`);
  for (const line of describeGuidelines(corpus)) out.info(line);
  for (const w of corpus.warnings) out.info(`warning: ${formatIssue(w)}`);
  // What this ingest changes, before the new index replaces the one being served.
  const snapshot = await readCorpusSnapshot(config.INDEX_DIR);
  let before: Corpus | undefined;
  try {
    before = snapshot ? corpusFromSnapshot(snapshot.files, config.CORPUS_DIR, config.ROOT_DIR) : undefined;
  } catch {
    before = undefined; // an index from an older version: everything counts as new
  }
  for (const line of formatDiff(diffCorpora(before, corpus))) out.info(line);

  let lastStage = "";
  const onProgress = (p: BuildProgress) => {
    if (p.stage !== lastStage || p.done === p.total || p.stage === "embedding") {
      if (p.stage !== lastStage || p.done > 0) out.info(`  ${p.stage} ${p.done}/${p.total}`);
      lastStage = p.stage;
    }
  };
  const info = await buildIndex({ corpus, dir: config.INDEX_DIR, config, onProgress });
  const ms = Math.round(performance.now() - started);
  const documents = 1 + corpus.topics.length + corpus.guidelines.length;
  out.info(
    [
      `index built in ${ms} ms → ${rel(config.INDEX_DIR)}`,
      `  documents  ${documents} (plan + ${corpus.topics.length} cards + ${corpus.guidelines.length} guidelines)`,
      `  chunks     ${corpus.chunks.length} (plan ${planChunks}, cards ${cardChunks}, guidelines ${guidelineChunks})`,
      `  embedder   ${info.embedder}, ${info.dimensions} dimensions`,
      `  corpus     ${info.corpusHash.slice(0, 12)}`,
    ].join("\n"),
  );
  return { ok: true, corpus, info, documents, planChunks, cardChunks, ms, dir: config.INDEX_DIR };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const result = await runIngest(config);
  process.exitCode = result.ok ? 0 : 1;
  if (result.ok) {
    const file = await signalReindex(config.DATA_DIR);
    const rel = path.relative(config.ROOT_DIR, file);
    consoleOutput.info(`signalled a running server to reload (${rel.startsWith("..") ? file : rel})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`ingest failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
