// Reads corpus/glossary.en.yaml: the English renderings of the plan's terms, used to read English questions.
import { z } from "zod";
import type { IssueList } from "./corpus-error.js";
import { parseYamlFile } from "./validate-yaml.js";

const MAX_RENDERINGS = 3;
const rendering = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .refine((s) => /^[\x20-\x7e]+$/.test(s) && s === s.toLowerCase(), "must be lowercase English");
const glossarySchema = z.record(z.array(rendering).min(1, "needs at least one rendering").max(MAX_RENDERINGS, `at most ${MAX_RENDERINGS} renderings`));

/** `corpusText` is the plan and the cards: every glossary term must be one of their words. */
export function parseGlossary(text: string, file: string, corpusText: string, issues: IssueList): Record<string, string[]> {
  const y = parseYamlFile(text, file, glossarySchema, issues, {});
  if (!y) return {};
  const owner = new Map<string, string>();
  for (const [term, list] of Object.entries(y.data)) {
    if (!corpusText.includes(term)) issues.add(file, y.lineOf([term]), `${term}: not a term of the plan or a topic card`);
    list.forEach((en, i) => {
      const first = owner.get(en);
      if (first) issues.add(file, y.lineOf([term, i]), `${term}: "${en}" is already the rendering of ${first}`);
      else owner.set(en, term);
    });
  }
  return y.data;
}
