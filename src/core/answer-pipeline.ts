// The one answer function every channel and the eval harness call.
// understand → rank 专题 → decide (refuse / fact / topic / eligibility) → compose (grounded, or LLM + guard) → remember.
import { randomUUID } from "node:crypto";
import type {
  AnswerFn, AnswerInput, AnswerOptions, AnswerResult, Chunk, Citation, Corpus, Logger, Profile,
  RetrievedChunk, Retriever, SessionState, SessionStore, TopicCard, TopicHit,
} from "./types.js";
import { analyzeQuestion, type QuestionFlags } from "./intent.js";
import { detectLanguage, normalizeText } from "./normalize.js";
import { emptyProfile, extractProfile, mergeProfile } from "./profile.js";
import { TopicRanker, type TopicScore } from "./topic-ranker.js";
import { checkEligibility, impliedApplicants, interpretReply } from "./eligibility.js";
import {
  citationFor, clauseChunk, composeCompare, composeEligibility, composeFact, composeListTopics, composeMeta, composeProgramOverview,
  composeSimple, composeTopic, composeUnknownDetail, planChunkByHeading, type ComposeContext, type Composed,
} from "./compose.js";
import { checkGrounding } from "./grounding.js";
import type { LlmComposer } from "./llm-composer.js";
import type { NamesEn } from "./names.js";
import { render, type Templates } from "./templates.js";
import { features, type QueryTokenizer } from "./text-features.js";

export interface PipelineDeps {
  corpus: Corpus;
  retriever: Retriever;
  tokenizer: QueryTokenizer;
  sessions: SessionStore;
  templates: { zh: Templates; en: Templates };
  names: NamesEn;
  topicMinScore: number;
  sessionTtlMs: number;
  llm?: LlmComposer;
  logger?: Logger;
  /** How many chunks to retrieve per question. */
  k?: number;
}

export type Intent =
  | "injection" | "greeting" | "out_of_scope" | "list_topics" | "program" | "meta" | "principles"
  | "unknown_detail" | "eligibility" | "fact" | "topic" | "no_topic" | "profile" | "compare";

export interface Decision {
  intent: Intent;
  composed: Composed;
  refused: boolean;
  topics: TopicScore[]; // accepted, best first
  focus?: TopicCard;
  pending?: SessionState["pending"];
}

const MAX_HISTORY = 12;

