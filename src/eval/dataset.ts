// Loads and validates eval datasets (JSONL). Every bad line is reported as file:line so staff can fix it;
// a dataset with any error is rejected as a whole rather than silently skipping cases.
import fs from "node:fs";
import path from "node:path";
import type { Verdict } from "../core/types.js";

export const CASE_KINDS = [
  "topic",
  "program",
  "fact",
  "eligibility",
  "out_of_scope",
  "unknown",
  "injection",
  "multi",
  // Blind-set kinds: a situation described without plan terms, English questions, several questions in one message.
  "situation",
  "english",
  "compound",
  // Facts the annual guidelines state (amounts, deadlines, materials): run over a corpus holding those documents.
  "guideline",
] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const VERDICTS: readonly Verdict[] = ["eligible", "ineligible", "uncertain"];
/** The verdicts as staff name them (console, Excel import/export). */
export const VERDICT_NAMES: Record<Verdict, string> = { eligible: "符合", ineligible: "不符合", uncertain: "需补充" };

/** Fields a dataset line may carry; anything else is a typo (e.g. "must_not") and rejected. */
const KNOWN_FIELDS = new Set([
  "id",
  "kind",
  "q",
  "turns",
  "topics",
  "must",
  "must_not_re",
  "refuse",
  "verdict",
  "needs_label",
  "note",
]);

export interface EvalCase {
  id: string;
  kind: CaseKind;
  /** User messages sent in one session; single-question cases have one. Labels apply to the last. */
  turns: string[];
  topics?: number[];
  must?: string[];
  must_not_re?: string;
  refuse?: boolean;
  verdict?: Verdict;
  /** Created from feedback, not yet labelled: run and shown, but not scored. */
  needs_label?: boolean;
  note?: string;
  /** Where the case came from, for messages. */
  file: string;
  line: number;
}

export interface DatasetIssue {
  file: string;
  line: number;
  message: string;
}

export class DatasetError extends Error {
  constructor(public readonly issues: DatasetIssue[]) {
    super(
      `Dataset has ${issues.length} error(s); fix them and run again:\n` +
        issues.map((i) => `  ${i.file}:${i.line}: ${i.message}`).join("\n"),
    );
    this.name = "DatasetError";
  }
}

/** Regex flags applied to `must_not_re` (case-insensitive so English labels need no (?i)). */
export const MUST_NOT_FLAGS = "i";

const isNonEmptyString = (v: unknown): v is string => typeof v === "string" && v.trim().length > 0;

