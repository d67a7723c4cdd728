import { describe, expect, it } from "vitest";
import { bigrams, groupQuestions, jaccard, normalizeQuestion, SIMILARITY_THRESHOLD, units } from "./group-questions.js";

const sim = (a: string, b: string) => jaccard(bigrams(normalizeQuestion(a)), bigrams(normalizeQuestion(b)));
const texts = (qs: string[]) => groupQuestions(qs, (q) => q).map((g) => g.items);

describe("normalising and similarity", () => {
  it("drops punctuation, spaces and width differences", () => {
    expect(normalizeQuestion("高新技术企业， 能申请ＡＢＣ吗？！")).toBe("高新技术企业 能申请abc吗");
    expect(sim("个人可以申请吗？", "个人可以申请吗")).toBe(1);
    expect(sim("高新技术企业，能申请吗", "高新技术企业能申请吗")).toBe(1);
    expect(bigrams("贷")).toEqual(new Set(["贷"]));
    expect(bigrams("贷款贷款")).toEqual(new Set(["贷 款", "款 贷"]));
  });

  it("counts a number or a Latin word as one unit", () => {
    expect(units(normalizeQuestion("专题13支持AI吗？Can universities apply"))).toEqual(["专", "题", "13", "支", "持", "ai", "吗", "can", "universities", "apply"]);
    expect(sim("专题3支持什么", "专题13支持什么")).toBeLessThan(SIMILARITY_THRESHOLD);
    expect(sim("Can universities apply?", "can universities apply")).toBe(1);
  });

  it("near-identical Chinese questions are above the threshold, different ones below", () => {
    expect(sim("高新技术企业能申请哪些专题？", "高新技术企业可以申请哪些专题")).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(sim("贷款贴息比例是多少", "贷款贴息的比例是多少？")).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(sim("高新技术企业想贷款", "高新技术企业想引进人才")).toBeLessThan(SIMILARITY_THRESHOLD);
    expect(sim("科技金融计划支持什么", "科技成果转化计划支持什么")).toBeLessThan(SIMILARITY_THRESHOLD);
    expect(sim("申报截止时间是什么时候", "今天天气怎么样")).toBe(0);
  });
});

describe("groupQuestions", () => {
  it("puts near-identical questions together and keeps different ones apart, largest group first", () => {
    const groups = texts([
      "今天天气怎么样",
      "贷款贴息比例是多少",
      "高新技术企业能申请哪些专题？",
      "贷款贴息的比例是多少？",
      "贷款贴息比例是多少",
      "高新技术企业可以申请哪些专题",
      "帮我写一首诗",
      "贷款贴息比例是多少啊",
    ]);
    expect(groups).toEqual([
      ["贷款贴息比例是多少", "贷款贴息的比例是多少？", "贷款贴息比例是多少", "贷款贴息比例是多少啊"],
      ["高新技术企业能申请哪些专题？", "高新技术企业可以申请哪些专题"],
      ["今天天气怎么样"],
      ["帮我写一首诗"],
    ]);
  });

  it("the representative is the most frequent wording; equal groups keep input order", () => {
    const groups = groupQuestions(["个人能申请吗", "科技金融计划支持什么", "科技金融计划支持哪些", "科技金融计划支持哪些", "个人能申请吗"], (q) => q);
    expect(groups.map((g) => [g.representative, g.items.length])).toEqual([
      ["科技金融计划支持哪些", 3],
      ["个人能申请吗", 2],
    ]);
  });

  it("takes objects, keeps repeated ones, and handles empty and punctuation-only text", () => {
    const a = { q: "？？" };
    const b = { q: "" };
    const c = { q: "贷款贴息比例是多少" };
    const groups = groupQuestions([a, c, b, c], (x) => x.q);
    expect(groups.map((g) => g.items)).toEqual([[c, c], [a], [b]]);
    expect(groupQuestions([], (x: string) => x)).toEqual([]);
  });

  it("places every one of the page's cap of rows in exactly one group", () => {
    const qs = Array.from({ length: 5000 }, (_, i) => `第${i % 700}号问题：企业${i % 37}想申请专题${i % 19}的支持吗`);
    const groups = groupQuestions(qs, (q) => q);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(5000);
    expect(new Set(groups.flatMap((g) => g.items)).size).toBe(new Set(qs).size);
  });
});
