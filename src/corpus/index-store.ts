// Builds, saves and loads the retrieval index (HNSW vectors + BM25 + embedder state + manifest).
// Builds go to a temp dir that replaces the live one only when complete; loads refuse an index whose
// manifest does not match the corpus and embedder, and rebuild instead.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import type { Chunk, Corpus, CorpusFile, IndexInfo, Logger, Retriever } from "../core/types.js";
import { hashFiles } from "./load-corpus.js";
import { Bm25Index, type Bm25State } from "./bm25.js";
import { CHUNKER_VERSION, indexText } from "./chunk.js";
import { HybridRetriever } from "./hybrid-retriever.js";
import { embedderId, makeEmbeddings, type AnyEmbeddings, type EmbeddingsConfig } from "./make-embeddings.js";
import { OfflineEmbeddings, type OfflineEmbeddingsState } from "./offline-embeddings.js";
import { makeCorpusTokenizer } from "./tokenizer.js";

export const MANIFEST_FILE = "manifest.json";
export const BM25_FILE = "bm25.json";
export const EMBEDDER_FILE = "embedder.json";
/** The corpus files the index was built from: the last good corpus, if the files on disk break. */
export const CORPUS_SNAPSHOT_FILE = "corpus-files.json";
const FORMAT_VERSION = 1;
const EMBED_BATCH = 32;

/**
 * The chunks searched by similarity: the plan and the cards, which decide which 专题 a question is about. Guideline
 * passages are found within the guideline in force for that 专题 (core/guideline-answer.ts), so a guideline never
 * changes which 专题 is found, and thousands of passages cost no embedding. The retriever still returns any chunk by
 * id, for citations.
 */
export function indexedChunks(corpus: Pick<Corpus, "chunks">): Chunk[] {
  return corpus.chunks.filter((c) => c.kind !== "guideline");
}

export interface Manifest extends IndexInfo {
  format: number;
  chunkerVersion: number;
  buildMs: number;
  /** sha256 of every index file, checked on load to catch truncated or edited files. */
  files: Record<string, string>;
}

export interface BuildProgress {
  stage: "embedding" | "keywords" | "saving";
  done: number;
  total: number;
}

export type IndexConfig = EmbeddingsConfig;

export interface BuildOptions {
  corpus: Corpus;
  dir: string;
  config: IndexConfig;
  log?: Logger;
  onProgress?: (p: BuildProgress) => void;
}

export interface LoadedIndex {
  retriever: Retriever;
  info: IndexInfo;
  rebuilt: boolean;
  /** Why the index was (re)built, when it was. */
  reason?: string;
}

interface Parts {
  vectors: HNSWLib;
  embeddings: AnyEmbeddings;
  bm25: Bm25Index;
  manifest: Manifest;
}

/** Builds the index for `corpus` into `dir`, replacing what is there only once everything is written. */
export async function buildIndex(opts: BuildOptions): Promise<IndexInfo> {
  return infoOf((await buildParts(opts)).manifest);
}

/** Builds into the same directory run one after another inside this process (start-up vs admin reindex). */
const buildQueue = new Map<string, Promise<unknown>>();

function buildParts(opts: BuildOptions): Promise<Parts> {
  const key = path.resolve(opts.dir);
  const prev = buildQueue.get(key) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(() => buildPartsNow(opts));
  buildQueue.set(key, next);
  const cleanup = () => {
    if (buildQueue.get(key) === next) buildQueue.delete(key);
  };
  next.then(cleanup, cleanup);
  return next;
}

