import { describe, expect, it } from "vitest";
import { comparable, quoteInAnswer, withoutFollowUp } from "./answer-content.js";

const QUOTE = "专题14:科技金融计划。支持科技型中小企业科技信贷融资,对企业科技贷款利息及保费给予补助。";

describe("answer content", () => {
  it("compares text as read: width forms, spaces and Markdown markers do not matter", () => {
    expect(comparable("> **专题14：科技金融计划**。 支持")).toBe("专题14:科技金融计划。支持");
  });

  it("finds a clause the body quotes as a blockquote, in full-width punctuation", () => {
    const answer = `可以。方案原文：\n\n> 专题14：科技金融计划。支持科技型中小企业科技信贷融资，\n> 对企业科技贷款利息及保费给予补助。\n\n金额方案未规定。`;
    expect(quoteInAnswer(answer, QUOTE)).toBe(true);
  });

  it("does not count a partial quote or an empty one as quoted", () => {
    expect(quoteInAnswer("方案支持科技型中小企业科技信贷融资。", QUOTE)).toBe(false);
    expect(quoteInAnswer("任何回答", "  ")).toBe(false);
  });

  it("drops the paragraph that only repeats the clarifying question, lead-in and all", () => {
    const answer = "可能符合专题9。\n\n**想确认一下：**贵单位是否为新获批的高新技术企业？\n\n金额方案未规定。";
    expect(withoutFollowUp(answer, "贵单位是否为新获批的高新技术企业？")).toEqual({
      answer: "可能符合专题9。\n\n金额方案未规定。",
      inBody: false,
    });
  });

  it("keeps a body that weaves the question into a longer paragraph, and says it is there", () => {
    const answer = "专题9 面向新获批高企，如果贵单位是否为新获批的高新技术企业？这一点确定，就可以申报后补助，具体看年度指南。";
    expect(withoutFollowUp(answer, "贵单位是否为新获批的高新技术企业？")).toEqual({ answer, inBody: true });
  });

  it("leaves a body without the question alone", () => {
    expect(withoutFollowUp("可能符合专题9。", "贵单位是否为高企？")).toEqual({ answer: "可能符合专题9。", inBody: false });
  });
});
