import { describe, expect, it } from "vitest";
import { bruteForceTopK, identicalShare, meanRecall, recallAtK, strictRecallAtK } from "./brute-force.js";
import { mulberry32 } from "./prng.js";

function randomUnitRows(rows: number, dims: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const v = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (v[r * dims + d] = rand() - 0.5) ** 2;
    for (let d = 0; d < dims; d++) v[r * dims + d] /= Math.sqrt(norm);
  }
  return v;
}

describe("bruteForceTopK", () => {
  it("returns the same top k as sorting every dot product", () => {
    const dims = 16;
    const vectors = randomUnitRows(500, dims, 1);
    const query = randomUnitRows(1, dims, 2);
    const all = Array.from({ length: 500 }, (_, r) => {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += vectors[r * dims + d] * query[d];
      return { index: r, similarity: dot };
    }).sort((a, b) => b.similarity - a.similarity);
    const top = bruteForceTopK(vectors, dims, query, 10);
    expect(top.map((t) => t.index)).toEqual(all.slice(0, 10).map((t) => t.index));
    expect(top[0].similarity).toBeGreaterThanOrEqual(top[9].similarity);
  });

  it("returns all rows when k exceeds them", () => {
    expect(bruteForceTopK(randomUnitRows(3, 4, 3), 4, randomUnitRows(1, 4, 4), 10)).toHaveLength(3);
  });
});

describe("recallAtK", () => {
  const exact = [0.9, 0.8, 0.7].map((similarity, index) => ({ index, similarity }));
  it("counts results that reach the exact k-th similarity, so ties are not misses", () => {
    expect(recallAtK(exact, [0.9, 0.8, 0.7], 3)).toBe(1);
    expect(recallAtK(exact, [0.9, 0.7, 0.7], 3)).toBe(1); // a tie with the 3rd best is as good
    expect(recallAtK(exact, [0.9, 0.8, 0.5], 3)).toBeCloseTo(2 / 3);
    expect(recallAtK(exact, [], 3)).toBe(0);
  });
});

describe("strictRecallAtK", () => {
  const exact = [0.9, 0.8, 0.7].map((similarity, index) => ({ index, similarity }));
  it("counts only ids that are in the exact top k, so a tie broken differently is a miss", () => {
    expect(strictRecallAtK(exact, [0, 1, 2], 3)).toBe(1);
    expect(strictRecallAtK(exact, [2, 0, 1], 3)).toBe(1); // order does not matter
    expect(strictRecallAtK(exact, [0, 1, 7], 3)).toBeCloseTo(2 / 3); // 7 may tie with #2 — still a miss here
    expect(strictRecallAtK(exact, [0, 0, 0], 3)).toBeCloseTo(1 / 3); // a repeated id counts once
    expect(strictRecallAtK(exact, [0, 1, 2, 3], 2)).toBe(1); // only the first k of either list
    expect(strictRecallAtK([], [1], 3)).toBe(1);
  });
});

describe("meanRecall", () => {
  const exact = [
    [{ index: 0, similarity: 0.9 }, { index: 1, similarity: 0.5 }],
    [{ index: 2, similarity: 0.8 }, { index: 3, similarity: 0.6 }],
  ];
  it("averages tie-aware and strict recall over the queries that have an exact answer", () => {
    const approx = [
      { neighbors: [0, 1], distances: [0.1, 0.5] }, // exact
      { neighbors: [2, 9], distances: [0.2, 0.4] }, // 9 ties-or-beats #2 (similarity 0.6): tie-aware hit, strict miss
      { neighbors: [5, 6], distances: [0.9, 0.9] }, // no exact answer: not scored
    ];
    const r = meanRecall(exact, approx, 2);
    expect(r.queries).toBe(2);
    expect(r.recallAtK).toBe(1);
    expect(r.strictRecallAtK).toBeCloseTo(0.75);
  });

  it("refuses fewer approximate answers than exact ones, or none to score", () => {
    expect(() => meanRecall(exact, [{ neighbors: [0], distances: [0] }], 2)).toThrow(/only 1/);
    expect(() => meanRecall([], [], 2)).toThrow(/no exact/);
  });
});

describe("identicalShare", () => {
  it("is the share of queries with the same ids in the same order", () => {
    expect(identicalShare([[1, 2], [3, 4]], [[1, 2], [3, 4]])).toBe(1);
    expect(identicalShare([[1, 2], [3, 4]], [[1, 2], [4, 3]])).toBe(0.5);
    expect(identicalShare([[1, 2]], [[1]])).toBe(0);
    expect(() => identicalShare([[1]], [])).toThrow();
  });
});
