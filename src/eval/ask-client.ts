// How the runner reaches the assistant: in-process through the single wiring (`makeAssistant`) or a running
// server over HTTP. Both speak the same AnswerResult contract, so the scoring cannot tell them apart.
import type { AnswerResult, Assistant } from "../core/types.js";
import type { RetrievalSpy } from "./retrieval-spy.js";

export interface Asked {
  result: AnswerResult;
  ms: number;
  /** Chunk ids the retriever returned while answering, when the client can observe retrieval. */
  retrieved?: Set<string>;
}

export interface AskClient {
  /** Human label for reports: "in-process" or the server URL. */
  readonly target: string;
  /** Ask one question; `ms` is the answer's latency (for HTTP: the successful attempt only, no retry waits). */
  ask(question: string, sessionId?: string): Promise<Asked>;
  /** Corpus chunk ids when the client can see the corpus (in-process), for citation checks. */
  chunkIds?(): ReadonlySet<string> | undefined;
  /** Text of a corpus chunk by id, for citations of parsed documents (guidelines), which have no lines to read. */
  chunkText?(id: string): string | undefined;
}

/** The wiring may expose its corpus' chunk ids; optional so eval works before/without it. */
type WithChunkIds = Assistant & { corpusChunkIds?: () => ReadonlySet<string>; corpusChunkText?: (id: string) => string | undefined };

/** `spy` (optional) watches the retriever this assistant was built with. Calls must not overlap. */
export function inProcessClient(assistant: Assistant, spy?: RetrievalSpy): AskClient {
  const a = assistant as WithChunkIds;
  return {
    target: "in-process",
    async ask(question, sessionId) {
      spy?.take();
      const t0 = performance.now();
      const result = await assistant.answer({ question, ...(sessionId && { sessionId }) }, { channel: "eval" });
      const ms = performance.now() - t0;
      return { result, ms, ...(spy && { retrieved: spy.take() }) };
    },
    chunkIds: () => (typeof a.corpusChunkIds === "function" ? a.corpusChunkIds() : undefined),
    chunkText: (id) => (typeof a.corpusChunkText === "function" ? a.corpusChunkText(id) : undefined),
  };
}
