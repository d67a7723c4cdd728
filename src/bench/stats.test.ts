import { describe, expect, it } from "vitest";
import { growthExponent, percentile, summarize } from "./stats.js";

describe("percentile / summarize", () => {
  it("uses nearest rank on an unsorted sample", () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile(xs, 10)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
  });

  it("rejects an empty sample", () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
  });

  it("summarizes count, mean and ordered percentiles", () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toEqual({ count: 100, meanMs: 50.5, p50Ms: 50, p95Ms: 95, p99Ms: 99, maxMs: 100 });
  });
});

describe("growthExponent", () => {
  it("is 1 for linear and 0 for constant growth", () => {
    expect(growthExponent(1000, 2, 10_000, 20)).toBe(1);
    expect(growthExponent(1000, 3, 100_000, 3)).toBe(0);
  });
});
