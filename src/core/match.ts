// 政策匹配: a 我的单位 profile in, every 专题 judged. The panel's choices become the same typed facts chat reads
// from a question (types, statuses with their stage, sector, size, location, what the unit wants to do), and each
// 专题 is judged by checkEligibility — one eligibility engine for chat and for the report.
import { randomUUID } from "node:crypto";
import { checkEligibility, shownChecks, type ConditionCheck } from "./eligibility.js";
import { citationFor, clauseChunk, renderIn, type ComposeContext } from "./compose.js";
import { inEnglish } from "./citation-label.js";
import { emptyProfile } from "./profile.js";
import { topicNameEn, type NamesEn } from "./names.js";
import type { Templates } from "./templates.js";
import type { QueryTokenizer } from "./text-features.js";
import type { TopicRanker } from "./topic-ranker.js";
import { normalizeForQuote } from "../corpus/verbatim.js";
import type {
  Chunk, Citation, Corpus, MatchCondition, MatchFn, MatchReport, MatchResult, Profile, ProfileForm, ProfileFormChoices,
  ProfileOption, SessionState, SessionStore, StatusClaim, TopicCard, Verdict,
} from "./types.js";

/** A choice the panel does not offer: the route answers 400 with this message. */
export class ProfileFormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileFormError";
  }
}

const SINGLE = ["unitType", "size", "location"] as const;
const MANY = ["statuses", "activities"] as const;
const GROUP: Record<(typeof SINGLE)[number] | (typeof MANY)[number], keyof ProfileFormChoices> = {
  unitType: "unitTypes",
  size: "sizes",
  location: "locations",
  statuses: "statuses",
  activities: "activities",
};
const FIELD_ZH: Record<keyof typeof GROUP, string> = { unitType: "单位类型", size: "规模", location: "所在地", statuses: "资质与状态", activities: "想做的事" };

/** The options a form picked, in field order; an unknown label is a ProfileFormError. */
export function pickedOptions(form: ProfileForm, choices: ProfileFormChoices): { field: keyof typeof GROUP; option: ProfileOption }[] {
  const out: { field: keyof typeof GROUP; option: ProfileOption }[] = [];
  const find = (field: keyof typeof GROUP, label: string) => {
    const option = choices[GROUP[field]].find((o) => o.label === label);
    if (!option) throw new ProfileFormError(`${FIELD_ZH[field]}（${field}）没有「${label}」这个选项。`);
    out.push({ field, option });
  };
  for (const f of SINGLE) if (form[f]) find(f, form[f]!);
  for (const f of MANY) for (const label of new Set(form[f] ?? [])) find(f, label);
  return out;
}

/** The facts a form states, as chat would have read them from "我们是…". */
export function profileFromForm(
  form: ProfileForm,
  corpus: Pick<Corpus, "vocabulary" | "regions">,
): { profile: Profile; activityText: string; statedText: string; picked: ReturnType<typeof pickedOptions> } {
  const v = corpus.vocabulary;
  const picked = pickedOptions(form, v.profileForm);
  const profile = emptyProfile();
  const statusTypes: string[] = [];
  let unitType: string | undefined;
  const statuses: StatusClaim[] = [];
  const words: string[] = [];
  for (const { field, option: o } of picked) {
    if (o.applicant) {
      if (field === "unitType") unitType = o.applicant;
      else statusTypes.push(o.applicant);
    }
    if (o.stage) {
      const def = v.stageDefinitions[o.stage]!;
      profile.stages.push(o.stage);
      statuses.push({
        status: def.status, state: "held", term: o.label,
        ...(def.recency && { recency: def.recency }), ...(def.level && { level: def.level }), ...(def.lead !== undefined && { lead: def.lead }),
      });
    }
    if (o.sector) profile.sector = o.sector;
    if (o.size) profile.size = o.size;
    if (o.affiliate) profile.affiliates = [...(profile.affiliates ?? []), o.affiliate];
    if (field === "location") {
      profile.location = o.home ? corpus.regions.home : o.label;
      profile.locationHome = !!o.home;
      profile.locationGroupings = o.home ? corpus.regions.groupings.filter((g) => g.members.includes(corpus.regions.home)).map((g) => g.name) : (o.groupings ?? []);
    }
    if (o.words) words.push(...o.words);
  }
  // The narrower types first: the head type is what the unit most specifically is.
  profile.applicants = [...new Set([...statusTypes, ...(unitType ? [unitType] : [])])];
  if (statuses.length) profile.statuses = statuses;
  if (statuses.some((s) => s.lead)) profile.lead = "lead";
  // Said as the unit's own plans, so the activity rules read them as the asker's ("我们开展中试放大").
  const activityText = words.length ? `我们计划开展${words.join("、")}。` : "";
  const statedText = [...picked.map((p) => p.option.label), activityText].join("，");
  return { profile, activityText, statedText, picked };
}

