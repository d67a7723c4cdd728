// Heading-aware chunking. Plan: paragraphs grouped under their leaf heading, never cutting a 专题 clause
// and splitting an over-long paragraph only at a sentence end (。；). Cards: one chunk per section.
import MarkdownIt from "markdown-it";
import type { Chunk, TopicCard } from "../core/types.js";
import { SECTION_NAMES, type SectionLines } from "./parse-card.js";
import { TOPIC_HEADING } from "./parse-plan.js";

/** Bump when chunk boundaries or texts change, so saved indexes are rebuilt. */
export const CHUNKER_VERSION = 1;
/** A paragraph group is closed once it would pass this many characters. */
export const MAX_CHUNK_CHARS = 500;

const md = new MarkdownIt();

export interface PlanSource {
  body: string;
  bodyLineOffset: number;
  file: string;
}

interface Para {
  text: string;
  start: number; // 1-based file line
  end: number;
}

export function chunkPlan(plan: PlanSource, maxChars = MAX_CHUNK_CHARS): Chunk[] {
  const tokens = md.parse(plan.body, {});
  const chunks: Chunk[] = [];
  const path: { level: number; text: string }[] = [];
  let group: Para[] = [];
  let groupPath: string[] = [];

  const flush = () => {
    if (group.length === 0) return;
    const topicId = topicOf(groupPath);
    chunks.push({
      id: `plan#${chunks.length}`,
      docId: "plan",
      kind: "plan",
      ...(topicId !== undefined ? { topicId } : {}),
      headingPath: groupPath,
      text: group.map((p) => p.text).join("\n"),
      file: plan.file,
      lineStart: group[0].start,
      lineEnd: group[group.length - 1].end,
    });
    group = [];
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "heading_open") {
      flush();
      const level = Number(t.tag.slice(1));
      while (path.length && path[path.length - 1].level >= level) path.pop();
      path.push({ level, text: tokens[i + 1].content.trim() });
      groupPath = path.map((p) => p.text);
      continue;
    }
    if (t.type !== "inline" || tokens[i - 1]?.type === "heading_open") continue;
    const text = t.content.trim();
    if (!text) continue;
    const [a, b] = t.map ?? [0, 1];
    const para: Para = { text, start: a + plan.bodyLineOffset + 1, end: b + plan.bodyLineOffset };
    for (const piece of splitSentences(para, maxChars)) {
      const size = group.reduce((n, p) => n + p.text.length + 1, 0);
      if (group.length && size + piece.text.length > maxChars) flush();
      group.push(piece);
    }
  }
  flush();
  return chunks;
}

/** The 专题 number of the nearest 专题 heading in a heading path. */
function topicOf(headingPath: string[]): number | undefined {
  for (let i = headingPath.length - 1; i >= 0; i--) {
    const m = TOPIC_HEADING.exec(headingPath[i]);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** Splits a paragraph longer than maxChars at sentence ends only; a sentence itself is never cut. */
export function splitSentences(para: Para, maxChars: number): Para[] {
  if (para.text.length <= maxChars) return [para];
  const sentences = para.text.match(/[^。；;！？!?]+[。；;！？!?]*/g) ?? [para.text];
  const out: Para[] = [];
  let cur = "";
  for (const s of sentences) {
    if (cur && cur.length + s.length > maxChars) {
      out.push({ ...para, text: cur });
      cur = "";
    }
    cur += s;
  }
  if (cur) out.push({ ...para, text: cur });
  return out;
}

/** "专题14 科技金融计划" — the self-describing prefix of every card chunk. */
export function cardTitle(card: Pick<TopicCard, "id" | "name">): string {
  return `专题${card.id} ${card.name}`;
}

export function chunkCard(card: TopicCard, lines: SectionLines, overview?: { start: number; end: number }): Chunk[] {
  const docId = `topic-${String(card.id).padStart(2, "0")}`;
  const title = cardTitle(card);
  const base = { docId, kind: "card" as const, topicId: card.id, program: card.program, file: card.file };
  const chunks: Chunk[] = [];
  // An overview chunk carries what only the frontmatter says (aliases, summary), which people search by.
  chunks.push({
    ...base,
    id: `${docId}#0`,
    headingPath: [card.program, title, "概要"],
    section: "概要",
    text: [
      `${title} · 概要`,
      `${card.program}（${card.programTheme}）`,
      card.summary,
      card.aliases.length ? `别称：${card.aliases.join("、")}` : "",
      card.duration ? `支持期限：${card.duration}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    lineStart: overview?.start ?? 1,
    lineEnd: overview?.end ?? 1,
  });
  for (const name of SECTION_NAMES) {
    const value = card.sections[name];
    const body = Array.isArray(value) ? value.map((q) => `- ${q}`).join("\n") : value;
    chunks.push({
      ...base,
      id: `${docId}#${chunks.length}`,
      headingPath: [card.program, title, name],
      section: name,
      text: `${title} · ${name}\n${body}`,
      file: card.file,
      lineStart: lines[name].start,
      lineEnd: lines[name].end,
    });
  }
  return chunks;
}

/** The text that is embedded and keyword-indexed: plan chunks get their heading path in front. */
export function indexText(chunk: Chunk): string {
  if (chunk.kind === "card") return chunk.text;
  return `${chunk.headingPath.join(" › ")}\n${chunk.text}`;
}
