// What a guideline document is: title, issuer, year, publication date, deadlines, the 专题 it concerns and whether
// it is in force. A sidecar `<name>.yaml` written by staff says so; whatever it leaves out is read from the
// document (ingest prints what was read, so staff can confirm it or correct it in the sidecar).
import { z } from "zod";
import type { GuidelineDoc, GuidelineFields } from "../../core/types.js";
import type { IssueList } from "../corpus-error.js";
import { nonEmpty, parseYamlFile } from "../validate-yaml.js";
import { findDates, isDeadline } from "./find-dates.js";
import type { GuidelineBlock, ParsedGuideline } from "./parse/types.js";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD, e.g. 2025-04-30")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s); // 2099-02-30 does not round-trip
  }, "is not a real date");

export const sidecarSchema = z
  .object({
    title: nonEmpty.optional(),
    issuer: nonEmpty.optional(),
    year: z.number().int().min(1990).max(2100).optional(),
    published: isoDate.optional(),
    deadlines: z.array(z.object({ date: isoDate, what: nonEmpty }).strict()).optional(),
    topics: z.array(z.number().int().min(1)).min(1, "needs at least one 专题 id").optional(),
    inForce: z.boolean().optional(),
  })
  .strict();

export type Sidecar = z.output<typeof sidecarSchema>;

/** Validates a sidecar; unknown 专题 ids are reported at their line. */
export function parseSidecar(text: string, file: string, topicIds: ReadonlySet<number>, issues: IssueList): Sidecar | undefined {
  const y = parseYamlFile(text, file, sidecarSchema, issues, {});
  if (!y) return undefined;
  y.data.topics?.forEach((id, i) => {
    if (!topicIds.has(id)) issues.add(file, y.lineOf(["topics", i]), `topics: the plan has no 专题${id}`);
  });
  return y.data;
}

export interface TopicName {
  id: number;
  name: string;
}

/** Fields read from the document itself; `inForce` is settled later, across all guidelines. */
export function detectFields(parsed: ParsedGuideline, stem: string, topics: readonly TopicName[]): Omit<GuidelineFields, "inForce"> {
  const blocks = parsed.blocks;
  const title = (parsed.title ?? blocks.find((b) => b.kind === "heading")?.text ?? blocks.find((b) => b.text.length <= 60)?.text ?? stem).trim();
  const published = detectPublished(blocks);
  const year = yearOf(title) ?? (published ? Number(published.slice(0, 4)) : undefined);
  return {
    title,
    ...(detectIssuer(title, blocks) && { issuer: detectIssuer(title, blocks) }),
    ...(year !== undefined && { year }),
    ...(published && { published }),
    deadlines: detectDeadlines(blocks),
    topicIds: detectTopics(title, blocks, topics),
  };
}

/** "2025年度…" names the year a guideline is for; a bare "2025年" in the title is the next best. */
function yearOf(title: string): number | undefined {
  const m = /((?:19|20)\d{2})\s*年度/.exec(title) ?? /((?:19|20)\d{2})\s*年/.exec(title);
  return m ? Number(m[1]) : undefined;
}

// A notice is signed off with its issuer and date at the end (落款); some state 发布日期 outright.
const PUBLISHED_CUE = /(发布|印发|公布|发文|成文)(日期|时间)?[:：\s]*$/;
const ISSUER_LINE = /^[\u4e00-\u9fa5（）()]{2,30}(局|委员会|委|办公室|办公厅|厅|政府|中心)$/;

function detectPublished(blocks: readonly GuidelineBlock[]): string | undefined {
  for (const b of blocks) {
    for (const d of findDates(b.text)) if (PUBLISHED_CUE.test(b.text.slice(0, d.start))) return d.iso;
  }
  // The sign-off: a short line that is nothing but a date, among the last lines.
  for (const b of [...blocks].reverse().slice(0, 6)) {
    const dates = findDates(b.text);
    if (dates.length === 1 && b.text.replace(dates[0].raw, "").replace(/[\s。.]/g, "").length === 0) return dates[0].iso;
  }
  return undefined;
}

function detectIssuer(title: string, blocks: readonly GuidelineBlock[]): string | undefined {
  const fromTitle = /^(.{2,30}?(局|委员会|办公室|办公厅|厅))关于/.exec(title)?.[1];
  if (fromTitle) return fromTitle;
  for (const b of [...blocks].reverse().slice(0, 6)) if (ISSUER_LINE.test(b.text.trim())) return b.text.trim();
  return undefined;
}

function detectDeadlines(blocks: readonly GuidelineBlock[]): { date: string; what: string }[] {
  const out = new Map<string, string>();
  for (const b of blocks) {
    const dates = findDates(b.text);
    for (const d of dates) {
      if (!isDeadline(b.text, d, dates) || out.has(d.iso)) continue;
      out.set(d.iso, sentenceAround(b.text, d.start));
    }
  }
  return [...out].map(([date, what]) => ({ date, what })).sort((a, b) => a.date.localeCompare(b.date));
}

function sentenceAround(text: string, at: number): string {
  const start = Math.max(...["。", "；", ";", "\n"].map((p) => text.lastIndexOf(p, at - 1))) + 1;
  const ends = ["。", "；", ";", "\n"].map((p) => text.indexOf(p, at)).filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : text.length;
  const s = text.slice(start, end).trim();
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/**
 * The 专题 a document concerns: those its title names (by name or 专题N), else every one its text names, most
 * named first. Names come from the plan's 专题, not from a list of our own.
 */
export function detectTopics(title: string, blocks: readonly GuidelineBlock[], topics: readonly TopicName[]): number[] {
  const inTitle = topicsNamed(title, topics);
  if (inTitle.size) return [...inTitle.keys()].sort((a, b) => a - b);
  const counts = topicsNamed(blocks.map((b) => b.text).join("\n"), topics);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
}

/** 专题 named in `text` (by their plan name or as 专题N), with how often. */
export function topicsNamed(text: string, topics: readonly TopicName[]): Map<number, number> {
  const found = new Map<number, number>();
  const ids = new Set(topics.map((t) => t.id));
  for (const m of text.matchAll(/专题\s*(\d{1,2})(?!\d)/g)) {
    const id = Number(m[1]);
    if (ids.has(id)) found.set(id, (found.get(id) ?? 0) + 1);
  }
  for (const t of topics) {
    const n = text.split(t.name).length - 1;
    if (n > 0) found.set(t.id, (found.get(t.id) ?? 0) + n);
  }
  return found;
}

/**
 * In force unless the sidecar says otherwise: the newest year's guideline for each of its 专题. An older year's
 * guideline answers only questions about that year.
 */
export function settleInForce(docs: (Omit<GuidelineDoc, "inForce"> & { inForce?: boolean })[]): GuidelineDoc[] {
  const newest = new Map<number, number>();
  for (const d of docs) {
    if (d.inForce === false || d.year === undefined) continue;
    for (const t of d.topicIds) newest.set(t, Math.max(newest.get(t) ?? 0, d.year));
  }
  return docs.map((d) => {
    if (d.inForce !== undefined) return d as GuidelineDoc;
    const inForce = d.year === undefined || d.topicIds.length === 0 || d.topicIds.some((t) => (newest.get(t) ?? 0) <= d.year!);
    return { ...d, inForce, detected: [...d.detected, "inForce"] };
  });
}
