// Deciding what to answer, as two tables of named rules over the question frame and the conversation state:
// first which 专题 the question is about (TOPIC_RULES), then what kind of answer it gets (INTENT_RULES). Each
// table is read top to bottom and the first rule that holds decides; `--explain` names the rules that fired.
import type { Chunk, Profile, RetrievedChunk, SessionState, TopicCard } from "./types.js";
import type { QuestionFrame } from "./frame/build-frame.js";
import type { TopicRanker, TopicScore } from "./topic-ranker.js";
import { interpretReply } from "./eligibility.js";

export type Intent =
  | "injection" | "greeting" | "restart" | "declined" | "out_of_scope" | "list_topics" | "program" | "meta" | "principles"
  | "unknown_detail" | "eligibility" | "fact" | "topic" | "no_topic" | "profile" | "compare" | "missing_topic";

/** Which 专题 the question is about, and how that was found. */
export interface TopicResolution {
  rule: TopicRule["name"];
  /** Accepted 专题, best first. */
  topics: TopicScore[];
  /** 专题 numbers asked about that the plan does not have. */
  missingIds: number[];
  /** The reply answers our pending clarifying question. */
  replyTo?: SessionState["pending"];
  yesNo?: "yes" | "no";
  /** The question states facts about the asker and carries no 专题 of its own. */
  statesFacts: boolean;
}

export interface TopicInput {
  frame: QuestionFrame;
  session: SessionState;
  told: Partial<Profile>;
  ranked: TopicScore[];
  /** 专题 the question names by name, alias or number, in order of mention. */
  named: TopicScore[];
  cardById: Map<number, TopicCard>;
  minScore: number;
  /** Without what the asker says of itself, nothing of the plan is left ("我们当牵头方的话能报吗"). */
  factsOnly: boolean;
  /** The question has plan content of its own (a word that discriminates between 专题). */
  topical: boolean;
  /** The previous part of the same message, when the message asks several things. */
  previous?: PreviousPart;
}

// Alternatives shown beside the best 专题: those scoring at least this share of the best score. Evidence with
// such an alternative is not clear evidence of one 专题.
export const ALTERNATIVE_SHARE = 0.8;
const MAX_ALTERNATIVES = 3;

const toldFacts = (t: Partial<Profile>) =>
  !!(t.applicants?.length || t.statuses?.length || t.location || t.lead || t.ownership || t.size || t.sector || t.negatedApplicants?.length || t.questionedApplicants?.length);

function ownTopics(x: TopicInput): TopicScore[] {
  const top = x.ranked[0];
  if (!top || top.score < x.minScore) return [];
  return x.ranked.filter((s, i) => i === 0 || (s.score >= x.minScore && s.score >= top.score * ALTERNATIVE_SHARE)).slice(0, MAX_ALTERNATIVES);
}

const hasFocus = (x: TopicInput) => !!x.session.focusTopicId && x.cardById.has(x.session.focusTopicId);
const scoreOf = (x: TopicInput, id: number) => x.ranked.find((s) => s.card.id === id);
const asAccepted = (x: TopicInput, s: TopicScore | undefined) => (s ? [{ ...s, score: Math.max(s.score, x.minScore) }] : []);

/** Asks something about "the" 专题 without naming one: 它支持几年 / 能申请吗 / 要什么条件. */
const asksAboutATopic = (f: QuestionFrame) =>
  f.asks.followUpRef || f.asks.how || f.asks.who || f.asks.what || f.asks.duration || f.asks.eligibility || f.asks.canWe || !!f.asks.unknownDetail || f.asks.definition;

const DOCUMENT_INTENTS: Intent[] = ["meta", "principles", "program", "list_topics"];

interface TopicRule {
  name:
    | "answers-pending-question" | "compare-with-focus" | "named-in-question" | "pronoun-reference" | "statement-about-focus" | "own-evidence"
    | "follow-up" | "continues-document-part" | "none";
  when(x: TopicInput): boolean;
  topics(x: TopicInput): TopicScore[];
}

