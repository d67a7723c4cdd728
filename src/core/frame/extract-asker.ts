// The asker's facts: what kind of organisation it is, its ownership, field and size, the statuses it holds (with
// polarity, certainty, level, recency and its role), and what it merely wants. Every mention is read through
// mentionRole, so "和一家研究所合作" gives a partner, "想找银行贷款" a need, "高企还在评审" a pending status.
import { clauseAt, type Clause } from "./clauses.js";
import type { FrameLexicon, Level } from "./frame-lexicon.js";
import { mentionRole, SELF, timeOf, type MentionRole } from "./mention-role.js";
import { companyFigures } from "./numbers.js";

export interface Evidence {
  term: string;
  start: number;
  end: number;
  role: MentionRole;
}

export interface TypeFact extends Evidence {
  type: string;
  /** Said of itself ("我们是孵化器"), not a type named in a question ("孵化器和新型研发机构在哪个专项"). */
  self?: boolean;
}

export interface StatusFact extends Evidence {
  status: string;
  level?: Level;
  lead?: boolean;
}

export interface AskerFacts {
  /** Types the asker says it is (the head of its noun phrase first). */
  types: TypeFact[];
  /** Types the asker says it is not ("我们不是高校"). */
  negatedTypes: TypeFact[];
  /** Types the asker asks whether it is ("还算初创企业吗"): neither yes nor no. */
  questionedTypes: TypeFact[];
  /** Organisations the asker belongs to or works with ("大学附属医院" → 高校; "国家实验室的合作单位"). */
  affiliateTypes: TypeFact[];
  ownership?: Evidence & { ownership: string };
  sector?: Evidence & { sector: "tech" | "nonTech"; field: string };
  size?: { size: "sme" | "large"; why: string; spans: { start: number; end: number }[] };
  lead?: Evidence & { value: "lead" | "participant" };
  statuses: StatusFact[];
  /** What the asker wants but does not have ("想找银行贷款"). */
  needs: Evidence[];
}

export interface PartnerFact extends Evidence {
  type: string;
}

const SELF_APPROVED = /(我们|我司|本单位|我单位|公司|我们公司)[^，,。；;]{0,10}(认定|获批|评上|通过|拿到|批下来)(的|了)/;
// "牵头的是…", "主持单位是…": the role, then whom it belongs to.
const CLEFT = /^(的|单位|方)?(是|为)/;
const SUPPORT_AFTER = /^(的)?(贴息|补助|补贴|后补助|配套|奖励|支持|政策|风险补偿|资助|扶持|项目补助|利息)/;
// A modifier is joined to its head by a word ("大学附属医院", "华科的教授"); two type words side by side are a
// coordination ("高校院所" is universities and institutes).
const SAME_NP = /^[^，,。；;是在想要做和与跟同及、]{1,4}$/;

function read<T>(text: string, clauses: readonly Clause[], hits: { term: string; start: number; end: number; value: T }[]) {
  return hits.map((h) => ({ ...h, role: mentionRole(text, h.start, h.end, clauses) }));
}

/** The level word directly before a status ("湖北省科技进步一等奖", "国家重点研发项目"), or inside it. */
function levelOf(text: string, start: number, end: number, lex: FrameLexicon): Level | undefined {
  const inside = lex.levels.findAll(text.slice(start, end))[0];
  if (inside && inside.start === 0) return inside.value;
  const before = text.slice(Math.max(0, start - 20), start);
  const hits = lex.levels.findAll(before);
  const last = hits.at(-1);
  return last && /^\s*(的|级)?\s*$/.test(before.slice(last.end)) ? last.value : undefined;
}

/** A type that is a technology business by definition (科技型中小企业, or a type that implies 科技企业). */
function isTechType(type: string, lex: FrameLexicon): boolean {
  const v = lex.knowledge.vocabulary;
  return [type, ...(v.applicantImplies[type] ?? [])].some((t) => v.applicantDefinitions[t]?.sector === "tech");
}

