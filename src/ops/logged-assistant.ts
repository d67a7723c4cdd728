// Wraps an Assistant so that every answer gets a time-ordered messageId and a row in the message log.
// The row is written with its batch just after the answer; a failing write is recorded as degraded
// storage (see MessageLog's onFlush) and never costs the user the answer.
import type { Assistant } from "../core/types.js";
import type { MessageLog } from "./message-log.js";
import { timeOrderedId } from "./time-ordered-id.js";

export function withMessageLog(inner: Assistant, log: MessageLog): Assistant {
  return {
    topics: () => inner.topics(),
    match: (input) => inner.match(input),
    profileChoices: () => inner.profileChoices(),
    indexInfo: () => inner.indexInfo(),
    sessions: inner.sessions,
    close: () => inner.close(),
    async answer(input, opts) {
      const started = performance.now();
      const result = await inner.answer(input, opts);
      const id = timeOrderedId();
      log.record({
        id,
        at: Date.now(),
        channel: opts?.channel ?? "unknown",
        ...(opts?.userHash && { userHash: opts.userHash }),
        question: input.question,
        result,
        latencyMs: performance.now() - started,
      });
      return { ...result, messageId: id };
    },
  };
}