/** Validate one parsed line; returns the case or pushes messages to `errs`. */
function validateCase(raw: unknown, errs: string[]): Omit<EvalCase, "file" | "line"> | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    errs.push("line is not a JSON object");
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_FIELDS.has(key)) errs.push(`unknown field "${key}" (allowed: ${[...KNOWN_FIELDS].join(", ")})`);
  }
  if (!isNonEmptyString(o.id)) errs.push(`"id" must be a non-empty string`);
  if (typeof o.kind !== "string" || !(CASE_KINDS as readonly string[]).includes(o.kind)) {
    errs.push(`unknown kind ${JSON.stringify(o.kind)} (expected one of ${CASE_KINDS.join(", ")})`);
  }
  let turns: string[] = [];
  if (o.q !== undefined && o.turns !== undefined) {
    errs.push(`give either "q" or "turns", not both`);
  } else if (o.q !== undefined) {
    if (isNonEmptyString(o.q)) turns = [o.q];
    else errs.push(`"q" must be a non-empty string`);
  } else if (o.turns !== undefined) {
    if (Array.isArray(o.turns) && o.turns.length > 0 && o.turns.every(isNonEmptyString)) turns = o.turns;
    else errs.push(`"turns" must be a non-empty array of non-empty strings`);
  } else {
    errs.push(`missing "q" (or "turns" for a multi-turn case)`);
  }
  if (o.topics !== undefined) {
    if (!Array.isArray(o.topics)) errs.push(`"topics" must be an array of 专题 ids`);
    else {
      for (const t of o.topics) {
        // Whether the plan has this 专题 is checked against the corpus (loadDatasets' topicIds).
        if (typeof t !== "number" || !Number.isInteger(t) || t < 1) errs.push(`topic id ${JSON.stringify(t)} is not a 专题 number`);
      }
      if (new Set(o.topics).size !== o.topics.length) errs.push(`"topics" lists an id twice`);
    }
  }
  if (o.must !== undefined && !(Array.isArray(o.must) && o.must.every(isNonEmptyString))) {
    errs.push(`"must" must be an array of non-empty strings`);
  }
  if (o.must_not_re !== undefined) {
    if (!isNonEmptyString(o.must_not_re)) errs.push(`"must_not_re" must be a non-empty string`);
    else {
      try {
        new RegExp(o.must_not_re, MUST_NOT_FLAGS);
      } catch (e) {
        errs.push(`"must_not_re" is not a valid regex: ${(e as Error).message}`);
      }
    }
  }
  if (o.refuse !== undefined && typeof o.refuse !== "boolean") errs.push(`"refuse" must be true or false`);
  if (o.verdict !== undefined && !(VERDICTS as readonly unknown[]).includes(o.verdict)) {
    errs.push(`unknown verdict ${JSON.stringify(o.verdict)} (expected one of ${VERDICTS.join(", ")})`);
  }
  if (o.needs_label !== undefined && typeof o.needs_label !== "boolean") errs.push(`"needs_label" must be a boolean`);
  if (o.note !== undefined && typeof o.note !== "string") errs.push(`"note" must be a string`);
  if (errs.length > 0) return undefined;
  return {
    id: o.id as string,
    kind: o.kind as CaseKind,
    turns,
    ...(o.topics !== undefined && { topics: o.topics as number[] }),
    // An empty "must" list checks nothing; dropping it keeps it out of the must pass rate.
    ...(o.must !== undefined && (o.must as string[]).length > 0 && { must: o.must as string[] }),
    ...(o.must_not_re !== undefined && { must_not_re: o.must_not_re as string }),
    ...(o.refuse !== undefined && { refuse: o.refuse as boolean }),
    ...(o.verdict !== undefined && { verdict: o.verdict as Verdict }),
    ...(o.needs_label !== undefined && { needs_label: o.needs_label as boolean }),
    ...(o.note !== undefined && { note: o.note as string }),
  };
}

/** Parse JSONL text; `file` is only used in messages. Blank lines are allowed. */
export function parseDataset(text: string, file: string): { cases: EvalCase[]; issues: DatasetIssue[] } {
  const cases: EvalCase[] = [];
  const issues: DatasetIssue[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, i) => {
    const line = i + 1;
    if (lineText.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(lineText);
    } catch (e) {
      issues.push({ file, line, message: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    const errs: string[] = [];
    const c = validateCase(raw, errs);
    for (const message of errs) issues.push({ file, line, message });
    if (c) cases.push({ ...c, file, line });
  });
  return { cases, issues };
}

/**
 * Load several dataset files; throws DatasetError listing every problem (incl. duplicate ids across files, and,
 * given the plan's `topicIds`, a 专题 number the plan does not have).
 */
export function loadDatasets(files: string[], rootDir: string = process.cwd(), topicIds?: ReadonlySet<number>): EvalCase[] {
  const all: EvalCase[] = [];
  const issues: DatasetIssue[] = [];
  for (const f of files) {
    const abs = path.resolve(rootDir, f);
    const rel = path.relative(rootDir, abs);
    const shown = rel && !rel.startsWith("..") ? rel : abs;
    let text: string;
    try {
      text = fs.readFileSync(abs, "utf8");
    } catch (e) {
      issues.push({ file: shown, line: 0, message: `cannot read dataset: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    const parsed = parseDataset(text, shown);
    all.push(...parsed.cases);
    issues.push(...parsed.issues);
  }
  if (topicIds?.size) {
    const range = `${Math.min(...topicIds)}..${Math.max(...topicIds)}`;
    for (const c of all) for (const t of c.topics ?? []) if (!topicIds.has(t)) issues.push({ file: c.file, line: c.line, message: `topic id ${t} is not a 专题 of the plan (${range})` });
  }
  const seen = new Map<string, EvalCase>();
  for (const c of all) {
    const first = seen.get(c.id);
    if (first) issues.push({ file: c.file, line: c.line, message: `duplicate id "${c.id}" (first at ${first.file}:${first.line})` });
    else seen.set(c.id, c);
  }
  if (issues.length === 0 && all.length === 0) {
    issues.push({ file: files.join(", "), line: 0, message: "no cases found" });
  }
  if (issues.length > 0) throw new DatasetError(issues);
  return all;
}
