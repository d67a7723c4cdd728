// Shared contracts between corpus (indexing), core (answering) and channels.
// Channels and eval only ever see `Assistant` and `AnswerResult`.

/** One of the plan's six 专项. */
export type ProgramName =
  | "自然科学基金"
  | "创新平台专项"
  | "产业创新专项"
  | "科技成果转化专项"
  | "区域科技创新与合作专项"
  | "创新生态专项";

/** A condition a card states about who may apply; checked against the asker's profile. */
export interface Requirement {
  /** Which profile facet decides it. */
  facet: "applicant" | "stage" | "location" | "activity";
  /** Profile values that satisfy it (controlled vocabulary for applicant/stage). */
  anyOf: string[];
  /** Human wording of the condition, e.g. "新获批的高新技术企业". */
  text: string;
  /** Verbatim substring of the plan that states it. */
  quote: string;
  /** The clarifying question to ask when the profile does not tell. */
  ask: string;
}

export interface TopicCard {
  id: number; // 1..19
  name: string; // 特区计划
  program: ProgramName;
  programTheme: string; // 以任务为牵引
  applicants: string[]; // controlled vocabulary
  supportModes: string[]; // controlled vocabulary
  duration?: string; // "3-5年" only where the plan states it
  aliases: string[];
  summary: string; // one line, for lists
  requirements: Requirement[];
  sections: {
    支持对象: string;
    支持内容: string;
    支持方式: string;
    不适用或易混淆: string;
    常见问法: string[];
    原文依据: string; // verbatim clause from the plan
  };
  file: string; // path relative to the project root, e.g. corpus/topics/01-tequ.md
}

export interface PlanMeta {
  title: string;
  issuer: string;
  issued: string; // 2023-11-21
  effective: string; // 自印发之日起
  approvedBy: string; // 2023年第11次局长办公会
  noticeTitle?: string;
  published?: string;
}

export interface Vocabulary {
  programs: { name: ProgramName; theme: string; order: number }[];
  applicants: string[];
  supportModes: string[];
  stages: string[];
  /** applicant term → broader terms it implies (科技型中小企业 → 企业). */
  applicantImplies: Record<string, string[]>;
}

export interface LexiconEntry {
  term: string; // plan term, e.g. 高新技术企业
  variants: string[]; // everyday words, abbreviations, English
}

export interface Chunk {
  id: string; // stable: `${docId}#${n}`
  docId: string; // "plan" or "topic-07"
  kind: "plan" | "card";
  topicId?: number;
  program?: ProgramName;
  headingPath: string[];
  /** Card section name (支持对象 …) when kind = card. */
  section?: string;
  text: string;
  file: string;
  lineStart: number; // 1-based, inclusive
  lineEnd: number;
}

export interface Corpus {
  plan: { meta: PlanMeta; text: string; file: string };
  topics: TopicCard[];
  vocabulary: Vocabulary;
  lexicon: LexiconEntry[];
  chunks: Chunk[];
  /** sha256 of every corpus file's content, order-independent. */
  hash: string;
}

export interface RetrievedChunk {
  chunk: Chunk;
  /** Fused score (higher = better). */
  score: number;
  vectorScore?: number; // cosine similarity (1 - distance)
  bm25Score?: number;
  vectorRank?: number;
  bm25Rank?: number;
}

export interface Retriever {
  search(query: string, k: number): Promise<RetrievedChunk[]>;
}

export interface IndexInfo {
  chunks: number;
  builtAt: string;
  corpusHash: string;
  embedder: string;
  dimensions: number;
}

// ---- answer contract ----

export interface Profile {
  applicants: string[]; // controlled vocabulary
  stages: string[];
  needs: string[]; // financing, platform, basic-research, international, ...
  location?: string; // e.g. 武汉
}

export interface AnswerInput {
  question: string;
  sessionId?: string;
  profile?: Partial<Profile>;
}

export interface TopicHit {
  id: number;
  name: string;
  program: ProgramName;
  score: number; // calibrated 0..1
}

export interface Citation {
  id: string; // chunk id
  title: string; // e.g. 专题14：科技金融计划 · 原文依据
  source: string; // file:lineStart-lineEnd
  quote: string;
}

export type Verdict = "eligible" | "ineligible" | "uncertain";

export interface AnswerResult {
  answer: string;
  refused: boolean;
  topics: TopicHit[];
  citations: Citation[];
  verdict?: Verdict;
  followUp?: string;
  sessionId: string;
  messageId?: string;
}

export interface AnswerOptions {
  /** Called with successive pieces of the final answer text (for streaming channels). */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
  /** Which channel asked (logged by the ops layer). */
  channel?: "web" | "wechat" | "cli" | "eval";
  /** Hashed user id for logs. */
  userHash?: string;
}

export type AnswerFn = (input: AnswerInput, opts?: AnswerOptions) => Promise<AnswerResult>;

export interface TopicSummary {
  id: number;
  name: string;
  program: ProgramName;
  programTheme: string;
  summary: string;
}

/** What every entry point gets from the single wiring point. */
export interface Assistant {
  answer: AnswerFn;
  topics(): TopicSummary[];
  indexInfo(): IndexInfo;
  sessions: SessionStore;
  close(): Promise<void>;
}

// ---- sessions ----

export interface Turn {
  question: string;
  answer: string;
  topicIds: number[];
  intent?: string;
  followUp?: string;
  at: number; // epoch ms
}

export interface SessionState {
  id: string;
  history: Turn[];
  profile: Profile;
  /** The 专题 the conversation is about (for 「那它…」 follow-ups). */
  focusTopicId?: number;
  /** Pending clarifying question: what fact we asked for, for which topic. */
  pending?: { facet: Requirement["facet"]; topicId: number; question: string };
  expiresAt: number; // epoch ms
}

export interface SessionStore {
  get(id: string): Promise<SessionState | undefined>;
  set(state: SessionState): Promise<void>;
  delete(id: string): Promise<void>;
  /** Remove expired sessions; returns how many. */
  purge(now?: number): Promise<number>;
}

/** Minimal structured logger (pino-compatible) so core stays free of any logging library. */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}
