import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT_DIR } from "../config.js";
import { IssueList } from "./corpus-error.js";
import { parsePlanEnglish, planUnits, renderEnglish } from "./load-plan-en.js";

const PLAN = "# 方案\n\n## 专题1:特区计划\n\n专题1:特区计划。给予3-5年持续稳定支持。\n";

const parse = (yaml: string) => {
  const issues = new IssueList();
  const en = parsePlanEnglish(yaml, "corpus/plan/plan.en.yaml", PLAN, issues);
  let errors: string[] = [];
  try {
    issues.throwIfAny();
  } catch (e) {
    errors = (e as { errors: { line: number; message: string }[] }).errors.map((i) => `${i.line}: ${i.message}`);
  }
  return { en, errors };
};

describe("plan.en.yaml", () => {
  it("splits the plan into headings and sentences at 。", () => {
    const u = planUnits(PLAN);
    expect([...u.headings]).toEqual(["方案", "专题1:特区计划"]);
    expect([...u.sentences]).toEqual(["专题1:特区计划。", "给予3-5年持续稳定支持。"]);
  });

  it("accepts renderings of plan sentences and renders a clause made of them", () => {
    const { en, errors } = parse('sentences:\n  - zh: "专题1:特区计划。"\n    en: "Topic 1: Special Zone Programme."\n  - zh: "给予3-5年持续稳定支持。"\n    en: "Support for 3-5 years."\n');
    expect(errors).toEqual([]);
    // Cards write full-width punctuation; the lookup is by the normalised text.
    expect(renderEnglish("专题1：特区计划。给予3-5年持续稳定支持。", en)).toBe("Topic 1: Special Zone Programme. Support for 3-5 years.");
    // A requirement quoted from inside a sentence is shown with its whole sentence.
    expect(renderEnglish("3-5年持续稳定支持", en)).toBe("Support for 3-5 years.");
    expect(renderEnglish("没有译文的一句话。", en)).toBeUndefined();
  });

  it("rejects, with file:line, a zh that is not the plan's and a rendering whose numbers differ", () => {
    const { errors } = parse('sentences:\n  - zh: "给予5年支持。"\n    en: "Support for 5 years."\n  - zh: "给予3-5年持续稳定支持。"\n    en: "Support for 3-6 years."\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^2: .*not a sentence of the plan/);
    expect(errors[1]).toMatch(/^5: .*numbers \[3 6\].*\[3 5\]/);
  });

  it("the shipped rendering covers every 专题 clause of the plan", async () => {
    const plan = await readFile(path.join(ROOT_DIR, "corpus/plan/plan.md"), "utf8");
    const yaml = await readFile(path.join(ROOT_DIR, "corpus/plan/plan.en.yaml"), "utf8");
    const issues = new IssueList();
    const en = parsePlanEnglish(yaml, "plan.en.yaml", plan, issues);
    expect(() => issues.throwIfAny()).not.toThrow();
    const clauses = plan.split("\n").filter((l) => /^专题\d+[:：]/.test(l));
    expect(clauses.length).toBeGreaterThan(0);
    for (const c of clauses) expect(renderEnglish(c, en), c.slice(0, 12)).toMatch(/^Topic \d+/);
  });
});
