// How the runner reaches the assistant: in-process through the single wiring (`makeAssistant`) or a running
// server over HTTP. Both speak the same AnswerResult contract, so the scoring cannot tell them apart.
import type { AnswerResult, Assistant } from "../core/types.js";

export interface Asked {
  result: AnswerResult;
  ms: number;
}

export interface AskClient {
  /** Human label for reports: "in-process" or the server URL. */
  readonly target: string;
  /** Ask one question; `ms` is the answer's latency (for HTTP: the successful attempt only, no retry waits). */
  ask(question: string, sessionId?: string): Promise<Asked>;
  /** Corpus chunk ids when the client can see the corpus (in-process), for citation checks. */
  chunkIds?(): ReadonlySet<string> | undefined;
}

/** The wiring may expose its corpus' chunk ids; optional so eval works before/without it. */
type WithChunkIds = Assistant & { corpusChunkIds?: () => ReadonlySet<string> };

export function inProcessClient(assistant: Assistant): AskClient {
  const a = assistant as WithChunkIds;
  return {
    target: "in-process",
    async ask(question, sessionId) {
      const t0 = performance.now();
      const result = await assistant.answer({ question, ...(sessionId && { sessionId }) }, { channel: "eval" });
      return { result, ms: performance.now() - t0 };
    },
    chunkIds: () => (typeof a.corpusChunkIds === "function" ? a.corpusChunkIds() : undefined),
  };
}
