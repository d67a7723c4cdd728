// In-process answer() latency: warm the assistant, then time many calls over the eval questions.
import type { Config } from "../config.js";
import { makeAssistant } from "../wiring.js";
import { msSince, peakRssMiB, round, summarize, type LatencySummary } from "./stats.js";

export interface PipelineParams {
  config: Config;
  questions: string[];
  calls: number;
  warmup: number;
}

export interface PipelineResult {
  calls: number;
  distinctQuestions: number;
  startupMs: number;
  latency: LatencySummary;
  refusedShare: number;
  peakRssMiB: number;
}

export async function runPipelineStep(p: PipelineParams): Promise<PipelineResult> {
  if (p.questions.length === 0) throw new Error("pipeline benchmark needs at least one question");
  let t = process.hrtime.bigint();
  const assistant = await makeAssistant(p.config);
  const startupMs = msSince(t);
  try {
    for (let i = 0; i < p.warmup; i++) {
      await assistant.answer({ question: p.questions[i % p.questions.length] }, { channel: "eval" });
    }
    const times: number[] = [];
    let refused = 0;
    for (let i = 0; i < p.calls; i++) {
      const question = p.questions[i % p.questions.length];
      t = process.hrtime.bigint();
      const r = await assistant.answer({ question }, { channel: "eval" });
      times.push(msSince(t));
      if (r.refused) refused++;
    }
    return {
      calls: p.calls,
      distinctQuestions: new Set(p.questions).size,
      startupMs: round(startupMs, 1),
      latency: summarize(times),
      refusedShare: round(refused / p.calls, 3),
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await assistant.close();
  }
}