export const TOPIC_RULES: TopicRule[] = [
  {
    // A short yes/no, or a fact of the kind we asked for, with no other 专题 in it, answers our question.
    name: "answers-pending-question",
    when: (x) => {
      const p = x.session.pending;
      if (!p || !x.cardById.has(p.topicId)) return false;
      const other = x.named.some((n) => n.card.id !== p.topicId) || ownTopics(x).some((s, i) => i === 0 && s.card.id !== p.topicId && x.named.length === 0 && !toldFacts(x.told));
      if (other || x.frame.asks.asksWhich) return false;
      return !!interpretReply(x.frame.text) || toldFacts(x.told);
    },
    topics: (x) => asAccepted(x, scoreOf(x, x.session.pending!.topicId)),
  },
  {
    // "和专题11里的中试有啥不一样": one 专题 named, compared with the one under discussion.
    name: "compare-with-focus",
    when: (x) => x.frame.asks.compare && x.named.length === 1 && hasFocus(x) && x.named[0].card.id !== x.session.focusTopicId,
    topics: (x) => [...x.named, ...asAccepted(x, scoreOf(x, x.session.focusTopicId!))].map((n) => ({ ...n, score: Math.max(n.score, x.minScore) })),
  },
  {
    name: "named-in-question",
    when: (x) => x.named.length > 0,
    topics: (x) => x.named.map((n) => ({ ...n, score: Math.max(n.score, x.minScore) })),
  },
  // "它归哪个专项": a pronoun points back, whatever else the words rank.
  { name: "pronoun-reference", when: (x) => hasFocus(x) && x.frame.asks.pronounRef, topics: (x) => asAccepted(x, scoreOf(x, x.session.focusTopicId!)) },
  {
    // "我们在孝感注册的，能申请吗" / "我们是民办非企业单位": a fact about the asker settles the 专题 under discussion.
    name: "statement-about-focus",
    when: (x) => hasFocus(x) && toldFacts(x.told) && !x.frame.asks.asksWhich && x.factsOnly,
    topics: (x) => asAccepted(x, scoreOf(x, x.session.focusTopicId!)),
  },
  {
    // "这个方案依据哪些文件制定的？目标是建设什么？": a later question about the document stays with the document.
    name: "continues-document-part",
    when: (x) => !!x.previous && DOCUMENT_INTENTS.includes(x.previous.intent),
    topics: () => [],
  },
  // In a conversation, a question with no plan content of its own ("给几年支持？") is a follow-up, however its
  // words happen to rank; without one, colloquial words may rank a 专题 by themselves.
  { name: "own-evidence", when: (x) => ownTopics(x).length > 0 && (x.topical || !hasFocus(x)), topics: ownTopics },
  {
    name: "follow-up",
    when: (x) => hasFocus(x) && asksAboutATopic(x.frame),
    topics: (x) => asAccepted(x, scoreOf(x, x.session.focusTopicId!)),
  },
  { name: "none", when: () => true, topics: () => [] },
];

export function resolveTopics(x: TopicInput): TopicResolution {
  const existing = new Set(x.cardById.keys());
  const missingIds = x.frame.topicRefs.map((r) => r.id).filter((id) => !existing.has(id));
  const rule = TOPIC_RULES.find((r) => r.when(x))!;
  const topics = rule.topics(x);
  const replyTo = rule.name === "answers-pending-question" ? x.session.pending : undefined;
  return {
    rule: rule.name,
    topics,
    missingIds,
    ...(replyTo && { replyTo }),
    ...(replyTo && interpretReply(x.frame.text) && { yesNo: interpretReply(x.frame.text) }),
    // Facts told about the asker while the 专题 under discussion stays the same settle that 专题.
    statesFacts: toldFacts(x.told) && !x.frame.asks.asksWhich && !!topics[0] && (rule.name === "statement-about-focus" || rule.name === "answers-pending-question" || (topics[0].card.id === x.session.focusTopicId && x.factsOnly)),
  };
}

// ---- what kind of answer ----

/** What the previous question of the same message was decided as. */
export interface PreviousPart {
  intent: Intent;
  topics: TopicScore[];
  /** Its best-ranked 专题, even when it was declined (then no 专题 was accepted). */
  rankedTop?: number;
}

export interface IntentInput {
  frame: QuestionFrame;
  resolution: TopicResolution;
  told: Partial<Profile>;
  /** The question names a 专题, a 专项 or the plan itself: no cue declines it. */
  namesPlan: boolean;
  programNamed?: string;
  previous?: PreviousPart;
  /** This question's best-ranked 专题. */
  rankedTop?: number;
  /** The question states the asker's type and nothing else ("我们是一所高校"). */
  selfIntroduction: boolean;
}

interface IntentRule {
  name: string;
  intent: Intent;
  when(x: IntentInput): boolean;
}

const docLevel = (f: QuestionFrame) => f.asks.listTopics || f.asks.programOverview || !!f.asks.meta || f.asks.principles;
const hasTopic = (x: IntentInput) => x.resolution.topics.length > 0;
const wantsToApply = (f: QuestionFrame) => /(想|要|打算|准备|计划)(申请|申报|报|拿|享受|揭)/.test(f.text) || /\b(want|plan|hope) to apply\b/i.test(f.text);
// A yes/no question ("市里有配套补助吗", "我们有份吗", "会补助吗"), not a which-question.
const yesNo = (f: QuestionFrame) => !f.asks.asksWhich && f.clauses.some((c) => c.interrogative && /(吗|么|不|没|否)[？?]*$|有没有|能不能|可不可以|是不是|会不会|行不行|算不算|属不属于/.test(c.text));
// "能算战略+应用型平台吗", "算不算科技型骨干企业": asks whether the asker counts as what a 专题 names.
const asksWhetherItCounts = (f: QuestionFrame) => /(算不算|能算|还算|算是|属不属于|属于|够不够)[^，,。；;]{0,14}(吗|么)?/.test(f.request) && !f.asks.asksWhich;

