// Questions the plan leaves to the annual guidelines, over the real corpus plus generated guideline documents
// (src/corpus/testing/guideline-corpus.ts): answered from the guideline in force, quoted and cited with document,
// year and place; an older year only when asked; a passed deadline said to be passed; no guideline → 方案未规定.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeGuidelineCorpus, type GuidelineCorpus } from "../corpus/testing/guideline-corpus.js";
import type { WiredAssistant } from "../wiring.js";
import { numbersIn } from "./grounding.js";
import { realAssistant } from "./testing/real-assistant.js";
import type { AnswerResult } from "./types.js";

let g: GuidelineCorpus;
let assistant: WiredAssistant;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  g = await makeGuidelineCorpus();
  ({ assistant, cleanup } = await realAssistant({ CORPUS_DIR: g.corpusDir }));
}, 60_000);
afterAll(async () => {
  await cleanup?.();
  await g?.cleanup();
});

const ask = (question: string) => assistant.answer({ question });

/** Every number in the answer is in what it cites, and every citation is a chunk of the index. */
function expectGrounded(r: AnswerResult) {
  const sources = r.citations.map((c) => c.quote + c.title).join(" ").replace(/\s+/g, "");
  for (const n of numbersIn(r.answer)) expect(sources).toContain(n);
  const ids = assistant.corpusChunkIds();
  for (const c of r.citations) expect(ids.has(c.id)).toBe(true);
}

describe("guideline facts", () => {
  it("an amount comes from the table row of the guideline in force, cited by document, table and row", async () => {
    const r = await ask("科技贷款贴息最多能补多少钱？");
    expect(r.topics[0]?.id).toBe(14);
    expect(r.answer).toMatch(/^关于专题14「科技金融计划」的\*\*资助金额、比例或上限\*\*，《2025年度科技金融计划申报指南（测试样例）》写明：/);
    expect(r.answer).toContain("按实际支付利息的50%给予贴息，单个企业每年最高88万元");
    expect(r.answer).not.toContain("66万元"); // the 2024 notice is not in force
    expect(r.answer).not.toContain("方案未规定");
    const c = r.citations.find((x) => x.quote.includes("88万元"))!;
    expect(c.label).toBe("《2025年度科技金融计划申报指南（测试样例）》第1页 表1 第1行 › 一、补助标准");
    expect(c.source).toMatch(/corpus\/guidelines\/2025-keji-jinrong\.docx#page=1&table=1&row=1$/);
    expect(c.place).toEqual({ page: 1, table: 1, row: 1 });
    expectGrounded(r);
  });

  it("a deadline that has passed is said to have passed", async () => {
    const r = await ask("科技金融计划什么时候截止申报");
    expect(r.answer).toContain("网上申报时间为2025年3月1日至2025年4月30日");
    expect(r.answer).toContain("**申报已截止**：截止日期2025年4月30日已过。");
    expectGrounded(r);
  });

  it("a deadline still ahead is given as the deadline, from a spreadsheet row with its sidecar's title", async () => {
    const r = await ask("孵化器补贴什么时候截止");
    expect(r.topics[0]?.id).toBe(17);
    expect(r.answer).toContain("截止日期：2099年6月30日。");
    expect(r.answer).not.toContain("已截止");
    expect(r.citations[0].label).toMatch(/^《2099年度众创孵化载体补助申报名单（测试样例）》工作表「补助标准」 第\d行$/);
    expectGrounded(r);
  });

  it("a PDF guideline is cited by its page", async () => {
    const r = await ask("中试熟化项目最多资助多少");
    expect(r.topics[0]?.id).toBe(13);
    expect(r.answer).toContain("按项目实际投入的20%给予资助，单个项目最高55万元");
    expect(r.citations[0].label).toBe("《2099年度科技成果转化项目申报指南（测试样例）》第2页 › 二、支持标准");
    expect(r.citations[0].place).toEqual({ page: 2 });
    expectGrounded(r);
  });

  it("materials and the portal: the passage that states them", async () => {
    const m = await ask("科技金融计划申报要交什么材料");
    expect(m.answer).toContain("申报材料包括：申报书、贷款合同、利息支付凭证、企业信用报告。");
    const p = await ask("科技金融计划在哪个网站申报");
    expect(p.answer).toContain("https://example.invalid/kjjh");
    expect(p.citations[0].label).toBe("《2025年度科技金融计划申报指南（测试样例）》第2页 › 四、申报方式");
  });

  it("an older year's guideline answers only a question about that year, saying it is not the current one", async () => {
    const r = await ask("2024年科技金融计划贴息比例是多少");
    expect(r.answer).toContain("按实际支付利息的40%给予贴息，单个企业每年最高66万元");
    expect(r.answer).toContain("这是2024年度的指南，不是现行指南");
    expect(r.answer).not.toContain("88万元");
    expectGrounded(r);
  });

  it("English: the passage quoted in Chinese under an English lead, cited with page, table and row", async () => {
    const r = await ask("How much is the loan interest subsidy of the S&T Finance Programme?");
    expect(r.answer).toMatch(/^On the \*\*funding amount, ratio or cap\*\* of Topic 14/);
    expect(r.answer).toContain("88万元");
    expect(r.citations[0].label).toBe("《2025年度科技金融计划申报指南（测试样例）》 p. 1, table 1, row 1 › 一、补助标准");
  });

  it("a year that is the asker's own history does not pick a guideline; an English deadline reads as a date", async () => {
    const r = await ask("我们公司2020年成立，科技贷款贴息最多能补多少钱？");
    expect(r.answer).toContain("单个企业每年最高88万元");
    const none = await ask("2023年度科技金融计划贴息比例是多少"); // no 2023 guideline: not the current one's figures
    expect(none.answer).toContain("方案未规定");
    expect(none.answer).not.toMatch(/88万元|也未写明/);
    const en = await ask("When is the application deadline of the S&T Finance Programme?");
    expect(en.answer).toContain("**Applications have closed**: the deadline, 30 April 2025, has passed.");
    expectGrounded(en);
  });

  it("where no guideline says it, the plan's answer stays: 方案未规定", async () => {
    const none = await ask("特区计划每年给多少钱？"); // no guideline for 专题1
    expect(none.answer).toContain("方案未规定");
    expect(none.citations.every((c) => !c.source.includes("guidelines/"))).toBe(true);
    const unsaid = await ask("科技金融计划的联系电话是多少"); // the guideline names no contact
    expect(unsaid.answer).toContain("方案未规定");
  });

  it("a question about what the 专题 supports is still answered from the plan, not replaced by the guideline", async () => {
    const r = await ask("科技金融计划支持什么");
    expect(r.citations[0].label).toMatch(/^《武汉市科技计划体系改革优化方案》/);
  });
});
