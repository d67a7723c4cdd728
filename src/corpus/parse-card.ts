// Parses and validates one topic card (corpus/topics/NN-slug.md): frontmatter against the vocabulary,
// body sections from the Markdown headings, and verbatim quotes against the plan.
import MarkdownIt from "markdown-it";
import { z } from "zod";
import type { TopicCard, Vocabulary } from "../core/types.js";
import type { IssueList } from "./corpus-error.js";
import { splitFrontmatter, type YamlPath } from "./frontmatter.js";
import { zodIssues } from "./validate-yaml.js";
import { isVerbatim } from "./verbatim.js";

export const SECTION_NAMES = ["支持对象", "支持内容", "支持方式", "不适用或易混淆", "常见问法", "原文依据"] as const;
export type SectionName = (typeof SECTION_NAMES)[number];
export const MIN_QUESTIONS = 12;

/** 1-based, inclusive file lines of each section (heading through last content line). */
export type SectionLines = Record<SectionName, { start: number; end: number }>;

export interface ParsedCard {
  card: TopicCard;
  sectionLines: SectionLines;
  /** Line of the `id:` key, for duplicate/missing reports. */
  idLine: number;
  /** 1-based line where the body starts (after frontmatter). */
  bodyStart: number;
}

const text = z.string().trim().min(1, "must not be empty");
const list = z.array(text);

