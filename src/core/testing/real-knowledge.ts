// Test helper: the real corpus and the knowledge built from it (gazetteer, scope, English dictionary), once per
// test file, without an index.
import { loadConfig } from "../../config.js";
import { loadCorpus } from "../../corpus/load-corpus.js";
import { makeKnowledge } from "../../corpus/knowledge/make-knowledge.js";
import { makeCorpusTokenizer } from "../../corpus/tokenizer.js";
import { makeFrameLexicon, type FrameLexicon } from "../frame/frame-lexicon.js";
import type { Knowledge } from "../knowledge.js";
import { TopicRanker } from "../topic-ranker.js";
import type { Corpus } from "../types.js";

export interface RealKnowledge {
  corpus: Corpus;
  knowledge: Knowledge;
  lex: FrameLexicon;
  ranker: TopicRanker;
}

let loading: Promise<RealKnowledge> | undefined;

export function realKnowledge(): Promise<RealKnowledge> {
  loading ??= (async () => {
    const config = loadConfig({ LOG_LEVEL: "silent" });
    const corpus = await loadCorpus(config.CORPUS_DIR, config.ROOT_DIR);
    const knowledge = makeKnowledge(corpus);
    const ranker = new TopicRanker(corpus.topics, makeCorpusTokenizer(corpus), corpus.vocabulary.applicantImplies);
    return { corpus, knowledge, lex: makeFrameLexicon(knowledge), ranker };
  })();
  return loading;
}
