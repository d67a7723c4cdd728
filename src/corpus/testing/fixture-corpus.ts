// Small corpora for tests: a two-专题 plan, the real vocabulary, a lexicon and two cards, in a temp dir.
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const FIXTURE_PLAN = `---
title: 武汉市科技计划体系改革优化方案
issuer: 武汉市科学技术局
issued: "2023-11-21"
effective: 自印发之日起
approvedBy: 2023年第11次局长办公会
---

# 武汉市科技计划体系改革优化方案

## 二、科技计划体系设置

设立六大专项,即以市场为导向的科技成果转化专项、以支撑为基础的创新生态专项。

### (四)科技成果转化专项

#### 专题14:科技金融计划

专题14:科技金融计划。支持科技型中小企业科技信贷融资,对企业科技贷款利息及保费给予补助,对企业逾期的科技贷款提供有限风险补偿。支持科技金融工作站等科技金融服务新模式、新机制。

### (六)创新生态专项

#### 专题17:众创孵化载体

专题17:众创孵化载体。支持科技企业孵化器、众创空间、星创天地等众创孵化载体建设,择优给予补助。对市级示范创新创业特色街区(小镇)、创新园区(楼宇)择优给予补助。

## 生效时间

本方案自印发之日起生效。
`;

/** A scope with one neighbouring domain and no national-level items (the fixture plan has only 专题14 and 17). */
export const FIXTURE_SCOPE = `domains:
  - id: tax
    name: 税收优惠
    handler: 税务部门
    cues: [所得税, 加计扣除, tax]
levels:
  national: { name: 国家层面的科技计划和奖励, handler: 国家有关部门, words: [国家, national] }
  provincial: { name: 湖北省的科技计划和奖励, handler: 湖北省科学技术厅等省级部门, words: [湖北省, 省级] }
  programmeWords: [自然科学基金, 重点研发计划, 项目, 计划, 基金, 奖]
planSigns: [科技, 企业, 孵化, 贷款, 补助, 政策, 申请, 支持]
`;

export const FIXTURE_LEXICON = `- term: 科技型中小企业
  variants: [科技型中小, tech SME, SME]
  abbreviations: [科小]
- term: 贷款利息补助
  variants: [利息补贴, loan interest subsidy]
  abbreviations: [贴息]
- term: 科技企业孵化器
  variants: [孵化器, incubator]
`;

export interface CardSpec {
  id: number;
  name: string;
  program: string;
  programTheme: string;
  applicants: string[];
  supportModes: string[];
  aliases: string[];
  summary: string;
  quote: string;
  reqQuote: string;
  questions: string[];
  body: Record<"支持对象" | "支持内容" | "支持方式" | "不适用或易混淆", string>;
}

export const CARD_14: CardSpec = {
  id: 14,
  name: "科技金融计划",
  program: "科技成果转化专项",
  programTheme: "以市场为导向",
  applicants: ["科技型中小企业"],
  supportModes: ["贴息/保费补助", "风险补偿"],
  aliases: ["科技金融", "科技贷款贴息"],
  summary: "支持科技型中小企业科技信贷融资，对科技贷款利息及保费给予补助。",
  quote:
    "专题14:科技金融计划。支持科技型中小企业科技信贷融资,对企业科技贷款利息及保费给予补助,对企业逾期的科技贷款提供有限风险补偿。支持科技金融工作站等科技金融服务新模式、新机制。",
  reqQuote: "支持科技型中小企业科技信贷融资",
  questions: [
    "科技贷款能贴息吗？",
    "我们是科小，银行贷了500万，利息能补吗？",
    "科技型中小企业贷款有没有补贴",
    "贷款担保费能报销一部分吗",
    "企业贷款逾期了，政府有风险补偿吗",
    "融资难，市里有什么支持科技企业贷款的政策",
    "科技金融工作站是什么",
    "银行说有个科技贷，贴息政策在哪里看",
    "公司缺钱，想申请低息贷款",
    "做科技金融服务的机构能申请什么",
    "Is there any loan interest subsidy for tech SMEs?",
    "知识产权质押贷款利息补吗",
  ],
  body: {
    支持对象: "科技型中小企业；科技金融工作站等科技金融服务新模式。",
    支持内容: "- 支持科技型中小企业科技信贷融资。\n- 对企业科技贷款利息及保费给予补助。\n- 对企业逾期的科技贷款提供有限风险补偿。",
    支持方式: "贷款利息及保费补助、有限风险补偿。补助比例、额度：方案未规定，以年度申报指南为准。",
    不适用或易混淆: "- 想要无偿的研发项目经费：看 专题7 重点研发计划。",
  },
};

