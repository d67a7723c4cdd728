// One scale step (N synthetic chunks): embed, build HNSW, query HNSW and brute force, measure recall,
// then save the index (and the query set with its exact answers) for scale-load-step.ts to reload in a
// fresh process. Runs in its own child process (see run-child.ts) so that the peak RSS it reports belongs
// to this step. Memory: the vectors live in one Float32Array (2 GiB at 1M × 512); hnswlib's addPoint takes
// a number[], made per point.
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import hnswlib from "hnswlib-node";
import { bruteForceTopK, meanRecall, type ApproxResult, type Neighbor } from "./brute-force.js";
import type { ReplicaResult, QuerySetFile } from "./scale-load-step.js";
import { syntheticChunks, syntheticQueries, loadPlanSentences } from "./synthetic-corpus.js";
import { makeVectorSource, type VectorSourceName } from "./vector-source.js";
import { msSince, peakRssMiB, percentile, round, summarize, type LatencySummary } from "./stats.js";

export interface ScaleParams {
  size: number;
  /** HNSW queries timed. */
  queries: number;
  /** The first this many of them are also answered by brute force (its p95, and recall); ≤ queries. */
  exactQueries: number;
  dimensions: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  k: number;
  planFile: string;
  corpusDir: string;
  rootDir: string;
  embedder: VectorSourceName;
  /** Where to write index.bin and queries.json for the reload step; no save when absent. */
  saveDir?: string;
}

export const INDEX_FILE = "index.bin";
export const QUERY_SET_FILE = "queries.json";

export interface ScaleResult {
  size: number;
  dimensions: number;
  embedder: string;
  hnsw: { m: number; efConstruction: number; efSearch: number };
  /** Embedding the synthetic chunks, IDF fitting included (not part of buildMs). */
  embedMs: number;
  buildMs: number;
  /** CPU time of the build: equals buildMs on an idle machine, less when other work took the core. */
  buildCpuMs: number;
  hnswQuery: LatencySummary;
  bruteForceQuery: LatencySummary;
  /** CPU-time p95 of one query (robust to other processes sharing the cores). */
  hnswQueryCpuP95Ms: number;
  bruteForceQueryCpuP95Ms: number;
  /** Mean tie-aware recall@k of HNSW against the exact brute-force result. */
  recallAtK: number;
  /** Mean recall@k counting only identical ids (ties broken differently count as misses). */
  strictRecallAtK: number;
  k: number;
  /** Queries answered by brute force and scored for recall (the first of hnswQuery.count). */
  exactQueries: number;
  peakRssMiB: number;
  /** writeIndexSync to saveDir (null when not saved). */
  saveMs: number | null;
  indexFileMiB: number | null;
  /** The saved index read back in a fresh process (set by the parent; null when not run). */
  replica: ReplicaResult | null;
  /** 1-minute load average sampled by the parent while this step and its reload ran. */
  loadAverage1m: { start: number; max: number; end: number } | null;
}

