import { describe, expect, it } from "vitest";
import { InMemorySessionStore } from "../core/session-memory.js";
import type { AnswerInput, Assistant, IndexInfo } from "../core/types.js";
import { withAnswerCache } from "./answer-cache.js";
import { noMatch } from "../core/testing/no-match.js";

/** A pipeline stand-in: counts calls, remembers the 专题 a conversation is about, answers follow-ups from it. */
function fakePipeline() {
  const sessions = new InMemorySessionStore();
  let info: IndexInfo = { chunks: 1, builtAt: "2026-01-01T00:00:00.000Z", corpusHash: "a", embedder: "e", dimensions: 1 };
  const calls: AnswerInput[] = [];
  const assistant: Assistant = {
    ...noMatch,
    sessions,
    topics: () => [],
    indexInfo: () => info,
    close: async () => undefined,
    async answer(input) {
      calls.push(input);
      const id = input.sessionId!;
      const prev = await sessions.get(id);
      const at = Date.now();
      const focus = prev?.focusTopicId ?? (input.question.includes("孵化器") ? 17 : 14);
      const answer = prev ? `接着专题${focus}回答：${input.question}` : `专题${focus}（第${calls.length}次计算）`;
      await sessions.set({ id, history: [...(prev?.history ?? []), { question: input.question, answer, topicIds: [focus], at }], profile: { applicants: [], stages: [], needs: [] }, focusTopicId: focus, expiresAt: at + 60_000 });
      return { answer, refused: false, topics: [], citations: [], sessionId: id };
    },
  };
  return { assistant, calls, sessions, reindex: () => (info = { ...info, builtAt: "2026-02-02T00:00:00.000Z" }) };
}

describe("answer cache", () => {
  it("serves a repeated opening question from memory and still opens that visitor's own conversation", async () => {
    const p = fakePipeline();
    const cache = withAnswerCache(p.assistant, 100);
    const a = await cache.answer({ question: "孵化器有什么支持", sessionId: "web:a" });
    const deltas: string[] = [];
    const b = await cache.answer({ question: "孵化器有什么支持", sessionId: "web:b" }, { onDelta: (t) => deltas.push(t) });
    expect(p.calls).toHaveLength(1);
    expect(b).toEqual({ ...a, sessionId: "web:b" });
    expect(deltas.join("")).toBe(b.answer);
    expect(cache.cacheStats()).toMatchObject({ hits: 1, misses: 1 });
    // What a hit shares with later hits cannot be changed by its receiver.
    expect(() => (b.citations as unknown[]).push("x")).toThrow();
    // The follow-up in b's conversation knows its 专题: the session was created on the hit.
    expect((await p.sessions.get("web:b"))?.focusTopicId).toBe(17);
    const follow = await cache.answer({ question: "那它归哪个专项？", sessionId: "web:b" });
    expect(follow.answer).toBe("接着专题17回答：那它归哪个专项？");
  });

  it("never answers a question inside a running conversation from the cache", async () => {
    const p = fakePipeline();
    const cache = withAnswerCache(p.assistant, 100);
    await cache.answer({ question: "孵化器有什么支持", sessionId: "web:a" });
    await cache.answer({ question: "科技金融计划支持什么", sessionId: "web:b" });
    await cache.answer({ question: "孵化器有什么支持", sessionId: "web:b" });
    expect(p.calls).toHaveLength(3);
  });

  it("drops every entry when the index changes (reindex)", async () => {
    const p = fakePipeline();
    const cache = withAnswerCache(p.assistant, 100);
    await cache.answer({ question: "孵化器有什么支持", sessionId: "web:a" });
    p.reindex();
    await cache.answer({ question: "孵化器有什么支持", sessionId: "web:b" });
    expect(p.calls).toHaveLength(2);
  });

  it("keeps at most `max` entries and is off at 0", async () => {
    const p = fakePipeline();
    const cache = withAnswerCache(p.assistant, 2);
    for (const q of ["一", "二", "三", "一"]) await cache.answer({ question: `孵化器${q}`, sessionId: `web:${q}${Math.random()}` });
    expect(cache.cacheStats().size).toBe(2);
    expect(p.calls).toHaveLength(4); // "一" was evicted by "三"
    const off = fakePipeline();
    const none = withAnswerCache(off.assistant, 0);
    await none.answer({ question: "孵化器", sessionId: "web:x" });
    await none.answer({ question: "孵化器", sessionId: "web:y" });
    expect(off.calls).toHaveLength(2);
  });
});
