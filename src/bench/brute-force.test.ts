import { describe, expect, it } from "vitest";
import { bruteForceTopK, recallAtK } from "./brute-force.js";
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