export function makeAnswerPipeline(deps: PipelineDeps): AnswerFn & { ranker: TopicRanker } {
  const { corpus } = deps;
  const ranker = new TopicRanker(corpus.topics, deps.tokenizer, corpus.vocabulary.applicantImplies);
  const k = deps.k ?? 24;
  const cardById = new Map(corpus.topics.map((c) => [c.id, c]));

  const answer = async (input: AnswerInput, opts: AnswerOptions = {}): Promise<AnswerResult> => {
    const q = normalizeText(input.question ?? "");
    const lang = detectLanguage(q);
    const ctx: ComposeContext = { corpus, lang, templates: lang === "en" ? deps.templates.en : deps.templates.zh, names: deps.names };

    const sessionId = input.sessionId && input.sessionId.length <= 128 ? input.sessionId : randomUUID();
    const now = Date.now();
    const session: SessionState = (await deps.sessions.get(sessionId)) ?? {
      id: sessionId, history: [], profile: emptyProfile(), expiresAt: now + deps.sessionTtlMs,
    };

    const flags = analyzeQuestion(q);
    const told = extractProfile(q);
    let profile: Profile = mergeProfile(session.profile, { ...(input.profile ?? {}), ...pickProfile(told) });

    // A short reply to our clarifying question ("有的" / "不是") settles the fact we asked about.
    let replyTo: SessionState["pending"] | undefined;
    const pendingCard = session.pending ? cardById.get(session.pending.topicId) : undefined;
    if (session.pending && pendingCard && !flags.injection) {
      const yn = interpretReply(q);
      const gaveProfile = told.applicants.length > 0 || told.stages.length > 0 || told.negatedStages.length > 0 || !!told.location;
      if ((yn && q.length <= 30) || (gaveProfile && q.length <= 40)) {
        replyTo = session.pending;
        if (yn) profile = applyReply(profile, told, pendingCard, session.pending.facet, yn);
      }
    }

    const retrieved = flags.injection || flags.greeting || flags.help ? [] : [...(await deps.retriever.search(q, k))];
    const decision = decide({ q, lang, flags, profile, told, retrieved, session, replyTo, ctx });

    let composed = decision.composed;
    // Citations must be chunks the index actually returned. A clause chosen through the card (not in the
    // question's top-k) is fetched by searching for its own text; one that still does not come back is dropped.
    const retrievedIds = new Set(retrieved.map((r) => r.chunk.id));
    const missing = composed.citations.filter((c) => !retrievedIds.has(c.id));
    for (const c of missing) {
      const hits = await deps.retriever.search(c.quote.slice(0, 80), 3);
      for (const h of hits) {
        retrievedIds.add(h.chunk.id);
        retrieved.push(h);
      }
    }
    if (missing.length) composed = { ...composed, citations: composed.citations.filter((c) => retrievedIds.has(c.id)) };
    // Grounding guard on the grounded composer too: a card edit must not leak an unsupported number.
    const issues = checkGrounding(composed.answer, sourcesText(composed.citations, decision.focus));
    if (issues.length) {
      deps.logger?.warn({ issues, intent: decision.intent }, "grounded answer failed the guard; using a minimal answer");
      composed = { ...composed, answer: minimalAnswer(ctx, decision) };
    }

    if (deps.llm && !decision.refused && ["topic", "eligibility", "fact", "unknown_detail", "meta"].includes(decision.intent)) {
      composed = await tryLlm(deps, { q, lang, composed, retrieved, retrievedIds, opts, focus: decision.focus });
    }

    const topics: TopicHit[] = decision.topics.map((t) => ({
      id: t.card.id, name: t.card.name, program: t.card.program, score: t.score,
    }));

    // Remember the conversation.
    const focusTopicId = decision.focus?.id ?? session.focusTopicId;
    const next: SessionState = {
      ...session,
      profile,
      focusTopicId,
      pending: decision.pending,
      history: [
        ...session.history,
        { question: q, answer: composed.answer, topicIds: topics.map((t) => t.id), intent: decision.intent, followUp: composed.followUp, at: now },
      ].slice(-MAX_HISTORY),
      expiresAt: now + deps.sessionTtlMs,
    };
    await deps.sessions.set(next);

    if (opts.onDelta) for (const piece of splitForStreaming(composed.answer)) opts.onDelta(piece);

    const result: AnswerResult = {
      answer: composed.answer,
      refused: decision.refused,
      topics,
      citations: composed.citations,
      sessionId,
    };
    if (composed.verdict) result.verdict = composed.verdict;
    if (composed.followUp) result.followUp = composed.followUp;
    return result;
  };

  interface DecideIn {
    q: string;
    lang: "zh" | "en";
    flags: QuestionFlags;
    profile: Profile;
    told: ReturnType<typeof extractProfile>;
    retrieved: RetrievedChunk[];
    session: SessionState;
    replyTo?: SessionState["pending"];
    ctx: ComposeContext;
  }

  function decide(d: DecideIn): Decision {
    const { q, flags, ctx, session } = d;
    const refuse = (name: string, vars: Record<string, string> = {}): Decision => ({
      intent: name === "refuse_injection" ? "injection" : "out_of_scope",
      composed: composeSimple(ctx, name, vars),
      refused: true,
      topics: [],
    });
    if (flags.injection) return refuse("refuse_injection");
    if (flags.greeting || flags.help) return { intent: "greeting", composed: composeSimple(ctx, "greeting"), refused: false, topics: [] };

    // A bare self-introduction ("我们是一所高校") is remembered and answered with the 专题 open to that type.
    if (d.told.applicants.length > 0 && !d.replyTo && isSelfIntroduction(q) && !flags.eligibility && !flags.unknownDetail) {
      return { intent: "profile", composed: composeProfileAck(ctx, d.told.applicants), refused: false, topics: [] };
    }

    // Rank topics; a follow-up ("那它怎么支持？") stays on the conversation's 专题 unless another is named.
    const ranked = ranker.rank(q, { retrieved: d.retrieved, profile: d.profile });
    const top = ranked[0];
    const named = ranked.filter((s) => s.reasons.some((r) => r.startsWith("名称匹配") || r.startsWith("明确提到")));
    const focusCard = session.focusTopicId ? cardById.get(session.focusTopicId) : undefined;
    const pendingCard = d.replyTo ? cardById.get(d.replyTo.topicId) : undefined;

    let accepted: TopicScore[] = [];
    if (pendingCard) {
      accepted = [ranked.find((s) => s.card.id === pendingCard.id)!];
    } else if (focusCard && named.length === 0 && isFollowUp(q, flags, top)) {
      const s = ranked.find((x) => x.card.id === focusCard.id)!;
      accepted = [{ ...s, score: Math.max(s.score, deps.topicMinScore) }];
    } else if (top && top.score >= deps.topicMinScore) {
      accepted = ranked.filter((s, i) => i === 0 || (s.score >= deps.topicMinScore && s.score >= top.score * 0.8)).slice(0, 3);
    }

    // Out of scope: other places' policies, explicit off-topic subjects, or nothing about the plan at all.
    if (flags.otherPlace) return refuse("refuse_place", { place: flags.otherPlace });
    // An off-topic subject is refused unless the question is clearly also about the plan ("做旅游大数据的科技公司…").
    if (flags.offTopic && (!flags.policyCue || (named.length === 0 && !(accepted[0]?.score >= 0.9)))) return refuse("refuse");

    const docLevel = flags.listTopics || flags.programOverview || flags.meta || flags.principles;
    const programNamed = findProgram(q);
    const fullNameHit = corpus.topics.some((t) => q.includes(t.name));
    if (programNamed && !fullNameHit && !flags.eligibility && !flags.unknownDetail) {
      // The programme's own 专题, ranked by how well each fits the question.
      const inProgram = ranked.filter((s) => s.card.program === programNamed);
      return {
        intent: "program",
        composed: composeProgramOverview(ctx, programNamed),
        refused: false,
        topics: inProgram.map((s) => ({ ...s, score: Math.max(s.score, deps.topicMinScore) })),
      };
    }
    if (flags.listTopics && d.told.applicants.length > 0) {
      return { intent: "profile", composed: composeProfileAck(ctx, d.told.applicants), refused: false, topics: [] };
    }
    if (flags.listTopics && !(top && top.score >= 0.75 && named.length > 0)) {
      return { intent: "list_topics", composed: composeListTopics(ctx), refused: false, topics: [] };
    }
    if (flags.programOverview) return { intent: "program", composed: composeProgramOverview(ctx), refused: false, topics: [] };
    if (flags.meta && named.length === 0) return { intent: "meta", composed: composeMeta(ctx, flags.meta), refused: false, topics: [] };
    if (flags.principles && named.length === 0) {
      return { intent: "principles", composed: composePrinciples(ctx), refused: false, topics: [] };
    }

    // "特区计划和探索计划有什么区别": both named → side by side, with how the cards tell them apart.
    if (flags.compare && named.length >= 2) {
      const pair = named.slice(0, 3);
      return { intent: "compare", composed: composeCompare(ctx, pair.map((s) => s.card)), refused: false, topics: pair, focus: pair[0].card };
    }

    const focus = accepted[0]?.card;
    const alts = accepted.slice(1).map((s) => s.card);

    if (flags.unknownDetail && !(flags.duration && focus?.duration)) {
      // Only tie the "not stated" answer to a 专题 the question clearly is about.
      // Contact questions name the bureau more than a 专题: only a clear 专题 is attached.
      const bar = flags.unknownDetail === "contact" ? 0.9 : 0.6;
      const sure = focus && (accepted[0].score >= bar || named.some((n) => n.card.id === focus.id) || pendingCard || session.focusTopicId === focus.id);
      return {
        intent: "unknown_detail",
        composed: composeUnknownDetail(ctx, flags.unknownDetail, sure ? focus : undefined),
        refused: false,
        topics: sure ? accepted.slice(0, 1) : [],
        focus: sure ? focus : undefined,
      };
    }

    // "我们是科小，贷款利息能补吗": a self-description plus a can-we question is an eligibility question.
    // "能申请什么 / which can we apply for" asks for 专题, not for a yes/no verdict.
    const asksWhich = /(什么|哪些|哪个|哪几|啥|\bwhat\b|\bwhich\b)/i.test(q);
    const canWe = /(能|可以|可否|能否|可不可以|能不能|行不行|行吗)|\b(can|could|may) (we|i)\b/i.test(q);
    const toldWho = d.told.applicants.length > 0 || d.told.stages.length > 0;
    if (focus && (pendingCard || (!asksWhich && (flags.eligibility || (toldWho && canWe))))) {
      const result = checkEligibility(focus, { ...d.profile, negatedApplicants: d.told.negatedApplicants, negatedStages: d.told.negatedStages, question: q }, corpus.vocabulary.applicantImplies);
      // Alternatives for an ineligible asker: the best-ranked 专题 whose applicants do fit.
      const fitAlts = result.verdict === "ineligible" ? ranked.filter((s) => s.card.id !== focus.id && s.score >= deps.topicMinScore && fits(s.card, d.profile, corpus.vocabulary.applicantImplies)).slice(0, 2).map((s) => s.card) : alts;
      const composed = composeEligibility(ctx, focus, result, fitAlts);
      const pending = result.verdict === "uncertain" && result.missing ? { facet: result.missing.facet, topicId: focus.id, question: composed.followUp ?? "" } : undefined;
      return { intent: "eligibility", composed, refused: false, topics: accepted.slice(0, 1), focus, pending };
    }

    // Definitions of plan shorthand (三首, 双锁定 …) and other facts: extract the best plan sentence.
    if (flags.definition && !docLevel && (!focus || named.length === 0 || !named.some((n) => n.card.id === focus.id))) {
      const qf = new Set(features(deps.tokenizer, q));
      const fact = composeFact(ctx, d.retrieved.map((r) => r.chunk), (s) => overlap(qf, features(deps.tokenizer, s)));
      if (fact && (!focus || accepted[0].score < 0.75)) return { intent: "fact", composed: fact, refused: false, topics: accepted.slice(0, 1), focus };
    }

    if (focus) return { intent: "topic", composed: composeTopic(ctx, focus, alts, flags), refused: false, topics: accepted, focus };

    if (!flags.policyCue) return refuse("refuse");
    return { intent: "no_topic", composed: composeSimple(ctx, "no_topic"), refused: false, topics: [] };
  }

  function composeProfileAck(ctx: ComposeContext, applicants: string[]): Composed {
    const implied = impliedApplicants(applicants, corpus.vocabulary.applicantImplies);
    const open = corpus.topics.filter((t) => t.applicants.some((a) => implied.has(a))).sort((a, b) => a.id - b.id);
    const en = ctx.lang === "en";
    const who = en ? applicants.map((a) => deps.names.applicants[a] ?? a).join(", ") : applicants.join("、");
    const list = open
      .map((t) => (en ? `- Topic ${t.id} ${deps.names.topics[String(t.id)] ?? t.name} (${t.name})` : `- 专题${t.id}「${t.name}」：${t.summary}`))
      .join("\n");
    const cites = open.map((t) => clauseChunk(corpus, t.id)).filter((c): c is Chunk => !!c).map((c) => citationFor(c, c.text));
    return { answer: render(ctx.templates, "profile_ack", { who, list }), citations: cites };
  }

  /** A 专项 named by its name, its short name, or its theme ("以市场为导向"). */
  function findProgram(q: string): string | undefined {
    const hit = corpus.vocabulary.programs.find(
      (p) => q.includes(p.name) || (p.name.endsWith("专项") && q.includes(p.name.slice(0, -2))) || q.includes(p.theme),
    );
    if (hit) return hit.name;
    const lower = q.toLowerCase();
    const en = Object.entries(deps.names.programs).find(([, v]) => lower.includes(v.toLowerCase().replace(/ programme$/, "")));
    return en?.[0];
  }

  function composePrinciples(ctx: ComposeContext): Composed {
    const chunks = corpus.chunks.filter((c) => c.kind === "plan" && c.headingPath.some((h) => /基本原则/.test(h)));
    const firstSentence = (c: Chunk) => c.text.split(/(?<=。)/)[0].trim();
    const lines = chunks.map((c) => `- **${c.headingPath.at(-1)}**：${firstSentence(c).replace(/^[^。]*。/, "")}`);
    const head = ctx.lang === "en" ? "The plan's basic principles (基本原则):" : "方案的**基本原则**有三条：";
    const cites: Citation[] = chunks.map((c) => citationFor(c));
    const quote = chunks.map(firstSentence).join(" ");
    const any = planChunkByHeading(corpus, /基本原则/);
    return { answer: `${head}\n\n${lines.join("\n")}\n\n> ${quote}`, citations: cites.length ? cites : any ? [citationFor(any)] : [] };
  }

  const fn = answer as AnswerFn & { ranker: TopicRanker };
  fn.ranker = ranker;
  return fn;
}

