// Turns case runs into the report: per-case outcomes plus the summary metrics staff compare over time.
import type { Citation, Verdict } from "../core/types.js";
import type { CitationChecker } from "./citation-check.js";
import { CASE_KINDS, type CaseKind } from "./dataset.js";
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
  type HistogramBin,
} from "./metrics.js";
import type { CaseRun } from "./runner.js";
import { isLabelled, passes, scoreCase, type Check } from "./score.js";

export interface CaseOutcome {
  id: string;
  kind: CaseKind;
  file: string;
  line: number;
  turns: string[];
  expected: { topics?: number[]; must?: string[]; must_not_re?: string; refuse?: boolean; verdict?: Verdict };
  got: {
    topics: { id: number; name: string; score: number }[];
    refused?: boolean;
    verdict?: Verdict;
    followUp?: string;
    answer?: string;
    citations: (Citation & { invalid?: string })[];
  };
  checks: Check[];
  /** null when the case is unlabeled (not scored). */
  pass: boolean | null;
  error?: string;
  /** Latency of each turn, ms. */
  ms: number[];
  /** 1-based rank of the first acceptable 专题 (ranking cases only). */
  rank?: number;
}

export interface RateStat {
  cases: number;
  passed: number;
  rate: number | null;
}

export interface Summary {
  cases: number;
  scored: number;
  unlabeled: number;
  errors: number;
  passed: number;
  passRate: number | null;
  byKind: Partial<Record<CaseKind, RateStat>>;
  ranking: { cases: number; hit1: number | null; hit3: number | null; mrr: number | null; ndcg5: number | null };
  refusal: { cases: number; tp: number; fp: number; fn: number; tn: number; precision: number | null; recall: number | null };
  verdict: { cases: number; correct: number; accuracy: number | null };
  citations: { total: number; valid: number; validity: number | null; idCheck: "corpus" | "format" };
  must: RateStat;
  mustNot: RateStat;
  latency: { calls: number; p50: number | null; p95: number | null; mean: number | null; max: number | null };
}

export interface TopicStat {
  id: number;
  cases: number;
  hit1: number;
  accuracy: number | null;
}

export interface EvalReport {
  version: 1;
  createdAt: string;
  target: string;
  datasets: string[];
  kinds?: string[];
  summary: Summary;
  perTopic: TopicStat[];
  /** 专题 id → name, from the answers (and the assistant's topic list when in-process). */
  topicNames: Record<number, string>;
  /** Rows: expected 专题 (0 = "no 专题" expected); columns: predicted top-1 (0 = none). Counts. */
  confusion: { labels: number[]; matrix: number[][] };
  latencyHistogram: HistogramBin[];
  cases: CaseOutcome[];
}

/** The 专题 a report covers: those the assistant named (topicNames) and those the cases expect or got. */
export function topicIdsOf(cases: readonly CaseOutcome[], topicNames: Record<number, string>): number[] {
  const ids = new Set(Object.keys(topicNames).map(Number));
  for (const c of cases) {
    for (const id of c.expected.topics ?? []) ids.add(id);
    for (const t of c.got.topics) ids.add(t.id);
  }
  return [...ids].filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
}

function outcomeOf(run: CaseRun, checkCitation: CitationChecker): CaseOutcome {
  const c = run.case;
  const r = run.result;
  const labelled = isLabelled(c);
  const checks = labelled ? scoreCase(c, r, run.error) : [];
  const ranked = r?.topics.map((t) => t.id) ?? [];
  const rank = c.topics && c.topics.length > 0 ? firstRelevantRank(ranked, c.topics) : undefined;
  return {
    id: c.id,
    kind: c.kind,
    file: c.file,
    line: c.line,
    turns: c.turns,
    expected: {
      ...(c.topics && { topics: c.topics }),
      ...(c.must && { must: c.must }),
      ...(c.must_not_re !== undefined && { must_not_re: c.must_not_re }),
      ...(c.refuse !== undefined && { refuse: c.refuse }),
      ...(c.verdict && { verdict: c.verdict }),
    },
    got: {
      topics: r?.topics.map((t) => ({ id: t.id, name: t.name, score: t.score })) ?? [],
      ...(r && { refused: r.refused, answer: r.answer }),
      ...(r?.verdict && { verdict: r.verdict }),
      ...(r?.followUp && { followUp: r.followUp }),
      citations: (r?.citations ?? []).map((cit) => {
        const invalid = checkCitation(cit, run.turns[run.turns.length - 1]?.retrieved);
        return { ...cit, ...(invalid && { invalid }) };
      }),
    },
    checks,
    pass: labelled ? passes(checks) : null,
    ...(run.error !== undefined && { error: run.error }),
    ms: run.turns.map((t) => Math.round(t.ms * 1000) / 1000),
    ...(rank !== undefined && { rank }),
  };
}

const stat = (outs: readonly CaseOutcome[]): RateStat => {
  const passed = outs.filter((o) => o.pass === true).length;
  return { cases: outs.length, passed, rate: ratio(passed, outs.length) };
};

