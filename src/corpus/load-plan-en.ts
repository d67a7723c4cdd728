// Reads corpus/plan/plan.en.yaml: staff-editable, unofficial English renderings of the plan's headings and
// sentences, shown beside the Chinese clause in English answers. Each `zh` must be a heading or a sentence of the
// plan as written, and each rendering must state the same numbers — a translation never adds an amount or a date.
import { z } from "zod";
import type { IssueList } from "./corpus-error.js";
import { nonEmpty, parseYamlFile } from "./validate-yaml.js";
import { normalizeForQuote } from "./verbatim.js";

const entry = z.object({ zh: nonEmpty, en: nonEmpty }).strict();
const schema = z.object({ headings: z.array(entry).default([]), sentences: z.array(entry).default([]) }).strict();

/** Keyed by the Chinese as normalizeForQuote gives it (cards write ：（） where the plan capture has :()). */
export interface PlanEnglish {
  headings: Map<string, string>;
  sentences: Map<string, string>;
}

export const emptyPlanEnglish = (): PlanEnglish => ({ headings: new Map(), sentences: new Map() });

/** A plan sentence: up to and including 。, or the rest of a line. */
export function planSentences(text: string): string[] {
  return text.split(/(?<=。)/).map((s) => s.trim()).filter(Boolean);
}

/** The headings and sentences of a plan body (Markdown). */
export function planUnits(body: string): { headings: Set<string>; sentences: Set<string> } {
  const headings = new Set<string>();
  const sentences = new Set<string>();
  for (const line of body.split("\n")) {
    const h = /^#+\s+(.*)$/.exec(line);
    if (h) headings.add(h[1].trim());
    else for (const s of planSentences(line)) sentences.add(s);
  }
  return { headings, sentences };
}

const numbersOf = (s: string) => [...s.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]).sort();

export function parsePlanEnglish(text: string, file: string, planBody: string, issues: IssueList): PlanEnglish {
  const y = parseYamlFile(text, file, schema, issues, {});
  const out = emptyPlanEnglish();
  if (!y) return out;
  const units = planUnits(planBody);
  for (const kind of ["headings", "sentences"] as const) {
    y.data[kind].forEach((e, i) => {
      const line = y.lineOf([kind, i, "zh"]);
      const known = kind === "headings" ? units.headings : units.sentences;
      if (!known.has(e.zh)) {
        issues.add(file, line, `${kind}[${i}]: "${e.zh.slice(0, 30)}…" is not a ${kind === "headings" ? "heading" : "sentence"} of the plan as written`);
        return;
      }
      const zhNums = numbersOf(e.zh).join(" ");
      const enNums = numbersOf(e.en).join(" ");
      if (zhNums !== enNums) {
        issues.add(file, y.lineOf([kind, i, "en"]), `${kind}[${i}]: the English states the numbers [${enNums}] but the Chinese states [${zhNums}]`);
        return;
      }
      const key = normalizeForQuote(e.zh);
      if (out[kind].has(key)) issues.add(file, line, `${kind}[${i}]: "${e.zh.slice(0, 30)}…" is translated twice`);
      out[kind].set(key, e.en);
    });
  }
  return out;
}

/** The English rendering of a quote made of whole plan sentences; undefined when any part has none. */
export function renderEnglish(quote: string, en: PlanEnglish): string | undefined {
  const q = normalizeForQuote(quote);
  const whole = en.sentences.get(q) ?? en.headings.get(q);
  if (whole) return whole;
  const parts = planSentences(q).flatMap((s) => s.split(/…+|\.{3,}/)).filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    const hit = en.sentences.get(p) ?? sentenceContaining(p, en);
    if (!hit) return undefined;
    if (out.at(-1) !== hit) out.push(hit);
  }
  return out.length ? out.join(" ") : undefined;
}

// A clause quoted from inside a sentence (a card requirement's words) is shown with its whole sentence.
function sentenceContaining(part: string, en: PlanEnglish): string | undefined {
  if ([...part].length < 6) return undefined;
  for (const [zh, text] of en.sentences) if (zh.includes(part)) return text;
  return undefined;
}