async function buildPartsNow({ corpus, dir, config, log, onProgress }: BuildOptions): Promise<Parts> {
  const started = performance.now();
  const indexed = indexedChunks(corpus);
  const total = indexed.length;
  if (total === 0) throw new Error("cannot build an index of an empty corpus");
  const embeddings = await makeEmbeddings(config, { ...corpus, chunks: indexed });
  const texts = indexed.map(indexText);

  const vectors: number[][] = [];
  onProgress?.({ stage: "embedding", done: 0, total });
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    vectors.push(...(await embeddings.embedDocuments(texts.slice(i, i + EMBED_BATCH))));
    onProgress?.({ stage: "embedding", done: vectors.length, total });
  }
  const dimensions = vectors[0].length;
  const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: dimensions });
  await store.addVectors(
    vectors,
    indexed.map((c, i) => new Document({ pageContent: texts[i], metadata: { chunkId: c.id } })),
  );

  onProgress?.({ stage: "keywords", done: 0, total });
  const tokenizer = makeCorpusTokenizer(corpus);
  const bm25 = Bm25Index.build(indexed.map((c, i) => ({ id: c.id, tokens: tokenizer.terms(texts[i]) })));
  onProgress?.({ stage: "keywords", done: total, total });

  onProgress?.({ stage: "saving", done: 0, total });
  const manifest: Manifest = {
    format: FORMAT_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    corpusHash: corpus.hash,
    embedder: embedderId(config),
    dimensions,
    chunks: total,
    builtAt: new Date().toISOString(),
    buildMs: 0,
    files: {},
  };
  const target = path.resolve(dir);
  await removeLeftovers(target);
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await store.save(tmp);
    await writeFile(path.join(tmp, BM25_FILE), JSON.stringify(bm25.toJSON()));
    const embedderState = embeddings instanceof OfflineEmbeddings ? embeddings.toJSON() : { id: manifest.embedder };
    await writeFile(path.join(tmp, EMBEDDER_FILE), JSON.stringify(embedderState));
    await writeFile(path.join(tmp, CORPUS_SNAPSHOT_FILE), JSON.stringify(corpus.files));
    for (const name of (await readdir(tmp)).sort()) manifest.files[name] = await sha256File(path.join(tmp, name));
    manifest.buildMs = Math.round(performance.now() - started);
    // The manifest is written last: a directory without one is never trusted.
    await writeFile(path.join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
    await swapIn(tmp, target);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  onProgress?.({ stage: "saving", done: total, total });
  log?.info({ dir: target, chunks: total, ms: manifest.buildMs, embedder: manifest.embedder }, "index built");
  return { vectors: store, embeddings, bm25, manifest };
}

