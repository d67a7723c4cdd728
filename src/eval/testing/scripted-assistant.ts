// A scripted in-memory Assistant for eval tests: each question maps to a canned result, sessions are real
// (follow-ups see the previous turn), so runner, scoring and reports can be tested without an index.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AnswerInput, AnswerResult, Assistant, Citation, ProgramName, TopicHit, TopicSummary } from "../../core/types.js";
import { noMatch } from "../../core/testing/no-match.js";

export const TOPIC_NAMES: Record<number, [string, ProgramName]> = {
  1: ["特区计划", "自然科学基金"],
  2: ["青年科技人才计划", "自然科学基金"],
  9: ["科技企业培育计划", "产业创新专项"],
  13: ["科技成果转化项目", "科技成果转化专项"],
  14: ["科技金融计划", "科技成果转化专项"],
};

export const topicHit = (id: number, score = 0.9): TopicHit => ({
  id,
  name: TOPIC_NAMES[id]?.[0] ?? `专题${id}`,
  program: TOPIC_NAMES[id]?.[1] ?? "创新生态专项",
  score,
});

/** A tiny corpus on disk (in a temp dir) that `citation14` points into, for citation checks. */
export function writeFixtureRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "eval-root-"));
  fs.mkdirSync(path.join(root, "corpus", "topics"), { recursive: true });
  fs.writeFileSync(
    path.join(root, "corpus", "topics", "14.md"),
    "# 专题14：科技金融计划\n\n> 专题14:科技金融计划。支持科技型中小企业科技信贷融资,\n> 对企业科技贷款利息及保费给予补助。\n",
  );
  return root;
}

/** A valid citation of the fixture corpus written by writeFixtureRoot. */
export const citation14 = (): Citation => ({
  id: "topic-14#3",
  title: "专题14：科技金融计划 · 原文依据", label: "专题14：科技金融计划 · 原文依据",
  source: "corpus/topics/14.md:3-4",
  quote: "支持科技型中小企业科技信贷融资,对企业科技贷款利息及保费给予补助",
});

export interface ScriptedReply {
  answer?: string;
  refused?: boolean;
  topics?: number[];
  citations?: Citation[];
  verdict?: AnswerResult["verdict"];
  followUp?: string;
}

export type Script = (question: string, previous: AnswerResult | undefined) => ScriptedReply | undefined;

export interface ScriptedAssistant extends Assistant {
  calls: AnswerInput[];
  closed: boolean;
}

export function makeScriptedAssistant(script: Script): ScriptedAssistant {
  const last = new Map<string, AnswerResult>();
  let n = 0;
  const topics: TopicSummary[] = Object.entries(TOPIC_NAMES).map(([id, [name, program]]) => ({
    id: Number(id),
    name,
    program,
    programTheme: "",
    summary: "",
  }));
  const a: ScriptedAssistant = {
    ...noMatch,
    calls: [],
    closed: false,
    async answer(input) {
      a.calls.push(input);
      const sessionId = input.sessionId ?? `s${++n}`;
      const prev = last.get(sessionId);
      const r = script(input.question, prev) ?? {};
      const result: AnswerResult = {
        answer: r.answer ?? "方案未规定，以年度申报指南为准。",
        refused: r.refused ?? false,
        topics: (r.topics ?? []).map((id, i) => topicHit(id, 0.9 - i * 0.1)),
        citations: r.citations ?? [],
        ...(r.verdict && { verdict: r.verdict }),
        ...(r.followUp && { followUp: r.followUp }),
        sessionId,
      };
      last.set(sessionId, result);
      return result;
    },
    topics: () => topics,
    indexInfo: () => ({ chunks: 0, builtAt: "", corpusHash: "", embedder: "none", dimensions: 0 }),
    sessions: {
      get: async () => undefined,
      set: async () => {},
      delete: async () => {},
      purge: async () => 0,
    },
    async close() {
      a.closed = true;
    },
  };
  return a;
}
