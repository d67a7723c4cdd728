// Shared contracts between corpus (indexing), core (answering) and channels.
// Channels and eval only ever see `Assistant` and `AnswerResult`.

/** One of the plan's 专项, as named in corpus/vocabulary.yaml. */
export type ProgramName = string;

/** A condition a card states about who may apply; checked against the asker's profile. */
export interface Requirement {
  /** Which profile facet decides it. */
  facet: "applicant" | "stage" | "location" | "activity" | "role";
  /** Profile values that satisfy it (controlled vocabulary for applicant/stage). */
  anyOf: string[];
  /** Human wording of the condition, e.g. "新获批的高新技术企业". */
  text: string;
  /** Verbatim substring of the plan that states it. */
  quote: string;
  /** The clarifying question to ask when the profile does not tell. */
  ask: string;
  /** Whether an unknown state keeps the verdict open (default: yes; location: no). A "not met" always decides. */
  decisive?: boolean;
  /** Checked only for askers of these applicant types (专题3: the enterprise must 出资; institutes need not). */
  appliesTo?: string[];
  /** Checked only when the question mentions one of these words (专题16: the lead rule is the 都市圈 project's). */
  when?: string[];
  /** activity: a business described only as non-technology (trade, retail) does not meet it. */
  techOnly?: boolean;
}

