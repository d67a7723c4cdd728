import { describe, expect, it } from "vitest";
import type { AnswerResult } from "../../core/types.js";
import { asQuestion, formatReply, sourceLine, splitSentences, stripMarkdown, topicLine } from "./format-reply.js";

const MARKDOWN_LEFT = /\*\*|__|`|^#{1,6}\s|^>\s|^\s*[-*+]\s|\]\(|^\|/m;

function result(over: Partial<AnswerResult>): AnswerResult {
  return {
    answer: "",
    refused: false,
    topics: [],
    citations: [],
    sessionId: "s1",
    ...over,
  };
}

const finance = { id: 14, name: "科技金融计划", program: "科技成果转化专项" as const, score: 0.9 };
const cite = {
  id: "topic-14#3",
  title: "专题14：科技金融计划 · 原文依据", label: "专题14：科技金融计划 · 原文依据",
  source: "corpus/topics/14-keji-jinrong.md:20-22",
  quote: "支持科技型中小企业科技信贷融资",
};

describe("stripMarkdown", () => {
  it("leaves no Markdown syntax behind", () => {
    const md = [
      "## 结论",
      "",
      "**可以申请**专题14，见[原文](corpus/plan/plan.md#L10)[1]。",
      "",
      "> 对企业科技贷款利息及保费给予补助",
      "",
      "- 支持对象：`科技型中小企业`",
      "* 支持方式：_补助_",
      "",
      "| 专题 | 专项 |",
      "|---|---|",
      "| 科技金融计划 | 科技成果转化专项 |",
      "",
      "---",
      "```",
      "代码块内容",
      "```",
    ].join("\n");
    const plain = stripMarkdown(md);
    expect(plain).not.toMatch(MARKDOWN_LEFT);
    expect(plain).toContain("可以申请专题14，见原文。");
    expect(plain).toContain("・支持对象：科技型中小企业");
    expect(plain).toContain("・支持方式：补助");
    expect(plain).toContain("科技金融计划，科技成果转化专项");
    expect(plain).toContain("代码块内容");
    expect(plain.startsWith("结论")).toBe(true);
  });

  it("keeps ordinary characters such as 3-5年 and 战略+应用型", () => {
    expect(stripMarkdown("给予3-5年持续稳定支持，战略+应用型平台")).toBe("给予3-5年持续稳定支持，战略+应用型平台");
  });
});

describe("splitSentences", () => {
  it("splits after Chinese and Latin end marks, keeping closing quotes", () => {
    expect(splitSentences("第一句。第二句！“第三句？”尾巴")).toEqual(["第一句。", "第二句！", "“第三句？”", "尾巴"]);
  });
});

