// Sizes and durations of a benchmark run: the full run for README numbers, --quick for the smoke test.

export interface BenchPlan {
  scaleSizes: number[];
  scaleQueries: number;
  /**
   * The opt-in `scale1m` section: one size too large for the default run (about 25 minutes and 5 GiB on
   * the 2-core box). Brute force costs ~0.5 s a query there, so only the first `exactQueries` of the
   * `queries` are checked against it (recall and brute-force p95); HNSW p95 is over all of them.
   * null: the plan has no such step (--quick).
   */
  scaleLarge: { sizes: number[]; queries: number; exactQueries: number } | null;
  hnsw: { m: number; efConstruction: number; efSearch: number };
  pipelineCalls: number;
  pipelineWarmup: number;
  httpConnections: number;
  httpDurationS: number;
  httpWarmupS: number;
  /** The replicas section: ask through nginx in front of each of these replica counts (same connections). */
  replicaCounts: number[];
  replicasDurationS: number;
  coldStartRepeats: number;
  /** Generated guideline documents and the chunks they should give; answer() calls over that index. */
  ingest: { docs: number; chunks: number; calls: number; warmup: number };
}

// Measured at 100k chunks with the offline embedder (M=16, efConstruction=100): recall@10 was
// 0.959 / 0.973 / 0.977 / 0.998 / 1.000 at ef = 16 / 32 / 64 / 100 / 200, query p95 under 10 ms for all;
// ef=100 is the cheapest setting with a clear margin over 0.95. efConstruction=200 doubles build time.
const HNSW = { m: 16, efConstruction: 100, efSearch: 100 };

export const FULL_PLAN: BenchPlan = {
  scaleSizes: [1_000, 10_000, 100_000],
  scaleQueries: 300,
  scaleLarge: { sizes: [1_000_000], queries: 300, exactQueries: 100 },
  hnsw: HNSW,
  pipelineCalls: 3_000,
  pipelineWarmup: 200,
  httpConnections: 10,
  httpDurationS: 10,
  httpWarmupS: 2,
  replicaCounts: [1, 2],
  replicasDurationS: 10,
  coldStartRepeats: 3,
  ingest: { docs: 200, chunks: 20_000, calls: 1_000, warmup: 100 },
};

export const QUICK_PLAN: BenchPlan = {
  scaleSizes: [1_000, 3_000],
  scaleQueries: 50,
  scaleLarge: null,
  hnsw: HNSW,
  pipelineCalls: 200,
  pipelineWarmup: 20,
  httpConnections: 10,
  httpDurationS: 2,
  httpWarmupS: 1,
  replicaCounts: [1, 2],
  replicasDurationS: 2,
  coldStartRepeats: 1,
  ingest: { docs: 20, chunks: 2_000, calls: 200, warmup: 20 },
};

export const SECTIONS = ["pipeline", "http", "replicas", "coldStart", "scale", "ingest", "scale1m"] as const;
export type Section = (typeof SECTIONS)[number];
/** What runs without --only: everything but the opt-in 1M-chunk step. */
export const DEFAULT_SECTIONS: readonly Section[] = ["pipeline", "http", "replicas", "coldStart", "scale", "ingest"];

/** The sections an `--only` value names (in run order), or the default ones; throws on a bad name or combination. */
export function parseSections(only: string | undefined, plan: Pick<BenchPlan, "scaleLarge">): Section[] {
  if (only === undefined) return [...DEFAULT_SECTIONS];
  const names = only.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (names.length === 0) throw new Error("--only names no section");
  for (const s of names) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section "${s}"`);
  if (names.includes("scale1m") && plan.scaleLarge === null) throw new Error('section "scale1m" has no --quick version');
  return SECTIONS.filter((s) => names.includes(s));
}
