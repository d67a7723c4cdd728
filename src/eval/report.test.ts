import { describe, expect, it } from "vitest";
import { buildFixtureReport as fixtureReport } from "./testing/fixture-eval.js";

describe("buildReport on the fixture (hand-computed)", () => {
  it("runs multi-turn cases in one session and others in fresh ones", async () => {
    const { assistant, report } = await fixtureReport();
    const m1 = assistant.calls.filter((c) => c.question === "那它是怎么支持的？");
    expect(m1).toHaveLength(1);
    expect(m1[0].sessionId).toBeDefined();
    expect(assistant.calls.filter((c) => c.sessionId !== undefined)).toHaveLength(1);
    expect(report.cases.find((c) => c.id === "m1")).toMatchObject({ pass: true, rank: 1 });
  });

  it("computes pass rates, ranking, refusal, verdict, must and citation metrics", async () => {
    const { report } = await fixtureReport();
    const s = report.summary;
    expect([s.cases, s.scored, s.unlabeled, s.errors, s.passed]).toEqual([12, 11, 1, 0, 6]);
    expect(s.passRate).toBeCloseTo(6 / 11, 12);
    expect(Object.fromEntries(Object.entries(s.byKind).map(([k, v]) => [k, `${v.passed}/${v.cases}`]))).toEqual({
      topic: "2/4",
      eligibility: "1/2",
      out_of_scope: "1/2",
      unknown: "0/1",
      injection: "1/1",
      multi: "1/1",
    });
    expect(s.ranking.cases).toBe(6);
    expect(s.ranking.hit1).toBeCloseTo(4 / 6, 12);
    expect(s.ranking.hit3).toBeCloseTo(5 / 6, 12);
    expect(s.ranking.mrr).toBeCloseTo(0.75, 12);
    // t1 1, t2 1/log2 3, t3 1/(1+1/log2 3), t4 0, e1 1, m1 1.
    const ndcg = (3 + 1 / Math.log2(3) + 1 / (1 + 1 / Math.log2(3))) / 6;
    expect(s.ranking.ndcg5).toBeCloseTo(ndcg, 12);
    expect(s.refusal).toEqual({ cases: 4, tp: 2, fp: 0, fn: 1, tn: 1, precision: 1, recall: 2 / 3 });
    expect(s.verdict).toEqual({ cases: 2, correct: 1, accuracy: 0.5 });
    expect(s.must).toEqual({ cases: 1, passed: 0, rate: 0 });
    expect(s.mustNot).toEqual({ cases: 2, passed: 1, rate: 0.5 });
    // Citations of the last turn only (m1 cites in turn 1, not turn 2): t1 valid, e1 invalid.
    expect(s.citations).toEqual({ total: 2, valid: 1, validity: 0.5, idCheck: "corpus" });
    expect(s.latency.calls).toBe(13);
    expect(s.latency.p95).not.toBeNull();
  });

  it("fills the confusion matrix and per-专题 accuracy", async () => {
    const { report } = await fixtureReport();
    const { labels, matrix } = report.confusion;
    const at = (row: number, col: number) => matrix[labels.indexOf(row)][labels.indexOf(col)];
    expect(at(14, 14)).toBe(3);
    expect(at(9, 13)).toBe(1);
    expect(at(2, 2)).toBe(1); // acceptable second id lands on its own diagonal
    expect(at(14, 0)).toBe(1);
    expect(at(0, 0)).toBe(1);
    expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(7);
    const t14 = report.perTopic.find((t) => t.id === 14)!;
    expect([t14.hit1, t14.cases, t14.accuracy]).toEqual([3, 4, 0.75]);
    // The 专题 covered are the assistant's and the cases': none fixed in code. 13 is only ever predicted.
    expect(report.perTopic.map((t) => t.id)).toEqual([1, 2, 9, 13, 14]);
    expect(report.perTopic.find((t) => t.id === 13)!.accuracy).toBeNull();
    expect(report.topicNames[14]).toBe("科技金融计划");
  });

  it("records the failing checks of each case", async () => {
    const { report } = await fixtureReport();
    const u1 = report.cases.find((c) => c.id === "u1")!;
    expect(u1.pass).toBe(false);
    expect(u1.checks.filter((c) => !c.ok).map((c) => c.label)).toEqual(["must", "must_not_re"]);
    expect(report.cases.find((c) => c.id === "n1")!.pass).toBeNull();
    const e1 = report.cases.find((c) => c.id === "e1")!;
    expect(e1.got.citations[0].invalid).toMatch(/quote not found/);
  });
});
