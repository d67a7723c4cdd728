// The matchers the extractors share, built once per corpus from its vocabulary, scope, sectors and the place
// gazetteer. Nothing here is a word list of its own: every term comes from corpus data or maintained data.
import type { Gazetteer, Knowledge, Place } from "../knowledge.js";
import type { ScopeDomain, ScopeModel } from "../types.js";
import { TermMatcher } from "./term-matcher.js";

export type Level = "national" | "provincial" | "municipal";
export type InScopeItem = ScopeModel["inScope"][number];

export interface FrameLexicon {
  types: TermMatcher<string>;
  ownership: TermMatcher<string>;
  statuses: TermMatcher<string>;
  roles: TermMatcher<"lead" | "participant">;
  tech: TermMatcher<string>;
  nonTech: TermMatcher<string>;
  size: TermMatcher<"sme" | "large">;
  levels: TermMatcher<Level>;
  programmeWords: TermMatcher<true>;
  /** Other governments' programmes known by name alone ("国自然", "nsfc"). */
  namedProgrammes: TermMatcher<Exclude<Level, "municipal">>;
  domains: TermMatcher<ScopeDomain>;
  inScope: TermMatcher<InScopeItem>;
  planSigns: TermMatcher<true>;
  places: TermMatcher<Place>;
  gazetteer: Gazetteer;
  knowledge: Knowledge;
}

const pairs = (map: Record<string, string[]>): [string, string][] => Object.entries(map).flatMap(([k, ws]) => ws.map((w): [string, string] => [w, k]));

export function makeFrameLexicon(k: Knowledge): FrameLexicon {
  const v = k.vocabulary;
  const homeShort = k.regions.home.replace(/市$/, "");
  // The plan's own level: its city, said in full, short, or as 市级.
  const municipal = [k.regions.home, homeShort, "市级", "市里", "本市", "我市", "市"];
  return {
    types: new TermMatcher(pairs(v.applicantCues)),
    ownership: new TermMatcher(pairs(v.ownership)),
    statuses: new TermMatcher(pairs(v.statusCues)),
    roles: new TermMatcher([
      ...v.roleCues.lead.map((w): [string, "lead"] => [w, "lead"]),
      ...v.roleCues.participant.map((w): [string, "participant"] => [w, "participant"]),
    ]),
    tech: new TermMatcher(k.sectors.tech.flatMap((t) => t.words.map((w): [string, string] => [w, t.field]))),
    nonTech: new TermMatcher(k.sectors.nonTech.flatMap((t) => t.words.map((w): [string, string] => [w, t.section]))),
    size: new TermMatcher([
      ...k.sectors.sme.largeWords.map((w): [string, "large"] => [w, "large"]),
      ...k.sectors.sme.smallWords.map((w): [string, "sme"] => [w, "sme"]),
    ]),
    levels: new TermMatcher([
      ...k.scope.levels.national.words.map((w): [string, Level] => [w, "national"]),
      ...k.scope.levels.provincial.words.map((w): [string, Level] => [w, "provincial"]),
      ...municipal.map((w): [string, Level] => [w, "municipal"]),
    ]),
    programmeWords: new TermMatcher(k.scope.levels.programmeWords.map((w): [string, true] => [w, true])),
    namedProgrammes: new TermMatcher([
      ...k.scope.levels.national.programmes.map((w): [string, "national"] => [w, "national"]),
      ...k.scope.levels.provincial.programmes.map((w): [string, "provincial"] => [w, "provincial"]),
    ]),
    domains: new TermMatcher(k.scope.domains.flatMap((d) => d.cues.map((c): [string, ScopeDomain] => [c, d]))),
    inScope: new TermMatcher(k.scope.inScope.flatMap((i) => i.cues.map((c): [string, InScopeItem] => [c, i]))),
    planSigns: new TermMatcher(k.scope.planSigns.map((w): [string, true] => [w, true])),
    places: k.places.matcher,
    gazetteer: k.places,
    knowledge: k,
  };
}
