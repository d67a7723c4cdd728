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
    // Issue 12: ask against a bare POST of the same reply size, at 10 connections.
    check("ask CPU ÷ bare (cache off)", "≤ 10 ×", "×", r.http?.cpuRatio, (v) => v <= 10),
    check("ask CPU ÷ bare (cache on)", "≤ 10 ×", "×", r.http?.cpuRatioCached, (v) => v <= 10),
    check("ask req/s (cache off)", "≥ 2000", "req/s", r.http?.ask.requestsPerSec, (v) => v >= 2000),
    check("ask req/s (cache on)", "≥ 2000", "req/s", r.http?.askCached.requestsPerSec, (v) => v >= 2000),
    check("ask p99 (cache off)", "≤ 30 ms", "ms", r.http?.ask.latencyP99Ms, (v) => v <= 30),
    check("ask p99 (cache on)", "≤ 30 ms", "ms", r.http?.askCached.latencyP99Ms, (v) => v <= 30),
    check("cold start with index → first answer", "≤ 1000 ms", "ms", r.coldStart?.withIndex.firstAnswerMs, (v) => v <= 1000),
    check("idle RSS after first answer", "≤ 200 MiB", "MiB", r.coldStart?.withIndex.idleRssMiB, (v) => v <= 200),
    check("HNSW query p95 at 100k", "≤ 20 ms", "ms", at100k?.hnswQuery.p95Ms, (v) => v <= 20),
    check("HNSW recall@10 at 100k", "≥ 0.95", "", at100k?.recallAtK, (v) => v >= 0.95),
  ];
}