export const INTENT_RULES: IntentRule[] = [
  { name: "restart", intent: "restart", when: (x) => x.frame.asks.restart },
  { name: "greeting", intent: "greeting", when: (x) => x.frame.asks.greeting || x.frame.asks.help },
  {
    name: "declined-neighbouring-matter",
    intent: "declined",
    when: (x) => !!x.frame.scope.declined && !x.namesPlan && x.resolution.rule !== "answers-pending-question",
  },
  {
    // A later question of a declined message about the same thing ("高企认定要什么条件，研发费用占比多少") or
    // with nothing of the plan in it is part of the same matter.
    name: "continues-declined-part",
    intent: "declined",
    when: (x) => x.previous?.intent === "declined" && !x.namesPlan && (!hasTopic(x) || (!!x.rankedTop && x.rankedTop === x.previous.rankedTop)),
  },
  { name: "continues-document-part", intent: "fact", when: (x) => x.resolution.rule === "continues-document-part" && !x.frame.asks.meta && !x.frame.asks.principles && !x.frame.asks.listTopics && !x.frame.asks.programOverview },
  { name: "topic-number-not-in-plan", intent: "missing_topic", when: (x) => x.resolution.missingIds.length > 0 && x.resolution.topics.length === 0 },
  {
    name: "compare-named-topics",
    intent: "compare",
    when: (x) => (x.resolution.rule === "named-in-question" || x.resolution.rule === "compare-with-focus") && x.resolution.topics.length >= 2 && (x.frame.asks.compare || x.frame.asks.what || x.frame.asks.who || x.frame.asks.definition || /分别|各|都/.test(x.frame.text)),
  },
  { name: "programme-named", intent: "program", when: (x) => !!x.programNamed && x.resolution.rule !== "named-in-question" && !x.frame.asks.eligibility && !x.frame.asks.unknownDetail },
  { name: "self-introduction", intent: "profile", when: (x) => x.selfIntroduction && !x.resolution.replyTo && !x.resolution.statesFacts },
  { name: "list-for-asker-type", intent: "profile", when: (x) => x.frame.asks.listTopics && (x.told.applicants?.length ?? 0) > 0 },
  { name: "list-topics", intent: "list_topics", when: (x) => x.frame.asks.listTopics && x.resolution.rule !== "named-in-question" },
  { name: "programme-overview", intent: "program", when: (x) => x.frame.asks.programOverview },
  { name: "document-fact", intent: "meta", when: (x) => !!x.frame.asks.meta && x.resolution.rule !== "named-in-question" },
  { name: "principles", intent: "principles", when: (x) => x.frame.asks.principles && x.resolution.rule !== "named-in-question" },
  {
    name: "detail-not-in-plan",
    intent: "unknown_detail",
    when: (x) => !!x.frame.asks.unknownDetail && !(x.frame.asks.duration && x.resolution.topics[0]?.card.duration),
  },
  {
    name: "eligibility",
    intent: "eligibility",
    when: (x) =>
      hasTopic(x) &&
      (!!x.resolution.replyTo ||
        x.resolution.statesFacts ||
        asksWhetherItCounts(x.frame) ||
        (!x.frame.asks.asksWhich && (x.frame.asks.eligibility || (toldFacts(x.told) && (x.frame.asks.canWe || yesNo(x.frame) || wantsToApply(x.frame)))))),
  },
  { name: "definition", intent: "fact", when: (x) => x.frame.asks.definition && !docLevel(x.frame) && x.resolution.rule !== "named-in-question" && x.resolution.rule !== "follow-up" },
  { name: "topic", intent: "topic", when: hasTopic },
  { name: "nothing-of-the-plan", intent: "out_of_scope", when: (x) => !x.frame.scope.planSign && !x.namesPlan },
  { name: "no-topic-found", intent: "no_topic", when: () => true },
];

export function decideIntent(x: IntentInput): { rule: string; intent: Intent } {
  const r = INTENT_RULES.find((rule) => rule.when(x))!;
  return { rule: r.name, intent: r.intent };
}

/** The ranked 专题 the question names by name or alias (in `nameText`) or by number. */
export function namedTopics(ranker: TopicRanker, frame: QuestionFrame, ranked: TopicScore[]): TopicScore[] {
  const byId = new Map(ranked.map((s) => [s.card.id, s]));
  const order: { id: number; at: number }[] = [];
  for (const ref of frame.topicRefs) if (byId.has(ref.id)) order.push({ id: ref.id, at: ref.start });
  for (const m of ranker.nameMatches(frame.nameText.toLowerCase())) {
    if (!order.some((o) => o.id === m.card.id)) order.push({ id: m.card.id, at: m.start });
  }
  return order.sort((a, b) => a.at - b.at).map((o) => byId.get(o.id)!);
}

export type { Chunk, RetrievedChunk };