/** "我们是一所高校" / "We are a hospital": a self-description with no request in it. */
function isSelfIntroduction(q: string): boolean {
  const m = q.match(/^(?:(?:你好|您好|hi|hello)[，,!！\s]*)?(?:我们|我|本单位|我司|我单位|we|i)\s*(?:是|在|are|am|'re|'m)\s*(?:一[所家个名位])?(?:an?\s|the\s)?(.*)$/i);
  if (!m) return false;
  const rest = m[1].replace(/[。.!！~，,\s]+$/g, "");
  return rest.length <= 16 && !/(想|要|需要|申请|申报|做|搞|能|可以|怎么|什么|哪|吗|\?|？|want|need|looking|apply|can|how|what|which)/i.test(rest);
}

function pickProfile(p: ReturnType<typeof extractProfile>): Partial<Profile> {
  const out: Partial<Profile> = {};
  if (p.applicants.length) out.applicants = p.applicants;
  if (p.stages.length) out.stages = p.stages;
  if (p.needs.length) out.needs = p.needs;
  if (p.location) out.location = p.location;
  return out;
}

/** Record a yes/no reply to the clarifying question as the fact it settles. */
function applyReply(profile: Profile, told: ReturnType<typeof extractProfile>, card: TopicCard, facet: string, yn: "yes" | "no"): Profile {
  const req = card.requirements.find((r) => r.facet === facet);
  if (!req) return profile;
  if (yn === "yes") {
    if (facet === "applicant") return { ...profile, applicants: [...new Set([...profile.applicants, req.anyOf[0]])] };
    if (facet === "stage") return { ...profile, stages: [...new Set([...profile.stages, req.anyOf[0]])] };
    if (facet === "location") return { ...profile, location: req.anyOf[0] };
    return profile;
  }
  if (facet === "stage") told.negatedStages.push(...req.anyOf);
  if (facet === "applicant") told.negatedApplicants.push(...req.anyOf);
  if (facet === "location") return { ...profile, location: "外地" };
  return profile;
}

