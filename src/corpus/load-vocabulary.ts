// Reads corpus/vocabulary.yaml (the controlled vocabulary cards must use) and corpus/lexicon.yaml.
import { z } from "zod";
import type { LexiconEntry, ProfileFormChoices, RegionModel, Vocabulary } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import type { YamlPath } from "./frontmatter.js";
import { nonEmpty, parseYamlFile, word } from "./validate-yaml.js";
import { normalizeForQuote } from "./verbatim.js";

const words = z.array(word);

const option = z
  .object({
    label: nonEmpty,
    en: nonEmpty,
    applicant: nonEmpty.optional(),
    stage: nonEmpty.optional(),
    sector: z.enum(["tech", "nonTech"]).optional(),
    size: z.enum(["sme", "large"]).optional(),
    affiliate: nonEmpty.optional(),
    home: z.boolean().optional(),
    groupings: z.array(nonEmpty).optional(),
    words: z.array(nonEmpty).min(1).optional(),
  })
  .strict();
const FORM_GROUPS = ["unitTypes", "sizes", "statuses", "locations", "activities"] as const;
const profileFormSchema = z
  .object(Object.fromEntries(FORM_GROUPS.map((g) => [g, z.array(option).default([])])) as Record<(typeof FORM_GROUPS)[number], z.ZodDefault<z.ZodArray<typeof option>>>)
  .strict()
  .default({});

const vocabularySchema = z
  .object({
    programs: z.array(z.object({ name: nonEmpty, theme: nonEmpty, order: z.number().int() }).strict()).min(1),
    applicants: z.array(nonEmpty).min(1),
    supportModes: z.array(nonEmpty).min(1),
    stages: z.array(nonEmpty).default([]),
    applicantImplies: z.record(z.array(nonEmpty)).default({}),
    applicantDefinitions: z
      .record(z.object({ isA: nonEmpty, sector: z.literal("tech").optional(), size: z.enum(["sme", "large"]).optional() }).strict())
      .default({}),
    applicantOverlaps: z.record(z.array(nonEmpty)).default({}),
    applicantCues: z.record(words).default({}),
    ownership: z.record(words).default({}),
    statusCues: z.record(words).default({}),
    roleCues: z.object({ lead: words, participant: words }).strict().default({ lead: [], participant: [] }),
    stageDefinitions: z
      .record(
        z
          .object({
            status: nonEmpty,
            recency: z.literal("recent").optional(),
            level: z.enum(["national", "provincial", "municipal"]).optional(),
            lead: z.boolean().optional(),
          })
          .strict(),
      )
      .default({}),
    silentTypes: z.array(nonEmpty).default([]),
    profileForm: profileFormSchema,
  })
  .strict();

const lexiconSchema = z.array(
  z
    .object({
      term: nonEmpty,
      variants: z.array(word).default([]),
      abbreviations: z.array(nonEmpty).default([]),
    })
    .strict(),
);

export function parseVocabulary(text: string, file: string, issues: IssueList): Vocabulary | undefined {
  const y = parseYamlFile(text, file, vocabularySchema, issues);
  if (!y) return undefined;
  const v = y.data;
  const known = new Set(v.applicants);
  for (const [narrow, broad] of Object.entries(v.applicantImplies)) {
    for (const [i, b] of broad.entries()) {
      // Broader terms may be outside the list (企业 is), but the narrow one must be a real value.
      if (!known.has(narrow)) issues.add(file, y.lineOf(["applicantImplies", narrow]), `applicantImplies: unknown applicant "${narrow}"`);
      if (b === narrow) issues.add(file, y.lineOf(["applicantImplies", narrow, i]), `applicantImplies.${narrow}: implies itself`);
    }
  }
  const knownOrBroad = new Set([...known, ...Object.values(v.applicantImplies).flat()]);
  for (const key of ["applicantDefinitions", "applicantOverlaps", "applicantCues"] as const) {
    for (const t of Object.keys(v[key])) {
      if (!knownOrBroad.has(t)) issues.add(file, y.lineOf([key, t]), `${key}: "${t}" is not an applicant in applicants:`);
    }
  }
  for (const [t, d] of Object.entries(v.applicantDefinitions)) {
    if (!knownOrBroad.has(d.isA)) issues.add(file, y.lineOf(["applicantDefinitions", t, "isA"]), `applicantDefinitions.${t}.isA: unknown applicant "${d.isA}"`);
  }
  for (const s of v.stages) {
    if (!v.stageDefinitions[s]) issues.add(file, y.lineOf(["stages", v.stages.indexOf(s)]), `stages: "${s}" has no entry in stageDefinitions:`);
  }
  for (const [s, d] of Object.entries(v.stageDefinitions)) {
    if (!v.statusCues[d.status]) issues.add(file, y.lineOf(["stageDefinitions", s, "status"]), `stageDefinitions.${s}.status: "${d.status}" has no entry in statusCues:`);
  }
  reportRepeatedWords(file, y.lineOf, issues, [
    ["applicantCues", v.applicantCues],
    ["ownership", v.ownership],
    ["statusCues", v.statusCues],
  ]);
  const profileForm = {} as ProfileFormChoices;
  for (const g of FORM_GROUPS) {
    const labels = new Set<string>();
    profileForm[g] = v.profileForm[g].map((o, i) => {
      const line = y.lineOf(["profileForm", g, i]);
      const at = `profileForm.${g}[${i}] "${o.label}"`;
      if (labels.has(o.label)) issues.add(file, line, `${at}: the label is used twice in ${g}`);
      labels.add(o.label);
      if (o.applicant && !knownOrBroad.has(o.applicant)) issues.add(file, line, `${at}: applicant "${o.applicant}" is not in applicants:`);
      if (o.affiliate && !knownOrBroad.has(o.affiliate)) issues.add(file, line, `${at}: affiliate "${o.affiliate}" is not in applicants:`);
      if (o.stage && !v.stageDefinitions[o.stage]) issues.add(file, line, `${at}: stage "${o.stage}" has no entry in stageDefinitions:`);
      if (g === "activities" && !o.words) issues.add(file, line, `${at}: an activity needs words: (plan terms for what the unit wants to do)`);
      if (g === "locations" && o.home === undefined) issues.add(file, line, `${at}: a location needs home: true or false`);
      return { ...o, line };
    });
  }
  return { ...v, profileForm, programs: [...v.programs].sort((a, b) => a.order - b.order) };
}

