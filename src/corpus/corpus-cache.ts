// Parsing and validating the corpus is a third of a cold start, and its result depends only on the
// corpus files and the code. So the server keeps the parsed corpus in DATA_DIR/cache, keyed by the
// build (src/build/build-id.ts) and checked against the files' hash: an edit or a new build parses
// afresh. Running from source there is no build id and no cache.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Corpus } from "../core/types.js";
import { hashCorpusFiles, parseCorpus, readCorpusFiles } from "./load-corpus.js";

interface Cached {
  hash: string;
  corpus: Corpus;
}

export async function loadCorpusCached(corpusDir: string, rootDir: string, cacheDir: string, buildId: string | undefined): Promise<Corpus> {
  const contents = await readCorpusFiles(corpusDir);
  if (!buildId) return parseCorpus(contents, corpusDir, rootDir);
  const hash = hashCorpusFiles(contents, rootDir);
  const file = path.join(cacheDir, `corpus-${buildId.slice(0, 16)}.json`);
  try {
    const cached = JSON.parse(await readFile(file, "utf8")) as Cached;
    if (cached.hash === hash && cached.corpus?.hash === hash) return cached.corpus;
  } catch {
    // no cache yet, or unreadable: parse
  }
  const corpus = parseCorpus(contents, corpusDir, rootDir);
  await save(file, { hash, corpus }).catch(() => undefined); // a cache that cannot be written costs only time
  return corpus;
}

async function save(file: string, value: Cached): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  // Other builds' caches are dead weight.
  for (const name of await readdir(dir)) if (/^corpus-[^.]+\.json$/.test(name) && name !== path.basename(file)) await rm(path.join(dir, name), { force: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, file);
}
