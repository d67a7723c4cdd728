// The grounded (template/extractive) composer: turns a decision into Markdown from cards, plan
// clauses and the staff-edited templates. Every quote it prints is a citation it returns.
import type { Chunk, Citation, Corpus, TopicCard, Verdict } from "./types.js";
import { shownChecks, type ConditionCheck, type EligibilityResult } from "./eligibility.js";
import type { QuestionFlags } from "./frame/extract-asks.js";
import { listEn, topicNameEn, type NamesEn } from "./names.js";
import { render, type Templates } from "./templates.js";
import { citationLabel, citationSource } from "./citation-label.js";
import { enDate, zhDate } from "../corpus/guidelines/find-dates.js";
import type { GuidelineFacts } from "./guideline-answer.js";

export interface Composed {
  answer: string;
  citations: Citation[];
  verdict?: Verdict;
  followUp?: string;
}

export interface ComposeContext {
  corpus: Corpus;
  lang: "zh" | "en";
  templates: Templates;
  names: NamesEn;
}

/** Render a template with the counts every template may use ({{topicCount}}, {{programCount}}) from the corpus. */
export function renderIn(ctx: ComposeContext, name: string, vars: Record<string, string | number | undefined> = {}): string {
  return render(ctx.templates, name, { topicCount: ctx.corpus.topics.length, programCount: ctx.corpus.vocabulary.programs.length, ...vars });
}

export function citationFor(chunk: Chunk, quote?: string): Citation {
  return {
    id: chunk.id,
    title: chunk.headingPath.length ? chunk.headingPath.join(" › ") : chunk.docId,
    label: citationLabel(chunk),
    source: citationSource(chunk),
    ...(chunk.place && { place: chunk.place }),
    quote: quote ?? chunk.text,
  };
}

/** The plan chunk that holds a 专题's clause (falls back to the card's 原文依据 chunk). */
export function clauseChunk(corpus: Corpus, topicId: number): Chunk | undefined {
  return (
    corpus.chunks.find((c) => c.kind === "plan" && c.topicId === topicId) ??
    corpus.chunks.find((c) => c.kind === "card" && c.topicId === topicId && c.section === "原文依据")
  );
}

/** First plan chunk whose heading path matches. */
export function planChunkByHeading(corpus: Corpus, re: RegExp): Chunk | undefined {
  return corpus.chunks.find((c) => c.kind === "plan" && c.headingPath.some((h) => re.test(h)));
}

const clean = (s: string) => s.replace(/\s+/g, " ").trim();
const oneLine = (s: string) =>
  clean(
    s
      .replace(/^[-*]\s+/gm, "")
      .split(/\n+/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l, i, all) => (i < all.length - 1 && !/[。；;！？!?]$/.test(l) ? l + "；" : l))
      .join(""),
  );

function topicVars(ctx: ComposeContext, card: TopicCard) {
  const en = ctx.lang === "en";
  return {
    id: card.id,
    name: card.name,
    nameEn: topicNameEn(ctx.names, card.id, card.name),
    program: card.program,
    programEn: ctx.names.programs[card.program] ?? card.program,
    programTheme: card.programTheme,
    who: en ? listEn(ctx.names.applicants, card.applicants) : oneLine(card.sections.支持对象),
    what: en ? "" : oneLine(card.sections.支持内容),
    how: en ? listEn(ctx.names.supportModes, card.supportModes) : oneLine(card.sections.支持方式),
    duration: card.duration ?? "",
    quote: clean(card.sections.原文依据),
    note: renderIn(ctx, "note", {}),
  };
}

function topicCitation(ctx: ComposeContext, card: TopicCard): Citation[] {
  const chunk = clauseChunk(ctx.corpus, card.id);
  return chunk ? [citationFor(chunk, clean(card.sections.原文依据))] : [];
}

function alternativesLine(ctx: ComposeContext, alts: TopicCard[]): string {
  if (alts.length === 0) return "";
  const list = alts
    .map((c) => (ctx.lang === "en" ? `Topic ${c.id} ${topicNameEn(ctx.names, c.id, c.name)} (${c.name})` : `专题${c.id}「${c.name}」`))
    .join(ctx.lang === "en" ? "; " : "；");
  return renderIn(ctx, "alternatives", { list });
}

export function composeTopic(ctx: ComposeContext, card: TopicCard, alts: TopicCard[], flags: QuestionFlags): Composed {
  const vars = { ...topicVars(ctx, card), alternatives: alternativesLine(ctx, alts) };
  let name = "topic";
  if (flags.duration) name = card.duration ? "topic_focus_duration" : "topic_focus_duration_none";
  else if (flags.how && !flags.who) name = "topic_focus_how";
  else if (flags.who && !flags.how) name = "topic_focus_who";
  return { answer: renderIn(ctx, name, vars), citations: topicCitation(ctx, card) };
}

