import { describe, expect, it } from "vitest";
import { collapseSourceWhitespace, joinLines, normalizeLine, normalizeText } from "./normalize-text.js";

describe("normalizeLine", () => {
  it("drops spaces between Chinese characters and next to Chinese punctuation", () => {
    expect(normalizeLine("　　申 报　指南 ，最高 补助")).toBe("申报指南，最高补助");
    expect(normalizeLine("印发 “十四五” 规划")).toBe("印发“十四五”规划");
  });

  it("keeps spaces between words and between Chinese and Latin or digits, collapsed to one", () => {
    expect(normalizeLine("AI  model\t2099 年")).toBe("AI model 2099 年");
    expect(normalizeLine("the “plan” is")).toBe("the “plan” is");
  });

  it("drops zero-width characters and leaves everything else verbatim", () => {
    expect(normalizeLine("最高\u200b补助８８万元（含）；")).toBe("最高补助８８万元（含）；");
  });
});

describe("normalizeText", () => {
  it("keeps line breaks between lines and drops empty lines", () => {
    expect(normalizeText(" 第一行 \r\n\r\n 第 二 行\n")).toBe("第一行\n第二行");
  });
});

describe("collapseSourceWhitespace", () => {
  it("makes every run of source whitespace, line breaks included, one space", () => {
    expect(collapseSourceWhitespace("武汉市\n      科技局\u00a0 通知")).toBe("武汉市 科技局 通知");
  });
});

describe("joinLines", () => {
  it("joins Chinese line ends directly and other words with a space", () => {
    expect(joinLines("2099年度示例\n专项申报指南")).toBe("2099年度示例专项申报指南");
    expect(joinLines("Annual\nguideline")).toBe("Annual guideline");
  });
});
