// Every named rule of the two decision tables, with a conversation that makes it fire (through the real pipeline,
// read from `explain`), and a check that no rule is left without one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WiredAssistant } from "../wiring.js";
import type { PartExplanation } from "./answer-pipeline.js";
import { INTENT_RULES, TOPIC_RULES } from "./decide.js";
import { realAssistant } from "./testing/real-assistant.js";

let assistant: WiredAssistant;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ assistant, cleanup } = await realAssistant());
});
afterAll(async () => cleanup());

/** The explanation of the last question of the last turn. */
async function lastPart(turns: string[]): Promise<PartExplanation> {
  let sessionId: string | undefined;
  let parts: PartExplanation[] = [];
  for (const q of turns) {
    const r = await assistant.answer({ question: q, sessionId }, { explain: true });
    sessionId = r.sessionId;
    parts = (r.explanation as { parts: PartExplanation[] }).parts;
  }
  return parts[parts.length - 1];
}

// [turns, topic rule, intent rule]
const SCENARIOS: [string[], string, string][] = [
  [["我们是科技型中小企业，能申请科技金融计划吗？", "有的"], "answers-pending-question", "eligibility"],
  [["专题13是什么", "和专题11里的中试有啥不一样"], "compare-with-focus", "compare-named-topics"],
  [["专题3和专题7有什么区别"], "named-in-question", "compare-named-topics"],
  [["下乡当科技特派员有支持吗", "它归哪个专项"], "pronoun-reference", "topic"],
  [["想问问孵化器补助", "我们的孵化器在鄂州注册的，能申请吗"], "statement-about-focus", "eligibility"],
  [["这个方案依据哪些文件制定的？目标是建设什么？"], "continues-document-part", "continues-document-part"],
  [["企业想把实验室里的样品放大生产，有什么支持"], "own-evidence", "topic"],
  [["特区计划是做什么的", "支持几年？"], "follow-up", "topic"],
  [["特区计划支持谁？支持几年？"], "follow-up", "topic"],
  [["重新开始"], "none", "restart"],
  [["你好"], "none", "greeting"],
  [["武汉英才计划怎么申报"], "own-evidence", "declined-neighbouring-matter"],
  [["高企认定需要满足什么条件，研发费用占比要多少"], "own-evidence", "continues-declined-part"],
  [["专题20是什么？"], "none", "topic-number-not-in-plan"],
  [["科技成果转化专项里面有哪些"], "own-evidence", "programme-named"],
  [["我们是一所高校"], "own-evidence", "self-introduction"],
  [["我们是高校，有哪些专题可以申请"], "own-evidence", "list-for-asker-type"],
  [["19个专题都有哪些"], "own-evidence", "list-topics"],
  [["一共有几个专项"], "own-evidence", "programme-overview"],
  [["这个方案是哪个部门印发的"], "none", "document-fact"],
  [["方案的基本原则是什么"], "own-evidence", "principles"],
  [["特区计划每年给多少钱？"], "named-in-question", "detail-not-in-plan"],
  [["我们是一所高校，能申请科技金融计划吗"], "named-in-question", "eligibility"],
  [["“有所为有所不为”是什么意思"], "none", "definition"],
  [["今天心情不好怎么办"], "none", "nothing-of-the-plan"],
  [["我们想申请一些支持"], "none", "no-topic-found"],
];

describe("decision rules", () => {
  it.each(SCENARIOS)("%j → %s / %s", async (turns, topicRule, intentRule) => {
    const p = await lastPart(turns);
    expect([p.topicRule, p.intentRule]).toEqual([topicRule, intentRule]);
  });

  it("every rule of both tables has a scenario", () => {
    const topicRules = new Set(SCENARIOS.map((s) => s[1]));
    const intentRules = new Set(SCENARIOS.map((s) => s[2]));
    expect(TOPIC_RULES.map((r) => r.name).filter((n) => !topicRules.has(n))).toEqual([]);
    expect(INTENT_RULES.map((r) => r.name).filter((n) => !intentRules.has(n))).toEqual([]);
  });
});
