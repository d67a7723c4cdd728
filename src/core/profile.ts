// What the asker said about itself, as a Profile: built from a question frame and merged into the session, so a
// later "我们在孝感注册的" or "哦对，我们是牵头单位" settles the 专题 under discussion. A need is never a fact.
import type { AskerFacts, StatusFact } from "./frame/extract-asker.js";
import type { PlaceFacts } from "./frame/extract-places.js";
import type { Profile, StatusClaim } from "./types.js";

export function emptyProfile(): Profile {
  return { applicants: [], stages: [], needs: [] };
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

function claimOf(s: StatusFact): StatusClaim {
  const state: StatusClaim["state"] = s.role.negated ? "negated" : s.role.certainty === "pending" ? "pending" : s.role.certainty === "questioned" ? "questioned" : "held";
  return {
    status: s.status,
    state,
    term: s.term,
    ...(s.role.recency && { recency: s.role.recency }),
    ...(s.role.year && { year: s.role.year }),
    ...(s.level && { level: s.level }),
    ...(s.lead !== undefined && { lead: s.lead }),
  };
}

/** The facts one message states (only what it states: unset fields leave the session's values alone). */
export function profileFromFrame(asker: AskerFacts, places: PlaceFacts): Partial<Profile> {
  const p: Partial<Profile> = {};
  if (asker.types.length) p.applicants = uniq(asker.types.map((t) => t.type));
  if (asker.negatedTypes.length) p.negatedApplicants = uniq(asker.negatedTypes.map((t) => t.type));
  if (asker.questionedTypes.length) p.questionedApplicants = uniq(asker.questionedTypes.map((t) => t.type));
  if (asker.affiliateTypes.length) p.affiliates = uniq(asker.affiliateTypes.map((t) => t.type));
  if (asker.statuses.length) p.statuses = asker.statuses.map(claimOf);
  if (asker.needs.length) p.needs = uniq(asker.needs.map((n) => n.term));
  if (asker.ownership) p.ownership = asker.ownership.ownership;
  if (asker.sector) p.sector = asker.sector.sector;
  if (asker.size) p.size = asker.size.size;
  if (asker.lead) p.lead = asker.lead.value;
  const loc = places.location;
  if (loc) {
    p.location = loc.place.name;
    p.locationHome = loc.place.home;
    p.locationGroupings = loc.place.groupings;
  }
  return p;
}

/**
 * Merge newly told facts into the session profile. A new statement of type replaces the old one ("我们其实是
 * 研究院"); statuses are kept per status, the newer reading winning; a lead/participant statement corrects the
 * earlier one; the rest is overwritten when stated.
 */
export function mergeProfile(base: Profile, told: Partial<Profile>): Profile {
  const statuses = new Map<string, StatusClaim>();
  for (const s of base.statuses ?? []) statuses.set(s.status, s);
  for (const s of told.statuses ?? []) {
    const prev = statuses.get(s.status);
    // A later detail ("是省科技进步奖") refines the earlier claim instead of forgetting what it said.
    statuses.set(s.status, prev ? { ...prev, ...s, level: s.level ?? prev.level, lead: s.lead ?? prev.lead } : s);
  }
  const lead = told.lead ?? base.lead;
  if (lead) for (const [k, s] of statuses) statuses.set(k, { ...s, lead: lead === "lead" });
  const merged: Profile = {
    applicants: told.applicants?.length ? [...told.applicants] : [...base.applicants],
    stages: uniq([...base.stages, ...(told.stages ?? [])]),
    needs: uniq([...base.needs, ...(told.needs ?? [])]),
  };
  const keep = <K extends keyof Profile>(k: K) => {
    const v = told[k] ?? base[k];
    if (v !== undefined) merged[k] = v as Profile[K];
  };
  for (const k of ["location", "locationHome", "locationGroupings", "ownership", "sector", "size", "affiliates"] as const) keep(k);
  if (told.applicants?.length) {
    // A new type statement starts the type facts afresh.
    if (told.negatedApplicants) merged.negatedApplicants = told.negatedApplicants;
    if (told.questionedApplicants) merged.questionedApplicants = told.questionedApplicants;
  } else {
    keep("negatedApplicants");
    keep("questionedApplicants");
  }
  if (lead) merged.lead = lead;
  if (statuses.size) merged.statuses = [...statuses.values()];
  return merged;
}
