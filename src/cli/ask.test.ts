import { describe, expect, it } from "vitest";
import { formatResult, parseAskArgs } from "./ask.js";

describe("ask CLI", () => {
  it("parses flags and the question", () => {
    expect(parseAskArgs(["--json", "孵化器", "有什么支持"])).toEqual({ json: true, session: undefined, question: "孵化器 有什么支持" });
    expect(parseAskArgs(["--session", "s1", "q"])).toMatchObject({ session: "s1", question: "q" });
    expect(parseAskArgs(["--bogus"])).toHaveProperty("error");
    expect(parseAskArgs(["--session"])).toHaveProperty("error");
  });

  it("prints answer, 专题, verdict, follow-up and sources", () => {
    const text = formatResult({
      answer: "A",
      refused: false,
      topics: [{ id: 14, name: "科技金融计划", program: "科技成果转化专项", score: 0.9 }],
      citations: [{ id: "plan#1", title: "专题14", source: "corpus/plan/plan.md:1-1", quote: "q" }],
      verdict: "uncertain",
      followUp: "有贷款吗？",
      sessionId: "s",
    });
    expect(text).toContain("专题: 14 科技金融计划");
    expect(text).toContain("verdict: uncertain");
    expect(text).toContain("follow-up: 有贷款吗？");
    expect(text).toContain("source: corpus/plan/plan.md:1-1");
  });
});