function fits(card: TopicCard, p: Profile, implies: Record<string, string[]>): boolean {
  if (p.applicants.length === 0) return true;
  const have = impliedApplicants(p.applicants, implies);
  return card.applicants.some((a) => have.has(a));
}

function isFollowUp(q: string, flags: QuestionFlags, top: TopicScore | undefined): boolean {
  if (flags.followUpRef) return true;
  // Short questions about support/eligibility with no clear topic of their own continue the conversation.
  const short = q.replace(/[？?。！!，,\s]/g, "").length <= 14;
  const weakOwnTopic = !top || top.score < 0.75;
  return short && weakOwnTopic && (flags.how || flags.who || flags.duration || flags.eligibility || !!flags.unknownDetail || !top || top.score < 0.5);
}

function overlap(q: Set<string>, s: string[]): number {
  let n = 0;
  for (const f of new Set(s)) if (q.has(f)) n += f.startsWith("#") ? 1 : 2;
  return n;
}

function sourcesText(citations: Citation[], focus?: TopicCard): string {
  return [...citations.map((c) => c.quote + " " + c.title), focus ? JSON.stringify(focus.sections) + (focus.duration ?? "") : ""].join(" ");
}

function minimalAnswer(ctx: ComposeContext, d: Decision): string {
  const c = d.composed.citations[0];
  const head = d.focus ? (ctx.lang === "en" ? `Topic ${d.focus.id}: ${d.focus.name}` : `专题${d.focus.id}「${d.focus.name}」`) : "";
  return [head, c ? `> ${c.quote}` : "", ctx.templates.note ?? ""].filter(Boolean).join("\n\n");
}