export const CARD_17: CardSpec = {
  id: 17,
  name: "众创孵化载体",
  program: "创新生态专项",
  programTheme: "以支撑为基础",
  applicants: ["孵化载体", "区/园区"],
  supportModes: ["择优补助"],
  aliases: ["孵化器", "众创空间", "星创天地"],
  summary: "支持科技企业孵化器、众创空间、星创天地等众创孵化载体建设，择优给予补助。",
  quote:
    "专题17:众创孵化载体。支持科技企业孵化器、众创空间、星创天地等众创孵化载体建设,择优给予补助。",
  reqQuote: "支持科技企业孵化器、众创空间、星创天地等众创孵化载体建设",
  questions: [
    "孵化器建设有补助吗",
    "众创空间能申请什么",
    "星创天地归哪个专题",
    "我们园区想建创新街区",
    "孵化器运营补贴怎么申请",
    "创新创业特色街区有支持吗",
    "楼宇可以申请创新园区补助吗",
    "做众创空间的有什么政策",
    "incubator subsidy in Wuhan?",
    "科技企业孵化器择优补助",
    "特色小镇能申请吗",
    "我是孵化器经理，有什么扶持",
  ],
  body: {
    支持对象: "科技企业孵化器、众创空间、星创天地等众创孵化载体；市级示范创新创业特色街区（小镇）、创新园区（楼宇）。",
    支持内容: "- 众创孵化载体建设。\n- 示范街区、创新园区。",
    支持方式: "择优给予补助。补助额度：方案未规定，以年度申报指南为准。",
    不适用或易混淆: "- 孵化器里的企业想要贷款贴息：看 专题14 科技金融计划。",
  },
};

export function cardSource(c: CardSpec): string {
  return `---
id: ${c.id}
name: ${c.name}
program: ${c.program}
programTheme: ${c.programTheme}
applicants: [${c.applicants.join(", ")}]
supportModes: [${c.supportModes.join(", ")}]
aliases: [${c.aliases.join(", ")}]
summary: ${c.summary}
requirements:
  - facet: applicant
    anyOf: [${c.applicants[0]}]
    text: ${c.applicants[0]}
    quote: ${c.reqQuote}
    ask: 贵单位是否为${c.applicants[0]}？
---

# 专题${c.id}：${c.name}

## 支持对象
${c.body.支持对象}

## 支持内容
${c.body.支持内容}

## 支持方式
${c.body.支持方式}

## 不适用或易混淆
${c.body.不适用或易混淆}

## 常见问法
${c.questions.map((q) => `- ${q}`).join("\n")}

## 原文依据
> ${c.quote}
`;
}

const REAL = (f: string) => path.resolve(import.meta.dirname, "../../../corpus", f);
const VOCABULARY = REAL("vocabulary.yaml");

export interface Fixture {
  root: string;
  corpusDir: string;
  write(rel: string, content: string): Promise<void>;
  read(rel: string): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * A temp project root holding corpus/ with the fixture plan, the real vocabulary, regions and sectors, a small
 * scope and lexicon, and cards 14 + 17 (no English glossary: it is optional).
 */
export async function makeFixture(cards: CardSpec[] = [CARD_14, CARD_17]): Promise<Fixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), "corpus-fixture-"));
  const corpusDir = path.join(root, "corpus");
  const write = async (rel: string, content: string) => {
    const p = path.join(corpusDir, rel);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, content);
  };
  await write("plan/plan.md", FIXTURE_PLAN);
  await write("vocabulary.yaml", await readFile(VOCABULARY, "utf8"));
  await write("lexicon.yaml", FIXTURE_LEXICON);
  await write("scope.yaml", FIXTURE_SCOPE);
  await write("regions.yaml", await readFile(REAL("regions.yaml"), "utf8"));
  await write("sectors.yaml", await readFile(REAL("sectors.yaml"), "utf8"));
  for (const c of cards) await write(`topics/${c.id}-${c.id === 14 ? "keji-jinrong" : "zhongchuang"}.md`, cardSource(c));
  return {
    root,
    corpusDir,
    write,
    read: (rel) => readFile(path.join(corpusDir, rel), "utf8"),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
