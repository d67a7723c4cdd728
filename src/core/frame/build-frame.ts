// The typed question frame: every extractor's reading of one question, in one place. The decision rules
// (decision-rules.ts) read only the frame; `npm run ask -- --explain` prints it.
import { splitClauses, requestClauses, type Clause } from "./clauses.js";
import { extractAsks, type QuestionFlags } from "./extract-asks.js";
import { extractAsker, type AskerFacts, type PartnerFact } from "./extract-asker.js";
import { extractInjection, type InjectionFacts } from "./extract-injection.js";
import { extractPlaces, type PlaceFacts } from "./extract-places.js";
import { extractScope, type ScopeFacts } from "./extract-scope.js";
import { extractTopicRefs, type TopicRef } from "./extract-topic-refs.js";
import type { FrameLexicon } from "./frame-lexicon.js";

export interface QuestionFrame {
  /** The question as read (for English: its Chinese rendering). */
  text: string;
  lang: "zh" | "en";
  clauses: Clause[];
  asks: QuestionFlags;
  asker: AskerFacts;
  partners: PartnerFact[];
  places: PlaceFacts;
  scope: ScopeFacts;
  topicRefs: TopicRef[];
  /** What the ranker reads: the question without the asker's own location, origin and other governments'
   * programme names, plus the plan's words for where its partners are. */
  rankText: string;
  /** Like rankText, with the asker's own type words removed too: a self-description names no 专题. */
  nameText: string;
  /** Like rankText, without what the asker says of itself: what is left asks about something. */
  factFreeText: string;
  /** The clauses that ask something. */
  request: string;
  /** Plan terms derived from where the asker's partners and work are ("国际科技合作" for a partner abroad). */
  derived: string[];
}

export interface FrameDeps {
  lex: FrameLexicon;
  planText: string;
  /** Whether a piece of text is evidence of a 专题 on its own. */
  hasTopicEvidence(text: string): boolean;
  /** Whether [start, end) of `text` lies inside a 专题 name or alias. */
  insideName(text: string, start: number, end: number): boolean;
}

const mask = (text: string, spans: { start: number; end: number }[]) => {
  let out = text;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + " ".repeat(s.end - s.start) + out.slice(s.end);
  return out;
};

/**
 * The frame of one question. `context` is the rest of the message (asker facts stated elsewhere in it); for an
 * English question `text` is its Chinese reading and `original` the English, whose question patterns count too.
 */
