// The one definition of "a case passes": every label the case has must hold on the LAST turn's result.
//   topics       → result.topics[0]?.id is one of `topics`; `topics: []` → result.topics is empty
//   must         → every substring occurs in result.answer
//   must_not_re  → the regex (flags "i") does not match result.answer
//   refuse       → result.refused === refuse
//   verdict      → result.verdict === verdict
// A case whose answer call failed fails. A case without labels (needs_label) is "unlabeled", not scored.
import type { AnswerResult } from "../core/types.js";
import { MUST_NOT_FLAGS, type EvalCase } from "./dataset.js";

export type Label = "topics" | "must" | "must_not_re" | "refuse" | "verdict" | "error";

export interface Check {
  label: Label;
  ok: boolean;
  /** What went wrong, in words, when !ok. */
  detail?: string;
}

const LABELS: Exclude<Label, "error">[] = ["topics", "must", "must_not_re", "refuse", "verdict"];

/** True when the case carries at least one label to score. */
export function isLabelled(c: EvalCase): boolean {
  return !c.needs_label && LABELS.some((l) => c[l] !== undefined);
}

export function scoreCase(c: EvalCase, result: AnswerResult | undefined, error?: string): Check[] {
  if (!result) return [{ label: "error", ok: false, detail: error ?? "no result" }];
  const checks: Check[] = [];
  if (c.topics !== undefined) {
    const got = result.topics.map((t) => t.id);
    if (c.topics.length === 0) {
      checks.push({
        label: "topics",
        ok: got.length === 0,
        ...(got.length > 0 && { detail: `expected no 专题, got ${got.join(",")}` }),
      });
    } else {
      const top = got[0];
      const ok = top !== undefined && c.topics.includes(top);
      checks.push({
        label: "topics",
        ok,
        ...(!ok && { detail: `expected top-1 in [${c.topics.join(",")}], got ${top ?? "none"}` }),
      });
    }
  }
  if (c.must !== undefined) {
    const missing = c.must.filter((s) => !result.answer.includes(s));
    checks.push({
      label: "must",
      ok: missing.length === 0,
      ...(missing.length > 0 && { detail: `answer lacks ${missing.map((s) => JSON.stringify(s)).join(", ")}` }),
    });
  }
  if (c.must_not_re !== undefined) {
    const m = new RegExp(c.must_not_re, MUST_NOT_FLAGS).exec(result.answer);
    checks.push({
      label: "must_not_re",
      ok: m === null,
      ...(m !== null && { detail: `answer matches /${c.must_not_re}/ at ${JSON.stringify(m[0])}` }),
    });
  }
  if (c.refuse !== undefined) {
    const ok = result.refused === c.refuse;
    checks.push({
      label: "refuse",
      ok,
      ...(!ok && { detail: c.refuse ? "expected a refusal, got an answer" : "expected an answer, got a refusal" }),
    });
  }
  if (c.verdict !== undefined) {
    const ok = result.verdict === c.verdict;
    checks.push({ label: "verdict", ok, ...(!ok && { detail: `expected ${c.verdict}, got ${result.verdict ?? "none"}` }) });
  }
  return checks;
}

export const passes = (checks: readonly Check[]): boolean => checks.every((c) => c.ok);
