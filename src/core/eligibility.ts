// Checks a card's stated conditions against what is known of the asker, over typed facts: each requirement is
// met, not met or unknown, from types with their definitions (a 科技型中小企业 is a technology business within the
// SME limits), statuses with polarity, level, role and recency (a provincial award is no 国家科技奖; a pending
// 高企 is not yet one), the asker's location and the activity asked about (a partner's lab is not the asker's).
// Requirements of one facet are alternatives; different facets must all hold. What the plan is silent on
// (ownership, an individual applicant, a registration outside the city) leaves the verdict uncertain.
import { splitClauses } from "./frame/clauses.js";
import { mentionRole } from "./frame/mention-role.js";
import { TermMatcher } from "./frame/term-matcher.js";
import type { Profile, Requirement, StatusClaim, TopicCard, Verdict, Vocabulary } from "./types.js";

export type ConditionState = "met" | "not_met" | "unknown";

export interface ConditionCheck {
  requirement: Requirement;
  state: ConditionState;
  why: string;
}

export interface EligibilityResult {
  verdict: Verdict;
  checks: ConditionCheck[];
  /** Points the plan does not settle that keep the verdict open ("方案未对所有制作出规定"). */
  caveats: string[];
  /** First decisive unknown, to ask about. */
  missing?: Requirement;
}

export interface EligibilityContext {
  vocabulary: Vocabulary;
  /** What the conversation said about the 专题, as said: the asker's activity is read from it. */
  question: string;
  /** The same with the plan terms its words stand for, for a requirement's `when` ("metropolitan area" → 都市圈). */
  expanded?: string;
  /** Plan terms the question's frame derived from places ("国际科技合作" for a partner abroad). */
  derived?: readonly string[];
  /** This year, for "新获批" (approved within about a year). */
  year: number;
}

/** The applicant types a profile covers, including broader ones (科技型中小企业 → 企业). */
export function impliedApplicants(applicants: readonly string[], implies: Record<string, string[]>): Set<string> {
  const out = new Set<string>();
  const visit = (a: string) => {
    if (out.has(a)) return;
    out.add(a);
    for (const b of implies[a] ?? []) visit(b);
  };
  applicants.forEach(visit);
  return out;
}

// "新获批": the plan does not define the window; a status from before last year is not new by any reading.
const NEW_STATUS_YEARS = 1;

const RANK: Record<ConditionState, number> = { met: 2, unknown: 1, not_met: 0 };
const best = (checks: ConditionCheck[]) => checks.reduce((a, b) => (RANK[b.state] > RANK[a.state] ? b : a));

