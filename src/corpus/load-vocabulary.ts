// Reads corpus/vocabulary.yaml (the controlled vocabulary cards must use) and corpus/lexicon.yaml.
import { z } from "zod";
import type { LexiconEntry, ProgramName, Vocabulary } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import { parseYamlWithLines, type YamlPath } from "./frontmatter.js";

const PROGRAM_NAMES = [
  "自然科学基金",
  "创新平台专项",
  "产业创新专项",
  "科技成果转化专项",
  "区域科技创新与合作专项",
  "创新生态专项",
] as const satisfies readonly ProgramName[];

const nonEmpty = z.string().trim().min(1, "must not be empty");

const vocabularySchema = z
  .object({
    programs: z
      .array(z.object({ name: z.enum(PROGRAM_NAMES), theme: nonEmpty, order: z.number().int() }).strict())
      .min(1),
    applicants: z.array(nonEmpty).min(1),
    supportModes: z.array(nonEmpty).min(1),
    stages: z.array(nonEmpty).default([]),
    applicantImplies: z.record(z.array(nonEmpty)).default({}),
  })
  .strict();

const lexiconSchema = z.array(
  z.object({ term: nonEmpty, variants: z.array(z.union([nonEmpty, z.number().transform(String)])).default([]) }).strict(),
);

export function zodIssues(
  err: z.ZodError,
  file: string,
  lineOf: (path: YamlPath) => number,
  issues: IssueList,
): void {
  for (const i of err.issues) {
    if (i.code === "unrecognized_keys") {
      for (const key of i.keys) issues.add(file, lineOf([...i.path, key]), `${formatPath([...i.path, key])}: unknown key`);
      continue;
    }
    issues.add(file, lineOf(i.path), `${formatPath(i.path) || "(document)"}: ${i.message}`);
  }
}

export function formatPath(path: YamlPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

export function parseVocabulary(text: string, file: string, issues: IssueList): Vocabulary | undefined {
  const y = parseYamlWithLines(text);
  for (const e of y.errors) issues.add(file, e.line, e.message);
  if (y.errors.length) return undefined;
  const r = vocabularySchema.safeParse(y.data);
  if (!r.success) {
    zodIssues(r.error, file, y.lineOf, issues);
    return undefined;
  }
  const v = r.data;
  const known = new Set(v.applicants);
  for (const [narrow, broad] of Object.entries(v.applicantImplies)) {
    for (const [i, b] of broad.entries()) {
      // Broader terms may be outside the list (企业 is), but the narrow one must be a real value.
      if (!known.has(narrow)) issues.add(file, y.lineOf(["applicantImplies", narrow]), `applicantImplies: unknown applicant "${narrow}"`);
      if (b === narrow) issues.add(file, y.lineOf(["applicantImplies", narrow, i]), `applicantImplies.${narrow}: implies itself`);
    }
  }
  return { ...v, programs: [...v.programs].sort((a, b) => a.order - b.order) };
}

export function parseLexicon(text: string, file: string, issues: IssueList): LexiconEntry[] {
  const y = parseYamlWithLines(text);
  for (const e of y.errors) issues.add(file, e.line, e.message);
  if (y.errors.length) return [];
  if (y.data === null || y.data === undefined) return [];
  const r = lexiconSchema.safeParse(y.data);
  if (!r.success) {
    zodIssues(r.error, file, y.lineOf, issues);
    return [];
  }
  const seen = new Map<string, number>();
  r.data.forEach((e, i) => {
    const prev = seen.get(e.term);
    if (prev !== undefined) issues.add(file, y.lineOf([i, "term"]), `term "${e.term}" is listed twice (also entry ${prev + 1})`);
    seen.set(e.term, i);
  });
  return r.data.map((e) => ({ term: e.term, variants: e.variants }));
}
