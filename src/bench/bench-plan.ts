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
}

// M=16/efConstruction=200 is hnswlib's usual quality setting; ef=100 keeps recall@10 ≥ 0.95 at 100k.
const HNSW = { m: 16, efConstruction: 200, efSearch: 100 };

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
};

export const SECTIONS = ["pipeline", "http", "coldStart", "scale"] as const;
export type Section = (typeof SECTIONS)[number];
