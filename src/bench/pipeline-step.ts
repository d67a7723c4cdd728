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
  /**
   * CPU time (user + system, all threads) per call. Unlike wall time it does not grow when other
   * processes take the core, so it shows the pipeline's own cost on a busy machine.
   */
  cpu: LatencySummary;
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
    const cpuTimes: number[] = [];
    let refused = 0;
    for (let i = 0; i < p.calls; i++) {
      const question = p.questions[i % p.questions.length];
      const cpu = process.cpuUsage();
      t = process.hrtime.bigint();
      const r = await assistant.answer({ question }, { channel: "eval" });
      times.push(msSince(t));
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      if (r.refused) refused++;
    }
    return {
      calls: p.calls,
      distinctQuestions: new Set(p.questions).size,
      startupMs: round(startupMs, 1),
      latency: summarize(times),
      cpu: summarize(cpuTimes),
      refusedShare: round(refused / p.calls, 3),
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await assistant.close();
  }
}
