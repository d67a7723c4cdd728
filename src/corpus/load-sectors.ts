// Reads corpus/sectors.yaml: technology fields, non-technology sectors and the 科技型中小企业 size limits.
import { z } from "zod";
import type { SectorModel } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import { parseYamlWithLines } from "./frontmatter.js";
import { zodIssues } from "./load-vocabulary.js";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const words = z.array(z.union([nonEmpty, z.number().transform(String)])).min(1, "needs at least one word");

const sectorsSchema = z
  .object({
    tech: z.array(z.object({ field: nonEmpty, words }).strict()).min(1),
    nonTech: z.array(z.object({ section: nonEmpty, words }).strict()).default([]),
    nonTechSuffixes: z.array(nonEmpty).default([]),
    sme: z
      .object({
        rule: nonEmpty,
        maxEmployees: z.number().int().positive(),
        maxRevenueYuan: z.number().positive(),
        largeWords: words,
        smallWords: words,
      })
      .strict(),
  })
  .strict();

export function parseSectors(text: string, file: string, issues: IssueList): SectorModel | undefined {
  const y = parseYamlWithLines(text);
  for (const e of y.errors) issues.add(file, e.line, e.message);
  if (y.errors.length) return undefined;
  const r = sectorsSchema.safeParse(y.data);
  if (!r.success) {
    zodIssues(r.error, file, y.lineOf, issues);
    return undefined;
  }
  const s = r.data;
  const owner = new Map<string, string>();
  const check = (group: "tech" | "nonTech", label: string, i: number, list: string[]) =>
    list.forEach((w, wi) => {
      const first = owner.get(w.toLowerCase());
      if (first) issues.add(file, y.lineOf([group, i, "words", wi]), `${group}.${label}: "${w}" is already listed under ${first}`);
      else owner.set(w.toLowerCase(), label);
    });
  s.tech.forEach((t, i) => check("tech", t.field, i, t.words));
  s.nonTech.forEach((t, i) => check("nonTech", t.section, i, t.words));
  return s;
}