/** Pieces for streaming channels: lines, then sentences, so a widget can render progressively. */
export function splitForStreaming(text: string): string[] {
  const parts = text.match(/[^\n。！？!?]*[\n。！？!?]+|[^\n。！？!?]+$/g) ?? [text];
  return parts.filter((p) => p.length > 0);
}

interface LlmIn {
  q: string;
  lang: "zh" | "en";
  composed: Composed;
  retrieved: RetrievedChunk[];
  retrievedIds: Set<string>;
  opts: AnswerOptions;
  focus?: TopicCard;
}

async function tryLlm(deps: PipelineDeps, x: LlmIn): Promise<Composed> {
  const llm = deps.llm!;
  // Context: the draft's citations first, then the other retrieved chunks.
  const seen = new Set<string>();
  const items: { id: string; title: string; text: string }[] = [];
  for (const c of x.composed.citations) if (!seen.has(c.id)) { seen.add(c.id); items.push({ id: c.id, title: c.title, text: c.quote }); }
  for (const r of x.retrieved.slice(0, 6)) if (!seen.has(r.chunk.id)) { seen.add(r.chunk.id); items.push({ id: r.chunk.id, title: r.chunk.headingPath.join(" › "), text: r.chunk.text }); }
  const context = items.map((it, i) => ({ n: i + 1, ...it }));
  try {
    const reply = await llm.compose({ question: x.q, lang: x.lang, draft: x.composed.answer, context, signal: x.opts.signal, streaming: !!x.opts.onDelta });
    const cited = reply.cited.map((n) => context[n - 1]).filter((c): c is (typeof context)[number] => !!c);
    const citations: Citation[] = cited.length
      ? cited.map((c) => x.composed.citations.find((k) => k.id === c.id) ?? chunkCitation(x.retrieved, c.id, c.text))
      : x.composed.citations;
    const issues = checkGrounding(reply.text, sourcesText(citations, x.focus), citations.map((c) => c.id), x.retrievedIds);
    if (reply.cited.some((n) => n < 1 || n > context.length)) issues.push({ kind: "citation", detail: "marker out of range" });
    if (issues.length) {
      deps.logger?.warn({ issues, llm: llm.id }, "LLM answer failed the grounding guard; using the grounded composer");
      return x.composed;
    }
    return { ...x.composed, answer: reply.text, citations };
  } catch (err) {
    deps.logger?.warn({ err: err instanceof Error ? err.message : String(err), llm: llm.id }, "LLM failed; using the grounded composer");
    return x.composed;
  }
}

function chunkCitation(retrieved: RetrievedChunk[], id: string, text: string): Citation {
  const r = retrieved.find((x) => x.chunk.id === id);
  return r ? citationFor(r.chunk) : { id, title: id, source: id, quote: text };
}