/** Removes `<dir>.tmp-PID-…` / `<dir>.old-PID-…` left by a build whose process died mid-way. */
async function removeLeftovers(target: string): Promise<void> {
  const base = path.basename(target);
  let names: string[];
  try {
    names = await readdir(path.dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    const m = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(?:tmp|old)-(\\d+)-[0-9a-f]+$`).exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    await rm(path.join(path.dirname(target), name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Replaces `target` by `tmp`: two renames, so a crash leaves either the old or the new index complete. */
export async function swapIn(tmp: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const old = `${target}.old-${process.pid}-${randomBytes(4).toString("hex")}`;
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  try {
    await rename(tmp, target);
  } catch (err) {
    if (moved) await rename(old, target);
    throw err;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

/**
 * The corpus files saved with the index in `dir`, when its manifest vouches for them (checksum and corpus
 * hash); undefined for an index without a snapshot or one that does not check out.
 */
export async function readCorpusSnapshot(dir: string): Promise<{ files: CorpusFile[]; builtAt: string } | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Manifest;
    const sum = manifest.files?.[CORPUS_SNAPSHOT_FILE];
    const file = path.join(dir, CORPUS_SNAPSHOT_FILE);
    if (!sum || (await sha256File(file)) !== sum) return undefined;
    const files = JSON.parse(await readFile(file, "utf8")) as CorpusFile[];
    return hashFiles(files) === manifest.corpusHash ? { files, builtAt: manifest.builtAt } : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the index in `dir` if it was built from this corpus with this embedder; otherwise rebuilds it. */
export async function loadOrBuildIndex(opts: {
  corpus: Corpus;
  dir: string;
  config: IndexConfig;
  log?: Logger;
  onProgress?: (p: BuildProgress) => void;
}): Promise<LoadedIndex> {
  const { corpus, dir, config, log } = opts;
  const reason = await staleReason(corpus, dir, config);
  if (!reason) {
    try {
      const parts = await loadParts(corpus, dir, config);
      return { retriever: await retrieverFor(corpus, parts), info: infoOf(parts.manifest), rebuilt: false };
    } catch (err) {
      const why = `index files in ${dir} are unreadable or corrupt (${(err as Error).message.split("\n")[0]})`;
      log?.warn({ dir, err: (err as Error).message }, `${why}; rebuilding`);
      return rebuild(opts, why);
    }
  }
  log?.info({ dir, reason }, "building index");
  return rebuild(opts, reason);
}

/**
 * The index saved in `dir` when it serves this corpus — one another replica built and published to shared
 * storage — never building; undefined when it is stale, missing, or does not check out (a torn read while
 * another replica renames a new one in fails the checksums).
 */
export async function loadSavedIndex(opts: { corpus: Corpus; dir: string; config: IndexConfig }): Promise<LoadedIndex | undefined> {
  const { corpus, dir, config } = opts;
  if (await staleReason(corpus, dir, config)) return undefined;
  try {
    const parts = await loadParts(corpus, dir, config);
    return { retriever: await retrieverFor(corpus, parts), info: infoOf(parts.manifest), rebuilt: false };
  } catch {
    return undefined;
  }
}

async function rebuild(opts: BuildOptions, reason: string): Promise<LoadedIndex> {
  const parts = await buildParts(opts);
  return { retriever: await retrieverFor(opts.corpus, parts), info: infoOf(parts.manifest), rebuilt: true, reason };
}

/** Why the saved index cannot serve this corpus, or undefined when the manifest matches. */
export async function staleReason(corpus: Corpus, dir: string, config: IndexConfig): Promise<string | undefined> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, MANIFEST_FILE), "utf8");
  } catch {
    return "no index yet";
  }
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(raw) as Partial<Manifest>;
  } catch {
    return "manifest is unreadable";
  }
  if (m.format !== FORMAT_VERSION) return `index format ${String(m.format)} ≠ ${FORMAT_VERSION}`;
  if (m.corpusHash !== corpus.hash) return "corpus changed since the index was built";
  if (m.embedder !== embedderId(config)) return `embedder changed (${String(m.embedder)} → ${embedderId(config)})`;
  if (config.EMBEDDINGS === "offline" && m.dimensions !== config.EMBEDDINGS_DIMENSIONS) {
    return `dimensions changed (${String(m.dimensions)} → ${config.EMBEDDINGS_DIMENSIONS})`;
  }
  if (m.chunkerVersion !== CHUNKER_VERSION) return "chunker changed since the index was built";
  if (m.chunks !== indexedChunks(corpus).length) return "chunk count differs from the corpus";
  return undefined;
}

async function loadParts(corpus: Corpus, dir: string, config: IndexConfig): Promise<Parts> {
  const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Manifest;
  if (!manifest.files || typeof manifest.files !== "object") throw new Error("manifest lists no files");
  for (const [name, sum] of Object.entries(manifest.files)) {
    if ((await sha256File(path.join(dir, name))) !== sum) throw new Error(`${name} does not match its checksum`);
  }
  const embedderState = JSON.parse(await readFile(path.join(dir, EMBEDDER_FILE), "utf8")) as OfflineEmbeddingsState;
  const embeddings = await makeEmbeddings(config, embedderState);
  if (embeddings instanceof OfflineEmbeddings && embeddings.dimensions !== manifest.dimensions) {
    throw new Error("embedder state and manifest disagree on dimensions");
  }
  const bm25 = Bm25Index.fromJSON(JSON.parse(await readFile(path.join(dir, BM25_FILE), "utf8")) as Bm25State);
  const vectors = await HNSWLib.load(dir, embeddings);
  // Every saved chunk must be a chunk of this corpus, in the same order, or the index is someone else's.
  const indexed = indexedChunks(corpus);
  const ids = indexed.map((c) => c.id);
  const count = vectors.index.getCurrentCount();
  if (count !== ids.length) throw new Error(`vector index holds ${count} chunks, corpus has ${ids.length}`);
  if (bm25.size !== ids.length || bm25.ids.some((id, i) => id !== ids[i])) throw new Error("keyword index chunk ids differ");
  ids.forEach((id, i) => {
    const doc = vectors.docstore.search(String(i));
    if (typeof doc === "string" || doc.metadata.chunkId !== id || doc.pageContent !== indexText(indexed[i])) {
      throw new Error(`vector docstore entry ${i} does not match chunk ${id}`);
    }
  });
  if (vectors.index.getNumDimensions() !== manifest.dimensions) throw new Error("vector index dimensions differ");
  return { vectors, embeddings, bm25, manifest };
}

async function retrieverFor(corpus: Corpus, parts: Parts): Promise<Retriever> {
  const chunks = new Map<string, Chunk>(corpus.chunks.map((c) => [c.id, c]));
  const retriever = new HybridRetriever({
    vectors: parts.vectors,
    embeddings: parts.embeddings,
    bm25: parts.bm25,
    tokenizer: makeCorpusTokenizer(corpus),
    chunks,
  });
  // One throwaway search compiles the hot paths now, so the first real question is not the slow one.
  // Skipped for remote embedders: it would cost a network call at start-up.
  if (parts.embeddings instanceof OfflineEmbeddings) await retriever.search(corpus.topics[0]?.name ?? "科技", 3);
  return retriever;
}

async function sha256File(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

function infoOf(m: Manifest): IndexInfo {
  return { chunks: m.chunks, builtAt: m.builtAt, corpusHash: m.corpusHash, embedder: m.embedder, dimensions: m.dimensions };
}
