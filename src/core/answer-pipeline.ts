// The one answer function every channel and the eval harness call.
// read (frame) → find the 专题 (topic rules) → decide the answer (intent rules) → compose (grounded, or LLM +
// guard) → remember. A message with several questions is answered question by question.
import { randomUUID } from "node:crypto";
import type {
  AnswerFn, AnswerInput, AnswerOptions, AnswerResult, Chunk, Citation, Corpus, Logger, Profile,
  RetrievedChunk, Retriever, SessionState, SessionStore, TopicCard, TopicHit,
} from "./types.js";
import type { Knowledge } from "./knowledge.js";
import { detectLanguage, normalizeText } from "./normalize.js";
import { emptyProfile, mergeProfile, profileFromFrame } from "./profile.js";
import { TopicRanker, type TopicScore } from "./topic-ranker.js";
import { checkEligibility, impliedApplicants, type EligibilityResult } from "./eligibility.js";
import {
  citationFor, clauseChunk, composeCompare, composeEligibility, composeFact, composeListTopics, composeMeta, composeProgramOverview,
  composeGuidelineDetail, composeSimple, composeTopic, composeUnknownDetail, planChunkByHeading, renderIn, type ComposeContext, type Composed,
} from "./compose.js";
import { checkGrounding } from "./grounding.js";
import { chunksOf, guidelineFacts, guidelineFor, guidelineYears, yearAsked } from "./guideline-answer.js";
import { inEnglish } from "./citation-label.js";
import { sayNotStatedOnce } from "./say-once.js";
import type { LlmComposer } from "./llm-composer.js";
import type { NamesEn } from "./names.js";
import type { Templates } from "./templates.js";
import { features, type QueryTokenizer } from "./text-features.js";
import { buildFrame, type QuestionFrame } from "./frame/build-frame.js";
import { splitClauses } from "./frame/clauses.js";
import { extractInjection } from "./frame/extract-injection.js";
import { makeFrameLexicon } from "./frame/frame-lexicon.js";
import { splitQuestions } from "./frame/split-questions.js";
import { readEnglish } from "./frame/english-reading.js";
import type { Declined } from "./frame/extract-scope.js";
import { ALTERNATIVE_SHARE, decideIntent, namedTopics, resolveTopics, type Intent, type PreviousPart, type TopicResolution } from "./decide.js";

export interface PipelineDeps {
  corpus: Corpus;
  knowledge: Knowledge;
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
  /** Clock (tests pin it): "新获批" is judged against this year. */
  now?: () => number;
}

export type { Intent };

export interface Decision {
  intent: Intent;
  composed: Composed;
  refused: boolean;
  topics: TopicScore[]; // accepted, best first
  focus?: TopicCard;
  pending?: SessionState["pending"];
  /** Start the conversation afresh (重新开始). */
  reset?: boolean;
}

/** How one question was read and decided: what `--explain` prints. */
export interface PartExplanation {
  question: string;
  frame: QuestionFrame;
  topicRule: TopicResolution["rule"];
  intentRule: string;
  intent: Intent;
  ranked: { id: number; name: string; score: number; reasons: string[] }[];
  profile: Profile;
  eligibility?: EligibilityResult;
}

const MAX_HISTORY = 12;

/** The previous question of the same message. */
interface Previous extends PreviousPart {
  declined?: Declined;
}