export function extractAsker(
  text: string,
  clauses: readonly Clause[],
  lex: FrameLexicon,
  insideName: (text: string, start: number, end: number) => boolean = () => false,
): { asker: AskerFacts; partners: PartnerFact[] } {
  const asker: AskerFacts = { types: [], negatedTypes: [], questionedTypes: [], affiliateTypes: [], statuses: [], needs: [] };
  const partners: PartnerFact[] = [];

  // Types: the last type word of a noun phrase names the organisation; earlier ones in the same phrase are
  // organisations it belongs to. A type word inside a 专题 name ("科技企业培育计划") is part of the name.
  const typeHits = read(text, clauses, lex.types.findAll(text).filter((h) => !insideName(text, h.start, h.end)));
  // Coordinated types share one negation ("不属于任何高校院所").
  typeHits.forEach((h, i) => {
    const prev = typeHits[i - 1];
    if (prev && prev.end === h.start) h.role = { ...h.role, negated: h.role.negated || prev.role.negated, holder: prev.role.holder };
  });
  const broad = new Set(Object.values(lex.knowledge.vocabulary.applicantImplies).flat());
  typeHits.forEach((h, i) => {
    const clause = clauseAt(clauses, h.start);
    const self = SELF.test(text.slice(clause?.start ?? 0, h.start));
    const fact: TypeFact = { term: h.term, start: h.start, end: h.end, role: h.role, type: h.value, self };
    const next = typeHits[i + 1];
    // A specific type before a broad head is what the organisation does ("运营孵化器的公司" runs an incubator);
    // before a specific head it is what the organisation belongs to ("大学附属医院").
    const modifier =
      next && SAME_NP.test(text.slice(h.end, next.start)) && next.role.holder === h.role.holder && next.role.certainty === h.role.certainty &&
      next.value !== h.value && !broad.has(next.value);
    if (h.role.holder === "partner") partners.push(fact);
    else if (h.role.holder === "affiliate" || (modifier && h.role.holder === "asker")) asker.affiliateTypes.push(fact);
    else if (h.role.holder !== "asker") return;
    else if (h.role.negated) asker.negatedTypes.push(fact);
    else if (h.role.certainty === "questioned") asker.questionedTypes.push(fact);
    else if (h.role.certainty === "stated" || h.role.certainty === "pending") asker.types.push(fact);
  });
  // A head noun stated last describes the asker best ("我们是大学附属医院" → hospital first).
  asker.types.sort((a, b) => b.start - a.start);

  // "民办非企业单位" is a type (a 社会组织), not an ownership: an ownership word inside a longer type word is the type's.
  const insideType = (h: { start: number; end: number }) => typeHits.some((t) => t.start <= h.start && h.end <= t.end && t.end - t.start > h.end - h.start);
  const own = read(text, clauses, lex.ownership.findAll(text)).find((h) => h.role.holder === "asker" && !h.role.negated && !insideType(h));
  if (own) {
    asker.ownership = { term: own.term, start: own.start, end: own.end, role: own.role, ownership: own.value };
    // Foreign investment is invested in an enterprise ("我们是外资" is a foreign-invested company).
    if (own.value === "外资" && asker.types.length === 0) asker.types.push({ term: own.term, start: own.start, end: own.end, role: own.role, type: "企业" });
  }

  // Field: a technology word about the asker's own work makes it a technology business; a business described
  // only by a non-technology sector (a restaurant, a trading company) is not one.
  const mine = <T>(hits: { term: string; start: number; end: number; value: T; role: MentionRole }[]) =>
    hits.filter((h) => (h.role.holder === "asker" || h.role.holder === "other") && !h.role.negated);
  const tech = mine(read(text, clauses, lex.tech.findAll(text)));
  const shops = lex.knowledge.sectors.nonTechSuffixes;
  const shopHits = shops.length
    ? [...text.matchAll(new RegExp(`[\\u4e00-\\u9fff]{1,4}?(?:${shops.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "g"))].map((m) => ({
        term: m[0], start: m.index, end: m.index + m[0].length, value: "门店",
      }))
    : [];
  const nonTech = mine(read(text, clauses, [...lex.nonTech.findAll(text), ...shopHits].sort((a, b) => a.start - b.start)));
  const techType = asker.types.find((t) => isTechType(t.type, lex) || /科技/.test(t.term));
  if (tech[0] || techType) {
    const e = tech[0] ?? techType!;
    asker.sector = { term: e.term, start: e.start, end: e.end, role: e.role, sector: "tech", field: tech[0]?.value ?? "科技" };
  } else if (nonTech[0]) {
    const n = nonTech[0];
    asker.sector = { term: n.term, start: n.start, end: n.end, role: n.role, sector: "nonTech", field: n.value };
    // A shop, a restaurant, a trading firm: a business, whatever else it says of itself.
    if (asker.types.length === 0) asker.types.push({ term: n.term, start: n.start, end: n.end, role: n.role, type: "企业" });
  }

  // Size: said in words ("大型集团", "小微企业") or in figures, against the 科技型中小企业 limits.
  const sme = lex.knowledge.sectors.sme;
  // A size word inside a type named as the group a support is for ("为科技型中小企业") says nothing of the asker.
  const named = typeHits.filter((t) => t.role.certainty === "requested");
  const sizeWord = read(text, clauses, lex.size.findAll(text)).find(
    (h) => h.role.holder === "asker" && !h.role.negated && h.role.certainty !== "requested" && !named.some((t) => t.start <= h.start && h.end <= t.end),
  );
  const figures = companyFigures(text);
  const spans = [...(sizeWord ? [sizeWord] : []), ...figures.spans];
  if (figures.employees !== undefined && figures.employees > sme.maxEmployees) asker.size = { size: "large", why: `职工约${figures.employees}人，超过${sme.maxEmployees}人`, spans };
  else if (figures.revenueYuan !== undefined && figures.revenueYuan > sme.maxRevenueYuan) asker.size = { size: "large", why: `年收入超过${sme.maxRevenueYuan / 1e8}亿元`, spans };
  else if (sizeWord) asker.size = { size: sizeWord.value, why: `自述「${sizeWord.term}」`, spans };
  else if (figures.employees !== undefined) asker.size = { size: "sme", why: `职工约${figures.employees}人`, spans };

  // A cleft hands a role to the organisation it names ("牵头的是北京单位", "主持单位是一家央企"), unless the asker
  // says it ("牵头的是我们公司"): the complement names an organisation by its type, its place or the word 单位.
  const cleftToOther = (h: { start: number; end: number }) => {
    const clause = clauseAt(clauses, h.start);
    const clauseEnd = clause?.end ?? text.length;
    const cleft = CLEFT.exec(text.slice(h.end, clauseEnd));
    if (!cleft || SELF.test(text.slice(clause?.start ?? 0, h.start))) return false;
    const from = h.end + cleft[0].length;
    const complement = text.slice(from, clauseEnd);
    if (SELF.test(complement)) return false;
    return /单位/.test(complement) || typeHits.some((t) => t.start >= from && t.end <= clauseEnd) || lex.places.findAll(complement).length > 0;
  };
  // Role: lead or participant; a denied lead ("不是牵头的") is a participant.
  for (const h of read(text, clauses, lex.roles.findAll(text))) {
    if (h.role.holder !== "asker" || h.role.certainty === "requested" || cleftToOther(h)) continue;
    const role = h.role.negated ? (h.value === "lead" ? "participant" : undefined) : h.value;
    if (!role) continue;
    // A later statement corrects an earlier one ("我们参与了…哦对，我们是牵头单位").
    asker.lead = { term: h.term, start: h.start, end: h.end, role: h.role, value: role };
  }

  // Statuses. A status naming a kind of support ("科技贷款贴息", "高企后补助") names what is asked for, not a fact.
  for (const h of read(text, clauses, lex.statuses.findAll(text))) {
    if (h.role.holder !== "asker") continue;
    const namesSupport = SUPPORT_AFTER.test(text.slice(h.end, h.end + 5));
    if (h.role.certainty === "wanted" || (h.role.certainty === "requested" && !namesSupport)) {
      if (h.role.certainty === "wanted") asker.needs.push({ term: h.term, start: h.start, end: h.end, role: h.role });
      // "打算去银行贷款，还没贷下来": a need, and a denial of having it.
      if (!h.role.negated) continue;
    }
    if (namesSupport || h.role.certainty === "requested") continue;
    const level = levelOf(text, h.start, h.end, lex);
    // A project or award counts only with its level ("国家重点研发项目"); a bare "项目" is anyone's project.
    if ((h.value === "科技项目" || h.value === "科技奖") && !level) {
      if (h.value === "科技项目") continue;
    }
    asker.statuses.push({ term: h.term, start: h.start, end: h.end, role: h.role, status: h.value, ...(level && { level }) });
  }
  // "听说有给新认定高企的钱，我们去年12月认定的": a clause where the asker says it was approved, without naming what,
  // claims the status the message names.
  if (asker.statuses.length === 0) {
    const named = read(text, clauses, lex.statuses.findAll(text)).find(
      (h) => h.role.holder !== "asker" || h.role.certainty === "requested" || SUPPORT_AFTER.test(text.slice(h.end, h.end + 5)),
    );
    // …or says its role in it ("第一完成人是我们员工", "我们只是参与单位").
    const approved = clauses.find((c) => (SELF_APPROVED.test(c.text) || (asker.lead && asker.lead.start >= c.start && asker.lead.start < c.end)) && lex.statuses.findAll(c.text).length === 0);
    if (named && approved) {
      const role = mentionRole(text, approved.start, approved.end, clauses);
      asker.statuses.push({ term: named.term, start: approved.start, end: approved.end, role: { ...role, certainty: "stated", ...timeOf(approved.text) }, status: named.value });
    }
  }
  if (asker.lead) for (const s of asker.statuses) s.lead = asker.lead.value === "lead";
  // Holding a status that is also a type (高新技术企业) makes the asker one, when it named no type.
  const v = lex.knowledge.vocabulary;
  for (const s of asker.statuses) {
    if (asker.types.length === 0 && !s.role.negated && s.role.certainty === "stated" && v.applicants.includes(s.status)) {
      asker.types.push({ term: s.term, start: s.start, end: s.end, role: s.role, type: s.status });
    }
  }
  return { asker, partners };
}