const cardSchema = z
  .object({
    id: z.number().int().min(1),
    name: text,
    program: text,
    programTheme: text,
    applicants: list.min(1, "needs at least one value"),
    supportModes: list.min(1, "needs at least one value"),
    duration: text.optional(),
    aliases: list.default([]),
    summary: text,
    requirements: z
      .array(
        z
          .object({
            facet: z.enum(["applicant", "stage", "location", "activity", "role"]),
            anyOf: list.min(1, "needs at least one value"),
            text,
            quote: text,
            ask: text,
            decisive: z.boolean().optional(),
            appliesTo: list.optional(),
            when: list.optional(),
            techOnly: z.boolean().optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const md = new MarkdownIt();

export interface CardContext {
  file: string;
  vocabulary: Vocabulary;
  /** Plan text already passed through normalizeForQuote. */
  normalizedPlan: string;
  issues: IssueList;
}

export function parseCard(source: string, ctx: CardContext): ParsedCard | undefined {
  const { file, issues, vocabulary } = ctx;
  const fm = splitFrontmatter(source);
  for (const e of fm.errors) issues.add(file, e.line, e.message);
  if (fm.errors.length) return undefined;
  const r = cardSchema.safeParse(fm.data);
  if (!r.success) {
    zodIssues(r.error, file, fm.lineOf, issues);
    return undefined;
  }
  const f = r.data;
  const at = (path: YamlPath, message: string) => issues.add(file, fm.lineOf(path), message);

  // Controlled vocabulary.
  const program = vocabulary.programs.find((p) => p.name === f.program);
  if (!program) {
    at(["program"], `program: unknown value "${f.program}" (one of ${vocabulary.programs.map((p) => p.name).join(", ")})`);
  } else if (program.theme !== f.programTheme) {
    at(["programTheme"], `programTheme: "${f.programTheme}" does not match ${program.name}'s theme "${program.theme}"`);
  }
  checkValues(f.applicants, vocabulary.applicants, ["applicants"], at);
  checkValues(f.supportModes, vocabulary.supportModes, ["supportModes"], at);
  f.requirements.forEach((req, i) => {
    const allowed = req.facet === "applicant" ? vocabulary.applicants : req.facet === "stage" ? vocabulary.stages : req.facet === "role" ? ["牵头"] : undefined;
    if (allowed) checkValues(req.anyOf, allowed, ["requirements", i, "anyOf"], at);
    if (req.appliesTo) checkValues(req.appliesTo, vocabulary.applicants, ["requirements", i, "appliesTo"], at);
    if (!isVerbatim(req.quote, ctx.normalizedPlan)) {
      at(["requirements", i, "quote"], `requirements[${i}].quote: not found verbatim in the plan: "${clip(req.quote)}"`);
    }
  });
  const prefix = /^(\d+)-/.exec(file.split("/").pop() ?? "");
  if (prefix && Number(prefix[1]) !== f.id) {
    at(["id"], `id: ${f.id} does not match the file name prefix "${prefix[1]}-"`);
  }

  const body = parseBody(fm.body, fm.bodyLineOffset, ctx);
  if (!body) return undefined;
  const card: TopicCard = {
    id: f.id,
    name: f.name,
    program: f.program,
    programTheme: f.programTheme,
    applicants: f.applicants,
    supportModes: f.supportModes,
    ...(f.duration !== undefined ? { duration: f.duration } : {}),
    aliases: f.aliases,
    summary: f.summary,
    requirements: f.requirements,
    sections: body.sections,
    file,
  };
  return { card, sectionLines: body.lines, idLine: fm.lineOf(["id"]), bodyStart: fm.bodyLineOffset + 1 };
}

function checkValues(
  values: string[],
  allowed: string[],
  path: YamlPath,
  at: (path: YamlPath, message: string) => void,
): void {
  const label = path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
  values.forEach((v, i) => {
    if (!allowed.includes(v)) at([...path, i], `${label}: unknown value "${v}"`);
  });
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

interface Body {
  sections: TopicCard["sections"];
  lines: SectionLines;
}

function parseBody(bodySrc: string, offset: number, ctx: CardContext): Body | undefined {
  const { file, issues } = ctx;
  const tokens = md.parse(bodySrc, {});
  const srcLines = bodySrc.split(/\r?\n/);
  // Sections are the `##` headings; each runs to the next heading of level ≤ 2.
  const heads: { name: string; line: number; start: number; end: number; tokenFrom: number; tokenTo: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== "heading_open" || (t.tag !== "h2" && t.tag !== "h1")) continue;
    const last = heads[heads.length - 1];
    if (last) {
      last.end = t.map?.[0] ?? last.end;
      last.tokenTo = i;
    }
    if (t.tag === "h1") continue;
    const bodyLine = t.map?.[0] ?? 0;
    heads.push({
      name: tokens[i + 1].content.trim(),
      line: bodyLine + offset + 1,
      start: t.map?.[1] ?? bodyLine + 1,
      end: srcLines.length,
      tokenFrom: i + 3,
      tokenTo: tokens.length,
    });
  }

  const sections: Partial<Record<SectionName, string | string[]>> = {};
  const lines: Partial<SectionLines> = {};
  let ok = true;
  for (const h of heads) {
    const name = h.name as SectionName;
    if (!SECTION_NAMES.includes(name)) {
      issues.add(file, h.line, `unknown section "${h.name}" (expected ${SECTION_NAMES.join(" / ")})`);
      ok = false;
      continue;
    }
    if (sections[name] !== undefined) {
      issues.add(file, h.line, `section "${name}" appears twice`);
      ok = false;
      continue;
    }
    const raw = srcLines.slice(h.start, h.end);
    let lastContent = -1;
    raw.forEach((l, i) => {
      if (l.trim()) lastContent = i;
    });
    const content = raw.slice(0, lastContent + 1).join("\n").trim();
    lines[name] = { start: h.line, end: lastContent >= 0 ? h.start + lastContent + offset + 1 : h.line };
    const inner = tokens.slice(h.tokenFrom, h.tokenTo);
    if (name === "常见问法") {
      const qs = listItems(inner);
      sections[name] = qs;
      if (qs.length < MIN_QUESTIONS) {
        issues.add(file, h.line, `常见问法: needs at least ${MIN_QUESTIONS} bullet questions, found ${qs.length}`);
        ok = false;
      }
    } else if (name === "原文依据") {
      const quotes = blockquotes(inner);
      sections[name] = quotes.map((q) => q.text).join("\n");
      if (quotes.length === 0) {
        issues.add(file, h.line, "原文依据: needs the plan clause as a `>` blockquote");
        ok = false;
      }
      for (const q of quotes) {
        if (!isVerbatim(q.text, ctx.normalizedPlan)) {
          issues.add(file, q.line + offset + 1, `原文依据: not found verbatim in the plan: "${clip(q.text)}"`);
          ok = false;
        }
      }
    } else {
      sections[name] = content;
      if (!content) {
        issues.add(file, h.line, `section "${name}" is empty`);
        ok = false;
      }
    }
  }
  for (const name of SECTION_NAMES) {
    if (sections[name] === undefined && !heads.some((h) => h.name === name)) {
      issues.add(file, offset + 1, `missing section "## ${name}"`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  return { sections: sections as TopicCard["sections"], lines: lines as SectionLines };
}

type Tokens = ReturnType<typeof md.parse>;

function listItems(tokens: Tokens): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "list_item_open") depth++;
    else if (t.type === "list_item_close") depth--;
    else if (t.type === "inline" && depth === 1 && tokens[i - 1]?.type === "paragraph_open") {
      const s = t.content.trim();
      if (s) out.push(s);
    }
  }
  return out;
}

function blockquotes(tokens: Tokens): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let cur: { parts: string[]; line: number } | undefined;
  let depth = 0;
  for (const t of tokens) {
    if (t.type === "blockquote_open") {
      if (depth++ === 0) cur = { parts: [], line: t.map?.[0] ?? 0 };
    } else if (t.type === "blockquote_close") {
      if (--depth === 0 && cur) {
        const text = cur.parts.join("\n").trim();
        if (text) out.push({ text, line: cur.line });
        cur = undefined;
      }
    } else if (t.type === "inline" && cur) {
      cur.parts.push(t.content);
    }
  }
  return out;
}
