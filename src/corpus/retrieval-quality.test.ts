// Runs over the real corpus in corpus/: its 19 cards validate, and plain questions find the right 专题 first.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import type { Corpus, Retriever } from "../core/types.js";
import { readEnglish } from "../core/frame/english-reading.js";
import { detectLanguage } from "../core/normalize.js";
import type { Knowledge } from "../core/knowledge.js";
import { loadOrBuildIndex } from "./index-store.js";
import { makeKnowledge } from "./knowledge/make-knowledge.js";
import { loadCorpus } from "./load-corpus.js";

const PLAIN_QUESTIONS: [string, number][] = [
  ["基础研究特区", 1],
  ["青年科技人才自主选题", 2],
  ["企业出题高校答题", 3],
  ["国家实验室建设支持", 4],
  ["湖北实验室", 5],
  ["企业研发中心补助", 6],
  ["关键技术研发项目", 7],
  ["揭榜挂帅创新联合体", 8],
  ["新获批高新技术企业后补助", 9],
  ["国家科技奖配套补助", 10],
  ["技术合同登记补助", 11],
  ["新型研发机构建设", 12],
  ["中试放大产业化", 13],
  ["科技型中小企业贷款贴息", 14],
  ["一带一路联合实验室", 15],
  ["长江中游城市群合作", 16],
  ["孵化器补助", 17],
  ["软科学研究课题", 18],
  ["创新创业大赛", 19],
  ["loan interest subsidy", 14],
  ["incubator subsidy", 17],
];

describe("retrieval over the real corpus", () => {
  const config = loadConfig({});
  let corpus: Corpus;
  let retriever: Retriever;
  let knowledge: Knowledge;
  let dir: string;
  beforeAll(async () => {
    corpus = await loadCorpus(config.CORPUS_DIR, config.ROOT_DIR);
    dir = await mkdtemp(path.join(os.tmpdir(), "real-index-"));
    ({ retriever } = await loadOrBuildIndex({ corpus, dir: path.join(dir, "index"), config }));
    knowledge = makeKnowledge(corpus);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("has the 19 专题 cards, each with at least 12 常见问法", () => {
    expect(corpus.topics.map((t) => t.id)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    for (const t of corpus.topics) expect(t.sections.常见问法.length).toBeGreaterThanOrEqual(12);
  });

  it.each(PLAIN_QUESTIONS)("%s → 专题%i first", async (question, topic) => {
    // English is searched as the pipeline searches it: read as Chinese first.
    const query = detectLanguage(question) === "en" ? readEnglish(question, knowledge.english, knowledge.englishKeep) : question;
    const hits = await retriever.search(query, 5);
    expect(hits[0]?.chunk.topicId).toBe(topic);
  });
});