/**
 * Checks of the 我的单位 choices against other files: groupings must be regions.yaml's (an error); an activity word
 * the plan does not use can match no 专题, which is worth a warning, not a refusal to load.
 */
export function checkProfileForm(
  v: Vocabulary,
  normalizedPlan: string,
  regions: RegionModel,
  file: string,
  issues: IssueList,
): { file: string; line: number; message: string }[] {
  const warnings: { file: string; line: number; message: string }[] = [];
  const groupings = new Set(regions.groupings.map((g) => g.name));
  for (const g of FORM_GROUPS) {
    for (const o of v.profileForm[g]) {
      for (const w of o.words ?? []) {
        if (!normalizedPlan.includes(normalizeForQuote(w))) warnings.push({ file, line: o.line, message: `profileForm.${g} "${o.label}": "${w}" does not occur in the plan, so it matches no 专题` });
      }
      for (const name of o.groupings ?? []) {
        if (!groupings.has(name)) issues.add(file, o.line, `profileForm.${g} "${o.label}": grouping "${name}" is not in regions.yaml groupings:`);
      }
    }
  }
  return warnings;
}

/** Chinese variants of this many characters or fewer must be marked as abbreviations. */
export const MAX_SHORT = 2;
const LATIN_WORD = /^[\x20-\x7e]+$/;

export function parseLexicon(text: string, file: string, issues: IssueList): LexiconEntry[] {
  const y = parseYamlFile(text, file, lexiconSchema, issues, []);
  if (!y) return [];
  const seen = new Map<string, number>();
  y.data.forEach((e, i) => {
    const prev = seen.get(e.term);
    if (prev !== undefined) issues.add(file, y.lineOf([i, "term"]), `term "${e.term}" is listed twice (also entry ${prev + 1})`);
    seen.set(e.term, i);
    // A short Chinese word matches inside many questions: only an abbreviation of the term may be that short.
    e.variants.forEach((v, vi) => {
      if (!LATIN_WORD.test(v) && [...v].length <= MAX_SHORT) {
        issues.add(
          file,
          y.lineOf([i, "variants", vi]),
          `${e.term}: variant "${v}" has ${[...v].length} character(s); a word this short matches inside unrelated questions. ` +
            `If it is an abbreviation of "${e.term}", list it under abbreviations:, otherwise remove it`,
        );
      }
    });
  });
  // Abbreviations are variants too; they are listed apart so that the lint can tell them from short generic words.
  return y.data.map((e, i) => {
    const lines: Record<string, number> = {};
    e.variants.forEach((v, vi) => (lines[v] = y.lineOf([i, "variants", vi])));
    e.abbreviations.forEach((v, vi) => (lines[v] = y.lineOf([i, "abbreviations", vi])));
    return { term: e.term, variants: [...e.variants, ...e.abbreviations], abbreviations: e.abbreviations, lines };
  });
}

/** A cue word may belong to one key of a map only, or which type it names would depend on file order. */
export function reportRepeatedWords(
  file: string,
  lineOf: (path: YamlPath) => number,
  issues: IssueList,
  maps: [name: string, map: Record<string, string[]>][],
): void {
  for (const [name, map] of maps) {
    const owner = new Map<string, string>();
    for (const [key, list] of Object.entries(map)) {
      list.forEach((w, i) => {
        const lw = w.toLowerCase();
        const first = owner.get(lw);
        if (first && first !== key) issues.add(file, lineOf([name, key, i]), `${name}.${key}: "${w}" is already listed under ${first}`);
        else owner.set(lw, key);
      });
    }
  }
}