export function buildFrame(text: string, lang: "zh" | "en", deps: FrameDeps, context = text, original?: string): QuestionFrame {
  const { lex } = deps;
  const clauses = splitClauses(text);
  const asks = original ? mergeAsks(extractAsks(text), extractAsks(original)) : extractAsks(text);
  const whole = context === text ? clauses : splitClauses(context);
  const { asker, partners } = extractAsker(context, whole, lex, deps.insideName);
  const places = extractPlaces(text, clauses, lex, deps.insideName);
  const placeSpans = [
    ...(places.location ? [places.location] : []), ...places.partners, ...places.activity, ...places.incidental,
    ...(places.otherGovernment ? [places.otherGovernment] : []),
  ];
  const scope = extractScope(
    {
      text, clauses, planText: deps.planText, otherGovernment: places.otherGovernment, hasTopicEvidence: deps.hasTopicEvidence, places: placeSpans,
      typeSpans: lex.types.findAll(text),
      english: lang === "en",
    },
    lex,
  );
  const topicRefs = extractTopicRefs(text);

  // A place mentioned in passing is no 专题 evidence, unless it is part of a plan name ("光谷科创大走廊").
  const incidental = places.incidental;
  const own = [
    ...(places.location ? [places.location] : []),
    ...incidental,
    ...scope.external,
    ...(context === text && asker.ownership ? [asker.ownership] : []),
  ];
  const pointers: string[] = [];
  const regions = lex.knowledge.regions;
  for (const p of places.partners) {
    if (p.place.abroad) pointers.push(regions.abroad.planTerm);
    for (const g of p.place.groupings) {
      const planTerm = regions.groupings.find((x) => x.name === g)?.planTerm;
      if (planTerm && !p.place.home) pointers.push(planTerm);
    }
  }
  // Work abroad ("在新加坡设研发据点"), or a foreign asker working with a partner here, is cooperation abroad;
  // work in a place of one of the plan's groupings ("派技术人员去新疆博乐援助") points to that grouping.
  if (places.activity.some((p) => p.place.abroad)) pointers.push(regions.abroad.planTerm);
  for (const p of [...places.activity, ...places.incidental]) {
    if (p.place.home) continue;
    for (const g of p.place.groupings) {
      const planTerm = regions.groupings.find((x) => x.name === g)?.planTerm;
      if (planTerm) pointers.push(planTerm);
    }
  }
  const foreignAsker = asker.ownership?.ownership === "外资" || places.location?.place.abroad;
  if (foreignAsker && (partners.length > 0 || places.partners.length > 0)) pointers.push(regions.abroad.planTerm);
  for (const item of scope.inScope) pointers.push(item.name);
  // A status the asker holds at the level one of the plan's own national-level items turns on ("获得了国家级的科学奖励").
  for (const s of asker.statuses) {
    if (s.role.negated || s.role.certainty !== "stated") continue;
    for (const item of lex.knowledge.scope.inScope) {
      if (item.status?.status === s.status && (!item.status.level || item.status.level === s.level)) pointers.push(item.name);
    }
  }
  // What is denied is no evidence of a 专题 ("我们其实没跟国外机构合作" is not about international cooperation).
  const denied = negatedTails(text);
  const rankText = [mask(text, [...own, ...denied]), ...new Set(pointers)].join(" ");
  const same = context === text;
  // The asker's self-description names no 专题: its own type, and what it sits in or belongs to ("孵化器里的公司").
  const selfTypes = same ? [...asker.types.filter((t) => t.role.certainty === "stated" && t.self), ...asker.affiliateTypes] : [];
  // A 专项's name holds 专题 words ("科技成果转化专项" is not 专题13's "科技成果转化").
  const programmeNames = lex.knowledge.vocabulary.programs.flatMap((p) => occurrences(text, p.name));
  const nameText = [mask(text, [...own, ...denied, ...selfTypes, ...programmeNames]), ...new Set(pointers)].join(" ");
  const facts = same
    ? [...asker.types, ...asker.negatedTypes, ...asker.questionedTypes, ...asker.affiliateTypes, ...asker.statuses, ...asker.needs,
       ...(asker.lead ? [asker.lead] : []), ...(asker.sector ? [asker.sector] : []), ...(asker.size?.spans ?? []),
       ...(asker.ownership ? [asker.ownership] : [])]
    : [];
  const factFreeText = mask(text, [...own, ...denied, ...facts]);
  const request = requestClauses(clauses).map((c) => c.text).join("，");
  return { text, lang, clauses, asks, asker, partners, places, scope, topicRefs, rankText, nameText, factFreeText, request, derived: [...new Set(pointers)] };
}

function occurrences(text: string, word: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push({ start: i, end: i + word.length });
  return out;
}

// A denial and what it denies, to the end of its clause: "没跟国外机构合作", "不是高企", "还没贷下来".
const DENIAL = /(并没有|其实没有|其实没|没有|没|不是|并非|不属于|尚未|还没|未曾|从未)/g;
const A_NOT_A = /(.)[不没]\1/g;

function negatedTails(text: string): { start: number; end: number }[] {
  const plain = text.replace(A_NOT_A, (m) => " ".repeat(m.length));
  const out: { start: number; end: number }[] = [];
  for (const m of plain.matchAll(DENIAL)) {
    const rest = plain.slice(m.index);
    const stop = rest.search(/[，,。；;！!？?\n]/);
    out.push({ start: m.index, end: m.index + (stop < 0 ? rest.length : stop) });
  }
  return out;
}

/** Either reading of the question asks it. */
function mergeAsks(a: QuestionFlags, b: QuestionFlags): QuestionFlags {
  const out = { ...a } as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) if (v && !out[k]) out[k] = v;
  return out as unknown as QuestionFlags;
}

export { extractInjection, type InjectionFacts };
