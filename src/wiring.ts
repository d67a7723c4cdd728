// The single wiring point: builds the corpus, index, sessions and answer pipeline for every entry
// point (server, WeChat bot, CLI, eval, bench). Nothing else constructs a pipeline.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Config } from "./config.js";
import type { Assistant, Corpus, IndexInfo, Logger, Retriever, SessionStore, TopicSummary } from "./core/types.js";
import { makeMatch } from "./core/match.js";
import { makeAnswerPipeline } from "./core/answer-pipeline.js";
import { InMemorySessionStore } from "./core/session-memory.js";
import { parseTemplates, type Templates } from "./core/templates.js";
import { emptyNames, type NamesEn } from "./core/names.js";
import { makeLlmComposer, type LlmComposer } from "./core/llm-composer.js";
import { makeChatModel } from "./core/make-chat-model.js";
import { loadCorpus } from "./corpus/load-corpus.js";
import { guidelineCacheDir } from "./corpus/corpus-cache.js";
import { loadOrBuildIndex } from "./corpus/index-store.js";
import { makeCorpusTokenizer } from "./corpus/tokenizer.js";
import { makeKnowledge } from "./corpus/knowledge/make-knowledge.js";

export interface Prompts {
  zh: Templates;
  en: Templates;
  llm: Templates; // { system, answer }
  names: NamesEn;
}

export interface AssistantOptions {
  logger?: Logger;
  /** Replace the session store (the ops layer passes its SQLite store). */
  sessions?: SessionStore;
  /** Use an already-loaded corpus/index (reindex builds them before swapping). */
  corpus?: Corpus;
  retriever?: Retriever;
  indexInfo?: IndexInfo;
}

/** What the wiring point exposes beyond the channel-facing `Assistant`. */
export interface WiredAssistant extends Assistant {
  corpus: Corpus;
  retriever: Retriever;
  /** Ids of every chunk in the corpus (eval checks citations against it). */
  corpusChunkIds(): Set<string>;
  /** A corpus chunk's text by id (eval checks guideline quotes against it: parsed documents have no lines). */
  corpusChunkText(id: string): string | undefined;
  llmEnabled: boolean;
}

export async function loadPrompts(dir: string): Promise<Prompts> {
  const read = (f: string) => readFile(path.join(dir, f), "utf8");
  const [zh, en, system, answer, names] = await Promise.all([
    read("answer-templates.zh.md"),
    read("answer-templates.en.md"),
    read("system.md"),
    read("answer.md"),
    read("names.en.yaml").catch(() => ""),
  ]);
  const parsedNames = (names ? parseYaml(names) : {}) as Partial<NamesEn>;
  return {
    zh: parseTemplates(zh),
    en: parseTemplates(en),
    llm: { system, answer },
    names: { ...emptyNames(), ...parsedNames },
  };
}

export async function makeLlm(config: Config, prompts: Prompts): Promise<LlmComposer | undefined> {
  if (!config.LLM_BASE_URL) return undefined;
  const model = await makeChatModel({
    baseUrl: config.LLM_BASE_URL,
    model: config.LLM_MODEL,
    apiKey: config.LLM_API_KEY,
    timeoutMs: config.LLM_TIMEOUT_MS,
    temperature: config.LLM_TEMPERATURE,
  });
  return makeLlmComposer(model, prompts.llm, config.LLM_TIMEOUT_MS);
}

/** English names of 专题 and 专项 (prompts/names.en.yaml) as English → Chinese pairs for English questions. */
function englishNames(corpus: Corpus, names: NamesEn): [string, string][] {
  const topics = corpus.topics.flatMap((t): [string, string][] => (names.topics[String(t.id)] ? [[names.topics[String(t.id)], t.name]] : []));
  const programs = Object.entries(names.programs).map(([zh, en]): [string, string] => [en, zh]);
  const applicants = Object.entries(names.applicants).map(([zh, en]): [string, string] => [en, zh]);
  return [...topics, ...programs, ...applicants];
}

export async function makeAssistant(config: Config, opts: AssistantOptions = {}): Promise<WiredAssistant> {
  const log = opts.logger;
  const corpus = opts.corpus ?? (await loadCorpus(config.CORPUS_DIR, config.ROOT_DIR, { guidelineCache: guidelineCacheDir(config.DATA_DIR) }));
  let retriever = opts.retriever;
  let info = opts.indexInfo;
  if (!retriever || !info) {
    const loaded = await loadOrBuildIndex({ corpus, dir: config.INDEX_DIR, config, log });
    if (loaded.rebuilt) log?.info({ reason: loaded.reason, chunks: loaded.info.chunks }, "index built");
    retriever = loaded.retriever;
    info = loaded.info;
  }
  const prompts = await loadPrompts(config.PROMPTS_DIR);
  const sessions = opts.sessions ?? new InMemorySessionStore();
  const llm = await makeLlm(config, prompts);
  const tokenizer = makeCorpusTokenizer(corpus);
  const answer = makeAnswerPipeline({
    corpus,
    knowledge: makeKnowledge(corpus, englishNames(corpus, prompts.names), config.DATA_DIR),
    retriever,
    tokenizer,
    sessions,
    templates: { zh: prompts.zh, en: prompts.en },
    names: prompts.names,
    topicMinScore: config.TOPIC_MIN_SCORE,
    sessionTtlMs: config.SESSION_TTL_S * 1000,
    llm,
    logger: log,
  });
  const summaries: TopicSummary[] = [...corpus.topics]
    .sort((a, b) => a.id - b.id)
    .map((t) => ({ id: t.id, name: t.name, program: t.program, programTheme: t.programTheme, summary: t.summary }));
  const chunkIds = new Set(corpus.chunks.map((c) => c.id));
  const chunkText = new Map(corpus.chunks.map((c) => [c.id, c.text]));
  const indexInfo = info;
  const match = makeMatch({
    corpus, ranker: answer.ranker, tokenizer, names: prompts.names, templates: { zh: prompts.zh, en: prompts.en }, sessions,
    sessionTtlMs: config.SESSION_TTL_S * 1000,
  });
  return {
    answer,
    match,
    profileChoices: () => corpus.vocabulary.profileForm,
    topics: () => summaries,
    indexInfo: () => indexInfo,
    sessions,
    corpus,
    retriever,
    corpusChunkIds: () => chunkIds,
    corpusChunkText: (id) => chunkText.get(id),
    llmEnabled: !!llm,
    async close() {
      // In-memory parts need no teardown; stores with resources expose their own close.
      const closable = sessions as SessionStore & { close?: () => Promise<void> | void };
      await closable.close?.();
    },
  };
}
