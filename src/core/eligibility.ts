// Checks a card's stated conditions against what we know of the asker.
// Requirements of the same facet are alternatives (any one suffices); different facets must all hold.
import type { Profile, Requirement, TopicCard, Verdict } from "./types.js";
import { containsAny } from "./normalize.js";

export type ConditionState = "met" | "not_met" | "unknown";

export interface ConditionCheck {
  requirement: Requirement;
  state: ConditionState;
  why: string;
}

export interface EligibilityResult {
  verdict: Verdict;
  checks: ConditionCheck[];
  /** First decisive unknown, to ask about. */
  missing?: Requirement;
}

export interface AskerFacts extends Profile {
  negatedApplicants?: string[];
  negatedStages?: string[];
  /** The question text, for activity keywords. */
  question?: string;
}

/** The applicant types a profile covers, including broader ones (科技型中小企业 → 企业). */
export function impliedApplicants(applicants: readonly string[], implies: Record<string, string[]>): Set<string> {
  return new Set(applicants.flatMap((a) => [a, ...(implies[a] ?? [])]));
}

function checkOne(req: Requirement, f: AskerFacts, implies: Record<string, string[]>): ConditionCheck {
  switch (req.facet) {
    case "applicant": {
      if (f.applicants.length === 0) return { requirement: req, state: "unknown", why: "未说明申报主体类型" };
      const have = impliedApplicants(f.applicants, implies);
      const hit = req.anyOf.find((a) => have.has(a));
      if (hit) return { requirement: req, state: "met", why: `申报主体为${hit}` };
      // A broad type ("企业") may still be the narrower one the clause names ("科技型中小企业"): unknown, not a no.
      const broader = req.anyOf.some((a) => (implies[a] ?? []).some((b) => have.has(b)));
      if (broader && !req.anyOf.some((a) => f.negatedApplicants?.includes(a))) {
        return { requirement: req, state: "unknown", why: `未说明是否属于${req.anyOf.join("或")}` };
      }
      return { requirement: req, state: "not_met", why: `您说明的主体（${f.applicants.join("、")}）不在${req.text}之列` };
    }
    case "stage": {
      const hit = req.anyOf.find((s) => f.stages.includes(s));
      if (hit) return { requirement: req, state: "met", why: `已说明：${hit}` };
      if (req.anyOf.some((s) => f.negatedStages?.includes(s))) {
        return { requirement: req, state: "not_met", why: `您说明不属于：${req.text}` };
      }
      return { requirement: req, state: "unknown", why: "尚未说明" };
    }
    case "location": {
      if (!f.location) return { requirement: req, state: "unknown", why: "未说明所在地" };
      const ok = req.anyOf.some((l) => f.location!.includes(l));
      return ok
        ? { requirement: req, state: "met", why: `所在地为${f.location}` }
        : { requirement: req, state: "not_met", why: `所在地为${f.location}，条款要求${req.text}` };
    }
    case "activity": {
      const hit = f.question ? containsAny(f.question, req.anyOf) : undefined;
      return hit
        ? { requirement: req, state: "met", why: `所述事项涉及「${hit}」` }
        : { requirement: req, state: "unknown", why: "尚未说明" };
    }
  }
}

export function checkEligibility(card: TopicCard, facts: AskerFacts, implies: Record<string, string[]>): EligibilityResult {
  const checks = card.requirements.map((r) => checkOne(r, facts, implies));
  const byFacet = new Map<string, ConditionCheck[]>();
  for (const c of checks) byFacet.set(c.requirement.facet, [...(byFacet.get(c.requirement.facet) ?? []), c]);

  let anyNotMet = false;
  let firstUnknown: Requirement | undefined;
  for (const [facet, group] of byFacet) {
    if (group.some((c) => c.state === "met")) continue;
    if (group.every((c) => c.state === "not_met")) anyNotMet = true;
    // An unstated location is not decisive: people asking a Wuhan assistant are mostly in Wuhan;
    // only a stated other location rules them out.
    else if (facet !== "location") firstUnknown ??= group.find((c) => c.state === "unknown")?.requirement;
  }
  // Cards without encoded requirements fall back to the applicant list.
  if (card.requirements.length === 0 && facts.applicants.length > 0) {
    const have = impliedApplicants(facts.applicants, implies);
    if (!card.applicants.some((a) => have.has(a))) anyNotMet = true;
  }
  const verdict: Verdict = anyNotMet ? "ineligible" : firstUnknown ? "uncertain" : checks.length > 0 || facts.applicants.length > 0 ? "eligible" : "uncertain";
  return { verdict, checks, missing: anyNotMet ? undefined : firstUnknown };
}

/** Interpret a short reply to a clarifying question ("是的" / "没有" / "我们是高校"). */
export function interpretReply(reply: string): "yes" | "no" | undefined {
  const r = reply.trim().toLowerCase();
  if (/^(不是|不行|不能|不属于|不算|不[。！!.]?$|没有|没|否|还没|还不是|尚未|暂时没有|no\b|nope|not yet|we don't|we do not|we are not|we're not)/.test(r)) return "no";
  if (/^(是|是的|对|对的|有|有的|嗯|恩|属于|算|已经|当然|yes|yep|yeah|sure|we do|we are|correct|right)/.test(r)) return "yes";
  return undefined;
}
