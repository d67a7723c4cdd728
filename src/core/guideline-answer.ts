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

/**
 * A year named in the question: 2025年 / 2025年度, or the colloquial 24年 when 2024 is a year some guideline is for
 * (a two-digit number before 年 is otherwise a duration: 10年).
 */
export function yearAsked(question: string, knownYears: ReadonlySet<number> = new Set()): number | undefined {
  const dated = new Set(findDates(question).map((d) => d.start));
  // A year names a guideline when one is for it, or when the question says so (2023年度 / 2023年的指南); otherwise
  // it is the asker's own history ("我们2020年成立").
  for (const m of question.matchAll(/((?:19|20)\d{2})\s*年(度|的?(指南|通知|申报))?/g)) {
    if (!dated.has(m.index!) && (knownYears.has(Number(m[1])) || m[2])) return Number(m[1]);
  }
  for (const m of question.matchAll(/(?<!\d)(\d{2})\s*年(?!\d)/g)) if (knownYears.has(2000 + Number(m[1]))) return 2000 + Number(m[1]);
  return undefined;
}

// A corpus's guideline chunks by document, built once per corpus: a question reads one document, not 20k chunks.
const byDoc = new WeakMap<object, Map<string, Chunk[]>>();

/** The chunks of one guideline document, in document order. */
export function chunksOf(corpus: Pick<Corpus, "chunks">, docId: string): Chunk[] {
  let m = byDoc.get(corpus.chunks);
  if (!m) {
    m = new Map();
    for (const c of corpus.chunks) {
      if (c.kind !== "guideline") continue;
      const list = m.get(c.docId) ?? [];
      if (list.length === 0) m.set(c.docId, list);
      list.push(c);
    }
    byDoc.set(corpus.chunks, m);
  }
  return m.get(docId) ?? [];
}

/** The years the 专题's guidelines are for. */
export function guidelineYears(corpus: Pick<Corpus, "guidelines">, topicId: number): Set<number> {
  return new Set(corpus.guidelines.filter((g) => g.topicIds.includes(topicId) && g.year !== undefined).map((g) => g.year!));
}

/** Which guideline applies: the year asked for, else the newest in force. */
export function guidelineFor(corpus: Pick<Corpus, "guidelines">, topicId: number, year?: number): GuidelineDoc | undefined {
  return guidelinesFor(corpus, topicId, year)[0];
}

/**
 * The guidelines that may answer, best first: of the year asked, else those in force; the newest year, then the
 * latest published (a 补充通知 after the 指南 of the same year is asked first, the 指南 next).
 */
export function guidelinesFor(corpus: Pick<Corpus, "guidelines">, topicId: number, year?: number): GuidelineDoc[] {
  return corpus.guidelines
    .filter((g) => g.topicIds.includes(topicId) && (year !== undefined ? g.year === year : g.inForce))
    .sort((a, b) => Number(b.inForce) - Number(a.inForce) || (b.year ?? 0) - (a.year ?? 0) || (b.published ?? "").localeCompare(a.published ?? ""));
}

export interface FactQuestion {
  topicId: number;
  detail: DetailKind;
  question: string;
  /** The whole message, when the question is one part of it ("保费补助比例多少，封顶多少"): what it is about carries over. */
  message?: string;
  /** A text's lexical features (words and bigrams), as the question's are read. */
  featuresOf: (text: string) => string[];
  today: string;
  /** The levels of government a text names (国家级 / 省级 / 市级), from the scope knowledge. */
  levelsIn?: (text: string) => ReadonlySet<string>;
  /** The 专题's support items, from its card (贴息, 保费补助, 风险补偿). */
  supportItems?: readonly string[];
}

export function guidelineFacts(corpus: Pick<Corpus, "guidelines" | "chunks">, x: FactQuestion): GuidelineFacts | undefined {
  const year = yearAsked(x.question, guidelineYears(corpus, x.topicId));
  for (const doc of guidelinesFor(corpus, x.topicId, year)) {
    const facts = factsIn(corpus, doc, x, year);
    if (facts) return facts;
  }
  return undefined;
}