export interface MatchDeps {
  corpus: Corpus;
  ranker: TopicRanker;
  tokenizer: QueryTokenizer;
  names: NamesEn;
  templates: { zh: Templates; en: Templates };
  sessions: SessionStore;
  sessionTtlMs: number;
  now?: () => number;
}

const VERDICT_ORDER: Record<Verdict, number> = { eligible: 0, uncertain: 1, ineligible: 2 };
const VERDICT_TEXT: Record<"zh" | "en", Record<Verdict, string>> = {
  zh: { eligible: "符合", uncertain: "需补充", ineligible: "不符合" },
  en: { eligible: "Eligible", uncertain: "Need more information", ineligible: "Not eligible" },
};

/** Judges every 专题 for a profile; pure but for the clock. */
export function judgeAll(
  deps: Omit<MatchDeps, "sessions" | "sessionTtlMs">,
  form: ProfileForm,
  lang: "zh" | "en",
): { report: Omit<MatchReport, "sessionId">; profile: Profile } {
  const { corpus } = deps;
  const { profile, activityText, statedText, picked } = profileFromForm(form, corpus);
  const year = new Date((deps.now ?? Date.now)()).getFullYear();
  // A clause that applies only to some matters (专题10's award rule: when 奖) applies when the panel states one.
  const expanded = [statedText, ...deps.tokenizer.expand(statedText)].join(" ");
  const relevance = new Map(activityText ? deps.ranker.rank(activityText, { profile }).map((s) => [s.card.id, s.score]) : []);
  const localize = (c: Citation, chunk: Chunk | undefined) => (lang === "en" ? inEnglish(c, chunk, corpus) : c);

  const judged = corpus.topics.map((card) => {
    const result = checkEligibility(card, profile, { vocabulary: corpus.vocabulary, question: activityText, expanded, year });
    const shown = shownChecks(result);
    const conditions: MatchCondition[] = shown.map((c) => condition(corpus, card, c, localize));
    const missing = [...new Set([result.missing?.ask, ...shown.filter((c) => c.state === "unknown").map((c) => c.requirement.ask)])].filter((a): a is string => !!a);
    const clause = clauseChunk(corpus, card.id);
    const out: MatchResult = {
      topic: { id: card.id, name: card.name, nameEn: topicNameEn(deps.names, card.id, card.name), program: card.program, programEn: deps.names.programs[card.program] ?? card.program },
      verdict: result.verdict,
      verdictText: VERDICT_TEXT[lang][result.verdict],
      reason: reasonOf(lang, result.verdict, shown, result.caveats, card, result.missing?.ask),
      conditions,
      missing,
      caveats: result.caveats,
      ...(clause && { citation: localize(citationFor(clause, card.sections.原文依据.replace(/\s+/g, " ").trim()), clause) }),
    };
    // Fit: conditions met beyond the applicant type (a stage, an activity, a role) say the 专题 is meant for this unit.
    const specific = shown.filter((c) => c.state === "met" && c.requirement.facet !== "applicant").length;
    return { out, specific, relevance: relevance.get(card.id) ?? 0, unknowns: missing.length };
  });
  judged.sort(
    (a, b) =>
      VERDICT_ORDER[a.out.verdict] - VERDICT_ORDER[b.out.verdict] || b.specific - a.specific || b.relevance - a.relevance || a.unknowns - b.unknowns || a.out.topic.id - b.out.topic.id,
  );
  const results = judged.map((j) => j.out);
  const summary: Record<Verdict, number> = { eligible: 0, uncertain: 0, ineligible: 0 };
  for (const r of results) summary[r.verdict]++;
  const ctx: ComposeContext = { corpus, lang, templates: deps.templates[lang], names: deps.names };
  const report = {
    lang,
    profile: form,
    profileText: picked.map((p) => (lang === "en" ? p.option.en : p.option.label)).join(" · "),
    summary,
    results,
    note: renderIn(ctx, "note"),
  };
  return { report, profile };
}

