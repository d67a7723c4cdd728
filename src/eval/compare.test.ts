import { describe, expect, it } from "vitest";
import { compareReports, metricsOf, toBaseline } from "./compare.js";
import { buildFixtureReport, fixtureScript } from "./testing/fixture-eval.js";
import type { Script } from "./testing/scripted-assistant.js";

/** The fixture script with some questions answered differently. */
const patched =
  (over: Record<string, ReturnType<Script>>): Script =>
  (q, prev) =>
    q in over ? over[q] : fixtureScript(q, prev);

describe("compareReports", () => {
  it("lists flipped cases, regressions first, and passes when metrics hold", async () => {
    const { report: before } = await buildFixtureReport();
    // t3 now fails and t2 now passes: hit@1, hit@3, MRR and pass rate are unchanged.
    const { report: after } = await buildFixtureReport(
      patched({ "高校想做基础研究": { topics: [9, 2] }, "初创企业想要培育支持": { topics: [9] } }),
    );
    const cmp = compareReports(toBaseline(before), after, 0.02);
    expect(cmp.flips).toEqual([
      { id: "t3", kind: "topic", from: "pass", to: "fail" },
      { id: "t2", kind: "topic", from: "fail", to: "pass" },
    ]);
    for (const m of ["passRate", "hit@1", "hit@3"]) expect(cmp.deltas.find((d) => d.metric === m)).toMatchObject({ delta: 0, regressed: false });
    expect(cmp.deltas.find((d) => d.metric === "MRR")!.delta).toBeCloseTo(0, 12);
    expect(cmp.regressed).toBe(false);
    expect(cmp.added).toEqual([]);
    expect(cmp.removed).toEqual([]);
  });

  it("flags a metric that drops by more than the tolerance", async () => {
    const { report: before } = await buildFixtureReport();
    const { report: after } = await buildFixtureReport(patched({ "推荐一只股票": { answer: "买这只。" } }));
    const cmp = compareReports(before, after, 0.02);
    const recall = cmp.deltas.find((d) => d.metric === "refusalRecall")!;
    expect(recall.before).toBeCloseTo(2 / 3, 12);
    expect(recall.after).toBeCloseTo(1 / 3, 12);
    expect(recall.regressed).toBe(true);
    expect(cmp.regressed).toBe(true);
    expect(cmp.flips).toEqual([{ id: "o1", kind: "out_of_scope", from: "pass", to: "fail" }]);
    // The same drop is tolerated with a large enough tolerance.
    expect(compareReports(before, after, 0.5).regressed).toBe(false);
  });

  it("allows a drop of exactly the tolerance, ignores latency and n/a, and reports added/removed cases", async () => {
    const { report } = await buildFixtureReport();
    const base = toBaseline(report);
    const now = structuredClone(base);
    now.summary.passRate = (base.summary.passRate ?? 0) - 0.1;
    now.summary.latency.p95 = (base.summary.latency.p95 ?? 0) + 1000;
    now.summary.verdict.accuracy = null;
    now.cases = now.cases.filter((c) => c.id !== "t4").concat({ id: "new", kind: "fact", pass: true });
    const cmp = compareReports(base, now, 0.1);
    expect(cmp.deltas.find((d) => d.metric === "passRate")!.regressed).toBe(false);
    expect(cmp.deltas.find((d) => d.metric === "latencyP95")).toMatchObject({ delta: 1000, regressed: false });
    expect(cmp.deltas.find((d) => d.metric === "verdictAccuracy")).toMatchObject({ delta: null, regressed: false });
    expect(cmp.regressed).toBe(false);
    expect(compareReports(base, now, 0.09).regressed).toBe(true);
    expect(cmp.added).toEqual(["new"]);
    expect(cmp.removed).toEqual(["t4"]);
  });

  it("exposes every gated metric by name", async () => {
    const { report } = await buildFixtureReport();
    expect(Object.keys(metricsOf(report.summary))).toEqual([
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
    ]);
  });
});
