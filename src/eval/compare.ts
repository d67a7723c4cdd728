// Compares a run with a reference (a full report.json or the committed eval/baseline.json): which cases
// flipped, how each metric moved, and whether any metric dropped by more than the tolerance.
import fs from "node:fs";
import { z } from "zod";
import type { EvalReport, Summary } from "./report.js";

/** The metrics that gate a change (all "higher is better"); latency is shown but never gates. */
export const GATED_METRICS = [
  "passRate",
  "hit@1",
  "hit@3",
  "MRR",
  "nDCG@5",
  "refusalPrecision",
  "refusalRecall",
  "verdictAccuracy",
  "citationValidity",
  "mustPassRate",
  "mustNotPassRate",
] as const;
export type MetricName = (typeof GATED_METRICS)[number];

export function metricsOf(s: Summary): Record<MetricName, number | null> {
  return {
    passRate: s.passRate,
    "hit@1": s.ranking.hit1,
    "hit@3": s.ranking.hit3,
    MRR: s.ranking.mrr,
    "nDCG@5": s.ranking.ndcg5,
    refusalPrecision: s.refusal.precision,
    refusalRecall: s.refusal.recall,
    verdictAccuracy: s.verdict.accuracy,
    citationValidity: s.citations.validity,
    mustPassRate: s.must.rate,
    mustNotPassRate: s.mustNot.rate,
  };
}

/** What a reference needs: the summary and each case's pass/fail. */
export interface Reference {
  createdAt?: string;
  summary: Summary;
  cases: { id: string; kind: string; pass: boolean | null }[];
}

/** The committed baseline: a report without answers, so it stays small and diffable. */
export function toBaseline(report: EvalReport): Reference & { version: 1; target: string; datasets: string[] } {
  return {
    version: 1,
    createdAt: report.createdAt,
    target: report.target,
    datasets: report.datasets,
    summary: report.summary,
    cases: report.cases.map((c) => ({ id: c.id, kind: c.kind, pass: c.pass })),
  };
}

const nullableNum = z.number().nullable();
const referenceSchema = z.object({
  createdAt: z.string().optional(),
  summary: z
    .object({
      passRate: nullableNum,
      ranking: z.object({ hit1: nullableNum, hit3: nullableNum, mrr: nullableNum, ndcg5: nullableNum }).passthrough(),
      refusal: z.object({ precision: nullableNum, recall: nullableNum }).passthrough(),
      verdict: z.object({ accuracy: nullableNum }).passthrough(),
      citations: z.object({ validity: nullableNum }).passthrough(),
      must: z.object({ rate: nullableNum }).passthrough(),
      mustNot: z.object({ rate: nullableNum }).passthrough(),
      latency: z.object({ p50: nullableNum, p95: nullableNum }).passthrough(),
    })
    .passthrough(),
  cases: z.array(z.object({ id: z.string(), kind: z.string(), pass: z.boolean().nullable() }).passthrough()),
});

export class ReferenceError extends Error {
  override name = "ReferenceError";
}

export function loadReference(file: string): Reference {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ReferenceError(`cannot read --compare file ${file}: ${(e as Error).message}`);
  }
  const parsed = referenceSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ReferenceError(`${file} is not an eval report or baseline: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return parsed.data as unknown as Reference;
}

export interface Flip {
  id: string;
  kind: string;
  from: "pass" | "fail";
  to: "pass" | "fail";
}

export interface MetricDelta {
  metric: MetricName | "latencyP50" | "latencyP95";
  before: number | null;
  after: number | null;
  /** after − before, null when either side is not applicable. */
  delta: number | null;
  /** True when a gated metric dropped by more than the tolerance. */
  regressed: boolean;
}

export interface Comparison {
  tolerance: number;
  flips: Flip[];
  added: string[];
  removed: string[];
  deltas: MetricDelta[];
  regressed: boolean;
}

const word = (p: boolean) => (p ? "pass" : "fail");

export function compareReports(reference: Reference, current: Reference, tolerance: number): Comparison {
  const before = new Map(reference.cases.map((c) => [c.id, c]));
  const now = new Map(current.cases.map((c) => [c.id, c]));
  const flips: Flip[] = [];
  for (const c of current.cases) {
    const b = before.get(c.id);
    if (b && b.pass !== null && c.pass !== null && b.pass !== c.pass) flips.push({ id: c.id, kind: c.kind, from: word(b.pass), to: word(c.pass) });
  }
  // Regressions first: those are what staff must look at.
  flips.sort((x, y) => Number(x.to === "pass") - Number(y.to === "pass") || x.id.localeCompare(y.id));
  const mb = metricsOf(reference.summary);
  const ma = metricsOf(current.summary);
  // Small epsilon so a drop of exactly the tolerance (in floating point) is allowed.
  const eps = 1e-9;
  const deltas: MetricDelta[] = GATED_METRICS.map((metric) => {
    const b = mb[metric];
    const a = ma[metric];
    const delta = a !== null && b !== null ? a - b : null;
    // A metric that became not applicable (its cases are gone) shows as added/removed cases, not a drop.
    const regressed = delta !== null && delta < -tolerance - eps;
    return { metric, before: b, after: a, delta, regressed };
  });
  for (const [metric, key] of [
    ["latencyP50", "p50"],
    ["latencyP95", "p95"],
  ] as const) {
    const b = reference.summary.latency[key];
    const a = current.summary.latency[key];
    deltas.push({ metric, before: b, after: a, delta: a !== null && b !== null ? a - b : null, regressed: false });
  }
  return {
    tolerance,
    flips,
    added: current.cases.filter((c) => !before.has(c.id)).map((c) => c.id),
    removed: reference.cases.filter((c) => !now.has(c.id)).map((c) => c.id),
    deltas,
    regressed: deltas.some((d) => d.regressed),
  };
}

/** Baseline file text: the summary pretty-printed, one case per line so diffs show exactly which flipped. */
export function baselineJson(b: ReturnType<typeof toBaseline>): string {
  const head = JSON.stringify({ ...b, cases: [] }, null, 2);
  const cases = b.cases.map((c) => `    ${JSON.stringify(c)}`).join(",\n");
  return head.replace(/"cases": \[\]/, `"cases": [\n${cases}\n  ]`) + "\n";
}