describe("formatReply", () => {
  it("names the 专题 and adds a compact source line", () => {
    const [msg, ...rest] = formatReply(
      result({ answer: "可以，方案支持科技型中小企业科技信贷融资。", topics: [finance], citations: [cite, cite] }),
    );
    expect(rest).toHaveLength(0);
    expect(msg).toContain("相关专题：专题14「科技金融计划」（科技成果转化专项）");
    expect(msg.split("\n").at(-1)).toBe("依据：《武汉市科技计划体系改革优化方案》专题14：科技金融计划");
  });

  it("does not repeat the 专题 when the answer already names it", () => {
    const [msg] = formatReply(result({ answer: "请关注专题14科技金融计划。", topics: [finance] }));
    expect(msg).not.toContain("相关专题");
  });

  it("replaces the composer's own source lines with the compact one", () => {
    const [msg] = formatReply(
      result({ answer: "可以申请。\n\n依据：corpus/plan/plan.md:120-121 原文……", topics: [finance], citations: [cite] }),
    );
    expect(msg.match(/依据：/g)).toHaveLength(1);
    expect(msg).not.toContain("plan.md");
  });

  it("sends the clarifying question last, as a question, once", () => {
    const [msg] = formatReply(
      result({
        answer: "需要先确认您的情况。\n\n**想确认一下：**您是新获批的高新技术企业吗？",
        followUp: "您是新获批的高新技术企业吗",
        topics: [finance],
      }),
    );
    expect(msg.endsWith("您是新获批的高新技术企业吗？")).toBe(true);
    expect(msg.startsWith("需要先确认您的情况。")).toBe(true);
    expect(msg.match(/新获批的高新技术企业吗/g)).toHaveLength(1);
    expect(asQuestion("请说明企业类型。")).toBe("请说明企业类型？");
  });

  it("keeps the rest of a line that also carried the clarifying question", () => {
    const [msg] = formatReply(
      result({
        answer: "还不能确定您是否符合专题9。贵公司是新获批的高新技术企业吗？\n\n以年度申报指南为准。",
        followUp: "贵公司是新获批的高新技术企业吗？",
      }),
    );
    expect(msg).toBe("还不能确定您是否符合专题9。\n\n以年度申报指南为准。\n\n贵公司是新获批的高新技术企业吗？");
  });

  it("shortens heading-path citation titles and drops the composer's verbatim quote line", () => {
    const [msg] = formatReply(
      result({
        answer: "**推荐专题：专题14「科技金融计划」**\n\n> 原文依据：专题14:科技金融计划。支持科技型中小企业科技信贷融资。\n\n以年度申报指南为准。",
        topics: [finance],
        citations: [
          { ...cite, title: "武汉市科技计划体系改革优化方案 › 二、科技计划体系设置 › (四)科技成果转化专项 › 专题14:科技金融计划" },
        ],
      }),
    );
    expect(msg).toBe(
      "推荐专题：专题14「科技金融计划」\n\n以年度申报指南为准。\n\n依据：《武汉市科技计划体系改革优化方案》专题14:科技金融计划",
    );
  });

  it("a refusal gets no 专题 line", () => {
    const [msg] = formatReply(
      result({ answer: "方案未规定，以年度申报指南为准。", refused: true, topics: [finance] }),
    );
    expect(msg).toBe("方案未规定，以年度申报指南为准。");
  });

  it("splits a long answer into two messages at sentence boundaries, tail in the last", () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `这是第${i + 1}句关于科技金融计划的说明内容。`);
    const out = formatReply(
      result({ answer: sentences.join(""), topics: [finance], citations: [cite], followUp: "您的企业在武汉吗？" }),
      { maxChars: 400 },
    );
    expect(out).toHaveLength(2);
    for (const m of out) expect(m.length).toBeLessThanOrEqual(400);
    // Every message ends on a sentence end or on the tail, never mid-sentence.
    expect(out[0]).toMatch(/。$/);
    expect(out[1]).toMatch(/您的企业在武汉吗？$/);
    expect(out[1]).toContain("依据：");
    expect(out[0]).not.toContain("依据：");
    // Nothing lost: all 30 sentences are present across both messages.
    const joined = out.join("");
    for (const s of sentences) expect(joined).toContain(s);
  });

  it("never sends more than two messages; an overlong answer is cut at a sentence with a note", () => {
    const sentences = Array.from({ length: 200 }, (_, i) => `第${i + 1}句说明。`);
    const out = formatReply(result({ answer: sentences.join(""), citations: [cite] }), { maxChars: 300 });
    expect(out).toHaveLength(2);
    for (const m of out) expect(m.length).toBeLessThanOrEqual(300);
    expect(out[1]).toContain("内容较长，已节选");
    expect(out[1]).toMatch(/依据：.*科技金融计划$/);
    expect(out[1]).not.toMatch(/第\d+句说(?!明。)/); // no half sentence
  });

  it("re-breaks a long paragraph into short ones", () => {
    const long = Array.from({ length: 12 }, (_, i) => `第${i + 1}条内容说明较长的文字。`).join("");
    const [msg] = formatReply(result({ answer: long }), { maxChars: 2000, paragraphChars: 60 });
    const paras = msg.split("\n\n");
    expect(paras.length).toBeGreaterThan(2);
    for (const p of paras) expect(p.length).toBeLessThanOrEqual(60);
  });
});

describe("topicLine / sourceLine", () => {
  it("lists at most three 专题 and three sources", () => {
    const topics = [1, 2, 3, 4].map((id) => ({ id, name: `计划${id}`, program: "自然科学基金" as const, score: 0.5 }));
    expect(topicLine("", topics)).toBe(
      "相关专题：专题1「计划1」（自然科学基金）、专题2「计划2」（自然科学基金）、专题3「计划3」（自然科学基金）",
    );
    const citations = [1, 2, 3, 4].map((i) => ({ ...cite, id: `c${i}`, title: `专题${i}：计划${i} · 支持对象` }));
    expect(sourceLine({ citations })).toBe(
      "依据：《武汉市科技计划体系改革优化方案》专题1：计划1；专题2：计划2；专题3：计划3等",
    );
    expect(sourceLine({ citations: [] })).toBeUndefined();
  });
});
