import { describe, expect, it } from "vitest";
import { splitQuestions } from "./split-questions.js";

describe("splitQuestions", () => {
  it("answers each question of a message, with its context", () => {
    expect(splitQuestions("这个方案是谁发的？什么时候开始执行？")).toEqual(["这个方案是谁发的", "什么时候开始执行"]);
    expect(splitQuestions("方案哪天发的 哪个会通过的 一共几个专题")).toEqual(["方案哪天发的", "哪个会通过的", "一共几个专题"]);
  });

  it("keeps one question whole: statements and tag questions belong to it", () => {
    expect(splitQuestions("我们是高校，想申请特区计划，可以吗")).toEqual(["我们是高校，想申请特区计划，可以吗"]);
    expect(splitQuestions("想申请科技贷款贴息")).toEqual(["想申请科技贷款贴息"]);
  });

  it("a question pointing back stays with the one before", () => {
    expect(splitQuestions("多少专项和多少问题，和什么是他们？")).toHaveLength(1);
  });
});
