import { beforeAll, describe, expect, it } from "vitest";
import { realKnowledge, type RealKnowledge } from "../testing/real-knowledge.js";
import { readEnglish, wordForms } from "./english-reading.js";

let k: RealKnowledge;
beforeAll(async () => {
  k = await realKnowledge();
});
const read = (q: string) => readEnglish(q, k.knowledge.english, k.knowledge.englishKeep);

describe("readEnglish", () => {
  it("function words through the grammar table, content words through the dictionary", () => {
    const r = read("We are not yet a high-tech enterprise. Can we apply?");
    expect(r).toContain("我们是");
    expect(r).toContain("还没");
    expect(r).toContain("高新技术企业");
    expect(r).toContain("能");
    expect(r).toContain("申请");
  });

  it("plan terms through the staff glossary; everyday words through CC-CEDICT", () => {
    expect(read("How does Wuhan support Belt and Road joint laboratories?")).toMatch(/一带一路.*实验室/);
    expect(read("We want to build a pilot-scale platform")).toContain("中试平台");
    expect(read("our hospital wants a clinical medical center")).toContain("临床医学中心");
  });

  it("a fixed phrase reads the same with other articles or hyphens, and S&T spelled out is S&T", () => {
    expect(read("support for first-of-a-kind equipment")).toContain("首台套装备");
    expect(read("support for first of its kind equipment")).toContain("首台套装备");
    expect(read("the Science & Technology Finance Programme")).toContain("科技金融计划");
    expect(read("the science and technology finance programme")).toContain("科技金融计划");
  });

  it("the corpus's own English cues read as their entry's Chinese name", () => {
    expect(read("we are a tech SME")).toContain("科技型中小企业");
    expect(read("a US-owned company")).toContain("外资");
  });

  it("keeps names it does not know, and spells place names for the gazetteer", () => {
    const r = read("registered in Xiaogan, working with NSFC");
    expect(r).toContain("注册在xiaogan");
    expect(r).toContain("nsfc");
  });

  it("tries American spellings and base forms", () => {
    expect(wordForms("centre")).toEqual(["center", "centre"]);
    expect(wordForms("laboratories")).toContain("laboratory");
    expect(wordForms("commercialised")).toContain("commercialized");
  });
});