function factsIn(corpus: Pick<Corpus, "chunks">, doc: GuidelineDoc, x: FactQuestion, year: number | undefined): GuidelineFacts | undefined {
  const own = chunksOf(corpus, doc.docId).filter((c) => c.topicId === undefined || c.topicId === x.topicId);
  const itemsIn = (t: string) => (x.supportItems ?? []).filter((i) => t.includes(i));
  const askedItems = itemsIn(x.question).length ? itemsIn(x.question) : itemsIn(x.message ?? "");
  const askedLevels = x.levelsIn?.(x.question) ?? new Set<string>();
  const shaped = own
    .map((c, i) => ({ c, i, k: strength(x.detail, c) }))
    .filter((p) => p.k > 0)
    // about-the-item: an amount is per support item, so a question about one of the 专题's items (风险补偿) is
    // answered only by a passage about it; deadlines, materials and the portal are the whole guideline's.
    .filter((p) => x.detail !== "amount" || askedItems.length === 0 || askedItems.some((i) => p.c.text.includes(i)))
    // same-level: a row for another level of government (省级 when 市级 is asked) does not apply.
    .filter((p) => !x.levelsIn || askedLevels.size === 0 || !differentLevel(x.levelsIn(rowLabel(p.c) ?? ""), askedLevels));
  if (shaped.length === 0) return undefined;
  const asked = new Set([...x.featuresOf(x.question), ...(x.message && x.message !== x.question ? x.featuresOf(x.message) : [])]);
  const shared = (text: string) => x.featuresOf(text).filter((f) => asked.has(f)).length;
  const scored = shaped.map((p) => ({ ...p, s: shared(p.c.text) })).sort((a, b) => b.k - a.k || b.s - a.s || a.i - b.i);
  const top = scored[0];
  // The passage most like the question; with a table row, every row of that table whose label the question names
  // (贴息和保费补助分别…), else any passage exactly as like it. In document order.
  const sameTable = (c: Chunk) => c.place?.row !== undefined && c.place.table === top.c.place?.table && c.place.sheet === top.c.place?.sheet;
  const named = rowsNamed(own.filter(sameTable), asked, x.featuresOf);
  const together = scored.filter((p) =>
    p === top || (rowLabel(top.c) !== undefined ? named.has(p.c.id) : top.s > 0 && p.k === top.k && p.s === top.s),
  );
  const chunks = together.slice(0, MAX_PASSAGES).sort((a, b) => a.i - b.i).map((p) => p.c);
  return { doc, chunks, ...(year !== undefined && { yearAsked: year }), deadlines: deadlinesOf(doc, chunks, x.today) };
}

/** A table row's label: its first cell's value ("表1 补助标准｜支持事项：科技贷款贴息；…" → 科技贷款贴息). */
function rowLabel(chunk: Chunk): string | undefined {
  if (chunk.place?.row === undefined) return undefined;
  const cells = chunk.text.slice(chunk.text.indexOf("｜") + 1);
  const first = cells.split("；")[0] ?? "";
  return first.slice(first.indexOf("：") + 1) || undefined;
}

/** Rows whose label the question names by what sets it apart from the table's other labels (保费 of 科技保险保费补助). */
function rowsNamed(rows: readonly Chunk[], asked: ReadonlySet<string>, featuresOf: (t: string) => string[]): Set<string> {
  const labels = rows.map((c) => ({ id: c.id, f: new Set(featuresOf(rowLabel(c) ?? "")) }));
  const count = new Map<string, number>();
  for (const l of labels) for (const f of l.f) count.set(f, (count.get(f) ?? 0) + 1);
  return new Set(labels.filter((l) => [...l.f].some((f) => asked.has(f) && (count.get(f) ?? 0) < labels.length)).map((l) => l.id));
}

function differentLevel(rowLevels: ReadonlySet<string>, asked: ReadonlySet<string>): boolean {
  return rowLevels.size > 0 && ![...rowLevels].some((l) => asked.has(l));
}

function deadlinesOf(doc: GuidelineDoc, chunks: readonly Chunk[], today: string): { date: string; passed: boolean }[] {
  const quoted = chunks.flatMap((c) => {
    const dates = findDates(c.text);
    return dates.filter((d) => isDeadline(c.text, d, dates)).map((d) => d.iso);
  });
  return [...new Set(quoted)].sort().map((date) => ({ date, passed: date < today }));
}

