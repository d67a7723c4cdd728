// Pure metric functions. A ratio whose denominator is zero is `null` ("not applicable"), never 0 or 1,
// so an empty category can neither hide a regression nor fake a perfect score.

/** First 1-based rank at which `ranked` hits an id in `relevant`, or undefined. */
export function firstRelevantRank(ranked: readonly number[], relevant: readonly number[]): number | undefined {
  const idx = ranked.findIndex((id) => relevant.includes(id));
  return idx === -1 ? undefined : idx + 1;
}

/** 1 when any of the top k ids is relevant, else 0. */
export function hitAtK(ranked: readonly number[], relevant: readonly number[], k: number): 0 | 1 {
  const r = firstRelevantRank(ranked, relevant);
  return r !== undefined && r <= k ? 1 : 0;
}

/** Reciprocal rank of the first relevant id (0 when none). */
export function reciprocalRank(ranked: readonly number[], relevant: readonly number[]): number {
  const r = firstRelevantRank(ranked, relevant);
  return r === undefined ? 0 : 1 / r;
}

/**
 * nDCG@k with binary gains: DCG = Σ rel_i / log2(i+1) over ranks i = 1..k; the ideal ranking puts every
 * relevant id first. Duplicated ids in `ranked` count once.
 */
export function ndcgAtK(ranked: readonly number[], relevant: readonly number[], k: number): number {
  if (relevant.length === 0) return 0;
  const rel = new Set(relevant);
  const seen = new Set<number>();
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (rel.has(id) && !seen.has(id)) dcg += 1 / Math.log2(i + 2);
    seen.add(id);
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(rel.size, k); i++) idcg += 1 / Math.log2(i + 2);
  return dcg / idcg;
}

/** numerator / denominator, or null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Count a binary classification: `expected` is the label, `actual` what the system did. */
export function confusionOf(pairs: readonly { expected: boolean; actual: boolean }[]): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { expected, actual } of pairs) {
    if (expected && actual) c.tp++;
    else if (!expected && actual) c.fp++;
    else if (expected && !actual) c.fn++;
    else c.tn++;
  }
  return c;
}

/** Precision = tp/(tp+fp), recall = tp/(tp+fn); null when nothing was predicted / expected positive. */
export function precisionRecall(c: Confusion): { precision: number | null; recall: number | null } {
  return { precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) };
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/**
 * Histogram over `bins` equal-width bins from 0 to the max value (latency starts at 0 so bars are comparable).
 * The last bin is closed on the right so the max lands in it.
 */
export function histogram(values: readonly number[], bins: number): HistogramBin[] {
  if (values.length === 0 || bins < 1) return [];
  const max = Math.max(...values);
  const width = max > 0 ? max / bins : 1;
  const out: HistogramBin[] = Array.from({ length: bins }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(bins - 1, Math.floor(v / width))].count++;
  return out;
}
