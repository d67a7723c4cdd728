import { describe, expect, it } from "vitest";
import { evaluateTargets } from "./targets.js";
import type { BenchReport } from "./run-bench.js";

const lat = (p95Ms: number) => ({ count: 1, meanMs: p95Ms, p50Ms: p95Ms, p95Ms, p99Ms: p95Ms, maxMs: p95Ms });

function scaleStep(size: number, p95: number, recall: number) {
  return {
    size,
    hnswQuery: lat(p95),
    recallAtK: recall,
  } as NonNullable<BenchReport["scale"]>["steps"][number];
}

describe("evaluateTargets", () => {
  it("marks every target 'not run' when no section ran", () => {
    const t = evaluateTargets({ pipeline: null, http: null, coldStart: null, scale: null });
    expect(t.map((x) => x.status)).toEqual(Array(t.length).fill("not run"));
    expect(t.length).toBeGreaterThanOrEqual(11);
    expect(t.every((x) => x.value === null)).toBe(true);
  });

  it("judges met and missed against the issue's thresholds", () => {
    const t = evaluateTargets({
      pipeline: { latency: lat(2) } as BenchReport["pipeline"],
      http: {
        ratio: 0.49,
        cpuRatio: 63,
        cpuRatioCached: 6.9,
        ask: { requestsPerSec: 535, latencyP99Ms: 40 },
        askCached: { requestsPerSec: 4137, latencyP99Ms: 9 },
      } as BenchReport["http"],
      coldStart: { withIndex: { firstAnswerMs: 1001 } } as BenchReport["coldStart"],
      scale: { steps: [scaleStep(1000, 0.1, 1), scaleStep(100_000, 20, 0.94)] } as BenchReport["scale"],
    });
    expect(Object.fromEntries(t.map((x) => [x.name, x.status]))).toEqual({
      "answer() p95": "met",
      "ask ÷ ping req/s": "missed",
      "ask CPU ÷ bare (cache off)": "missed",
      "ask CPU ÷ bare (cache on)": "met",
      "ask req/s (cache off)": "missed",
      "ask req/s (cache on)": "met",
      "ask p99 (cache off)": "missed",
      "ask p99 (cache on)": "met",
      "cold start with index → first answer": "missed",
      "idle RSS after first answer": "not run",
      "HNSW query p95 at 100k": "met",
      "HNSW recall@10 at 100k": "missed",
    });
  });

  it("the pipeline target is 2 ms at p95", () => {
    const over = evaluateTargets({ pipeline: { latency: lat(2.1) } as BenchReport["pipeline"], http: null, coldStart: null, scale: null });
    expect(over[0]).toMatchObject({ name: "answer() p95", status: "missed", target: "≤ 2 ms" });
  });

  it("does not judge the 100k targets from a smaller largest step", () => {
    const t = evaluateTargets({
      pipeline: null,
      http: null,
      coldStart: null,
      scale: { steps: [scaleStep(10_000, 1, 1)] } as BenchReport["scale"],
    });
    expect(t.filter((x) => x.name.includes("100k")).map((x) => x.status)).toEqual(["not run", "not run"]);
  });
});
