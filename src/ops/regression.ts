// The reindex gate: a small, fixed subset of the eval (the first N cases of each chosen kind) run
// against a candidate pipeline and the serving one. The candidate may not pass fewer cases than the
// serving pipeline, beyond the configured tolerance.
import type { Assistant } from "../core/types.js";
import { inProcessClient } from "../eval/ask-client.js";
import { loadDatasets, type CaseKind, type EvalCase } from "../eval/dataset.js";
import { runCases } from "../eval/runner.js";
import { isLabelled, passes, scoreCase } from "../eval/score.js";

export const REGRESSION_KINDS: readonly CaseKind[] = ["topic", "out_of_scope", "injection"];

export function regressionCases(file: string, rootDir: string, perKind: number, kinds = REGRESSION_KINDS): EvalCase[] {
  const all = loadDatasets([file], rootDir).filter(isLabelled);
  return kinds.flatMap((k) => all.filter((c) => c.kind === k).slice(0, perKind));
}

export interface RegressionRun {
  cases: number;
  passed: number;
  failures: { id: string; file: string; line: number; detail: string }[];
}

export async function runRegression(assistant: Assistant, cases: readonly EvalCase[]): Promise<RegressionRun> {
  const runs = await runCases(inProcessClient(assistant), cases);
  const failures: RegressionRun["failures"] = [];
  for (const r of runs) {
    const checks = scoreCase(r.case, r.result, r.error);
    if (!passes(checks)) {
      failures.push({
        id: r.case.id,
        file: r.case.file,
        line: r.case.line,
        detail: checks.filter((c) => !c.ok).map((c) => c.detail ?? c.label).join("; "),
      });
    }
  }
  return { cases: cases.length, passed: cases.length - failures.length, failures };
}
