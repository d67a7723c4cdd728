// Reads corpus/sectors.yaml: technology fields, non-technology sectors and the 科技型中小企业 size limits.
import { z } from "zod";
import type { SectorModel } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import { nonEmpty, parseYamlFile, wordList as words } from "./validate-yaml.js";

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
  const y = parseYamlFile(text, file, sectorsSchema, issues);
  if (!y) return undefined;
  const s = y.data;
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
