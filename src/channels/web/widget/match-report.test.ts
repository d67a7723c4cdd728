import { describe, expect, it } from "vitest";
import type { MatchCitation, MatchResult, Verdict } from "./match-api.js";
import { extraCitations, groupResults, questionsToList, orderResults, programName, summaryText, supplementPrompt, topicTitle } from "./match-report.js";

const cite = (id: string): MatchCitation => ({ id, title: "方案", label: `《方案》 › ${id}`, source: "corpus/plan/plan.md:1-1", quote: `原文${id}` });
const result = (id: number, verdict: Verdict, extra: Partial<MatchResult> = {}): MatchResult => ({
  topic: { id, name: `名称${id}`, nameEn: `Name ${id}`, program: "产业创新专项", programEn: "Industrial Innovation" },
  verdict,
  verdictText: verdict,
  reason: "",
  conditions: [],
  missing: [],
  caveats: [],
  citation: cite(`t${id}`),
  ...extra,
});

describe("orderResults / groupResults", () => {
  it("puts eligible, then uncertain, then ineligible, keeping the server's relevance order inside each", () => {
    const rs = [result(3, "uncertain"), result(9, "eligible"), result(1, "ineligible"), result(14, "eligible"), result(5, "uncertain")];
    expect(orderResults(rs).map((r) => r.topic.id)).toEqual([9, 14, 3, 5, 1]);
    const groups = groupResults(rs, "zh");
    expect(groups.map((g) => [g.verdict, g.heading, g.results.map((r) => r.topic.id)])).toEqual([
      ["eligible", "符合", [9, 14]],
      ["uncertain", "需补充", [3, 5]],
      ["ineligible", "不符合", [1]],
    ]);
  });

  it("leaves out empty groups and names them in English", () => {
    const groups = groupResults([result(2, "ineligible"), result(4, "uncertain")], "en");
    expect(groups.map((g) => g.heading)).toEqual(["Need more information", "Not eligible"]);
  });
});

describe("summaryText", () => {
  it("counts all three verdicts, zeros included", () => {
    expect(summaryText({ eligible: 3, uncertain: 0, ineligible: 16 }, "zh")).toBe("3 符合 · 0 需补充 · 16 不符合");
    expect(summaryText({ eligible: 1, uncertain: 2, ineligible: 3 }, "en")).toBe("1 eligible · 2 need more information · 3 not eligible");
  });
});

describe("titles and prompts", () => {
  it("names the 专题 by number in either language, falling back to the Chinese name", () => {
    expect(topicTitle(result(9, "eligible"), "zh")).toBe("专题9 名称9");
    expect(topicTitle(result(9, "eligible"), "en")).toBe("Topic 9 Name 9");
    const noEn = result(9, "eligible");
    noEn.topic.nameEn = "";
    noEn.topic.programEn = "";
    expect(topicTitle(noEn, "en")).toBe("Topic 9 名称9");
    expect(programName(noEn, "en")).toBe("产业创新专项");
  });

  it("prefills the chat with the 专题 it is about", () => {
    expect(supplementPrompt(result(14, "uncertain"), "zh")).toBe("关于专题14「名称14」：");
    expect(supplementPrompt(result(14, "uncertain"), "en")).toBe("About topic 14 (Name 14): ");
  });
});

describe("extraCitations", () => {
  it("shows a condition's clause only when it is not the 专题's own and not shown already", () => {
    const own = { text: "a", state: "met" as const, why: "", citation: cite("t7") };
    const other = { text: "b", state: "unknown" as const, why: "", citation: cite("c1") };
    const again = { text: "c", state: "not_met" as const, why: "", citation: cite("c1") };
    const none = { text: "d", state: "met" as const, why: "" };
    const extras = extraCitations(result(7, "uncertain", { conditions: [own, other, again, none] }));
    expect([...extras.entries()].map(([c, ct]) => [c.text, ct.id])).toEqual([["b", "c1"]]);
  });
});

describe("questionsToList", () => {
  it("does not repeat the question the reason already asks", () => {
    const r = result(5, "uncertain", { reason: "还需确认：贵单位是否为湖北实验室？", missing: ["贵单位是否为湖北实验室？", "项目是否在武汉实施？"] });
    expect(questionsToList(r)).toEqual(["项目是否在武汉实施？"]);
    expect(questionsToList({ ...r, reason: "方案未作明确规定。" })).toEqual(r.missing);
  });
});
