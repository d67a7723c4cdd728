// Sends every case's turns through an AskClient (one session per case) and records what came back.
// Cases run one after another so latencies are not distorted by each other.
import type { AnswerResult } from "../core/types.js";
import type { AskClient } from "./ask-client.js";
import type { EvalCase } from "./dataset.js";

export interface TurnRun {
  question: string;
  ms: number;
  result?: AnswerResult;
  /** Chunk ids retrieved for this answer, when observable (in-process). */
  retrieved?: Set<string>;
  error?: string;
}

export interface CaseRun {
  case: EvalCase;
  turns: TurnRun[];
  /** The last turn's result, which the labels apply to. */
  result?: AnswerResult;
  error?: string;
}

export type ProgressFn = (done: number, total: number, current: EvalCase) => void;

export async function runCases(client: AskClient, cases: readonly EvalCase[], onProgress?: ProgressFn): Promise<CaseRun[]> {
  const runs: CaseRun[] = [];
  for (const [i, c] of cases.entries()) {
    onProgress?.(i, cases.length, c);
    const turns: TurnRun[] = [];
    let sessionId: string | undefined;
    let error: string | undefined;
    for (const question of c.turns) {
      try {
        const { result, ms, retrieved } = await client.ask(question, sessionId);
        sessionId = result.sessionId;
        turns.push({ question, ms, result, ...(retrieved && { retrieved }) });
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        turns.push({ question, ms: 0, error });
        break; // later turns depend on this one; the case fails
      }
    }
    const last = turns[turns.length - 1];
    runs.push({ case: c, turns, ...(error === undefined && last.result && { result: last.result }), ...(error !== undefined && { error }) });
  }
  if (cases.length > 0) onProgress?.(cases.length, cases.length, cases[cases.length - 1]);
  return runs;
}
