// One scale step (N synthetic chunks): embed, build HNSW, query HNSW and brute force, measure recall.
// Runs in its own child process (see run-child.ts) so that the peak RSS it reports belongs to this step.
import hnswlib from "hnswlib-node";
import { bruteForceTopK, recallAtK } from "./brute-force.js";
import { syntheticChunks, syntheticQueries, loadPlanSentences } from "./synthetic-corpus.js";
import { makeVectorSource, type VectorSourceName } from "./vector-source.js";
import { msSince, peakRssMiB, percentile, round, summarize, type LatencySummary } from "./stats.js";

export interface ScaleParams {
  size: number;
  queries: number;
  dimensions: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  k: number;
  planFile: string;
  corpusDir: string;
  rootDir: string;
  embedder: VectorSourceName;
}

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
  peakRssMiB: number;
}

export async function runScaleStep(p: ScaleParams): Promise<ScaleResult> {
  const sentences = loadPlanSentences(p.planFile);
  const texts = syntheticChunks(sentences, p.size);
  const queryTexts = syntheticQueries(sentences, p.queries);

  const source = await makeVectorSource(p.embedder, p);
  let t = process.hrtime.bigint();
  source.fit(texts);
  const { vectors, dimensions, name } = source.embedAll(texts);
  const embedMs = msSince(t);
  const queryVecs = source.embedAll(queryTexts).vectors;

  t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const index = new hnswlib.HierarchicalNSW("cosine", dimensions);
  index.initIndex({ maxElements: p.size, m: p.m, efConstruction: p.efConstruction, randomSeed: 100 });
  for (let i = 0; i < p.size; i++) {
    index.addPoint(Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions)), i);
  }
  const buildMs = msSince(t);
  const buildCpu = process.cpuUsage(cpu);
  index.setEf(p.efSearch);

  // A few untimed queries first so JIT warm-up does not land in either p95.
  for (let q = 0; q < Math.min(10, p.queries); q++) {
    const qv = queryVecs.subarray(q * dimensions, (q + 1) * dimensions);
    index.searchKnn(Array.from(qv), p.k);
    bruteForceTopK(vectors, dimensions, qv, p.k);
  }

  const hnswTimes: number[] = [];
  const bruteTimes: number[] = [];
  const hnswCpu: number[] = [];
  const bruteCpu: number[] = [];
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  let recallSum = 0;
  let strictSum = 0;
  for (let q = 0; q < p.queries; q++) {
    const qv = queryVecs.subarray(q * dimensions, (q + 1) * dimensions);
    let c = process.cpuUsage();
    t = process.hrtime.bigint();
    const approx = index.searchKnn(Array.from(qv), p.k);
    hnswTimes.push(msSince(t));
    hnswCpu.push(cpuMs(process.cpuUsage(c)));

    c = process.cpuUsage();
    t = process.hrtime.bigint();
    const exact = bruteForceTopK(vectors, dimensions, qv, p.k);
    bruteTimes.push(msSince(t));
    bruteCpu.push(cpuMs(process.cpuUsage(c)));

    recallSum += recallAtK(exact, approx.distances.map((d) => 1 - d), p.k);
    const exactIds = new Set(exact.map((e) => e.index));
    strictSum += approx.neighbors.filter((n) => exactIds.has(n)).length / Math.max(1, exact.length);
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
    recallAtK: round(recallSum / p.queries, 4),
    strictRecallAtK: round(strictSum / p.queries, 4),
    k: p.k,
    peakRssMiB: peakRssMiB(),
  };
}
