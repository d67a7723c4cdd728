// Wraps an Assistant so that every answer gets a messageId and a row in the message log. A failing
// log write is recorded as degraded storage but never costs the user the answer (it just comes back
// without messageId).
import { randomUUID } from "node:crypto";
import type { Assistant } from "../core/types.js";
import type { MessageLog } from "./message-log.js";
import type { StorageHealth } from "./storage-health.js";

export function withMessageLog(inner: Assistant, log: MessageLog, storage: StorageHealth): Assistant {
  return {
    topics: () => inner.topics(),
    indexInfo: () => inner.indexInfo(),
    sessions: inner.sessions,
    close: () => inner.close(),
    async answer(input, opts) {
      const started = performance.now();
      const result = await inner.answer(input, opts);
      const id = randomUUID();
      try {
        log.record({
          id,
          at: Date.now(),
          channel: opts?.channel ?? "unknown",
          ...(opts?.userHash && { userHash: opts.userHash }),
          question: input.question,
          result,
          latencyMs: performance.now() - started,
        });
      } catch (err) {
        storage.failed("message", err);
        return result;
      }
      storage.succeeded();
      return { ...result, messageId: id };
    },
  };
}