const DETAIL_ZH: Record<NonNullable<QuestionFlags["unknownDetail"]>, string> = {
  amount: "资助金额、比例或上限",
  deadline: "申报时间或截止日期",
  portal: "申报渠道、网址和流程",
  materials: "申报材料",
  contact: "联系人和联系电话",
  rate: "立项数量、通过率或评审细则",
  count: "数量",
};
const DETAIL_EN: Record<NonNullable<QuestionFlags["unknownDetail"]>, string> = {
  amount: "funding amount, ratio or cap",
  deadline: "application dates or deadline",
  portal: "where and how to apply",
  materials: "required documents",
  contact: "contact person and phone number",
  rate: "number of awards, success rate or review criteria",
  count: "numbers",
};

export function composeUnknownDetail(
  ctx: ComposeContext,
  detail: NonNullable<QuestionFlags["unknownDetail"]>,
  card?: TopicCard,
  /** The title of the guideline in force for the 专题, when there is one and it does not state this either. */
  silentGuideline?: string,
): Composed {
  const what = ctx.lang === "en" ? DETAIL_EN[detail] : DETAIL_ZH[detail];
  if (!card) return { answer: renderIn(ctx, "unknown_detail", { what }), citations: [] };
  const silent = silentGuideline ? renderIn(ctx, "guideline_silent", { doc: silentGuideline, what }) : "";
  return {
    answer: renderIn(ctx, "unknown_detail_topic", { ...topicVars(ctx, card), what, silent }),
    citations: topicCitation(ctx, card),
  };
}

/** A guideline's passages for an amount / deadline / materials / portal / contact question, quoted and cited. */
export function composeGuidelineDetail(ctx: ComposeContext, card: TopicCard, facts: GuidelineFacts, detail: NonNullable<QuestionFlags["unknownDetail"]>): Composed {
  const en = ctx.lang === "en";
  const what = en ? DETAIL_EN[detail] : DETAIL_ZH[detail];
  const passages = facts.chunks.map((c) => `> ${c.text.replace(/\n+/g, " ")}`).join("\n>\n");
  const last = facts.deadlines.at(-1);
  const deadline =
    detail === "deadline" && last
      ? renderIn(ctx, last.passed ? "guideline_deadline_passed" : "guideline_deadline_open", { date: en ? enDate(last.date) : zhDate(last.date) })
      : "";
  const older = facts.yearAsked !== undefined && !facts.doc.inForce ? renderIn(ctx, "guideline_older", { year: facts.doc.year }) : "";
  return {
    answer: renderIn(ctx, "guideline_detail", { ...topicVars(ctx, card), what, doc: facts.chunks[0]?.headingPath[0] ?? facts.doc.title, passages, deadline, older }),
    citations: facts.chunks.map((c) => citationFor(c, c.text)),
  };
}

export function composeEligibility(
  ctx: ComposeContext,
  card: TopicCard,
  result: EligibilityResult,
  alts: TopicCard[],
  asker: string[] = [],
): Composed {
  const en = ctx.lang === "en";
  const mark = { met: en ? "✓ met" : "✓ 符合", not_met: en ? "✗ not met" : "✗ 不符合", unknown: en ? "? unknown" : "？ 待确认" };
  const shown = shownChecks(result);
  const caveats = result.caveats.map((c) => `- ${mark.unknown}：${c}`);
  const reasons = shown.length || caveats.length
    ? [...shown.map((c) => `- ${mark[c.state]}：${c.requirement.text}（${c.why}）`), ...caveats].join("\n")
    : en
      ? `- Applicants named in the plan: ${listEn(ctx.names.applicants, card.applicants)}`
      : `- 方案所述支持对象：${card.applicants.join("、")}`;
  // Ask only what would settle it: a point the plan is silent on cannot be settled by the asker.
  const followUp =
    result.verdict === "uncertain" && (result.missing || result.caveats.length === 0)
      ? result.missing?.ask ?? (en ? "What kind of organisation are you (company, university, hospital…)?" : "请问贵单位是什么类型（企业、高校、科研院所、医院……）？")
      : undefined;
  // Quote the clauses the checks rely on (all verbatim plan substrings) plus the whole 专题 clause.
  const quote = clean(card.sections.原文依据);
  // The first sentence answers the question: what the 专题 supports that the asker meets, what rules it out, or
  // what is still open. The clarifying question itself travels in `followUp`, shown once by each channel.
  const first = (state: ConditionCheck["state"]) => shown.find((c) => c.state === state);
  const applicantsList = en ? listEn(ctx.names.applicants, card.applicants) : card.applicants.join("、");
  const met = shown.filter((c) => c.state === "met").map((c) => c.requirement.text);
  const open = first("unknown");
  const answer = renderIn(ctx, result.verdict, {
    ...topicVars(ctx, card),
    reasons,
    quote,
    applicantsList,
    askerList: asker.length ? listEn(ctx.names.applicants, asker) : "the applicant you describe",
    metText: met.length ? met.join("；") : applicantsList,
    notMetWhy: first("not_met")?.why ?? (en ? "" : `您不在其列`),
    openText: open ? `方案要求「${open.requirement.text.replace(/[。；;]$/, "")}」，${open.why}` : (result.caveats[0] ?? "方案对此未作规定"),
    alternatives: result.verdict === "ineligible" ? alternativesLine(ctx, alts) : "",
  });
  return { answer, citations: topicCitation(ctx, card), verdict: result.verdict, followUp };
}

