// Wraps a Retriever to record which chunk ids it returned, so eval can check that every cited chunk was
// actually retrieved for that answer (the pipeline's promise), not only that it exists in the corpus.
import type { Retriever } from "../core/types.js";

export interface RetrievalSpy {
  retriever: Retriever;
  /** Ids returned since the last call, and start a new record. */
  take(): Set<string>;
}

export function spyOnRetriever(inner: Retriever): RetrievalSpy {
  let seen = new Set<string>();
  return {
    retriever: {
      async search(query, k, opts) {
        const hits = await inner.search(query, k, opts);
        for (const h of hits) seen.add(h.chunk.id);
        return hits;
      },
      ...(inner.get && {
        async get(ids: readonly string[]) {
          const chunks = await inner.get!(ids);
          for (const c of chunks) seen.add(c.id);
          return chunks;
        },
      }),
    },
    take() {
      const out = seen;
      seen = new Set();
      return out;
    },
  };
}
