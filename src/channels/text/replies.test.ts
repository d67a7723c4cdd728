import { describe, expect, it } from "vitest";
import type { TopicSummary } from "../../core/types.js";
import { helpText, hintText, topicListText } from "./replies.js";

const TOPICS: TopicSummary[] = [
  { id: 1, name: "特区计划", program: "自然科学基金", programTheme: "以任务为牵引", summary: "" },
  { id: 2, name: "探索计划", program: "自然科学基金", programTheme: "以任务为牵引", summary: "" },
  { id: 4, name: "战略型平台", program: "创新平台专项", programTheme: "以用为导向", summary: "" },
];

describe("replies", () => {
  it("help counts the 专项 and 专题 it is given, not a fixed number", () => {
    const text = helpText({ inRoom: false, groupPrefix: "政策助手", botName: "x", topics: TOPICS });
    expect(text).toContain("2 个专项、3 个专题");
    expect(text).toContain("全部 3 个专题");
    expect(text).not.toMatch(/19|6 个专项/);
  });

  it("help explains how to ask in a group and lists the commands", () => {
    const text = helpText({ inRoom: true, groupPrefix: "政策助手", botName: "科技计划政策助手", topics: TOPICS });
    expect(text).toContain("@科技计划政策助手");
    expect(text).toContain("「政策助手」");
    for (const c of ["帮助", "专题列表", "重新开始"]) expect(text).toContain(`「${c}」`);
    expect(helpText({ inRoom: false, groupPrefix: "政策助手", botName: "x", topics: TOPICS })).not.toContain("「政策助手」开头");
  });

  it("the 专题 list groups by 专项 in id order", () => {
    const t = (id: number, name: string, program: TopicSummary["program"], theme: string): TopicSummary => ({
      id,
      name,
      program,
      programTheme: theme,
      summary: "",
    });
    const text = topicListText([
      t(2, "探索计划", "自然科学基金", "以任务为牵引"),
      t(4, "战略型平台", "创新平台专项", "以用为导向"),
      t(1, "特区计划", "自然科学基金", "以任务为牵引"),
    ]);
    expect(text).toContain("设 2 个专项、3 个专题");
    expect(text).toContain("自然科学基金（以任务为牵引）：1.特区计划、2.探索计划\n创新平台专项（以用为导向）：4.战略型平台");
  });

  it("hints name the media type", () => {
    expect(hintText("audio")).toContain("语音");
    expect(hintText("image")).toContain("图片");
  });
});