export function composeListTopics(ctx: ComposeContext): Composed {
  const en = ctx.lang === "en";
  const programs = [...ctx.corpus.vocabulary.programs].sort((a, b) => a.order - b.order);
  const list = programs
    .map((p) => {
      const topics = ctx.corpus.topics.filter((t) => t.program === p.name).sort((a, b) => a.id - b.id);
      const head = en ? `**${ctx.names.programs[p.name] ?? p.name} (${p.name})**` : `**${p.name}**（${p.theme}）`;
      const items = topics.map((t) => (en ? `- Topic ${t.id} ${topicNameEn(ctx.names, t.id, t.name)} (${t.name})` : `- 专题${t.id}「${t.name}」`));
      return [head, ...items].join("\n");
    })
    .join("\n\n");
  const chunk = planChunkByHeading(ctx.corpus, /科技计划体系设置/);
  return { answer: renderIn(ctx, "list_topics", { list }), citations: chunk ? [citationFor(chunk)] : [] };
}

export function composeProgramOverview(ctx: ComposeContext, program?: string): Composed {
  const en = ctx.lang === "en";
  const chunk = planChunkByHeading(ctx.corpus, /科技计划体系设置/);
  const citations = chunk ? [citationFor(chunk)] : [];
  const topicsOf = (p: string) => ctx.corpus.topics.filter((t) => t.program === p).sort((a, b) => a.id - b.id);
  if (program) {
    const p = ctx.corpus.vocabulary.programs.find((x) => x.name === program)!;
    const list = topicsOf(program)
      .map((t) => (en ? `- Topic ${t.id} ${topicNameEn(ctx.names, t.id, t.name)} (${t.name})` : `- 专题${t.id}「${t.name}」：${t.summary}`))
      .join("\n");
    const extra = topicsOf(program).map((t) => clauseChunk(ctx.corpus, t.id)).filter((c): c is Chunk => !!c).map((c) => citationFor(c));
    return {
      answer: renderIn(ctx, "program_topics", { program, programEn: ctx.names.programs[program] ?? program, theme: p.theme, list }),
      citations: [...citations, ...extra],
    };
  }
  const list = [...ctx.corpus.vocabulary.programs]
    .sort((a, b) => a.order - b.order)
    .map((p) => {
      const ids = topicsOf(p.name).map((t) => (en ? `${t.id}` : `专题${t.id}「${t.name}」`));
      return en
        ? `- **${ctx.names.programs[p.name] ?? p.name} (${p.name})** — ${p.theme}; topics ${ids.join(", ")}`
        : `- **${p.name}**（${p.theme}）：${ids.join("、")}`;
    })
    .join("\n");
  return { answer: renderIn(ctx, "program_overview", { list, quote: chunk ? clean(chunk.text).slice(0, 200) : "" }), citations };
}

