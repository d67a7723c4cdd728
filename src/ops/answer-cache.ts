// Answers to the first question of a conversation depend only on the question and the index, so a
// repeated one ("孵化器有什么支持" from many visitors) is served from memory. It respects sessions: only a
// question that opens a conversation is cached or served, and a hit still creates that conversation's
// session exactly as the pipeline would (profile, focus, pending clarification), so follow-ups work.
// Entries are keyed by the index's build, so a reindex drops them all.
import { randomUUID } from "node:crypto";
import type { AnswerResult, Assistant, SessionState } from "../core/types.js";

interface Entry {
  result: Omit<AnswerResult, "sessionId" | "messageId">;
  state: Omit<SessionState, "id">;
  /** How long after the answer the session expires (the pipeline's TTL). */
  ttlMs: number;
}

export interface AnswerCacheStats {
  hits: number;
  misses: number;
  size: number;
}

export interface CachedAssistant extends Assistant {
  cacheStats(): AnswerCacheStats;
}

export function withAnswerCache(inner: Assistant, max: number): CachedAssistant {
  const entries = new Map<string, Entry>();
  let build = "";
  let hits = 0;
  let misses = 0;

  /** The serving index's build; entries of an older one are dropped (a new index answers differently). */
  const currentBuild = () => {
    const info = inner.indexInfo();
    const current = `${info.corpusHash}|${info.builtAt}`;
    if (current !== build) {
      entries.clear();
      build = current;
    }
    return build;
  };

  return {
    topics: () => inner.topics(),
    match: (input) => inner.match(input),
    profileChoices: () => inner.profileChoices(),
    indexInfo: () => inner.indexInfo(),
    sessions: inner.sessions,
    close: () => inner.close(),
    cacheStats: () => ({ hits, misses, size: entries.size }),
    async answer(input, opts) {
      const opens = !input.profile && !opts?.explain && (!input.sessionId || !(await inner.sessions.get(input.sessionId)));
      if (!opens || max <= 0) return inner.answer(input, opts);
      const before = currentBuild();
      const key = input.question.trim();
      const sessionId = input.sessionId ?? randomUUID();
      const hit = entries.get(key);
      if (hit) {
        hits++;
        entries.delete(key); // re-insert: least recently used first in Map order
        entries.set(key, hit);
        const at = Date.now();
        // The store copies what it is given, and the cached result is frozen: no clones needed here.
        await inner.sessions.set({ ...hit.state, id: sessionId, history: hit.state.history.map((t) => ({ ...t, at })), expiresAt: at + hit.ttlMs });
        opts?.onDelta?.(hit.result.answer);
        return { ...hit.result, sessionId };
      }
      misses++;
      const result = await inner.answer({ ...input, sessionId }, opts);
      const state = await inner.sessions.get(result.sessionId);
      // A reindex during the answer: this answer is the old index's and must not be kept under the new one.
      if (state && !opts?.signal?.aborted && currentBuild() === before) {
        const { id: _id, ...rest } = state;
        const { sessionId: _s, messageId: _m, ...cacheable } = result;
        const answeredAt = state.history.at(-1)?.at ?? Date.now();
        entries.set(key, { result: deepFreeze(structuredClone(cacheable)), state: deepFreeze(structuredClone(rest)), ttlMs: state.expiresAt - answeredAt });
        if (entries.size > max) entries.delete(entries.keys().next().value!);
      }
      return result;
    },
  };
}

/** Shared by every hit: frozen, so no caller can change what the next visitor gets. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