function checkApplicant(req: Requirement, p: Profile, v: Vocabulary): ConditionCheck {
  const have = impliedApplicants(p.applicants, v.applicantImplies);
  const one = (a: string): ConditionCheck => {
    const def = v.applicantDefinitions[a];
    const attrs = (): ConditionCheck => {
      if (!def) return { requirement: req, state: "met", why: `申报主体为${a}` };
      const conflicts: string[] = [];
      const unknown: string[] = [];
      const techByType = [...have].some((t) => v.applicantDefinitions[t]?.sector === "tech" && t !== a);
      if (def.sector === "tech") {
        if (p.sector === "nonTech") conflicts.push("所述业务不属于科技类");
        else if (p.sector !== "tech" && !techByType && !have.has(a)) unknown.push("是否为科技类企业");
      }
      if (def.size === "sme") {
        if (p.size === "large") conflicts.push("规模超出中小企业范围");
        else if (p.size !== "sme" && !have.has(a)) unknown.push("是否属于中小企业");
      }
      if (def.size === "large" && p.size === "sme") conflicts.push("规模为中小企业");
      if (conflicts.length) return { requirement: req, state: "not_met", why: `${conflicts.join("，")}，不是${a}` };
      if (unknown.length) return { requirement: req, state: "unknown", why: `未说明${unknown.join("、")}` };
      return { requirement: req, state: "met", why: `申报主体为${a}` };
    };
    if (have.has(a)) return attrs();
    if (def && have.has(def.isA)) return attrs();
    if (p.questionedApplicants?.includes(a)) return { requirement: req, state: "unknown", why: `是否算${a}，方案未界定` };
    const overlap = p.applicants.find((t) => (v.applicantOverlaps[t] ?? []).some((o) => o === a || o === def?.isA));
    if (overlap) return { requirement: req, state: "unknown", why: `方案未说明${overlap}是否属于${a}` };
    if (p.affiliates?.includes(a) || (def && p.affiliates?.includes(def.isA))) {
      return { requirement: req, state: "unknown", why: `贵单位隶属或依托${a}，方案未说明这类单位能否申报` };
    }
    if (p.negatedApplicants?.includes(a)) return { requirement: req, state: "not_met", why: `您说明不是${a}` };
    if (p.applicants.length === 0) return { requirement: req, state: "unknown", why: "未说明申报主体类型" };
    return { requirement: req, state: "not_met", why: `您说明的主体（${p.applicants.join("、")}）不在${req.text}之列` };
  };
  // The asker asks whether it counts as one of the alternatives ("算不算青年科技人才"): that is what decides, and the
  // plan does not define it.
  const doubted = req.anyOf.find((a) => p.questionedApplicants?.includes(a));
  if (doubted) return { requirement: req, state: "unknown", why: `是否算${doubted}，方案未界定` };
  return best(req.anyOf.map(one));
}

function claimState(def: NonNullable<Vocabulary["stageDefinitions"][string]>, c: StatusClaim, year: number): { state: ConditionState; why: string } {
  if (c.state === "negated") return { state: "not_met", why: `您说明不是（没有）${c.term}` };
  if (c.state === "pending") return { state: "not_met", why: `${c.term}尚在申请或评审中，还不是已获得的状态` };
  if (c.state === "questioned") return { state: "unknown", why: `是否算${c.term}，方案未界定` };
  const levelName = { national: "国家级", provincial: "省级", municipal: "市级" };
  if (def.level && c.level && c.level !== def.level) return { state: "not_met", why: `所述为${levelName[c.level]}（${c.term}），条款要求${levelName[def.level]}` };
  if (def.lead && c.lead === false) return { state: "not_met", why: "贵单位是参与单位，条款要求主持（牵头）单位或第一完成人所在单位" };
  if (def.recency === "recent") {
    if (c.recency === "old" || (c.year !== undefined && c.year < year - NEW_STATUS_YEARS)) return { state: "not_met", why: `${c.year ? `${c.year}年` : "早年"}获得，不是新获批` };
    if (c.recency !== "recent" && !(c.year !== undefined && c.year >= year - NEW_STATUS_YEARS)) return { state: "unknown", why: `未说明是否为新获批（“新获批”的时间范围方案未规定）` };
  }
  if (def.level && !c.level) return { state: "unknown", why: `未说明${c.term}的级别` };
  if (def.lead && c.lead === undefined) return { state: "unknown", why: "未说明是否为主持（牵头）单位" };
  return { state: "met", why: `已说明：${c.term}` };
}

function checkStage(req: Requirement, p: Profile, ctx: EligibilityContext): ConditionCheck {
  const one = (stage: string): ConditionCheck => {
    const def = ctx.vocabulary.stageDefinitions[stage];
    if (!def) return { requirement: req, state: "unknown", why: "尚未说明" };
    const claims = (p.statuses ?? []).filter((c) => c.status === def.status);
    if (claims.length === 0) {
      // A status implied by the asker's type ("我们是初创公司" → 初创): the applicant cue carries it.
      if (p.stages.includes(stage)) return { requirement: req, state: "met", why: `已说明：${stage}` };
      return { requirement: req, state: "unknown", why: "尚未说明" };
    }
    return best(claims.map((c) => ({ requirement: req, ...claimState(def, c, ctx.year) })));
  };
  return best(req.anyOf.map(one));
}