/** Pass rate of one label over the cases that carry it (a failed call counts as not passed). */
const labelStat = (outs: readonly CaseOutcome[], label: "must" | "must_not_re"): RateStat => {
  const withLabel = outs.filter((o) => o.expected[label] !== undefined);
  const passed = withLabel.filter((o) => o.checks.some((ch) => ch.label === label && ch.ok)).length;
  return { cases: withLabel.length, passed, rate: ratio(passed, withLabel.length) };
};

export function summarize(outcomes: readonly CaseOutcome[], idCheck: "corpus" | "format"): Summary {
  const scored = outcomes.filter((o) => o.pass !== null);
  const byKind: Summary["byKind"] = {};
  for (const kind of CASE_KINDS) {
    const ofKind = scored.filter((o) => o.kind === kind);
    if (ofKind.length > 0) byKind[kind] = stat(ofKind);
  }
  const rankingCases = scored.filter((o) => o.expected.topics && o.expected.topics.length > 0);
  const ranks = rankingCases.map((o) => ({ ranked: o.got.topics.map((t) => t.id), relevant: o.expected.topics ?? [] }));
  const refuseCases = scored.filter((o) => o.expected.refuse !== undefined);
  const conf = confusionOf(refuseCases.map((o) => ({ expected: o.expected.refuse === true, actual: o.got.refused === true })));
  const verdictCases = scored.filter((o) => o.expected.verdict !== undefined);
  const verdictCorrect = verdictCases.filter((o) => o.got.verdict === o.expected.verdict).length;
  const citations = outcomes.flatMap((o) => o.got.citations);
  const validCitations = citations.filter((c) => c.invalid === undefined).length;
  const latencies = outcomes.flatMap((o) => o.ms);
  const passed = scored.filter((o) => o.pass === true).length;
  return {
    cases: outcomes.length,
    scored: scored.length,
    unlabeled: outcomes.length - scored.length,
    errors: outcomes.filter((o) => o.error !== undefined).length,
    passed,
    passRate: ratio(passed, scored.length),
    byKind,
    ranking: {
      cases: rankingCases.length,
      hit1: mean(ranks.map((x) => hitAtK(x.ranked, x.relevant, 1))),
      hit3: mean(ranks.map((x) => hitAtK(x.ranked, x.relevant, 3))),
      mrr: mean(ranks.map((x) => reciprocalRank(x.ranked, x.relevant))),
      ndcg5: mean(ranks.map((x) => ndcgAtK(x.ranked, x.relevant, 5))),
    },
    refusal: { cases: refuseCases.length, ...conf, ...precisionRecall(conf) },
    verdict: { cases: verdictCases.length, correct: verdictCorrect, accuracy: ratio(verdictCorrect, verdictCases.length) },
    citations: { total: citations.length, valid: validCitations, validity: ratio(validCitations, citations.length), idCheck },
    must: labelStat(scored, "must"),
    mustNot: labelStat(scored, "must_not_re"),
    latency: {
      calls: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      mean: mean(latencies),
      max: latencies.length ? Math.max(...latencies) : null,
    },
  };
}

/** Row/column index in the confusion matrix: 0 = no 专题, else the 专题 id. */
function confusionOfTopics(outcomes: readonly CaseOutcome[], topicIds: number[]): EvalReport["confusion"] {
  const labels = [0, ...topicIds];
  const matrix = labels.map(() => labels.map(() => 0));
  for (const o of outcomes) {
    if (o.pass === null || !o.expected.topics || o.error !== undefined) continue;
    const predicted = o.got.topics[0]?.id ?? 0;
    // With several acceptable ids, a correct answer lands on the diagonal of the id it chose.
    const expected = o.expected.topics.length === 0 ? 0 : o.expected.topics.includes(predicted) ? predicted : o.expected.topics[0];
    const row = labels.indexOf(expected);
    const col = labels.indexOf(predicted);
    if (row >= 0 && col >= 0) matrix[row][col]++;
  }
  return { labels, matrix };
}

function perTopicOf(outcomes: readonly CaseOutcome[], topicIds: number[]): TopicStat[] {
  return topicIds.map((id) => {
    const mine = outcomes.filter((o) => o.pass !== null && o.expected.topics?.[0] === id);
    const hit1 = mine.filter((o) => o.rank === 1).length;
    return { id, cases: mine.length, hit1, accuracy: ratio(hit1, mine.length) };
  });
}

export function buildReport(
  runs: readonly CaseRun[],
  opts: {
    checkCitation: CitationChecker;
    idCheck: "corpus" | "format";
    target: string;
    datasets: string[];
    kinds?: string[];
    topicNames?: Record<number, string>;
    now?: Date;
  },
): EvalReport {
  const cases = runs.map((r) => outcomeOf(r, opts.checkCitation));
  const topicNames: Record<number, string> = { ...opts.topicNames };
  for (const c of cases) for (const t of c.got.topics) topicNames[t.id] ??= t.name;
  const topicIds = topicIdsOf(cases, topicNames);
  return {
    version: 1,
    createdAt: (opts.now ?? new Date()).toISOString(),
    target: opts.target,
    datasets: opts.datasets,
    ...(opts.kinds && { kinds: opts.kinds }),
    summary: summarize(cases, opts.idCheck),
    perTopic: perTopicOf(cases, topicIds),
    topicNames,
    confusion: confusionOfTopics(cases, topicIds),
    latencyHistogram: histogram(cases.flatMap((c) => c.ms), 20),
    cases,
  };
}
