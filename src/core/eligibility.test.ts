import { describe, expect, it } from "vitest";
import { checkEligibility, interpretReply } from "./eligibility.js";
import type { TopicCard } from "./types.js";

const implies = { 科技型中小企业: ["企业"], 高新技术企业: ["企业"] };
const card = (requirements: TopicCard["requirements"], applicants = ["科技型中小企业"]): TopicCard => ({
  id: 14, name: "科技金融计划", program: "科技成果转化专项", programTheme: "以市场为导向", applicants,
  supportModes: [], aliases: [], summary: "", requirements, file: "x.md",
  sections: { 支持对象: "", 支持内容: "", 支持方式: "", 不适用或易混淆: "", 常见问法: [], 原文依据: "" },
});
const applicant = { facet: "applicant" as const, anyOf: ["科技型中小企业"], text: "科技型中小企业", quote: "q", ask: "是科小吗？" };
const loan = { facet: "stage" as const, anyOf: ["有科技贷款"], text: "有科技贷款", quote: "q", ask: "有贷款吗？" };
const none = { applicants: [], stages: [], needs: [] };

describe("checkEligibility", () => {
  it("eligible when every facet is met", () => {
    const r = checkEligibility(card([applicant, loan]), { ...none, applicants: ["科技型中小企业"], stages: ["有科技贷款"] }, implies);
    expect(r.verdict).toBe("eligible");
    expect(r.checks.every((c) => c.state === "met")).toBe(true);
  });

  it("ineligible when an applicant type clearly does not fit", () => {
    const r = checkEligibility(card([applicant, loan]), { ...none, applicants: ["高校"] }, implies);
    expect(r.verdict).toBe("ineligible");
    expect(r.missing).toBeUndefined();
  });

  it("uncertain with the decisive question when a fact is missing", () => {
    const r = checkEligibility(card([applicant, loan]), { ...none, applicants: ["科技型中小企业"] }, implies);
    expect(r.verdict).toBe("uncertain");
    expect(r.missing?.ask).toBe("有贷款吗？");
  });

  it("a broad type (企业) is not ruled out for a narrower clause (科技型中小企业)", () => {
    const r = checkEligibility(card([applicant]), { ...none, applicants: ["企业"] }, implies);
    expect(r.verdict).toBe("uncertain");
  });

  it("requirements of one facet are alternatives", () => {
    const alt = { ...loan, anyOf: ["初创期"], ask: "初创吗？" };
    const r = checkEligibility(card([loan, alt]), { ...none, stages: ["初创期"] }, implies);
    expect(r.verdict).toBe("eligible");
  });

  it("a stated negation makes a stage not met", () => {
    const r = checkEligibility(card([loan]), { ...none, negatedStages: ["有科技贷款"] }, implies);
    expect(r.verdict).toBe("ineligible");
  });
});

describe("interpretReply", () => {
  it.each([["是的", "yes"], ["有", "yes"], ["没有", "no"], ["不是", "no"], ["yes we do", "yes"], ["不清楚", undefined]])(
    "%s → %s",
    (reply, want) => expect(interpretReply(reply)).toBe(want),
  );
});
