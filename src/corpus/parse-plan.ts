// Parses the plan Markdown: frontmatter → PlanMeta, and the 专题 headings (id, name, program, line).
import MarkdownIt from "markdown-it";
import { z } from "zod";
import type { PlanMeta, ProgramName } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import { splitFrontmatter } from "./frontmatter.js";
import { zodIssues } from "./validate-yaml.js";

const str = z.union([z.string().trim().min(1), z.number().transform(String), z.date().transform((d) => d.toISOString().slice(0, 10))]);

const planMetaSchema = z
  .object({
    title: str,
    issuer: str,
    issued: str.pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2023-11-21")),
    effective: str,
    approvedBy: str,
    noticeTitle: str.optional(),
    published: str.optional(),
  })
  .strict();

export interface PlanTopic {
  id: number;
  name: string;
  program?: ProgramName;
  /** 1-based file line of the 专题 heading. */
  line: number;
}

export interface ParsedPlan {
  meta: PlanMeta;
  /** Markdown body (no frontmatter). */
  body: string;
  bodyLineOffset: number;
  topics: PlanTopic[];
}

const md = new MarkdownIt();
export const TOPIC_HEADING = /^专题\s*(\d+)\s*[:：]\s*(.+?)\s*$/;

export function parsePlan(
  source: string,
  file: string,
  programNames: readonly string[],
  issues: IssueList,
): ParsedPlan | undefined {
  const fm = splitFrontmatter(source);
  for (const e of fm.errors) issues.add(file, e.line, e.message);
  if (fm.errors.length) return undefined;
  const r = planMetaSchema.safeParse(fm.data);
  if (!r.success) {
    zodIssues(r.error, file, fm.lineOf, issues);
    return undefined;
  }

  const topics: PlanTopic[] = [];
  const tokens = md.parse(fm.body, {});
  let program: ProgramName | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== "heading_open") continue;
    const text = tokens[i + 1]?.content.trim() ?? "";
    const line = (t.map?.[0] ?? 0) + fm.bodyLineOffset + 1;
    const m = TOPIC_HEADING.exec(text);
    if (m) {
      topics.push({ id: Number(m[1]), name: m[2], program, line });
      continue;
    }
    // A program heading looks like "(四)科技成果转化专项"; any other heading at that level ends the program.
    const bare = text.normalize("NFKC").replace(/^\([一二三四五六七八九十]+\)\s*/, "");
    if (programNames.includes(bare)) program = bare as ProgramName;
    else if (t.tag === "h2" || t.tag === "h1") program = undefined;
  }
  const seen = new Set<number>();
  for (const t of topics) {
    if (seen.has(t.id)) issues.add(file, t.line, `专题${t.id} appears twice in the plan`);
    seen.add(t.id);
  }
  return { meta: r.data, body: fm.body, bodyLineOffset: fm.bodyLineOffset, topics };
}