function condition(corpus: Corpus, card: TopicCard, c: ConditionCheck, localize: (c: Citation, chunk: Chunk | undefined) => Citation): MatchCondition {
  // The applicant list of a card without encoded requirements has no quote of its own: the 专题's clause covers it.
  const chunk = c.requirement.quote ? chunkQuoting(corpus, card, c.requirement.quote) : undefined;
  return {
    text: c.requirement.text,
    state: c.state,
    why: c.why,
    ...(chunk && { citation: localize(citationFor(chunk, c.requirement.quote), chunk) }),
  };
}

/** The plan chunk that states a requirement's (verbatim) quote: the 专题's own clause first. */
function chunkQuoting(corpus: Corpus, card: TopicCard, quote: string): Chunk | undefined {
  const q = normalizeForQuote(quote);
  const own = clauseChunk(corpus, card.id);
  if (own && normalizeForQuote(own.text).includes(q)) return own;
  return corpus.chunks.find((c) => c.kind === "plan" && normalizeForQuote(c.text).includes(q)) ?? own;
}

function reasonOf(lang: "zh" | "en", verdict: Verdict, shown: ConditionCheck[], caveats: string[], card: TopicCard, ask?: string): string {
  const en = lang === "en";
  const first = (state: ConditionCheck["state"]) => shown.find((c) => c.state === state);
  if (verdict === "ineligible") {
    const c = first("not_met");
    return c ? (en ? `Not met: ${c.requirement.text} (${c.why}).` : `不符合「${c.requirement.text}」：${c.why}。`) : en ? "Not among the applicants the plan names." : `方案所述支持对象为${card.applicants.join("、")}。`;
  }
  if (verdict === "uncertain") {
    const q = ask || first("unknown")?.requirement.ask;
    if (q) return en ? `To settle: ${q}` : `还需确认：${q}`;
    return caveats[0] ? (en ? `The plan leaves open: ${caveats[0]}` : `方案未作规定：${caveats[0]}`) : en ? "The plan does not settle it." : "方案未作明确规定。";
  }
  const met = shown.filter((c) => c.state === "met").map((c) => c.requirement.text);
  return met.length ? (en ? `Meets: ${met.join("; ")}.` : `符合：${met.join("；")}。`) : en ? "Among the applicants the plan names." : `方案支持${card.applicants.join("、")}。`;
}

/** The assistant's match(): judge, and remember the profile in the conversation so chat answers use it. */
export function makeMatch(deps: MatchDeps): MatchFn {
  const now = deps.now ?? Date.now;
  return async ({ profile: form, sessionId, lang = "zh" }) => {
    // The form is read once: the same facts are judged and remembered.
    const { report, profile } = judgeAll(deps, form, lang);
    const at = now();
    const id = sessionId && sessionId.length <= 128 ? sessionId : randomUUID();
    const prev: SessionState = (await deps.sessions.get(id)) ?? { id, history: [], profile: emptyProfile(), expiresAt: at };
    // The panel states the unit's facts outright: they replace what chat had gathered, not merge with it.
    await deps.sessions.set({ ...prev, id, profile, form, pending: undefined, expiresAt: at + deps.sessionTtlMs });
    return { sessionId: id, ...report };
  };
}
