// How a citation is named for people: 《武汉市科技计划体系改革优化方案》 › 二、(四) › 专题14：科技金融计划. Numbered
// headings above the clause shrink to their numbers; the clause's own heading is given whole. English answers get
// the same path from the plan's English headings, and the quote's unofficial English rendering.
import type { Chunk, Citation, Corpus } from "./types.js";
import { renderEnglish } from "../corpus/load-plan-en.js";
import { normalizeForQuote } from "../corpus/verbatim.js";

const ZH_NUMBER = /^((?:[一二三四五六七八九十]+、)|(?:[(（][一二三四五六七八九十]+[)）]))/;
const EN_NUMBER = /^((?:[IVXLC]+\.)|(?:\([ivxlc]+\)))\s*/;

export const TRANSLATION_NOTE = "Unofficial translation; the Chinese original prevails.";

export function citationLabel(chunk: Chunk, lang: "zh" | "en" = "zh", corpus?: Pick<Corpus, "planEn">): string {
  const path = chunk.headingPath;
  if (chunk.kind === "guideline") return guidelineLabel(chunk, lang);
  if (chunk.kind === "card") {
    const [, title, section] = path;
    return lang === "en" ? `Topic card › ${title ?? chunk.docId}${section ? ` › ${section}` : ""}` : `专题说明 › ${[title, section].filter(Boolean).join(" › ")}`;
  }
  if (path.length === 0) return lang === "en" ? "The plan" : "《武汉市科技计划体系改革优化方案》";
  const en = (h: string) => (lang === "en" ? corpus?.planEn.headings.get(normalizeForQuote(h)) : undefined);
  const [doc, ...rest] = path;
  const last = rest.pop();
  const numbers: string[] = [];
  const named: string[] = [];
  for (const h of rest) {
    const e = en(h);
    const n = e ? EN_NUMBER.exec(e)?.[1] : ZH_NUMBER.exec(h)?.[1];
    if (n && named.length === 0) numbers.push(n);
    else named.push(e ?? h);
  }
  const title = lang === "en" ? (en(doc) ?? doc) : `《${doc}》`;
  const lastText = last === undefined ? undefined : (en(last) ?? last).replace(/^(专题\d+):/, "$1：");
  return [title, numbers.join(lang === "en" ? " " : ""), ...named, lastText].filter((s): s is string => !!s).join(" › ");
}

/** English answers: label from the English headings, and the quote's rendering where the plan has one. */
export function inEnglish(c: Citation, chunk: Chunk | undefined, corpus: Pick<Corpus, "planEn">): Citation {
  const label = chunk ? citationLabel(chunk, "en", corpus) : c.label;
  const text = renderEnglish(c.quote, corpus.planEn);
  return { ...c, label, ...(text && { translation: { text, note: TRANSLATION_NOTE } }) };
}

/** 《2025年度科技金融计划申报指南》第3页 表2 第4行 › 三、申报条件 (the document's own headings stay as written). */
function guidelineLabel(chunk: Chunk, lang: "zh" | "en"): string {
  const [doc, ...rest] = chunk.headingPath;
  const p = chunk.place ?? {};
  const en = lang === "en";
  const where = [
    p.page !== undefined ? (en ? `p. ${p.page}${p.pageEnd ? `–${p.pageEnd}` : ""}` : `第${p.page}${p.pageEnd ? `–${p.pageEnd}` : ""}页`) : "",
    p.sheet !== undefined ? (en ? `sheet “${p.sheet}”` : `工作表「${p.sheet}」`) : "",
    p.table !== undefined && p.sheet === undefined ? (en ? `table ${p.table}` : `表${p.table}`) : "",
    p.row !== undefined ? (en ? `row ${p.row}` : `第${p.row}行`) : "",
  ].filter(Boolean);
  return [`《${doc ?? chunk.docId}》${where.length ? (en ? ` ${where.join(", ")}` : where.join(" ")) : ""}`, ...rest].join(" › ");
}

/** Where a chunk is in its file, for JSON and staff: file:line for plan and cards, file#page=3&table=2&row=4 for guidelines. */
export function citationSource(chunk: Chunk): string {
  if (chunk.kind !== "guideline") return `${chunk.file}:${chunk.lineStart}-${chunk.lineEnd}`;
  const p = chunk.place ?? {};
  const parts = Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `${chunk.file}#${parts.join("&")}` : chunk.file;
}