export async function runScaleStep(p: ScaleParams, log: (line: string) => void = () => undefined): Promise<ScaleResult> {
  if (p.exactQueries > p.queries || p.exactQueries < 1) throw new Error(`exactQueries ${p.exactQueries} must be 1..${p.queries}`);
  const sentences = loadPlanSentences(p.planFile);
  const source = await makeVectorSource(p.embedder, p);
  const queryTexts = syntheticQueries(sentences, p.queries);

  // The chunk texts are only needed until they are embedded (~0.3 GiB of strings at 1M).
  let t = 0n;
  const { vectors, dimensions, name } = (() => {
    const texts = syntheticChunks(sentences, p.size);
    t = process.hrtime.bigint();
    source.fit(texts);
    return source.embedAll(texts);
  })();
  const embedMs = msSince(t);
  const queryVecs = source.embedAll(queryTexts).vectors;
  const row = (v: Float32Array, i: number) => v.subarray(i * dimensions, (i + 1) * dimensions);
  const big = p.size >= 100_000;
  if (big) log(`scale ${p.size}: embedded in ${(embedMs / 1000).toFixed(1)} s; building HNSW …`);

  t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const index = new hnswlib.HierarchicalNSW("cosine", dimensions);
  index.initIndex({ maxElements: p.size, m: p.m, efConstruction: p.efConstruction, randomSeed: 100 });
  const tenth = Math.ceil(p.size / 10);
  for (let i = 0; i < p.size; i++) {
    index.addPoint(Array.from(row(vectors, i)), i);
    if (big && (i + 1) % tenth === 0 && i + 1 < p.size) log(`scale ${p.size}: built ${i + 1} points in ${(msSince(t) / 1000).toFixed(0)} s`);
  }
  const buildMs = msSince(t);
  const buildCpu = process.cpuUsage(cpu);
  index.setEf(p.efSearch);
  if (big) log(`scale ${p.size}: built in ${(buildMs / 1000).toFixed(1)} s; querying …`);

  // A few untimed queries first so JIT warm-up does not land in either p95.
  for (let q = 0; q < Math.min(10, p.queries); q++) index.searchKnn(Array.from(row(queryVecs, q)), p.k);
  for (let q = 0; q < Math.min(10, p.exactQueries); q++) bruteForceTopK(vectors, dimensions, row(queryVecs, q), p.k);

  const hnswTimes: number[] = [];
  const bruteTimes: number[] = [];
  const hnswCpu: number[] = [];
  const bruteCpu: number[] = [];
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const approx: ApproxResult[] = [];
  const exact: Neighbor[][] = [];
  for (let q = 0; q < p.queries; q++) {
    const qv = row(queryVecs, q);
    let c = process.cpuUsage();
    t = process.hrtime.bigint();
    approx.push(index.searchKnn(Array.from(qv), p.k));
    hnswTimes.push(msSince(t));
    hnswCpu.push(cpuMs(process.cpuUsage(c)));
    if (q >= p.exactQueries) continue;

    c = process.cpuUsage();
    t = process.hrtime.bigint();
    exact.push(bruteForceTopK(vectors, dimensions, qv, p.k));
    bruteTimes.push(msSince(t));
    bruteCpu.push(cpuMs(process.cpuUsage(c)));
  }
  const recall = meanRecall(exact, approx, p.k);

  let saveMs: number | null = null;
  let indexFileMiB: number | null = null;
  if (p.saveDir) {
    const file = path.join(p.saveDir, INDEX_FILE);
    t = process.hrtime.bigint();
    index.writeIndexSync(file);
    saveMs = msSince(t);
    indexFileMiB = round(statSync(file).size / 2 ** 20, 1);
    const set: QuerySetFile = {
      dimensions,
      k: p.k,
      efSearch: p.efSearch,
      queries: Array.from({ length: p.queries }, (_, q) => Array.from(row(queryVecs, q))),
      exact,
      builtIds: approx.map((a) => [...a.neighbors]),
    };
    writeFileSync(path.join(p.saveDir, QUERY_SET_FILE), JSON.stringify(set));
    if (big) log(`scale ${p.size}: saved ${indexFileMiB} MiB in ${(saveMs / 1000).toFixed(1)} s`);
  }

  return {
    size: p.size,
    dimensions,
    embedder: name,
    hnsw: { m: p.m, efConstruction: p.efConstruction, efSearch: p.efSearch },
    embedMs: round(embedMs, 1),
    buildMs: round(buildMs, 1),
    buildCpuMs: round((buildCpu.user + buildCpu.system) / 1000, 1),
    hnswQuery: summarize(hnswTimes),
    bruteForceQuery: summarize(bruteTimes),
    hnswQueryCpuP95Ms: round(percentile(hnswCpu, 95)),
    bruteForceQueryCpuP95Ms: round(percentile(bruteCpu, 95)),
    recallAtK: round(recall.recallAtK, 4),
    strictRecallAtK: round(recall.strictRecallAtK, 4),
    k: p.k,
    exactQueries: recall.queries,
    peakRssMiB: peakRssMiB(),
    saveMs: saveMs === null ? null : round(saveMs, 1),
    indexFileMiB,
    replica: null,
    loadAverage1m: null,
  };
}
