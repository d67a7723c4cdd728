import { describe, expect, it } from "vitest";
import type { AnswerResult } from "../core/types.js";
import type { EvalCase } from "./dataset.js";
import { isLabelled, passes, scoreCase } from "./score.js";
import { topicHit } from "./testing/scripted-assistant.js";

const kase = (over: Partial<EvalCase>): EvalCase => ({ id: "c", kind: "topic", turns: ["q"], file: "f", line: 1, ...over });
const result = (over: Partial<AnswerResult>): AnswerResult => ({ answer: "", refused: false, topics: [], citations: [], sessionId: "s", ...over });

describe("scoreCase", () => {
  it("topics: the top-1 id must be one of the acceptable ids", () => {
    const c = kase({ topics: [13, 14] });
    expect(passes(scoreCase(c, result({ topics: [topicHit(14), topicHit(9)] })))).toBe(true);
    const wrong = scoreCase(c, result({ topics: [topicHit(9), topicHit(14)] }));
    expect(wrong).toEqual([{ label: "topics", ok: false, detail: "expected top-1 in [13,14], got 9" }]);
    expect(scoreCase(c, result({}))[0].detail).toBe("expected top-1 in [13,14], got none");
  });

  it("topics: [] means no 专题 may be suggested", () => {
    const c = kase({ topics: [] });
    expect(passes(scoreCase(c, result({})))).toBe(true);
    expect(scoreCase(c, result({ topics: [topicHit(1)] }))[0]).toMatchObject({ ok: false, detail: "expected no 专题, got 1" });
  });

  it("must, must_not_re (case-insensitive), refuse and verdict", () => {
    const c = kase({ must: ["方案未规定", "指南"], must_not_re: "\\d+\\s*万|hotline", refuse: false, verdict: "eligible" });
    const good = result({ answer: "方案未规定，以年度申报指南为准。", verdict: "eligible" });
    expect(scoreCase(c, good).map((x) => x.ok)).toEqual([true, true, true, true]);
    const bad = scoreCase(c, result({ answer: "最高 500 万，HOTLINE 见下", refused: true, verdict: "uncertain" }));
    expect(bad.map((x) => [x.label, x.ok])).toEqual([
      ["must", false],
      ["must_not_re", false],
      ["refuse", false],
      ["verdict", false],
    ]);
    expect(bad[0].detail).toBe(`answer lacks "方案未规定", "指南"`);
    expect(bad[1].detail).toContain(`"500 万"`);
    expect(bad[2].detail).toBe("expected an answer, got a refusal");
    expect(bad[3].detail).toBe("expected eligible, got uncertain");
  });

  it("a failed call fails the case; a case without labels is not scored", () => {
    expect(scoreCase(kase({ refuse: true }), undefined, "HTTP 500")).toEqual([{ label: "error", ok: false, detail: "HTTP 500" }]);
    expect(isLabelled(kase({}))).toBe(false);
    expect(isLabelled(kase({ refuse: false }))).toBe(true);
    expect(isLabelled(kase({ topics: [1], needs_label: true }))).toBe(false);
  });
});
