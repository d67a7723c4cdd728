import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CorpusError, lexiconWarnings, loadCorpus } from "./load-corpus.js";
import { CARD_14, CARD_17, cardSource, makeFixture, type Fixture } from "./testing/fixture-corpus.js";
import { lineOf } from "./testing/lines.js";

const CARD14_FILE = "topics/14-keji-jinrong.md";
const CARD17_FILE = "topics/17-zhongchuang.md";

async function errorsOf(f: Fixture): Promise<string[]> {
  try {
    await loadCorpus(f.corpusDir, f.root);
  } catch (err) {
    expect(err).toBeInstanceOf(CorpusError);
    return (err as CorpusError).toString().split("\n");
  }
  throw new Error("expected a CorpusError");
}

describe("loadCorpus", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await makeFixture();
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it("parses plan meta, cards, sections, questions, quotes, vocabulary and lexicon", async () => {
    const c = await loadCorpus(f.corpusDir, f.root);
    expect(c.plan.meta).toMatchObject({ issuer: "武汉市科学技术局", issued: "2023-11-21", approvedBy: "2023年第11次局长办公会" });
    expect(c.plan.file).toBe("corpus/plan/plan.md");
    expect(c.topics.map((t) => t.id)).toEqual([14, 17]);
    const t14 = c.topics[0];
    expect(t14).toMatchObject({ name: "科技金融计划", program: "科技成果转化专项", programTheme: "以市场为导向", file: `corpus/${CARD14_FILE}` });
    expect(t14.sections.常见问法).toEqual(CARD_14.questions);
    expect(t14.sections.原文依据).toBe(CARD_14.quote);
    expect(t14.sections.支持内容).toBe(CARD_14.body.支持内容);
    expect(t14.requirements[0]).toMatchObject({ facet: "applicant", anyOf: ["科技型中小企业"] });
    expect(c.vocabulary.programs).toHaveLength(6);
    expect(c.lexicon.find((e) => e.term === "科技型中小企业")?.variants).toContain("科小");
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.chunks.length).toBeGreaterThan(10);
  });

  it("hashes content, not read order, and changes when any file changes", async () => {
    const a = (await loadCorpus(f.corpusDir, f.root)).hash;
    expect((await loadCorpus(f.corpusDir, f.root)).hash).toBe(a);
    await f.write("lexicon.yaml", (await f.read("lexicon.yaml")) + "- term: 双创\n  variants: [大众创业]\n");
    expect((await loadCorpus(f.corpusDir, f.root)).hash).not.toBe(a);
  });

  it("reports an unknown vocabulary value at the line of its key, as file:line: message", async () => {
    const src = cardSource({ ...CARD_14, applicants: ["科技型中小企业", "公司"] });
    await f.write(CARD14_FILE, src);
    const lines = await errorsOf(f);
    expect(lines).toContain(`corpus/${CARD14_FILE}:${lineOf(src, "applicants:")}: applicants: unknown value "公司"`);
  });

  it("rejects a 原文依据 quote that is not verbatim in the plan, at the quote's line", async () => {
    const src = cardSource({ ...CARD_14, quote: "专题14:科技金融计划。对所有企业贷款给予全额贴息。" });
    await f.write(CARD14_FILE, src);
    const lines = await errorsOf(f);
    expect(lines).toEqual([
      `corpus/${CARD14_FILE}:${lineOf(src, "> 专题14")}: 原文依据: not found verbatim in the plan: "专题14:科技金融计划。对所有企业贷款给予全额贴息。"`,
    ]);
  });

  it("accepts full-width punctuation, line breaks and … in a quote (layout only)", async () => {
    const quote = "专题14：科技金融计划。支持科技型中小企业科技信贷融资，\n> 对企业科技贷款利息及保费给予补助……支持科技金融工作站";
    await f.write(CARD14_FILE, cardSource({ ...CARD_14, quote }));
    const c = await loadCorpus(f.corpusDir, f.root);
    expect(c.topics[0].sections.原文依据).toContain("对企业科技贷款利息及保费给予补助");
  });

  it("rejects a requirement quote the plan does not contain", async () => {
    const src = cardSource({ ...CARD_14, reqQuote: "科技型中小企业可获500万元贴息" });
    await f.write(CARD14_FILE, src);
    const lines = await errorsOf(f);
    expect(lines).toEqual([
      `corpus/${CARD14_FILE}:${lineOf(src, "    quote:")}: requirements[0].quote: not found verbatim in the plan: "科技型中小企业可获500万元贴息"`,
    ]);
  });

  it("reports schema errors (missing key, wrong type, unknown key) with their lines", async () => {
    let src = cardSource(CARD_14).replace(/^summary: .*\n/m, "").replace("id: 14", "id: fourteen");
    src = src.replace("aliases:", "alias: [x]\naliases:");
    await f.write(CARD14_FILE, src);
    const lines = await errorsOf(f);
    expect(lines).toContain(`corpus/${CARD14_FILE}:${lineOf(src, "id: fourteen")}: id: Expected number, received string`);
    expect(lines).toContain(`corpus/${CARD14_FILE}:${lineOf(src, "alias: [x]")}: alias: unknown key`);
    expect(lines.some((l) => l.endsWith("summary: Required"))).toBe(true);
  });

  it("checks program/programTheme against the vocabulary and the plan", async () => {
    const src = cardSource({ ...CARD_14, programTheme: "以用为导向" });
    await f.write(CARD14_FILE, src);
    expect(await errorsOf(f)).toEqual([
      `corpus/${CARD14_FILE}:${lineOf(src, "programTheme:")}: programTheme: "以用为导向" does not match 科技成果转化专项's theme "以市场为导向"`,
    ]);
    const src2 = cardSource({ ...CARD_14, program: "创新生态专项", programTheme: "以支撑为基础" });
    await f.write(CARD14_FILE, src2);
    expect(await errorsOf(f)).toEqual([
      `corpus/${CARD14_FILE}:${lineOf(src2, "id: 14")}: program: "创新生态专项" but the plan puts 专题14 under 科技成果转化专项`,
    ]);
  });

  it("requires all six sections and at least 12 常见问法", async () => {
    const src = cardSource({ ...CARD_14, questions: CARD_14.questions.slice(0, 5) }).replace(/## 支持方式\n[^\n]*\n/, "");
    await f.write(CARD14_FILE, src);
    const lines = await errorsOf(f);
    expect(lines).toContain(`corpus/${CARD14_FILE}:${lineOf(src, "## 常见问法")}: 常见问法: needs at least 12 bullet questions, found 5`);
    expect(lines).toContain(`corpus/${CARD14_FILE}:17: missing section "## 支持方式"`);
  });

  it("rejects a number on a card that the plan does not state (its 常见问法 may hold any)", async () => {
    const src = cardSource({
      ...CARD_17,
      body: { ...CARD_17.body, 支持方式: `${CARD_17.body.支持方式}最高补助100万元。` },
      questions: [...CARD_17.questions.slice(1), "我们孵化了30家企业，能拿多少？"],
    });
    await f.write(CARD17_FILE, src);
    const lines = await errorsOf(f);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^corpus/${CARD17_FILE}:${lineOf(src, "最高补助100万元")}: 支持方式：数字“100”在方案原文和申报指南中都找不到`));
  });

  it("rejects an unknown section heading", async () => {
    const src = cardSource(CARD_14).replace("## 支持对象", "## 支持对像");
    await f.write(CARD14_FILE, src);
    expect(await errorsOf(f)).toEqual([
      `corpus/${CARD14_FILE}:17: missing section "## 支持对象"`,
      `corpus/${CARD14_FILE}:${lineOf(src, "## 支持对像")}: unknown section "支持对像" (expected 支持对象 / 支持内容 / 支持方式 / 不适用或易混淆 / 常见问法 / 原文依据)`,
    ]);
  });

  it("rejects duplicate ids, a card for a 专题 the plan lacks, and a missing card", async () => {
    await f.write("topics/99-copy.md", cardSource({ ...CARD_17 }).replace("id: 17", "id: 99"));
    await f.write("topics/17-dup.md", cardSource(CARD_17));
    const lines = await errorsOf(f);
    expect(lines).toContain(`corpus/topics/17-zhongchuang.md:2: id: 17 is already used by corpus/topics/17-dup.md`);
    expect(lines).toContain(`corpus/topics/99-copy.md:2: id: the plan has no 专题99`);

    const g = await makeFixture([CARD_14]);
    try {
      const planSrc = await g.read("plan/plan.md");
      expect(await errorsOf(g)).toEqual([
        `corpus/plan/plan.md:${lineOf(planSrc, "#### 专题17")}: 专题17 众创孵化载体 has no topic card in topics/`,
      ]);
    } finally {
      await g.cleanup();
    }
  });

  it("rejects an id that does not match the file name and a name that differs from the plan", async () => {
    await f.write(CARD17_FILE, cardSource({ ...CARD_17, name: "孵化器计划" }));
    await f.write("topics/15-wrong.md", cardSource(CARD_14));
    const lines = await errorsOf(f);
    expect(lines).toContain(`corpus/topics/15-wrong.md:2: id: 14 does not match the file name prefix "15-"`);
    expect(lines).toContain(`corpus/${CARD17_FILE}:2: name: "孵化器计划" but the plan calls 专题17 "众创孵化载体"`);
  });

  it("reports YAML syntax errors and vocabulary/lexicon mistakes with lines", async () => {
    await f.write("lexicon.yaml", "- term: 高企\n  variants: [高新]\n- term: 科小\n  variant: [y]\n");
    await f.write(CARD17_FILE, cardSource(CARD_17).replace("summary:", "summary: [unclosed\nx:"));
    const lines = await errorsOf(f);
    expect(lines).toContain(`corpus/lexicon.yaml:4: [1].variant: unknown key`);
    expect(lines.some((l) => /^corpus\/topics\/17-zhongchuang\.md:\d+: YAML: /.test(l))).toBe(true);

    await f.write(CARD17_FILE, cardSource(CARD_17));
    await f.write("lexicon.yaml", "- term: 高企\n  variants: [高新企业]\n- term: 高企\n  variants: [x]\n");
    expect(await errorsOf(f)).toEqual([`corpus/lexicon.yaml:3: term "高企" is listed twice (also entry 1)`]);
  });

  it("checks the 我的单位 choices: known applicant and stage, a known region grouping, at their lines", async () => {
    const vocab = (await f.read("vocabulary.yaml"))
      .replace("{ label: 高校, en: University, applicant: 高校 }", "{ label: 高校, en: University, applicant: 大学 }")
      .replace("stage: 有科技贷款 }", "stage: 有贷款 }")
      .replace("groupings: [武汉都市圈] }", "groupings: [武汉城市圈] }");
    await f.write("vocabulary.yaml", vocab);
    const lines = await errorsOf(f);
    const lineOf = (needle: string) => vocab.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(lines).toContain(`corpus/vocabulary.yaml:${lineOf("applicant: 大学")}: profileForm.unitTypes[2] "高校": applicant "大学" is not in applicants:`);
    expect(lines).toContain(`corpus/vocabulary.yaml:${lineOf("stage: 有贷款")}: profileForm.statuses[6] "有科技贷款": stage "有贷款" has no entry in stageDefinitions:`);
    expect(lines.some((l) => l.includes(`:${lineOf("武汉城市圈")}:`) && l.includes('grouping "武汉城市圈" is not in regions.yaml'))).toBe(true);
  });

  it("lexicon lint: a Chinese variant of two characters or fewer must be marked as an abbreviation", async () => {
    await f.write("lexicon.yaml", "- term: 科技企业孵化器\n  variants: [孵化器,\n    孵化]\n- term: 科技型中小企业\n  variants: [科技中小企业]\n  abbreviations: [科小]\n");
    const lines = await errorsOf(f);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^corpus\/lexicon\.yaml:3: 科技企业孵化器: variant "孵化" has 2 character\(s\).*list it under abbreviations:/);
  });

  it("lexicon lint: a variant found in the text of several 专题, more than its term, is a warning, not an error", async () => {
    // 择优 occurs in 专题17's clause only in the fixture; 补助 in both 专题' text: with two 专题 nothing is "several".
    await f.write("lexicon.yaml", "- term: 众创孵化载体\n  variants: [择优给予补助]\n");
    const corpus = await loadCorpus(f.corpusDir, f.root);
    expect(corpus.warnings.filter((w) => w.file.endsWith("lexicon.yaml"))).toEqual([]);
    const few = lexiconWarnings(
      [{ term: "孵化载体", variants: ["补助"], lines: { 补助: 7 } }],
      [14, 17, 19].map((topicId, i) => ({ id: `c${i}`, docId: `t${topicId}`, kind: "card" as const, topicId, headingPath: [], text: "给予补助", file: "x", lineStart: 1, lineEnd: 1 })),
      "corpus/lexicon.yaml",
    );
    expect(few).toEqual([{ file: "corpus/lexicon.yaml", line: 7, message: expect.stringMatching(/孵化载体: variant "补助" occurs in the text of 专题14、17、19/) }]);
  });

  it("CorpusError lists every error, sorted by file and line", async () => {
    await f.write(CARD14_FILE, cardSource({ ...CARD_14, supportModes: ["无息贷款"], applicants: ["公司"] }));
    try {
      await loadCorpus(f.corpusDir, f.root);
      expect.unreachable();
    } catch (err) {
      const e = err as CorpusError;
      expect(e.errors.map((x) => x.line)).toEqual([6, 7, 12]);
      expect(e.message).toMatch(/^corpus has 3 errors:\n/);
    }
  });
});
