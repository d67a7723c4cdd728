// Small statistics helpers shared by every benchmark step.
import { percentile as nearestRank } from "../eval/metrics.js";

/** Percentile by nearest rank over an unsorted sample (p in 0..100); the eval's definition, but an empty sample is a bug here. */
export function percentile(sample: readonly number[], p: number): number {
  const v = nearestRank(sample, p);
  if (v === null) throw new Error("percentile of an empty sample");
  return v;
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sum = samplesMs.reduce((a, b) => a + b, 0);
  return {
    count: samplesMs.length,
    meanMs: round(sum / samplesMs.length),
    p50Ms: round(percentile(samplesMs, 50)),
    p95Ms: round(percentile(samplesMs, 95)),
    p99Ms: round(percentile(samplesMs, 99)),
    maxMs: round(Math.max(...samplesMs)),
  };
}

/** Milliseconds elapsed since a process.hrtime.bigint() mark. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Peak resident set size of this process so far, in MiB (Linux reports maxRSS in KiB). */
export function peakRssMiB(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

/** Growth exponent b in t ≈ c·n^b between two sizes (1 = linear, 0 = constant). */
export function growthExponent(n1: number, t1: number, n2: number, t2: number): number {
  if (t1 <= 0 || t2 <= 0 || n1 === n2) return NaN;
  return round(Math.log(t2 / t1) / Math.log(n2 / n1), 2);
}
