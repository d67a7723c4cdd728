import { describe, expect, it } from "vitest";
import type { Chunk } from "./types.js";
import { citationLabel, inEnglish } from "./citation-label.js";

const chunk = (headingPath: string[], kind: Chunk["kind"] = "plan"): Chunk => ({ id: "plan#1", docId: "plan", kind, headingPath, text: "", file: "corpus/plan/plan.md", lineStart: 1, lineEnd: 1 });
const planPath = ["武汉市科技计划体系改革优化方案", "二、科技计划体系设置", "(四)科技成果转化专项", "专题14:科技金融计划"];
const planEn = {
  headings: new Map([
    ["武汉市科技计划体系改革优化方案", "Wuhan Plan"],
    ["二、科技计划体系设置", "II. Structure"],
    ["(四)科技成果转化专项", "(iv) Transformation Programme"],
    ["专题14:科技金融计划", "Topic 14: Sci-Tech Finance"],
  ]),
  sentences: new Map([["专题14:科技金融计划。", "Topic 14: Sci-Tech Finance."]]),
};

describe("citation labels", () => {
  it("name the document, the numbers of the sections above and the clause's own heading", () => {
    expect(citationLabel(chunk(planPath))).toBe("《武汉市科技计划体系改革优化方案》 › 二、(四) › 专题14：科技金融计划");
  });

  it("keep unnumbered headings whole", () => {
    expect(citationLabel(chunk(["武汉市科技计划体系改革优化方案", "一、总体思路与基本原则", "(二)基本原则", "坚持应用导向"]))).toBe(
      "《武汉市科技计划体系改革优化方案》 › 一、(二) › 坚持应用导向",
    );
    expect(citationLabel(chunk(["武汉市科技计划体系改革优化方案", "前言"]))).toBe("《武汉市科技计划体系改革优化方案》 › 前言");
  });

  it("in English use the plan's English headings and add the quote's rendering, marked unofficial", () => {
    const c = inEnglish({ id: "plan#1", title: "", label: "", source: "x", quote: "专题14：科技金融计划。" }, chunk(planPath), { planEn });
    expect(c.label).toBe("Wuhan Plan › II. (iv) › Topic 14: Sci-Tech Finance");
    expect(c.translation).toEqual({ text: "Topic 14: Sci-Tech Finance.", note: expect.stringMatching(/Unofficial/) });
  });
});
