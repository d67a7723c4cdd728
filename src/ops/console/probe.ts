// A question asked from the console (试问): answered by a given pipeline — the serving one, the one it replaced, or
// one over a draft corpus — with its own in-memory sessions, so nothing is logged and no visitor's conversation or
// the message statistics are touched.
import { InMemorySessionStore } from "../../core/session-memory.js";
import type { AnswerResult } from "../../core/types.js";
import type { WiredAssistant } from "../../wiring.js";
import type { PipelineParts } from "../reindex.js";

/** The longest question the console sends (the public API takes 1000 characters). */
export const PROBE_MAX_CHARS = 500;

type Build = (parts: PipelineParts) => Promise<WiredAssistant>;

const quiet = new WeakMap<WiredAssistant, Promise<WiredAssistant>>();

/** The same corpus and index as `pipeline`, with sessions of its own (built once per pipeline). */
export function quietPipeline(build: Build, pipeline: WiredAssistant): Promise<WiredAssistant> {
  let p = quiet.get(pipeline);
  if (!p) {
    p = build({ corpus: pipeline.corpus, retriever: pipeline.retriever, indexInfo: pipeline.indexInfo(), sessions: new InMemorySessionStore() });
    quiet.set(pipeline, p);
    p.catch(() => quiet.delete(pipeline));
  }
  return p;
}

export interface ProbeResult {
  question: string;
  result?: AnswerResult;
  /** Plain words when the pipeline could not answer. */
  error?: string;
}

export async function probe(build: Build, pipeline: WiredAssistant, question: string): Promise<ProbeResult> {
  const q = question.trim().slice(0, PROBE_MAX_CHARS);
  try {
    const quietOne = await quietPipeline(build, pipeline);
    return { question: q, result: await quietOne.answer({ question: q }, { channel: "eval" }) };
  } catch (err) {
    return { question: q, error: `回答失败：${err instanceof Error ? err.message.slice(0, 200) : String(err)}` };
  }
}
