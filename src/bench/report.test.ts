import { describe, expect, it } from "vitest";
import { scaleRows } from "./report.js";
import type { ReplicaResult } from "./scale-load-step.js";
import type { ScaleResult } from "./scale-step.js";

const lat = (p95Ms: number, count: number) => ({ count, meanMs: p95Ms, p50Ms: p95Ms, p95Ms, p99Ms: p95Ms, maxMs: p95Ms });

function step(over: Partial<ScaleResult>): ScaleResult {
  return {
    size: 1_000_000,
    dimensions: 512,
    embedder: "offline-hash-tfidf@1/512",
    hnsw: { m: 16, efConstruction: 100, efSearch: 100 },
    embedMs: 250_000,
    buildMs: 900_000,
    buildCpuMs: 890_000,
    hnswQuery: lat(1.5, 300),
    bruteForceQuery: lat(700, 100),
    hnswQueryCpuP95Ms: 1.4,
    bruteForceQueryCpuP95Ms: 690,
    recallAtK: 0.991,
    strictRecallAtK: 0.987,
    k: 10,
    exactQueries: 100,
    peakRssMiB: 5000,
    saveMs: 4200,
    indexFileMiB: 2100.4,
    replica: null,
    loadAverage1m: { start: 1.02, max: 2.4, end: 1.9 },
    ...over,
  };
}

const replica: ReplicaResult = {
  loadMs: 3100,
  loadCpuMs: 2000,
  baselineRssMiB: 80,
  rssAfterLoadMiB: 2230,
  indexRssMiB: 2150,
  rssAfterQueriesMiB: 2232,
  peakRssMiB: 2240,
  count: 1_000_000,
  hnswQuery: lat(1.2, 300),
  hnswQueryCpuP95Ms: 1.1,
  recallAtK: 0.991,
  strictRecallAtK: 0.987,
  exactQueries: 100,
  sameAsBuilt: 1,
};

describe("scaleRows", () => {
  it("states how many queries were timed and how many scored by brute force, with both recalls and the load average", () => {
    const [row] = scaleRows(step({}), "");
    expect(row[0]).toBe("scale 1,000,000 chunks (HNSW 300 queries, brute force and recall 100)");
    expect(row[1]).toContain("build 900000 ms (CPU 890000 ms)");
    expect(row[1]).toContain("recall@10 0.991 (strict 0.987)");
    expect(row[1]).toContain("load 1.02–2.4");
    expect(row[3]).toBe("5000 MiB");
  });

  it("adds the fresh-process row: save, file size, load time, RSS per replica and its recall", () => {
    const rows = scaleRows(step({ replica }), "");
    expect(rows).toHaveLength(2);
    const [, r] = rows;
    expect(r[0]).toBe("scale 1,000,000 reloaded in a fresh process");
    for (const part of ["save 4200 ms", "file 2100 MiB", "load 3100 ms (CPU 2000 ms)", "RSS per replica 2230 MiB (index 2150 MiB over 80 MiB)", "HNSW p95 1.20 ms (CPU 1.10 ms)", "same ids as built"]) {
      expect(r[1]).toContain(part);
    }
    expect(r[3]).toBe("2240 MiB");
  });

  it("says so when the reloaded index answered differently, and gives one query count when all were checked", () => {
    const rows = scaleRows(step({ size: 1000, exactQueries: 300, bruteForceQuery: lat(1, 300), replica: { ...replica, sameAsBuilt: 0.99 } }), "T");
    expect(rows[0][0]).toBe("scale 1,000 chunks (300 queries)");
    expect(rows[0][2]).toBe("T");
    expect(rows[1][1]).toContain("same ids as built for 99.0 % of queries");
  });
});