function checkLocation(req: Requirement, p: Profile): ConditionCheck {
  if (!p.location) return { requirement: req, state: "unknown", why: "未说明所在地" };
  const ok = p.locationHome || req.anyOf.some((l) => p.location!.includes(l));
  return ok
    ? { requirement: req, state: "met", why: `所在地为${p.location}` }
    : { requirement: req, state: "not_met", why: `所在地为${p.location}，条款要求${req.text}` };
}

function checkRole(req: Requirement, p: Profile): ConditionCheck {
  if (p.lead === "lead") return { requirement: req, state: "met", why: "贵单位为牵头（主持）单位" };
  if (p.lead === "participant") return { requirement: req, state: "not_met", why: "贵单位是参与单位，不是牵头单位" };
  return { requirement: req, state: "unknown", why: "未说明是否牵头" };
}

const OPEN_LIST = /[^，,。；;]等(?!级)/;

// A requirement's activity list is fixed with its card: its matcher is built once, not per question.
const activityMatchers = new WeakMap<Requirement, TermMatcher<true>>();
const activityMatcher = (req: Requirement): TermMatcher<true> => {
  let m = activityMatchers.get(req);
  if (!m) {
    m = new TermMatcher(req.anyOf.map((a): [string, true] => [a, true]));
    activityMatchers.set(req, m);
  }
  return m;
};

function checkActivity(req: Requirement, p: Profile, ctx: EligibilityContext): ConditionCheck {
  const matcher = activityMatcher(req);
  const clauses = splitClauses(ctx.question);
  const hits = matcher.findAll(ctx.question).map((h) => ({ ...h, role: mentionRole(ctx.question, h.start, h.end, clauses) }));
  // What the asker does or plans, not the support it asks for ("能申请国际科技合作吗" names the 专题).
  const said = hits.filter((h) => h.role.certainty !== "requested" && h.role.certainty !== "questioned");
  const own = said.find((h) => h.role.holder === "asker" && !h.role.negated);
  if (own) return { requirement: req, state: "met", why: `所述事项涉及「${own.term}」` };
  const denied = said.find((h) => h.role.negated && h.role.holder === "asker");
  // An open list ("湖北实验室、全国重点实验室…等") is not exhausted by its named members: denying them leaves the rest open.
  if (denied && OPEN_LIST.test(req.text)) return { requirement: req, state: "unknown", why: `您说明不是「${denied.term}」；方案所列为「${req.text}」，未列明的类型是否在内以年度申报指南为准` };
  if (denied) return { requirement: req, state: "not_met", why: `您说明不${denied.term}` };
  // Research with a partner abroad is international S&T cooperation, whatever the verb ("跟芬兰一所大学一起研发").
  const derived = ctx.derived?.find((d) => req.anyOf.includes(d));
  if (derived && p.sector === "tech") return { requirement: req, state: "met", why: `与国外合作方开展研发，属于「${derived}」` };
  const theirs = said.find((h) => h.role.holder !== "asker");
  if (theirs) return { requirement: req, state: "unknown", why: `「${theirs.term}」是合作方或依托单位的，方案未说明其合作单位能否申报` };
  if (req.techOnly && p.sector === "nonTech") return { requirement: req, state: "not_met", why: "所述业务不是科技活动" };
  return { requirement: req, state: "unknown", why: "尚未说明" };
}

function applies(req: Requirement, p: Profile, ctx: EligibilityContext): boolean {
  if (req.when && !req.when.some((w) => (ctx.expanded ?? ctx.question).toLowerCase().includes(w.toLowerCase()))) return false;
  if (req.appliesTo) {
    const have = impliedApplicants(p.applicants, ctx.vocabulary.applicantImplies);
    if (!req.appliesTo.some((a) => have.has(a))) return false;
  }
  return true;
}