/** Answers about the document itself (issuer, date, meeting, effective date, basis, purpose). */
export function composeMeta(ctx: ComposeContext, kind: NonNullable<QuestionFlags["meta"]>): Composed {
  const m = ctx.corpus.plan.meta;
  const en = ctx.lang === "en";
  const notice = planChunkByHeading(ctx.corpus, /印发通知/);
  const effective = ctx.corpus.chunks.find((c) => c.kind === "plan" && c.text.includes("自印发之日起"));
  const preface = planChunkByHeading(ctx.corpus, /前言/);
  const purpose = planChunkByHeading(ctx.corpus, /总体思路/);
  const dateZh = m.issued.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y: string, mo: string, d: string) => `${y}年${Number(mo)}月${Number(d)}日`);
  const pick = (chunk: Chunk | undefined, re: RegExp): { c?: Chunk; quote: string } => {
    if (!chunk) return { quote: "" };
    const sentence = chunk.text.split(/(?<=[。])/).find((s) => re.test(s)) ?? chunk.text;
    return { c: chunk, quote: clean(sentence) };
  };
  let text: string;
  let src: { c?: Chunk; quote: string };
  switch (kind) {
    case "issuer":
      src = pick(notice, /局长办公会|印发/);
      text = en
        ? `The plan was issued by the **Wuhan Municipal Science and Technology Bureau (${m.issuer})** on ${dateZh} (${m.issued}).`
        : `本方案由**${m.issuer}**印发（${m.noticeTitle ?? m.title}），印发日期为${dateZh}。`;
      src = notice ? { c: notice, quote: clean(notice.text) } : src;
      break;
    case "date":
      src = notice ? { c: notice, quote: clean(notice.text) } : { quote: "" };
      text = en ? `The plan was issued on **${dateZh} (${m.issued})** by ${m.issuer}.` : `本方案的印发日期为**${dateZh}**（${m.issuer}）。`;
      break;
    case "meeting":
      src = pick(notice, /局长办公会/);
      text = en ? `It was approved at the **${m.approvedBy}** (the bureau's director's office meeting).` : `本方案已经**${m.approvedBy}**审议通过。`;
      break;
    case "effective":
      src = pick(effective, /自印发之日起/);
      text = en ? `The plan takes effect **from the date of issue (${m.effective})**, i.e. ${dateZh}.` : `本方案**${m.effective}**生效（印发日期为${dateZh}）。`;
      if (notice) return finishMeta(ctx, text, src, notice);
      break;
    case "basis":
      src = preface ? { c: preface, quote: clean(preface.text) } : { quote: "" };
      text = en
        ? "The plan implements three higher-level documents listed in its preamble (quoted below)."
        : "方案开篇说明，本方案是为落实以下文件要求而制定的（见原文）。";
      break;
    case "purpose":
      src = purpose ? { c: purpose, quote: clean(purpose.text) } : { quote: "" };
      text = en ? "The plan's overall approach (总体思路) is quoted below." : "方案的**总体思路**如下（原文）：";
      break;
  }
  return finishMeta(ctx, text, src);
}

function finishMeta(ctx: ComposeContext, text: string, src: { c?: Chunk; quote: string }, extra?: Chunk): Composed {
  const citations = src.c ? [citationFor(src.c, src.quote)] : [];
  if (extra && extra.id !== src.c?.id) citations.push(citationFor(extra));
  return { answer: renderIn(ctx, "meta", { text, quote: src.quote }), citations };
}

/** Extractive fact answer: the sentences of the best plan chunks that share the most with the question. */
export function composeFact(ctx: ComposeContext, chunks: Chunk[], scoreSentence: (s: string) => number, lead?: string): Composed | undefined {
  let best: { chunk: Chunk; sentence: string; score: number } | undefined;
  for (const chunk of chunks) {
    if (chunk.kind !== "plan") continue;
    for (const sentence of chunk.text.split(/(?<=[。；;])/)) {
      const s = clean(sentence);
      if (s.length < 6) continue;
      const score = scoreSentence(s);
      if (!best || score > best.score) best = { chunk, sentence: s, score };
    }
  }
  if (!best || best.score <= 0) return undefined;
  const heading = best.chunk.headingPath.at(-1) ?? "";
  const text =
    lead ??
    (ctx.lang === "en" ? `The plan says (in ${heading}):` : `方案在「${heading}」中写道：`);
  return { answer: renderIn(ctx, "fact", { text, quote: best.sentence }), citations: [citationFor(best.chunk, best.sentence)] };
}

export function composeSimple(ctx: ComposeContext, name: string, vars: Record<string, string> = {}): Composed {
  return { answer: renderIn(ctx, name, vars), citations: [] };
}

/** Two or three 专题 side by side: who, how, and the card's own note on how to tell them apart. */
export function composeCompare(ctx: ComposeContext, cards: TopicCard[]): Composed {
  const blocks = cards.map((card) => {
    const v = topicVars(ctx, card);
    return renderIn(ctx, "compare_item", { ...v, confusion: ctx.lang === "en" ? "" : oneLine(card.sections.不适用或易混淆) });
  });
  return {
    answer: renderIn(ctx, "compare", { items: blocks.join("\n\n"), note: renderIn(ctx, "note", {}) }),
    citations: cards.flatMap((c) => topicCitation(ctx, c)),
  };
}
