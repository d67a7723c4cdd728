import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import type { Corpus, Retriever } from "../core/types.js";
import { loadOrBuildIndex } from "./index-store.js";
import { loadCorpus } from "./load-corpus.js";
import { makeFixture, type Fixture } from "./testing/fixture-corpus.js";

describe("HybridRetriever", () => {
  let f: Fixture;
  let corpus: Corpus;
  let retriever: Retriever;
  beforeAll(async () => {
    f = await makeFixture();
    corpus = await loadCorpus(f.corpusDir, f.root);
    ({ retriever } = await loadOrBuildIndex({ corpus, dir: path.join(f.root, "idx"), config: loadConfig({}) }));
  });
  afterAll(async () => {
    await f.cleanup();
  });

  it("fuses vector and BM25 ranks (RRF) and exposes every score", async () => {
    const hits = await retriever.search("科技型中小企业贷款贴息", 5);
    expect(hits).toHaveLength(5);
    expect(hits[0].chunk.topicId).toBe(14);
    for (const h of hits) {
      const expected = (h.vectorRank ? 1 / (60 + h.vectorRank) : 0) + (h.bm25Rank ? 1 / (60 + h.bm25Rank) : 0);
      expect(h.score).toBeCloseTo(expected, 12);
      if (h.vectorScore !== undefined) expect(h.vectorScore).toBeGreaterThan(0);
      if (h.vectorScore !== undefined) expect(h.vectorScore).toBeLessThanOrEqual(1 + 1e-6);
    }
    expect(hits.every((h, i) => i === 0 || hits[i - 1].score >= h.score)).toBe(true);
    expect(hits[0].vectorRank).toBeDefined();
    expect(hits[0].bm25Rank).toBeDefined();
  });

  it("finds a 专题 through an English lexicon variant", async () => {
    expect((await retriever.search("incubator", 3))[0].chunk.topicId).toBe(17);
  });

  it("returns nothing for an empty query or k = 0, and at most the corpus size", async () => {
    expect(await retriever.search("   ", 5)).toEqual([]);
    expect(await retriever.search("贴息", 0)).toEqual([]);
    expect((await retriever.search("科技", 1000)).length).toBeLessThanOrEqual(corpus.chunks.length);
  });

  it("returns nothing when no word of the query is in the corpus", async () => {
    expect(await retriever.search("zzzz qqqq", 5)).toEqual([]);
  });
});