export function makeAnswerPipeline(deps: PipelineDeps): AnswerFn & { ranker: TopicRanker } {
  const { corpus } = deps;
  const ranker = new TopicRanker(corpus.topics, deps.tokenizer, corpus.vocabulary.applicantImplies);
  const lex = makeFrameLexicon(deps.knowledge);
  const k = deps.k ?? 24;
  const now = deps.now ?? Date.now;
  const cardById = new Map(corpus.topics.map((c) => [c.id, c]));
  const chunkById = new Map(corpus.chunks.map((c) => [c.id, c]));
  const topical = (text: string) => ranker.topicalWords(text).length > 0;
  // Plan content that clearly ranks one 专题 on its own; decides a cue's head ("专利转化" vs "专利申请").
  const hasTopicEvidence = (text: string) => {
    if (!topical(text)) return false;
    const [first, second] = ranker.rank(text);
    return !!first && first.score >= deps.topicMinScore && (second?.score ?? 0) < first.score * ALTERNATIVE_SHARE;
  };
  // Inside a 专题 name or alias, and not its last word ("企业" in 科技企业培育计划; "孵化器" heads 科技企业孵化器).
  const insideName = (text: string, start: number, end: number) => ranker.insideName(text, start, end);
  const frameDeps = { lex, planText: corpus.plan.text, hasTopicEvidence, insideName };

  const answer = async (input: AnswerInput, opts: AnswerOptions = {}): Promise<AnswerResult> => {
    const q = normalizeText(input.question ?? "");
    const lang = detectLanguage(q);
    const ctx: ComposeContext = { corpus, lang, templates: lang === "en" ? deps.templates.en : deps.templates.zh, names: deps.names };

    const sessionId = input.sessionId && input.sessionId.length <= 128 ? input.sessionId : randomUUID();
    const at = now();
    let session: SessionState = (await deps.sessions.get(sessionId)) ?? newSession(sessionId, at);

    // English is read as Chinese (dictionary + function words) so one set of rules serves both languages.
    const reading = lang === "en" ? readEnglish(q, deps.knowledge.english, deps.knowledge.englishKeep) : q;
    // An injection is dropped and the real question in the message, if any, answered.
    const injection = extractInjection(q, splitClauses(q));
    if (lang === "en" && injection.present) injection.residual = readEnglish(injection.residual, deps.knowledge.english, deps.knowledge.englishKeep);
    const body = injection.present ? injection.residual : reading;
    const realQuestion = body.trim().length > 0 && (lex.planSigns.has(body) || topical(body));
    const parts = injection.present && !realQuestion ? [] : splitQuestions(body);

    const decisions: Decision[] = [];
    const explained: PartExplanation[] = [];
    const retrieved: RetrievedChunk[] = [];
    let previous: Previous | undefined;
    if (parts.length === 0) decisions.push(refusal(ctx, "injection", "refuse_injection"));
    for (const [i, part] of parts.entries()) {
      const r = await decidePart({ part, context: body, lang, ctx, session, previous, input: i === 0 ? input : undefined, original: lang === "en" ? q : undefined });
      decisions.push(r.decision);
      retrieved.push(...r.retrieved);
      explained.push(r.explanation);
      session = r.session;
      previous = { intent: r.decision.intent, topics: r.decision.topics, rankedTop: r.rankedTop, declined: r.declined ?? previous?.declined };
    }

    // Citations must be chunks the index actually returned; grounding guards every number.
    const composedParts: Composed[] = [];
    for (const d of decisions) composedParts.push(await ground(d, retrieved, ctx));
    let composed = joinParts(composedParts);
    const single = decisions.length === 1 ? decisions[0] : undefined;
    if (deps.llm && single && !single.refused && ["topic", "eligibility", "fact", "unknown_detail", "meta"].includes(single.intent)) {
      composed = await tryLlm(deps, { q, lang, composed, retrieved, retrievedIds: new Set(retrieved.map((r) => r.chunk.id)), opts, focus: single.focus, counts: countsText(corpus) });
    }

    composed = {
      ...composed,
      answer: sayNotStatedOnce(composed.answer, ctx.templates),
      // English answers: the path in English and the clause's unofficial rendering beside the Chinese.
      citations: lang === "en" ? composed.citations.map((c) => inEnglish(c, chunkById.get(c.id), corpus)) : composed.citations,
    };

    const topics: TopicHit[] = [];
    for (const d of decisions) {
      for (const t of d.topics) {
        if (!topics.some((x) => x.id === t.card.id)) topics.push({ id: t.card.id, name: t.card.name, program: t.card.program, score: t.score });
      }
    }
    const last = decisions[decisions.length - 1];
    const reset = decisions.some((d) => d.reset);
    const base = reset ? newSession(sessionId, at) : session;
    const next: SessionState = {
      ...base,
      history: reset
        ? []
        : [
            ...session.history,
            {
              question: q, answer: composed.answer, topicIds: topics.map((t) => t.id), intent: last.intent, followUp: composed.followUp, at,
              shown: { asked: (input.question ?? "").trim(), refused: decisions.every((d) => d.refused), topics, citations: composed.citations, ...(composed.verdict && { verdict: composed.verdict }) },
            },
          ].slice(-MAX_HISTORY),
      expiresAt: at + deps.sessionTtlMs,
    };
    await deps.sessions.set(next);

    if (opts.onDelta) for (const piece of splitForStreaming(composed.answer)) opts.onDelta(piece);

    const result: AnswerResult = {
      answer: composed.answer,
      refused: decisions.every((d) => d.refused),
      topics,
      citations: composed.citations,
      sessionId,
    };
    if (composed.verdict) result.verdict = composed.verdict;
    if (composed.followUp) result.followUp = composed.followUp;
    if (opts.explain) result.explanation = { injection, parts: explained };
    return result;
  };

  interface PartIn {
    part: string;
    context: string;
    lang: "zh" | "en";
    ctx: ComposeContext;
    session: SessionState;
    previous?: Previous;
    input?: AnswerInput;
    /** The English question, when `part` is its Chinese reading. */
    original?: string;
  }

  async function decidePart(
    x: PartIn,
  ): Promise<{ decision: Decision; session: SessionState; retrieved: RetrievedChunk[]; explanation: PartExplanation; declined?: Declined; rankedTop?: number }> {
    const frame = buildFrame(x.part, x.lang, frameDeps, x.context, x.original);
    const told = profileFromFrame(frame.asker, frame.places);
    let profile = mergeProfile(x.session.profile, { ...(x.input?.profile ?? {}), ...told });
    const retrieved = [...(await deps.retriever.search(frame.rankText, k))];
    const ranked = ranker.rank(frame.rankText, { retrieved, profile, nameText: frame.nameText, explicit: frame.topicRefs.map((r) => r.id) });
    const named = namedTopics(ranker, frame, ranked);
    const resolution = resolveTopics({
      frame, session: x.session, told, ranked, named, cardById, minScore: deps.topicMinScore,
      factsOnly: !topical(frame.factFreeText), topical: named.length > 0 || topical(frame.rankText), previous: x.previous,
    });
    const pendingCard = resolution.replyTo ? cardById.get(resolution.replyTo.topicId) : undefined;
    if (pendingCard && resolution.yesNo) profile = applyReply(profile, pendingCard, resolution.replyTo!.facet, resolution.yesNo, corpus.vocabulary);
    const programNamed = findProgram(frame.rankText);
    // A 专题 named only in the background ("带娃看完科普活动，地铁几点停运") does not make the request the plan's.
    const requestLower = frame.request.toLowerCase();
    const namesPlan = named.some((n) => ranker.nameAt(n.card, requestLower) >= 0) || frame.topicRefs.length > 0 || (!!programNamed && !!findProgram(frame.request));
    const { rule, intent } = decideIntent({
      frame, resolution, told, namesPlan, programNamed, previous: x.previous, rankedTop: ranked[0]?.card.id,
      selfIntroduction: (told.applicants?.length ?? 0) > 0 && isSelfIntroduction(x.part),
    });

    const decision = compose(intent, { frame, resolution, ranked, profile, retrieved, ctx: x.ctx, session: x.session, programNamed, part: x.part, message: x.context, previousDeclined: x.previous?.declined });
    const eligibility = decision.eligibility;
    const focusTopicId = decision.focus?.id ?? x.session.focusTopicId;
    const session: SessionState = { ...x.session, profile, focusTopicId, pending: decision.pending };
    const explanation: PartExplanation = {
      question: x.part, frame, topicRule: resolution.rule, intentRule: rule, intent, profile,
      ranked: ranked.slice(0, 5).map((s) => ({ id: s.card.id, name: s.card.name, score: s.score, reasons: s.reasons })),
      ...(eligibility && { eligibility }),
    };
    return {
      decision, session, retrieved, explanation, rankedTop: ranked[0]?.card.id,
      ...(intent === "declined" && frame.scope.declined && { declined: frame.scope.declined }),
    };
  }

  interface ComposeIn {
    frame: QuestionFrame;
    resolution: TopicResolution;
    ranked: TopicScore[];
    profile: Profile;
    retrieved: RetrievedChunk[];
    ctx: ComposeContext;
    session: SessionState;
    programNamed?: string;
    part: string;
    /** The whole message this part is one question of. */
    message: string;
    previousDeclined?: Declined;
  }

  function compose(intent: Intent, c: ComposeIn): Decision & { eligibility?: EligibilityResult } {
    const { ctx, frame, resolution } = c;
    const accepted = resolution.topics;
    const focus = accepted[0]?.card;
    const alts = accepted.slice(1).map((s) => s.card);
    const plain = (composed: Composed, extra: Partial<Decision> = {}): Decision => ({ intent, composed, refused: false, topics: [], ...extra });
    switch (intent) {
      case "restart":
        return { ...plain(composeSimple(ctx, "restart")), reset: true };
      case "greeting":
        return plain(composeSimple(ctx, "greeting"));
      case "injection":
        return refusal(ctx, intent, "refuse_injection");
      case "declined": {
        const d = frame.scope.declined ?? c.previousDeclined;
        if (d?.kind === "place") return refusal(ctx, intent, "refuse_place", { place: d.name.replace(/的政策$/, "") });
        return d ? refusal(ctx, intent, "refuse_domain", { name: d.name, handler: d.handler }) : refusal(ctx, intent, "refuse");
      }
      case "out_of_scope":
        return refusal(ctx, intent, "refuse");
      case "missing_topic": {
        const ids = resolution.missingIds.map((id) => (ctx.lang === "en" ? `Topic ${id}` : `专题${id}`)).join(ctx.lang === "en" ? ", " : "、");
        const chunk = planChunkByHeading(corpus, /科技计划体系设置/);
        return plain({ answer: renderIn(ctx, "missing_topic", { ids }), citations: chunk ? [citationFor(chunk)] : [] });
      }
      case "compare":
        return plain(composeCompare(ctx, accepted.map((s) => s.card)), { topics: accepted, focus });
      case "program":
        if (c.programNamed) {
          const inProgram = c.ranked.filter((s) => s.card.program === c.programNamed);
          return plain(composeProgramOverview(ctx, c.programNamed), { topics: inProgram.map((s) => ({ ...s, score: Math.max(s.score, deps.topicMinScore) })) });
        }
        return plain(composeProgramOverview(ctx));
      case "profile":
        return plain(composeProfileAck(ctx, c.profile.applicants));
      case "list_topics":
        return plain(composeListTopics(ctx));
      case "meta":
        return plain(composeMeta(ctx, frame.asks.meta!));
      case "principles":
        return plain(composePrinciples(ctx));
      case "unknown_detail": {
        // The annual guideline for the 专题, where one is in the corpus, says what the plan leaves open.
        const detail = frame.asks.unknownDetail!;
        const facts =
          focus &&
          guidelineFacts(corpus, {
            topicId: focus.id,
            detail,
            question: frame.text,
            message: c.message,
            featuresOf: (t) => features(deps.tokenizer, t),
            today: beijingDate(now()),
            levelsIn: (t) => levelsAsserted(t, lex),
            supportItems: focus.supportModes.flatMap((m) => m.split("/")),
          });
        if (focus && facts) return plain(composeGuidelineDetail(ctx, focus, facts, detail), { topics: accepted.slice(0, 1), focus });
        // A guideline in force that does not state it either is said so, rather than sending people to it.
        // (Not when the question named a year no guideline of the 专题 is for: that year's guideline is not in.)
        const silent = focus && yearAsked(frame.text, guidelineYears(corpus, focus.id)) === undefined ? guidelineFor(corpus, focus.id) : undefined;
        const first = silent ? chunksOf(corpus, silent.docId)[0] : undefined;
        const composed = composeUnknownDetail(ctx, detail, focus, first ? first.headingPath[0] : undefined);
        // The guideline is cited (its title), so it can be opened, and its year is grounded like any number.
        return plain(first ? { ...composed, citations: [...composed.citations, citationFor(first, first.text)] } : composed, { topics: accepted.slice(0, 1), focus });
      }
      case "eligibility": {
        const card = focus!;
        // What the conversation said about this 专题, with the plan terms its words stand for ("metropolitan area").
        const said = [...c.session.history.filter((h) => h.topicIds[0] === card.id).map((h) => h.question), c.part].join("。");
        const expanded = [said, ...deps.tokenizer.expand(said)].join(" ");
        const result = checkEligibility(card, c.profile, { vocabulary: corpus.vocabulary, question: said, expanded, derived: frame.derived, year: new Date(now()).getFullYear() });
        const fitAlts =
          result.verdict === "ineligible"
            ? c.ranked.filter((s) => s.card.id !== card.id && s.score >= deps.topicMinScore && fits(s.card, c.profile, corpus.vocabulary.applicantImplies)).slice(0, 2).map((s) => s.card)
            : alts;
        const composed = composeEligibility(ctx, card, result, fitAlts, c.profile.applicants);
        const pending = result.verdict === "uncertain" && result.missing ? { facet: result.missing.facet, topicId: card.id, question: composed.followUp ?? "" } : undefined;
        return { ...plain(composed, { topics: accepted.slice(0, 1), focus: card, pending }), eligibility: result };
      }
      case "fact": {
        const qf = new Set(features(deps.tokenizer, frame.text));
        const fact = composeFact(ctx, c.retrieved.map((r) => r.chunk), (s) => overlap(qf, features(deps.tokenizer, s)));
        if (fact) return plain(fact, { topics: accepted.slice(0, 1), focus });
        if (focus) return plain(composeTopic(ctx, focus, alts, frame.asks), { intent: "topic", topics: accepted, focus });
        return plain(composeSimple(ctx, "no_topic"), { intent: "no_topic" });
      }
      case "topic":
        return plain(composeTopic(ctx, focus!, alts, frame.asks), { topics: accepted, focus });
      case "no_topic":
        return plain(composeSimple(ctx, "no_topic"));
    }
  }

  async function ground(d: Decision, retrieved: RetrievedChunk[], ctx: ComposeContext): Promise<Composed> {
    let composed = d.composed;
    const retrievedIds = new Set(retrieved.map((r) => r.chunk.id));
    // A clause chosen through the card (not in the question's top-k) is fetched by searching for its own text;
    // one that still does not come back is dropped.
    const missing = composed.citations.filter((c) => !retrievedIds.has(c.id));
    if (missing.length && deps.retriever.get) {
      // Fetched from the index by id: a quoted clause is never left without its citation because its own words
      // happened to rank other chunks first.
      for (const chunk of await deps.retriever.get(missing.map((c) => c.id))) {
        retrievedIds.add(chunk.id);
        retrieved.push({ chunk, score: 0 });
      }
    } else {
      for (const c of missing) {
        // The clause's own words, asked again by every answer that cites it: the retriever may remember them.
        const hits = await deps.retriever.search(c.quote.slice(0, 80), 3, { repeatable: true });
        for (const h of hits) {
          retrievedIds.add(h.chunk.id);
          retrieved.push(h);
        }
      }
    }
    if (missing.length) composed = { ...composed, citations: composed.citations.filter((c) => retrievedIds.has(c.id)) };
    // Grounding guard on the grounded composer too: a card edit must not leak an unsupported number.
    const issues = checkGrounding(composed.answer, sourcesText(composed.citations) + countsText(corpus));
    if (issues.length) {
      deps.logger?.warn({ issues, intent: d.intent }, "grounded answer failed the guard; using a minimal answer");
      composed = { ...composed, answer: minimalAnswer(ctx, d) };
    }
    return composed;
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
    return { answer: renderIn(ctx, "profile_ack", { who, list }), citations: cites };
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

function newSession(id: string, at: number): SessionState {
  return { id, history: [], profile: emptyProfile(), expiresAt: at };
}

function refusal(ctx: ComposeContext, intent: Intent, template: string, vars: Record<string, string> = {}): Decision {
  return { intent, composed: composeSimple(ctx, template, vars), refused: true, topics: [] };
}

/** Several answers, one per question of the message, in order; each keeps its own citations. */
function joinParts(parts: Composed[]): Composed {
  if (parts.length === 1) return parts[0];
  const citations: Citation[] = [];
  for (const p of parts) for (const c of p.citations) if (!citations.some((x) => x.id === c.id)) citations.push(c);
  const verdict = parts.find((p) => p.verdict)?.verdict;
  const followUp = [...parts].reverse().find((p) => p.followUp)?.followUp;
  return { answer: parts.map((p) => p.answer).join("\n\n"), citations, ...(verdict && { verdict }), ...(followUp && { followUp }) };
}

/** "我们是一所高校" / "We are a hospital": a self-description with no request in it. */
function isSelfIntroduction(q: string): boolean {
  const m = q.match(/^(?:(?:你好|您好|hi|hello)[，,!！\s]*)?(?:我们|我|本单位|我司|我单位|we|i)\s*(?:是|在|are|am|'re|'m)\s*(?:一[所家个名位])?(?:an?\s|the\s)?(.*)$/i);
  if (!m) return false;
  const rest = m[1].replace(/[。.!！~，,\s]+$/g, "");
  return rest.length <= 16 && !/(想|要|需要|申请|申报|做|搞|能|可以|怎么|什么|哪|吗|\?|？|want|need|looking|apply|can|how|what|which)/i.test(rest);
}

/** Record a yes/no reply to the clarifying question as the fact it settles. */
function applyReply(profile: Profile, card: TopicCard, facet: string, yn: "yes" | "no", vocabulary: Corpus["vocabulary"]): Profile {
  const req = card.requirements.find((r) => r.facet === facet);
  if (!req) return profile;
  const first = req.anyOf[0];
  switch (facet) {
    case "applicant":
      return yn === "yes"
        ? { ...profile, applicants: [...new Set([first, ...profile.applicants])] }
        : { ...profile, negatedApplicants: [...new Set([...(profile.negatedApplicants ?? []), ...req.anyOf])] };
    case "stage":
      if (yn === "yes") return { ...profile, stages: [...new Set([...profile.stages, first])] };
      return {
        ...profile,
        stages: profile.stages.filter((s) => !req.anyOf.includes(s)),
        statuses: [
          ...(profile.statuses ?? []),
          ...req.anyOf.map((s) => ({ status: vocabulary.stageDefinitions[s]?.status ?? s, state: "negated" as const, term: s })),
        ],
      };
    case "location":
      return yn === "yes" ? { ...profile, location: first, locationHome: true } : { ...profile, location: "外地", locationHome: false };
    case "role":
      return { ...profile, lead: yn === "yes" ? "lead" : "participant" };
    default:
      return profile;
  }
}

function fits(card: TopicCard, p: Profile, implies: Record<string, string[]>): boolean {
  if (p.applicants.length === 0) return true;
  const have = impliedApplicants(p.applicants, implies);
  return card.applicants.some((a) => have.has(a));
}

function overlap(q: Set<string>, s: string[]): number {
  let n = 0;
  for (const f of new Set(s)) if (q.has(f)) n += f.startsWith("#") ? 1 : 2;
  return n;
}

/** Numbers the answers may state because the corpus's structure gives them: counts and 专题 numbers. */
function countsText(corpus: Corpus): string {
  let text = countsOf.get(corpus);
  if (text === undefined) {
    text = ` ${corpus.topics.length} ${corpus.vocabulary.programs.length} ${corpus.topics.map((t) => t.id).join(" ")}`;
    countsOf.set(corpus, text);
  }
  return text;
}

// Fixed for a loaded corpus: built once per corpus, not per answer.
const countsOf = new WeakMap<Corpus, string>();
/**
 * What an answer's numbers may come from: the cited chunks (plan clauses, guideline passages, card sections)
 * by their own text. Not the focus card as a whole — a number typed into a card that no cited chunk states
 * must not reach users.
 */
function sourcesText(citations: Citation[]): string {
  return citations.map((c) => c.quote + " " + c.title).join(" ");
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
  counts: string;
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
    const issues = checkGrounding(reply.text, sourcesText(citations) + x.counts, citations.map((c) => c.id), x.retrievedIds);
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
  return r ? citationFor(r.chunk) : { id, title: id, label: id, source: id, quote: text };
}

/** Today's date where the bureau is (UTC+8), YYYY-MM-DD: deadlines are Beijing dates. */
function beijingDate(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Levels of government a text names as so, not negated ("省级众创空间，不是国家级的" names 省级 only). */
function levelsAsserted(text: string, lex: { levels: { findAll(t: string): { value: string; start: number }[] } }): Set<string> {
  return new Set(lex.levels.findAll(text).filter((h) => !/(不是|并非|非|不属于)$/.test(text.slice(Math.max(0, h.start - 3), h.start))).map((h) => h.value));
}
