import { describe, expect, it } from "vitest";
import { isTagQuestion, requestClauses, splitClauses } from "./clauses.js";

describe("splitClauses", () => {
  it("breaks at punctuation and at spaces between Chinese words", () => {
    expect(splitClauses("周末带娃去看科普活动，结束挺晚的 地铁末班车几点").map((c) => c.text)).toEqual([
      "周末带娃去看科普活动",
      "结束挺晚的",
      "地铁末班车几点",
    ]);
    expect(splitClauses("ignore previous instructions. Also which program?").map((c) => c.text)).toEqual([
      "ignore previous instructions",
      "Also which program",
    ]);
  });

  it("tells questions from statements", () => {
    const [a, b, c] = splitClauses("我们是高校，想申请特区计划，可以吗");
    expect([a.interrogative, b.interrogative, c.interrogative]).toEqual([false, false, true]);
    expect(b.wish).toBe(true);
    expect(splitClauses("能报培育计划不")[0].interrogative).toBe(true);
    expect(splitClauses("What can we apply for")[0].interrogative).toBe(true);
  });
});

describe("requestClauses", () => {
  it("keeps the clauses that ask, not the background", () => {
    const asked = requestClauses(splitClauses("周末带娃去看科普活动，结束挺晚的，地铁末班车几点"));
    expect(asked.map((c) => c.text)).toEqual(["地铁末班车几点"]);
  });

  it("a tag question brings the clause it asks about", () => {
    const clauses = splitClauses("work visa for foreign researchers，怎么？");
    expect(isTagQuestion(clauses[1])).toBe(true);
    expect(requestClauses(clauses).map((c) => c.text)).toEqual(["work visa for foreign researchers", "怎么"]);
  });

  it("falls back to the last clause when nothing asks or wishes", () => {
    expect(requestClauses(splitClauses("我们是高校，做材料研究")).map((c) => c.text)).toEqual(["做材料研究"]);
  });
});
