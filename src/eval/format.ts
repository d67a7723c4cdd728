// Number formatting and the list of headline metrics, shared by the console table and the HTML report.
import type { Summary } from "./report.js";

export const fmtRate = (v: number | null | undefined): string => (v === null || v === undefined ? "n/a" : `${(v * 100).toFixed(1)}%`);
export const fmtNum = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? "n/a" : v.toFixed(digits));
export const fmtMs = (v: number | null | undefined): string =>
  v === null || v === undefined ? "n/a" : `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ms`;

export interface MetricRow {
  name: string;
  value: string;
  /** Raw value for colouring (rates only). */
  rate?: number | null;
  basis: string;
}

export function metricRows(s: Summary): MetricRow[] {
  const r = s.ranking;
  return [
    { name: "pass rate", value: fmtRate(s.passRate), rate: s.passRate, basis: `${s.passed}/${s.scored} labelled cases` },
    { name: "topic hit@1", value: fmtRate(r.hit1), rate: r.hit1, basis: `${r.cases} cases with topics` },
    { name: "topic hit@3", value: fmtRate(r.hit3), rate: r.hit3, basis: `${r.cases} cases with topics` },
    { name: "MRR", value: fmtNum(r.mrr), rate: r.mrr, basis: `${r.cases} cases with topics` },
    { name: "nDCG@5", value: fmtNum(r.ndcg5), rate: r.ndcg5, basis: `${r.cases} cases with topics` },
    {
      name: "refusal precision",
      value: fmtRate(s.refusal.precision),
      rate: s.refusal.precision,
      basis: `tp ${s.refusal.tp} / fp ${s.refusal.fp} (${s.refusal.cases} labelled)`,
    },
    { name: "refusal recall", value: fmtRate(s.refusal.recall), rate: s.refusal.recall, basis: `tp ${s.refusal.tp} / fn ${s.refusal.fn}` },
    { name: "verdict accuracy", value: fmtRate(s.verdict.accuracy), rate: s.verdict.accuracy, basis: `${s.verdict.correct}/${s.verdict.cases}` },
    {
      name: "citation validity",
      value: fmtRate(s.citations.validity),
      rate: s.citations.validity,
      basis: `${s.citations.valid}/${s.citations.total} citations (ids checked ${s.citations.idCheck === "corpus" ? "against the corpus" : "by format only"})`,
    },
    { name: "must pass rate", value: fmtRate(s.must.rate), rate: s.must.rate, basis: `${s.must.passed}/${s.must.cases}` },
    { name: "must_not pass rate", value: fmtRate(s.mustNot.rate), rate: s.mustNot.rate, basis: `${s.mustNot.passed}/${s.mustNot.cases}` },
    { name: "latency p50", value: fmtMs(s.latency.p50), basis: `${s.latency.calls} answer calls` },
    { name: "latency p95", value: fmtMs(s.latency.p95), basis: `max ${fmtMs(s.latency.max)}` },
  ];
}

/** How a metric of a comparison is shown: latency in ms, MRR/nDCG as 0..1 numbers, the rest as percentages. */
export function fmtMetric(metric: string, v: number | null): string {
  if (metric.startsWith("latency")) return fmtMs(v);
  return metric === "MRR" || metric.startsWith("nDCG") ? fmtNum(v) : fmtRate(v);
}

export function fmtDelta(metric: string, d: number | null): string {
  if (d === null) return "n/a";
  const sign = d >= 0 ? "+" : "";
  if (metric.startsWith("latency")) return `${sign}${d.toFixed(2)} ms`;
  return metric === "MRR" || metric.startsWith("nDCG") ? `${sign}${d.toFixed(3)}` : `${sign}${(d * 100).toFixed(1)} pt`;
}
