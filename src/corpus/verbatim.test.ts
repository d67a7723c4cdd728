import { describe, expect, it } from "vitest";
import { isVerbatim, normalizeForQuote } from "./verbatim.js";

const plan = normalizeForQuote("#### 专题1:特区计划\n\n专题1:特区计划。支持重点高校院所开展基础研究特区试点,校地共同出资,给予3-5年持续稳定支持。");

describe("verbatim quotes", () => {
  it("ignores whitespace, heading/quote markers and full-width vs half-width punctuation", () => {
    expect(isVerbatim("专题1：特区计划。支持重点高校院所\n开展基础研究特区试点，校地共同出资", plan)).toBe(true);
    expect(isVerbatim("> 给予3-5年持续稳定支持。", plan)).toBe(true);
  });

  it("rejects a changed word, number or added text", () => {
    expect(isVerbatim("给予3-6年持续稳定支持", plan)).toBe(false);
    expect(isVerbatim("支持所有高校院所开展基础研究", plan)).toBe(false);
    expect(isVerbatim("", plan)).toBe(false);
  });

  it("treats an ellipsis as a gap between fragments that must appear in order", () => {
    expect(isVerbatim("支持重点高校院所……给予3-5年持续稳定支持", plan)).toBe(true);
    expect(isVerbatim("给予3-5年持续稳定支持...支持重点高校院所", plan)).toBe(false);
  });
});
