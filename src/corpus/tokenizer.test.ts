import { describe, expect, it } from "vitest";
import { makeTokenizer } from "./tokenizer.js";

const lexicon = [
  { term: "科技型中小企业", variants: ["科小", "tech SME", "SME"] },
  { term: "高新技术企业", variants: ["高企", "high-tech enterprise"] },
  { term: "贷款利息补助", variants: ["贴息", "loan interest subsidy"] },
];
const tok = makeTokenizer(lexicon, ["科技金融计划", "应用+服务型平台"]);

describe("tokenizer", () => {
  it("keeps lexicon variants and 专题 names whole", () => {
    expect(tok.cut("我们是科小")).toContain("科小");
    expect(tok.cut("高企能申请吗")).toContain("高企");
    expect(tok.cut("科技金融计划归哪个专项")).toContain("科技金融计划");
    expect(tok.cut("应用+服务型平台")).toContain("应用+服务型平台");
  });

  it("lowercases and drops punctuation and stopwords", () => {
    const t = tok.cut("请问，我们的 Loan 能贴息吗？！");
    expect(t).toEqual(expect.arrayContaining(["loan", "贴息"]));
    for (const w of ["，", "？", "！", "的", "我们", "吗", "请问", " ", "Loan"]) expect(t).not.toContain(w);
  });

  it("expands Chinese variants by substring and English ones by whole word (plural too)", () => {
    expect(tok.expand("我们是科小，贷款能贴息吗")).toEqual(["科技型中小企业", "贷款利息补助"]);
    expect(tok.expand("Any loan interest subsidy for tech SMEs?")).toEqual(["科技型中小企业", "贷款利息补助"]);
    expect(tok.expand("that smells")).toEqual([]);
    expect(tok.expand("我们是高新技术企业")).toEqual(["高新技术企业"]);
  });

  it("terms() adds the tokens of expanded plan terms", () => {
    const t = tok.terms("高企贴息");
    expect(t).toEqual(expect.arrayContaining(["高企", "贴息", "高新技术企业", "企业", "贷款", "利息", "补助"]));
  });

  it("reuses the same tokenizer for the same lexicon", () => {
    expect(makeTokenizer(lexicon, ["科技金融计划", "应用+服务型平台"])).toBe(tok);
  });

  it("is fast enough to run per question (< 0.5 ms for a short one)", () => {
    const q = "我们是科小，科技型中小企业贷款贴息怎么申请？";
    for (let i = 0; i < 200; i++) tok.terms(q);
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) tok.terms(q);
    expect((performance.now() - t0) / n).toBeLessThan(0.5);
  });
});
