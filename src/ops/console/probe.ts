// A question asked from the console (试问): answered by a given pipeline — the serving one, the one it replaced, or
// one over a draft corpus — with its own in-memory sessions, so nothing is logged and no visitor's conversation or
// the message statistics are touched.
import { InMemorySessionStore } from "../../core/session-memory.js";
import type { AnswerResult } from "../../core/types.js";
import type { WiredAssistant } from "../../wiring.js";
import type { PipelineParts } from "../reindex.js";

/** The longest question the console sends (the public API takes 1000 characters). */
export const PROBE_MAX_CHARS = 500;

type BuildOptions = { llm?: boolean };
type Build = (parts: PipelineParts, opts?: BuildOptions) => Promise<WiredAssistant>;

/** Pipelines built by buildQuiet, with whether they may call the LLM. */
const quietOnes = new WeakMap<WiredAssistant, boolean>();
/** Quiet copies of serving (or replaced) pipelines, one per pipeline and LLM setting. */
const copies = { llm: new WeakMap<WiredAssistant, Promise<WiredAssistant>>(), rules: new WeakMap<WiredAssistant, Promise<WiredAssistant>>() };

/** A pipeline over `parts` with in-memory sessions of its own: it writes no message row and no visitor's session. */
export async function buildQuiet(build: Build, parts: Omit<PipelineParts, "sessions">, opts: BuildOptions = {}): Promise<WiredAssistant> {
  const built = await build({ ...parts, sessions: new InMemorySessionStore() }, opts);
  quietOnes.set(built, opts.llm !== false);
  return built;
}

/**
 * The same corpus and index as `pipeline`, quiet (built once per pipeline); a pipeline that is already quiet
 * with the same LLM setting is used as it is. `llm: false` leaves the LLM out (replays that only explain).
 */
export function quietPipeline(build: Build, pipeline: WiredAssistant, opts: BuildOptions = {}): Promise<WiredAssistant> {
  const llm = opts.llm !== false;
  if (quietOnes.get(pipeline) === llm) return Promise.resolve(pipeline);
  const cache = llm ? copies.llm : copies.rules;
  let p = cache.get(pipeline);
  if (!p) {
    p = buildQuiet(build, { corpus: pipeline.corpus, retriever: pipeline.retriever, indexInfo: pipeline.indexInfo() }, opts);
    cache.set(pipeline, p);
    p.catch(() => cache.delete(pipeline)); // a failed build is tried again next time
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
