// A scriptable in-memory Assistant for web tests: deterministic answers, real session continuity,
// and hooks to make it slow, fail, or return hostile Markdown.
import { randomUUID } from "node:crypto";
import type { AnswerInput, AnswerOptions, AnswerResult, Assistant, SessionState, TopicSummary } from "../../../core/types.js";
import { noMatch } from "../../../core/testing/no-match.js";

export const FAKE_TOPICS: TopicSummary[] = [
  { id: 1, name: "特区计划", program: "自然科学基金", programTheme: "以任务为牵引", summary: "支持重点高校院所开展基础研究特区试点。" },
  { id: 9, name: "科技企业培育计划", program: "产业创新专项", programTheme: "以企业为主体", summary: "培育初创企业，对新获批高新技术企业给予后补助。" },
  { id: 14, name: "科技金融计划", program: "科技成果转化专项", programTheme: "以市场为导向", summary: "支持科技型中小企业科技信贷融资。" },
];

export interface FakeOptions {
  /** Build the answer text for a question (default: a 专题14 answer). */
  text?: (input: AnswerInput, turn: number) => string;
  /** Split the text into this many deltas (default 3). */
  pieces?: number;
  /** Milliseconds between deltas. */
  delayMs?: number;
  /** Throw this instead of answering. */
  fail?: Error;
  followUp?: string;
}

export interface FakeAssistant extends Assistant {
  calls: { input: AnswerInput; opts?: AnswerOptions }[];
  closed: boolean;
}

export function makeFakeAssistant(options: FakeOptions = {}): FakeAssistant {
  const sessions = new Map<string, SessionState>();
  const calls: FakeAssistant["calls"] = [];
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener("abort", () => {
        clearTimeout(t);
        reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
      });
    });

  const fake: FakeAssistant = {
    ...noMatch,
    calls,
    closed: false,
    async answer(input, opts) {
      calls.push({ input, opts });
      if (options.fail) throw options.fail;
      const existing = input.sessionId ? sessions.get(input.sessionId) : undefined;
      const id = existing?.id ?? input.sessionId ?? randomUUID();
      const state: SessionState = existing ?? { id, history: [], profile: { applicants: [], stages: [], needs: [] }, expiresAt: Date.now() + 3_600_000 };
      const turn = state.history.length + 1;
      const text =
        options.text?.(input, turn) ??
        `第${turn}轮：建议关注**专题14：科技金融计划**（科技成果转化专项）。依据：方案原文“支持科技型中小企业科技信贷融资”。`;
      const n = Math.max(1, options.pieces ?? 3);
      const size = Math.ceil(text.length / n);
      for (let i = 0; i < text.length; i += size) {
        if (options.delayMs) await sleep(options.delayMs, opts?.signal);
        opts?.onDelta?.(text.slice(i, i + size));
      }
      state.history.push({ question: input.question, answer: text, topicIds: [14], at: Date.now() });
      sessions.set(id, state);
      const result: AnswerResult = {
        answer: text,
        refused: false,
        topics: [{ id: 14, name: "科技金融计划", program: "科技成果转化专项", score: 0.82 }],
        citations: [
          {
            id: "topic-14#6",
            title: "专题14：科技金融计划 · 原文依据", label: "专题14：科技金融计划 · 原文依据",
            source: "corpus/topics/14-keji-jinrong.md:58-59",
            quote: "专题14:科技金融计划。支持科技型中小企业科技信贷融资,对企业科技贷款利息及保费给予补助。",
          },
        ],
        verdict: "uncertain",
        ...(options.followUp ? { followUp: options.followUp } : {}),
        sessionId: id,
      };
      return result;
    },
    topics: () => FAKE_TOPICS,
    indexInfo: () => ({ chunks: 42, builtAt: "2026-01-01T00:00:00.000Z", corpusHash: "abc123", embedder: "offline-hash", dimensions: 512 }),
    sessions: {
      get: async (id) => sessions.get(id),
      set: async (s) => void sessions.set(s.id, s),
      delete: async (id) => void sessions.delete(id),
      purge: async () => 0,
    },
    async close() {
      fake.closed = true;
    },
  };
  return fake;
}
