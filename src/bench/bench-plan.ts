// Sizes and durations of a benchmark run: the full run for README numbers, --quick for the smoke test.

export interface BenchPlan {
  scaleSizes: number[];
  scaleQueries: number;
  hnsw: { m: number; efConstruction: number; efSearch: number };
  pipelineCalls: number;
  pipelineWarmup: number;
  httpConnections: number;
  httpDurationS: number;
  httpWarmupS: number;
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
  hnsw: HNSW,
  pipelineCalls: 3_000,
  pipelineWarmup: 200,
  httpConnections: 10,
  httpDurationS: 10,
  httpWarmupS: 2,
  coldStartRepeats: 3,
  ingest: { docs: 200, chunks: 20_000, calls: 1_000, warmup: 100 },
};

export const QUICK_PLAN: BenchPlan = {
  scaleSizes: [1_000, 3_000],
  scaleQueries: 50,
  hnsw: HNSW,
  pipelineCalls: 200,
  pipelineWarmup: 20,
  httpConnections: 10,
  httpDurationS: 2,
  httpWarmupS: 1,
  coldStartRepeats: 1,
  ingest: { docs: 20, chunks: 2_000, calls: 200, warmup: 20 },
};

export const SECTIONS = ["pipeline", "http", "coldStart", "scale", "ingest"] as const;
export type Section = (typeof SECTIONS)[number];
