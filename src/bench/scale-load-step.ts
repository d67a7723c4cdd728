// The replica side of a scale step: a fresh child process that does only what a serving replica does with
// the vector index — read the file the build step wrote, set ef, answer queries — so its load time and its
// RSS after loading are what one replica pays for the index. Recall is scored against the exact answers
// the build step computed by brute force (this process never holds the raw vectors).
import { readFileSync } from "node:fs";
import hnswlib from "hnswlib-node";
import { identicalShare, meanRecall, type Neighbor } from "./brute-force.js";
import { msSince, percentile, peakRssMiB, round, summarize, type LatencySummary } from "./stats.js";

/** Written by the build step beside the index: the queries, their exact answers and what the built index said. */
export interface QuerySetFile {
  dimensions: number;
  k: number;
  efSearch: number;
  /** One embedded query per row (L2-normalised, as the build step searched with). */
  queries: number[][];
  /** Brute-force top k of the first exact.length queries. */
  exact: Neighbor[][];
  /** Ids the index returned in the build process, per query (for the identical-results check). */
  builtIds: number[][];
}

export interface ScaleLoadParams {
  indexFile: string;
  querySetFile: string;
  /** Elements the index must hold once loaded. */
  size: number;
}

export interface ReplicaResult {
  /** readIndexSync of the file, wall and CPU (the file was just written, so it is read from the page cache). */
  loadMs: number;
  loadCpuMs: number;
  /** RSS of this fresh process (runtime, hnswlib and the query set loaded) just before reading the index. */
  baselineRssMiB: number;
  /** RSS right after reading the index: the memory one serving replica holds for it (plus the runtime). */
  rssAfterLoadMiB: number;
  /** rssAfterLoadMiB − baselineRssMiB: the index's own share. */
  indexRssMiB: number;
  /** RSS after every query was answered (search scratch space included). */
  rssAfterQueriesMiB: number;
  peakRssMiB: number;
  /** getCurrentCount() of the loaded index (must equal the size). */
  count: number;
  hnswQuery: LatencySummary;
  hnswQueryCpuP95Ms: number;
  recallAtK: number;
  strictRecallAtK: number;
  /** Queries scored for recall (those with a brute-force answer). */
  exactQueries: number;
  /** Share of queries answered with exactly the ids the index gave in the build process (1 = identical). */
  sameAsBuilt: number;
}

const rssMiB = () => round(process.memoryUsage().rss / 2 ** 20, 1);
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export function runScaleLoadStep(p: ScaleLoadParams): ReplicaResult {
  const set = JSON.parse(readFileSync(p.querySetFile, "utf8")) as QuerySetFile;
  const baselineRssMiB = rssMiB();

  let cpu = process.cpuUsage();
  let t = process.hrtime.bigint();
  const index = new hnswlib.HierarchicalNSW("cosine", set.dimensions);
  index.readIndexSync(p.indexFile);
  const loadMs = msSince(t);
  const loadCpuMs = cpuMs(process.cpuUsage(cpu));
  const rssAfterLoadMiB = rssMiB();
  const count = index.getCurrentCount();
  if (count !== p.size) throw new Error(`${p.indexFile}: loaded ${count} elements, expected ${p.size}`);
  // ef is not stored in the file (hnswlib resets it to 10 on load).
  index.setEf(set.efSearch);

  // Untimed warm-up, as in the build step.
  for (let q = 0; q < Math.min(10, set.queries.length); q++) index.searchKnn(set.queries[q], set.k);

  const times: number[] = [];
  const cpus: number[] = [];
  const answers: { neighbors: number[]; distances: number[] }[] = [];
  for (const query of set.queries) {
    cpu = process.cpuUsage();
    t = process.hrtime.bigint();
    const r = index.searchKnn(query, set.k);
    times.push(msSince(t));
    cpus.push(cpuMs(process.cpuUsage(cpu)));
    answers.push(r);
  }
  const recall = meanRecall(set.exact, answers, set.k);

  return {
    loadMs: round(loadMs, 1),
    loadCpuMs: round(loadCpuMs, 1),
    baselineRssMiB,
    rssAfterLoadMiB,
    indexRssMiB: round(rssAfterLoadMiB - baselineRssMiB, 1),
    rssAfterQueriesMiB: rssMiB(),
    peakRssMiB: peakRssMiB(),
    count,
    hnswQuery: summarize(times),
    hnswQueryCpuP95Ms: round(percentile(cpus, 95)),
    recallAtK: round(recall.recallAtK, 4),
    strictRecallAtK: round(recall.strictRecallAtK, 4),
    exactQueries: recall.queries,
    sameAsBuilt: round(identicalShare(answers.map((a) => a.neighbors), set.builtIds), 4),
  };
}
