import { describe, expect, it } from "vitest";
import {
  confusionOf,
  firstRelevantRank,
  hitAtK,
  histogram,
  mean,
  ndcgAtK,
  percentile,
  precisionRecall,
  ratio,
  reciprocalRank,
} from "./metrics.js";

describe("ranking metrics (hand-computed)", () => {
  it("hit@k counts the first acceptable id within k", () => {
    expect(hitAtK([3, 5, 7], [5], 1)).toBe(0);
    expect(hitAtK([3, 5, 7], [5], 2)).toBe(1);
    expect(hitAtK([3, 5, 7], [5], 3)).toBe(1);
    expect(hitAtK([3, 5, 7], [9], 3)).toBe(0);
    expect(hitAtK([], [9], 3)).toBe(0);
    expect(hitAtK([7, 3], [3, 7], 1)).toBe(1); // any acceptable id counts
  });

  it("MRR uses the rank of the first acceptable id", () => {
    expect(firstRelevantRank([3, 5, 7], [7])).toBe(3);
    expect(reciprocalRank([3, 5, 7], [5])).toBe(0.5);
    expect(reciprocalRank([3, 5, 7], [7, 5])).toBe(0.5);
    expect(reciprocalRank([3, 5, 7], [7])).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank([3, 5, 7], [1])).toBe(0);
    expect(mean([1, 0.5, 1 / 3, 0])).toBeCloseTo((1 + 0.5 + 1 / 3) / 4, 12);
  });

  it("nDCG@k with binary gains and the ideal ranking of all acceptable ids", () => {
    // One relevant id at rank 2: DCG = 1/log2(3); IDCG = 1.
    expect(ndcgAtK([3, 5, 7], [5], 5)).toBeCloseTo(1 / Math.log2(3), 12);
    // Relevant at ranks 2 and 3: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3) = 1.130930 / 1.630930 = 0.693426.
    expect(ndcgAtK([3, 5, 7], [5, 7], 5)).toBeCloseTo(0.693426, 5);
    expect(ndcgAtK([5, 7], [5, 7], 5)).toBe(1);
    expect(ndcgAtK([1, 2, 3, 4, 5, 6], [6], 5)).toBe(0); // beyond the cut-off
    expect(ndcgAtK([5, 5], [5], 5)).toBe(1); // duplicates count once
    expect(ndcgAtK([], [5], 5)).toBe(0);
    expect(ndcgAtK([5], [], 5)).toBe(0);
  });
});

describe("precision / recall", () => {
  it("computes from a confusion count", () => {
    const c = confusionOf([
      { expected: true, actual: true },
      { expected: true, actual: true },
      { expected: true, actual: true },
      { expected: false, actual: true },
      { expected: true, actual: false },
      { expected: true, actual: false },
      { expected: false, actual: false },
    ]);
    expect(c).toEqual({ tp: 3, fp: 1, fn: 2, tn: 1 });
    expect(precisionRecall(c)).toEqual({ precision: 0.75, recall: 0.6 });
  });

  it("is null (n/a), not 0 or 1, when a denominator is zero", () => {
    // Nothing predicted positive and nothing expected positive.
    expect(precisionRecall({ tp: 0, fp: 0, fn: 0, tn: 4 })).toEqual({ precision: null, recall: null });
    // Refusals expected but none made: precision undefined, recall 0.
    expect(precisionRecall({ tp: 0, fp: 0, fn: 3, tn: 1 })).toEqual({ precision: null, recall: 0 });
    // Refused though nothing should be: precision 0, recall undefined.
    expect(precisionRecall({ tp: 0, fp: 2, fn: 0, tn: 1 })).toEqual({ precision: 0, recall: null });
    expect(ratio(0, 0)).toBeNull();
    expect(mean([])).toBeNull();
  });
});

describe("latency helpers", () => {
  it("nearest-rank percentiles", () => {
    const v = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 95)).toBe(10);
    expect(percentile(v, 90)).toBe(9);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it("histogram bins from 0 to max, max in the last bin", () => {
    expect(histogram([0, 1, 2, 3, 4], 2)).toEqual([
      { from: 0, to: 2, count: 2 },
      { from: 2, to: 4, count: 3 },
    ]);
    expect(histogram([0, 0], 3).map((b) => b.count)).toEqual([2, 0, 0]);
    expect(histogram([], 5)).toEqual([]);
  });
});