export function checkEligibility(card: TopicCard, p: Profile, ctx: EligibilityContext): EligibilityResult {
  const v = ctx.vocabulary;
  const reqs = card.requirements.filter((r) => applies(r, p, ctx));
  const checks = reqs.map((r): ConditionCheck => {
    switch (r.facet) {
      case "applicant":
        return checkApplicant(r, p, v);
      case "stage":
        return checkStage(r, p, ctx);
      case "location":
        return checkLocation(r, p);
      case "role":
        return checkRole(r, p);
      case "activity":
        return checkActivity(r, p, ctx);
    }
  });
  // Cards without encoded requirements: the applicant list is the condition.
  if (card.requirements.length === 0 && p.applicants.length > 0) {
    checks.push(checkApplicant({ facet: "applicant", anyOf: card.applicants, text: card.applicants.join("、"), quote: "", ask: "" }, p, v));
  }

  // The question touched none of the card's conditions: nothing is settled yet; ask the first one.
  const nothingApplied = checks.length === 0 && card.requirements.length > 0;
  const byFacet = new Map<string, ConditionCheck[]>();
  for (const c of checks) byFacet.set(c.requirement.facet, [...(byFacet.get(c.requirement.facet) ?? []), c]);
  let notMet = false;
  let missing: Requirement | undefined = nothingApplied ? card.requirements[0] : undefined;
  for (const group of byFacet.values()) {
    if (group.some((c) => c.state === "met")) continue;
    if (group.every((c) => c.state === "not_met")) notMet = true;
    const decisive = group.find((c) => c.state === "unknown" && (c.requirement.decisive ?? c.requirement.facet !== "location"));
    if (decisive) missing ??= decisive.requirement;
  }

  const caveats: string[] = [];
  // A private enterprise is the ordinary case; a private hospital, school or institute is not.
  const privateCompany = p.ownership === "民办" && impliedApplicants(p.applicants, v.applicantImplies).has("企业");
  if (p.ownership && !privateCompany) caveats.push(`方案未对申报单位的所有制或性质（${p.ownership}）作出规定`);
  if (p.location && !p.locationHome && !reqs.some((r) => r.facet === "location")) {
    caveats.push(`贵单位在${p.location}，方案是武汉市的科技计划，未写明对注册地的要求`);
  }
  const silent = p.applicants.find((a) => !card.applicants.includes(a) && v.silentTypes.includes(a));
  if (silent && !checks.some((c) => c.requirement.facet === "applicant" && c.state !== "unknown")) {
    caveats.push(`方案未说明${silent}能否申报`);
  }

  const verdict: Verdict = notMet
    ? "ineligible"
    : missing || caveats.length > 0
      ? "uncertain"
      : checks.length > 0 || p.applicants.length > 0
        ? "eligible"
        : "uncertain";
  return { verdict, checks, caveats, missing: notMet ? undefined : missing };
}

/** Interpret a short reply to a clarifying question ("是的" / "没有" / "我们是高校"). */
/**
 * The checks worth showing a person: within a facet the requirements are alternatives, so once one is met the
 * others do not matter; for a "no", open questions would be noise beside what rules the asker out.
 */
export function shownChecks(result: EligibilityResult): ConditionCheck[] {
  const metFacets = new Set(result.checks.filter((c) => c.state === "met").map((c) => c.requirement.facet));
  return result.checks.filter(
    (c) => (c.state === "met" || !metFacets.has(c.requirement.facet)) && !(result.verdict === "ineligible" && c.state === "unknown"),
  );
}

export function interpretReply(reply: string): "yes" | "no" | undefined {
  const r = reply.trim().toLowerCase();
  if (/^(不是|不行|不能|不属于|不算|不[。！!.]?$|没有|没|否|还没|还不是|尚未|暂时没有|no\b|nope|not yet|we don't|we do not|we are not|we're not)/.test(r)) return "no";
  if (/^(是|是的|对|对的|有|有的|嗯|恩|属于|算|已经|当然|yes|yep|yeah|sure|we do|we are|correct|right)/.test(r)) return "yes";
  return undefined;
}
