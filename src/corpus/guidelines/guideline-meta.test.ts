import { describe, expect, it } from "vitest";
import { findDates, isDeadline, zhDate } from "./find-dates.js";
import { detectFields, detectTopics, settleInForce } from "./guideline-meta.js";
import type { GuidelineBlock, ParsedGuideline } from "./parse/types.js";

const TOPICS = [
  { id: 14, name: "科技金融计划" },
  { id: 17, name: "众创孵化载体" },
];
const text = (t: string): GuidelineBlock => ({ kind: "text", text: t });

describe("findDates", () => {
  it("reads the ways Chinese documents write dates, and only real ones", () => {
    expect(findDates("2025年4月30日前、2025-05-06、2025.6.1、2025/7/2").map((d) => d.iso)).toEqual(["2025-04-30", "2025-05-06", "2025-06-01", "2025-07-02"]);
    expect(findDates("二〇二五年三月十一日").map((d) => d.iso)).toEqual(["2025-03-11"]);
    expect(findDates("2025年2月30日")).toEqual([]);
    expect(zhDate("2025-04-30")).toBe("2025年4月30日");
  });

  it("a deadline: 前/止 after it, 截止 before it, or the end of a range", () => {
    const deadlines = (t: string) => {
      const ds = findDates(t);
      return ds.filter((d) => isDeadline(t, d, ds)).map((d) => d.iso);
    };
    expect(deadlines("请于2025年4月30日17:00前提交")).toEqual(["2025-04-30"]);
    expect(deadlines("截止日期为2025年4月30日")).toEqual(["2025-04-30"]);
    expect(deadlines("申报时间为2025年3月1日至2025年4月30日")).toEqual(["2025-04-30"]);
    // The end of a range may leave its year to the start, into the next year across December.
    expect(deadlines("网上申报时间为2025年3月1日至4月30日")).toEqual(["2025-04-30"]);
    expect(deadlines("申报时间2025年12月1日至1月15日")).toEqual(["2026-01-15"]);
    // A project period is not a deadline.
    expect(deadlines("项目实施期为2025年1月1日至2027年12月31日")).toEqual([]);
    expect(deadlines("2025年2月10日印发")).toEqual([]);
  });
});

describe("detectFields", () => {
  it("title, year, issuer, publication date, deadlines and 专题 from the document itself", () => {
    const parsed: ParsedGuideline = {
      format: "docx",
      title: "武汉市科学技术局关于组织申报2025年度科技金融计划的通知",
      blocks: [text("各有关单位："), text("网上申报截止时间为2025年4月30日。"), text("武汉市科学技术局"), text("2025年2月10日")],
    };
    expect(detectFields(parsed, "x", TOPICS)).toEqual({
      title: "武汉市科学技术局关于组织申报2025年度科技金融计划的通知",
      issuer: "武汉市科学技术局",
      year: 2025,
      published: "2025-02-10",
      deadlines: [{ date: "2025-04-30", what: "网上申报截止时间为2025年4月30日" }],
      topicIds: [14],
    });
  });

  it("专题 named in the title win; else every 专题 the text names, most named first", () => {
    expect(detectTopics("2025年度众创孵化载体补助", [text("专题14")], TOPICS)).toEqual([17]);
    expect(detectTopics("2025年度申报指南", [text("专题14科技金融计划；众创孵化载体；众创孵化载体；众创孵化载体")], TOPICS)).toEqual([17, 14]);
    expect(detectTopics("通知", [text("无关内容")], TOPICS)).toEqual([]);
  });
});

describe("settleInForce", () => {
  const doc = (docId: string, year: number | undefined, inForce?: boolean) => ({
    docId, file: docId, format: "docx", title: docId, year, deadlines: [], topicIds: [14], detected: [] as never[], ...(inForce !== undefined && { inForce }),
  });
  it("the newest year of a 专题 is in force unless a sidecar says otherwise", () => {
    const out = settleInForce([doc("a", 2024), doc("b", 2025), doc("c", 2026, false)]);
    expect(out.map((d) => [d.docId, d.inForce])).toEqual([["a", false], ["b", true], ["c", false]]);
    expect(out[0].detected).toContain("inForce");
    expect(out[2].detected).not.toContain("inForce");
  });
});