export interface TopicCard {
  id: number; // the plan's 专题 number
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

export interface ApplicantDefinition {
  isA: string;
  sector?: "tech";
  size?: "sme" | "large";
}

export interface StageDefinition {
  status: string;
  recency?: "recent";
  level?: "national" | "provincial" | "municipal";
  lead?: boolean;
}

export interface Vocabulary {
  programs: { name: ProgramName; theme: string; order: number }[];
  applicants: string[];
  supportModes: string[];
  stages: string[];
  /** applicant term → broader terms it implies (科技型中小企业 → 企业). */
  applicantImplies: Record<string, string[]>;
  applicantDefinitions: Record<string, ApplicantDefinition>;
  /** applicant term → types it may or may not be (the plan does not say). */
  applicantOverlaps: Record<string, string[]>;
  applicantCues: Record<string, string[]>;
  ownership: Record<string, string[]>;
  statusCues: Record<string, string[]>;
  roleCues: { lead: string[]; participant: string[] };
  stageDefinitions: Record<string, StageDefinition>;
  /** Applicant types the plan never names: a verdict for them is at most "uncertain". */
  silentTypes: string[];
  /** The 我的单位 panel's choices (政策匹配). */
  profileForm: ProfileFormChoices;
}

/** One choice of the 我的单位 panel and the facts it states (corpus/vocabulary.yaml profileForm). */
export interface ProfileOption {
  label: string;
  en: string;
  applicant?: string;
  stage?: string;
  sector?: "tech" | "nonTech";
  size?: "sme" | "large";
  affiliate?: string;
  home?: boolean;
  groupings?: string[];
  /** Activities: plan terms saying what the unit wants to do. */
  words?: string[];
  /** Line in vocabulary.yaml, for messages. */
  line: number;
}

export interface ProfileFormChoices {
  unitTypes: ProfileOption[];
  sizes: ProfileOption[];
  statuses: ProfileOption[];
  locations: ProfileOption[];
  activities: ProfileOption[];
}

/** What the 我的单位 panel sends: option labels. */
export interface ProfileForm {
  unitType?: string;
  size?: string;
  statuses?: string[];
  location?: string;
  activities?: string[];
}

/** corpus/scope.yaml: what the plan does not cover and who handles it. */
export interface ScopeDomain {
  id: string;
  name: string;
  handler: string;
  cues: string[];
  /** task: the cues are requests themselves ("写一首"), declined whatever their object. */
  kind?: "task";
}

export interface ScopeModel {
  domains: ScopeDomain[];
  levels: {
    national: { name: string; handler: string; words: string[]; programmes: string[] };
    provincial: { name: string; handler: string; words: string[]; programmes: string[] };
    programmeWords: string[];
  };
  inScope: { name: string; topic: number; role?: "held"; cues: string[]; status?: { status: string; level?: "national" | "provincial" | "municipal" } }[];
  planSigns: string[];
}

/** corpus/regions.yaml: the groupings of places the plan names. */
export interface RegionModel {
  home: string;
  zones: string[];
  groupings: { name: string; planTerm: string; members: string[] }[];
  abroad: { planTerm: string };
}

/** corpus/sectors.yaml: technology fields, non-technology sectors, and the 科技型中小企业 size limits. */
export interface SectorModel {
  tech: { field: string; words: string[] }[];
  nonTech: { section: string; words: string[] }[];
  /** Endings that name a shop or an eatery (烧烤店, 面馆). */
  nonTechSuffixes: string[];
  sme: { rule: string; maxEmployees: number; maxRevenueYuan: number; largeWords: string[]; smallWords: string[] };
}

export interface LexiconEntry {
  term: string; // plan term, e.g. 高新技术企业
  variants: string[]; // everyday words, abbreviations, English
  /** Variants of ≤ 2 Chinese characters that are accepted abbreviations (科小, 高企). */
  abbreviations?: string[];
  /** Line of each variant in lexicon.yaml, for lint messages. */
  lines?: Record<string, number>;
}

/** Where a guideline chunk sits in its file, for citations: 第3页 表2 第4行 / sheet 名单 第12行. */
export interface ChunkPlace {
  page?: number;
  pageEnd?: number;
  sheet?: string;
  table?: number;
  row?: number;
}

export interface Chunk {
  id: string; // stable: `${docId}#${n}`
  docId: string; // "plan", "topic-07" or "guideline-…"
  kind: "plan" | "card" | "guideline";
  /** Guideline chunks: page, sheet, table and row in the source file. */
  place?: ChunkPlace;
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

export interface CorpusFile {
  /** Relative to the project root, e.g. corpus/topics/07-x.md. */
  name: string;
  content: string;
}

/** An annual guideline document (申报指南 / 通知) in corpus/guidelines/, with what its sidecar says or was detected. */
export interface GuidelineDoc {
  docId: string;
  /** corpus/guidelines/2025-keji-jinrong.docx */
  file: string;
  /** corpus/guidelines/2025-keji-jinrong.yaml, when staff wrote one. */
  sidecar?: string;
  format: string;
  title: string;
  issuer?: string;
  year?: number;
  /** YYYY-MM-DD */
  published?: string;
  /** Dates by which something must be done (YYYY-MM-DD), each with the sentence that sets it. */
  deadlines: { date: string; what: string }[];
  /** The 专题 the document concerns. */
  topicIds: number[];
  /** Whether this is the guideline currently applying to its 专题 (an older year's is not). */
  inForce: boolean;
  /** Fields read from the document rather than its sidecar (ingest prints them for staff to confirm). */
  detected: (keyof GuidelineFields)[];
}

export type GuidelineFields = Pick<GuidelineDoc, "title" | "issuer" | "year" | "published" | "deadlines" | "topicIds" | "inForce">;

export interface Corpus {
  plan: { meta: PlanMeta; text: string; file: string };
  topics: TopicCard[];
  /** corpus/guidelines/: the annual guidelines that detail the plan (none in the shipped corpus). */
  guidelines: GuidelineDoc[];
  vocabulary: Vocabulary;
  lexicon: LexiconEntry[];
  scope: ScopeModel;
  regions: RegionModel;
  sectors: SectorModel;
  /** corpus/glossary.en.yaml: plan term → its English renderings. */
  glossary: Record<string, string[]>;
  /** corpus/plan/plan.en.yaml: unofficial English renderings of the plan's headings and sentences (zh → en). */
  planEn: { headings: Map<string, string>; sentences: Map<string, string> };
  chunks: Chunk[];
  /** sha256 of every corpus file's content, order-independent. */
  hash: string;
  /** The source files themselves (saved with the index, so a broken edit never blocks a restart). */
  files: CorpusFile[];
  /** Problems that do not stop the corpus loading (a lexicon variant found in the text of several 专题). */
  warnings: { file: string; line: number; message: string }[];
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
  /**
   * `repeatable`: the query is corpus text asked again and again (a cited clause's own words), so a retriever
   * may answer it from memory; a visitor's question is never marked so.
   */
  search(query: string, k: number, opts?: { repeatable?: boolean }): Promise<RetrievedChunk[]>;
  /** The indexed chunks with these ids (those the index holds), for a clause chosen through its 专题 card. */
  get?(ids: readonly string[]): Promise<Chunk[]>;
}

export interface IndexInfo {
  chunks: number;
  builtAt: string;
  corpusHash: string;
  embedder: string;
  dimensions: number;
}

// ---- answer contract ----

/** A status the plan's clauses turn on, as the asker stated it. */
export interface StatusClaim {
  status: string; // statusCues key: 高新技术企业, 科技奖, 科技项目, 科技贷款, 初创, 重点高校院所
  state: "held" | "pending" | "negated" | "questioned";
  term: string;
  recency?: "recent" | "old";
  year?: number;
  level?: "national" | "provincial" | "municipal";
  lead?: boolean;
}

/** What is known of the asker, accumulated over a conversation. */
export interface Profile {
  applicants: string[]; // controlled vocabulary, the head type first
  stages: string[]; // plan stages the asker meets outright (shown and used for ranking)
  needs: string[]; // wanted, not held: never a fact
  location?: string; // place name as said
  negatedApplicants?: string[];
  questionedApplicants?: string[];
  /** Organisations the asker belongs to or works with (大学附属医院 → 高校). */
  affiliates?: string[];
  statuses?: StatusClaim[];
  /** Where the asker is: in the plan's own city, and the groupings of regions.yaml it belongs to. */
  locationHome?: boolean;
  locationGroupings?: string[];
  ownership?: string;
  sector?: "tech" | "nonTech";
  size?: "sme" | "large";
  lead?: "lead" | "participant";
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
  /** For people: 《武汉市科技计划体系改革优化方案》 › 二、(四) › 专题14：科技金融计划 (file:line stays in `source`). */
  label: string;
  source: string; // file:lineStart-lineEnd (guidelines: file#page=3 / file#sheet=名单&row=12)
  /** Guideline citations: the file's place, kept for JSON clients (page, sheet, table, row). */
  place?: ChunkPlace;
  quote: string;
  /** English answers: an unofficial English rendering of `quote`, from corpus/plan/plan.en.yaml. */
  translation?: { text: string; note: string };
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
  /** Only with `explain`: the frame, the rules that fired and why (for staff; not sent to channels). */
  explanation?: unknown;
}

export interface AnswerOptions {
  /** Called with successive pieces of the final answer text (for streaming channels). */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
  /** Which channel asked (logged by the ops layer). */
  channel?: "web" | "wechat" | "cli" | "eval";
  /** Hashed user id for logs. */
  userHash?: string;
  /** Return how the question was read and decided (`npm run ask -- --explain`). */
  explain?: boolean;
}

export type AnswerFn = (input: AnswerInput, opts?: AnswerOptions) => Promise<AnswerResult>;

export interface TopicSummary {
  id: number;
  name: string;
  program: ProgramName;
  programTheme: string;
  summary: string;
}

// ---- 政策匹配: a profile in, every 专题 judged ----

export interface MatchInput {
  profile: ProfileForm;
  sessionId?: string;
  lang?: "zh" | "en";
}

export interface MatchCondition {
  text: string;
  state: "met" | "not_met" | "unknown";
  why: string;
  citation?: Citation;
}

export interface MatchResult {
  topic: { id: number; name: string; nameEn: string; program: ProgramName; programEn: string };
  verdict: Verdict;
  verdictText: string;
  reason: string;
  conditions: MatchCondition[];
  missing: string[];
  caveats: string[];
  citation?: Citation;
}

export interface MatchReport {
  sessionId: string;
  lang: "zh" | "en";
  profile: ProfileForm;
  profileText: string;
  summary: Record<Verdict, number>;
  results: MatchResult[];
  note: string;
}

export type MatchFn = (input: MatchInput) => Promise<MatchReport>;

/** What every entry point gets from the single wiring point. */
export interface Assistant {
  answer: AnswerFn;
  /** Judge every 专题 for a 我的单位 profile and remember the profile in the session. */
  match: MatchFn;
  /** The 我的单位 panel's choices. */
  profileChoices(): ProfileFormChoices;
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
  /** What a channel needs to show the answer again (a reloaded page resumes the conversation). */
  shown?: { asked?: string; refused: boolean; topics: TopicHit[]; citations: Citation[]; verdict?: Verdict };
  // `question` is normalised (full-width punctuation folded) for understanding; `shown.asked` is as typed.
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
  /** The 我的单位 panel as last submitted (its facts are in `profile`); refills the panel after a reload. */
  form?: ProfileForm;
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
