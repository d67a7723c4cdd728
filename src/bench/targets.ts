// The targets issue 8 sets, checked against a report. A target whose section did not run is "not run",
// never "met".
import type { BenchReport } from "./run-bench.js";

export interface TargetCheck {
  name: string;
  target: string;
  value: number | null;
  unit: string;
  status: "met" | "missed" | "not run";
}

function check(name: string, target: string, unit: string, value: number | undefined, ok: (v: number) => boolean): TargetCheck {
  if (value === undefined || Number.isNaN(value)) return { name, target, value: null, unit, status: "not run" };
  return { name, target, value, unit, status: ok(value) ? "met" : "missed" };
}

export function evaluateTargets(r: Pick<BenchReport, "pipeline" | "http" | "coldStart" | "scale">): TargetCheck[] {
  const largest = r.scale?.steps.at(-1);
  const at100k = largest && largest.size >= 100_000 ? largest : undefined;
  return [
    check("answer() p95", "≤ 2 ms", "ms", r.pipeline?.latency.p95Ms, (v) => v <= 2),
    check("ask ÷ ping req/s", "≥ 0.5", "ratio", r.http?.ratio, (v) => v >= 0.5),
    check("cold start with index → first answer", "≤ 2000 ms", "ms", r.coldStart?.withIndex.firstAnswerMs, (v) => v <= 2000),
    check("HNSW query p95 at 100k", "≤ 20 ms", "ms", at100k?.hnswQuery.p95Ms, (v) => v <= 20),
    check("HNSW recall@10 at 100k", "≥ 0.95", "", at100k?.recallAtK, (v) => v >= 0.95),
  ];
}
