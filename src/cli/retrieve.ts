// The hit test: `npm run ask -- --retrieve "问题"` prints the top chunks with fused/vector/BM25 scores,
// topic, heading path and file:lines, so staff can see why a question finds what it finds.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig, type Config } from "../config.js";
import type { RetrievedChunk } from "../core/types.js";
import { CorpusError, formatIssue } from "../corpus/corpus-error.js";
import { loadOrBuildIndex } from "../corpus/index-store.js";
import { loadCorpus } from "../corpus/load-corpus.js";
import { guidelineCacheDir } from "../corpus/corpus-cache.js";
import { makeCorpusTokenizer } from "../corpus/tokenizer.js";
import type { IngestOutput } from "./ingest.js";
import { consoleOutput } from "./ingest.js";

export const RETRIEVE_USAGE = 'usage: npm run ask -- --retrieve "问题" [-k 8]';

/** Parses `[--retrieve] [-k N] words…`; returns the question and k, or an error message. */
export function parseRetrieveArgs(argv: string[]): { question: string; k: number } | { error: string } {
  const words: string[] = [];
  let k = 8;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--retrieve") continue;
    if (a === "-k" || a === "--k" || a === "--top") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 100) return { error: `${a} needs a whole number 1..100` };
      k = n;
    } else words.push(a);
  }
  const question = words.join(" ").trim();
  if (!question) return { error: RETRIEVE_USAGE };
  return { question, k };
}

export function formatHits(hits: RetrievedChunk[]): string[] {
  const lines: string[] = [];
  hits.forEach((h, i) => {
    const c = h.chunk;
    const vec = h.vectorScore !== undefined ? `${h.vectorScore.toFixed(3)} (#${h.vectorRank})` : "–";
    const kw = h.bm25Score !== undefined ? `${h.bm25Score.toFixed(2)} (#${h.bm25Rank})` : "–";
    const topic = c.topicId !== undefined ? `专题${c.topicId}` : "—";
    lines.push(`#${i + 1}  fused ${h.score.toFixed(4)}  vector ${vec}  bm25 ${kw}  ${topic}  ${c.id}`);
    lines.push(`    ${c.headingPath.join(" › ")}`);
    lines.push(`    ${c.file}:${c.lineStart}-${c.lineEnd}`);
    const preview = c.text.replace(/\s+/g, " ");
    lines.push(`    ${preview.length > 90 ? `${preview.slice(0, 90)}…` : preview}`);
  });
  return lines;
}

/** Runs the hit test; returns the process exit code. */
export async function runRetrieveCli(
  argv: string[],
  deps: { config?: Config; out?: IngestOutput } = {},
): Promise<number> {
  const out = deps.out ?? consoleOutput;
  const args = parseRetrieveArgs(argv);
  if ("error" in args) {
    out.error(args.error);
    return 2;
  }
  const config = deps.config ?? loadConfig();
  let corpus;
  try {
    corpus = await loadCorpus(config.CORPUS_DIR, config.ROOT_DIR, { guidelineCache: guidelineCacheDir(config.DATA_DIR) });
  } catch (err) {
    if (!(err instanceof CorpusError)) throw err;
    for (const e of err.errors) out.error(formatIssue(e));
    return 1;
  }
  const { retriever, rebuilt, reason } = await loadOrBuildIndex({ corpus, dir: config.INDEX_DIR, config });
  if (rebuilt) out.error(`(index rebuilt: ${reason ?? "stale"})`);
  const tokenizer = makeCorpusTokenizer(corpus);
  const started = performance.now();
  const hits = await retriever.search(args.question, args.k);
  const ms = performance.now() - started;
  out.info(`question: ${args.question}`);
  out.info(`tokens:   ${tokenizer.cut(args.question).join(" ") || "(none)"}`);
  const expanded = tokenizer.expand(args.question);
  if (expanded.length) out.info(`lexicon:  ${expanded.join("、")}`);
  out.info(`${hits.length} hits in ${ms.toFixed(1)} ms\n`);
  if (hits.length === 0) out.info("no chunk matches; add the words people use to corpus/lexicon.yaml or a card's 常见问法");
  for (const l of formatHits(hits)) out.info(l);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runRetrieveCli(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`retrieve failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
