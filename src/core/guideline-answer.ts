// Amount, deadline, materials, portal and contact questions about a 专题, answered from the annual guideline that
// applies to it — quoted, cited with document, year and page — instead of "方案未规定". The guideline details the
// plan; it never replaces the plan's structure (the 专题 is still found from the plan). Named rules:
//   which-guideline: the year the question names, else the newest guideline in force for the 专题;
//   which-passage:   passages shaped like the fact asked for (an amount, a date, a list of materials, a web
//                    address, a phone number), most like the question first;
//   deadline-state:  a deadline before today is said to have passed.
import { findDates, isDeadline } from "../corpus/guidelines/find-dates.js";
import type { QuestionFlags } from "./frame/extract-asks.js";
import type { Chunk, Corpus, GuidelineDoc } from "./types.js";

export type DetailKind = NonNullable<QuestionFlags["unknownDetail"]>;

/**
 * What a passage stating each kind of fact looks like — its form, not its topic: the fact itself (an amount with
 * its unit, a date things are due by, a web address, a phone number, the word for the thing asked) is strong
 * evidence; words that go with it are weaker.
 */
const SHAPE: Record<DetailKind, { strong: (t: string) => boolean; weak?: RegExp }> = {
  amount: { strong: (t) => /\d+(?:\.\d+)?\s*(?:万元|亿元|千元|元|%|％)|百分之/.test(t), weak: /比例|标准|上限|最高|不超过/ },
  deadline: { strong: (t) => findDates(t).some((d, _, all) => isDeadline(t, d, all)), weak: /申报时间|受理时间|截止|截至/ },
  portal: { strong: (t) => /https?:\/\/|www\.|网址|网站|系统|平台/.test(t), weak: /登录|在线|网上|线上|流程|程序|步骤|受理/ },
  materials: { strong: (t) => /材料/.test(t), weak: /申报书|附件|证明|复印件|清单/ },
  contact: { strong: (t) => /电话|\d{3,4}[-－]\d{7,8}|(?<!\d)1\d{10}(?!\d)/.test(t), weak: /联系人|邮箱|@/ },
  rate: { strong: (t) => /名额|立项数|通过率/.test(t), weak: /评审|数量/ },
  count: { strong: (t) => /\d+\s*(?:个|家|项|名)/.test(t) },
};

function strength(detail: DetailKind, chunk: Chunk): number {
  const t = [...chunk.headingPath.slice(1), chunk.text].join(" ");
  const shape = SHAPE[detail];
  return shape.strong(t) ? 2 : shape.weak?.test(t) ? 1 : 0;
}

/** How many passages an answer quotes at most (a table's matching rows, or a paragraph and a row). */
const MAX_PASSAGES = 3;

export interface GuidelineFacts {
  doc: GuidelineDoc;
  chunks: Chunk[];
  /** The year named in the question, when it chose the guideline. */
  yearAsked?: number;
  /** Deadlines in the quoted passages (or the document's), with whether each has passed. */
  deadlines: { date: string; passed: boolean }[];
}

/** A year named in the question (2025年 / 2025年度 / 今年 is not a year). */
export function yearAsked(question: string): number | undefined {
  const dated = new Set(findDates(question).map((d) => d.start));
  for (const m of question.matchAll(/((?:19|20)\d{2})\s*年/g)) if (!dated.has(m.index!)) return Number(m[1]);
  return undefined;
}

/** Which guideline applies: the year asked for, else the newest in force. */
export function guidelineFor(corpus: Pick<Corpus, "guidelines">, topicId: number, year?: number): GuidelineDoc | undefined {
  const mine = corpus.guidelines.filter((g) => g.topicIds.includes(topicId));
  if (year !== undefined) return mine.find((g) => g.year === year);
  return mine.filter((g) => g.inForce).sort((a, b) => (b.year ?? 0) - (a.year ?? 0))[0];
}

/** Whether a retrieved guideline chunk may inform an answer to this question (older years only when asked). */
export function usableGuidelineChunk(chunk: Chunk, corpus: Pick<Corpus, "guidelines">, year?: number): boolean {
  if (chunk.kind !== "guideline") return true;
  const doc = corpus.guidelines.find((g) => g.docId === chunk.docId);
  if (!doc) return false;
  return year !== undefined ? doc.year === year : doc.inForce;
}

export function guidelineFacts(
  corpus: Pick<Corpus, "guidelines" | "chunks">,
  x: { topicId: number; detail: DetailKind; question: string; similarity: (text: string) => number; today: string },
): GuidelineFacts | undefined {
  const year = yearAsked(x.question);
  const doc = guidelineFor(corpus, x.topicId, year);
  if (!doc) return undefined;
  const own = corpus.chunks.filter((c) => c.docId === doc.docId && (c.topicId === undefined || c.topicId === x.topicId));
  const shaped = own.map((c, i) => ({ c, i, k: strength(x.detail, c) })).filter((p) => p.k > 0);
  if (shaped.length === 0) return undefined;
  const scored = shaped.map((p) => ({ ...p, s: x.similarity(p.c.text) })).sort((a, b) => b.k - a.k || b.s - a.s || a.i - b.i);
  const best = scored[0].s;
  // The passage most like the question, and any as like it (rows of one table the question fits equally), in
  // document order.
  const chunks = scored
    .filter((p) => p === scored[0] || (best > 0 && p.k === scored[0].k && p.s === best))
    .slice(0, MAX_PASSAGES)
    .sort((a, b) => a.i - b.i)
    .map((p) => p.c);
  return { doc, chunks, ...(year !== undefined && { yearAsked: year }), deadlines: deadlinesOf(doc, chunks, x.today) };
}

function deadlinesOf(doc: GuidelineDoc, chunks: readonly Chunk[], today: string): { date: string; passed: boolean }[] {
  const quoted = chunks.flatMap((c) => {
    const dates = findDates(c.text);
    return dates.filter((d) => isDeadline(c.text, d, dates)).map((d) => d.iso);
  });
  return [...new Set(quoted)].sort().map((date) => ({ date, passed: date < today }));
}

