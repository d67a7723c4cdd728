// Parsing and validating the corpus is a third of a cold start, and its result depends only on the
// corpus files and the code. So the server keeps the parsed corpus in DATA_DIR/cache, keyed by the
// build (src/build/build-id.ts) and checked against the files' hash: an edit or a new build parses
// afresh. Running from source there is no build id and no cache.
import path from "node:path";
import { readBuildCache, writeBuildCache } from "../build/build-cache.js";
import type { Corpus } from "../core/types.js";
import { hashCorpusFiles, parseCorpus, readCorpusFiles } from "./load-corpus.js";

interface Cached {
  hash: string;
  corpus: Corpus;
}

export async function loadCorpusCached(corpusDir: string, rootDir: string, cacheDir: string, buildId: string | undefined): Promise<Corpus> {
  const contents = await readCorpusFiles(corpusDir, rootDir, { guidelineCache: path.join(cacheDir, "guidelines") } /* = guidelineCacheDir(DATA_DIR) */);
  if (!buildId) return parseCorpus(contents, corpusDir, rootDir);
  const hash = hashCorpusFiles(contents, rootDir);
  const key = buildId.slice(0, 16);
  const cached = readBuildCache<Cached>(cacheDir, "corpus", key);
  if (cached?.hash === hash && cached.corpus?.hash === hash) return cached.corpus;
  const corpus = parseCorpus(contents, corpusDir, rootDir);
  writeBuildCache(cacheDir, "corpus", key, { hash, corpus } satisfies Cached);
  return corpus;
}

/** Where parsed guideline documents are kept between runs, so only a changed document is parsed again. */
export const guidelineCacheDir = (dataDir: string): string => path.join(dataDir, "cache", "guidelines");
