import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAIEmbeddings } from "@langchain/openai";
import { loadConfig } from "../config.js";
import { loadOrBuildIndex } from "./index-store.js";
import { loadCorpus } from "./load-corpus.js";
import { embedderId, makeEmbeddings } from "./make-embeddings.js";
import { OfflineEmbeddings } from "./offline-embeddings.js";
import { fakeVector, startFakeOpenAI, type FakeOpenAI } from "./testing/fake-openai-server.js";
import { makeFixture, type Fixture } from "./testing/fixture-corpus.js";

describe("makeEmbeddings", () => {
  let server: FakeOpenAI;
  let f: Fixture;
  beforeAll(async () => {
    server = await startFakeOpenAI(16);
    f = await makeFixture();
  });
  afterAll(async () => {
    await server.close();
    await f.cleanup();
  });
  const openaiConfig = () =>
    loadConfig({ EMBEDDINGS: "openai", EMBEDDINGS_BASE_URL: server.baseURL, EMBEDDINGS_MODEL: "bge-m3", EMBEDDINGS_API_KEY: "sk-test" });

  it("defaults to the offline embedder fitted on the corpus, with the configured dimensions", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    const e = await makeEmbeddings(loadConfig({ EMBEDDINGS_DIMENSIONS: "64" }), corpus);
    expect(e).toBeInstanceOf(OfflineEmbeddings);
    expect((await e.embedQuery("科技贷款贴息")).length).toBe(64);
    expect(embedderId(loadConfig({}))).toBe("offline-hash-tfidf@1");
  });

  it("talks to an OpenAI-compatible /v1/embeddings over real HTTP", async () => {
    const e = await makeEmbeddings(openaiConfig(), { id: "unused" } as never);
    expect(e).toBeInstanceOf(OpenAIEmbeddings);
    const [a, b] = await e.embedDocuments(["科技贷款贴息", "孵化器"]);
    expect(a).toHaveLength(16);
    expect(a[0]).toBeCloseTo(fakeVector("科技贷款贴息", 16)[0], 6);
    expect(b).not.toEqual(a);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/v1/embeddings");
    expect(req.body.model).toBe("bge-m3");
    expect(req.body.encoding_format).toBe("float");
    expect(req.headers.authorization).toBe("Bearer sk-test");
    expect(embedderId(openaiConfig())).toBe(`openai:bge-m3@${server.baseURL}`);
  });

  it("builds, saves and reloads an index with the OpenAI embedder; the query goes over HTTP too", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    const dir = path.join(f.root, ".data", "openai-index");
    const config = openaiConfig();
    const built = await loadOrBuildIndex({ corpus, dir, config });
    expect(built).toMatchObject({ rebuilt: true, info: { embedder: `openai:bge-m3@${server.baseURL}`, dimensions: 16 } });
    const loaded = await loadOrBuildIndex({ corpus, dir, config });
    expect(loaded.rebuilt).toBe(false);
    const before = server.requests.length;
    const hits = await loaded.retriever.search("孵化器补助", 3);
    expect(server.requests.length).toBe(before + 1);
    expect(hits[0].vectorScore).toBeDefined();
    expect(hits[0].chunk.topicId).toBe(17);
    // Switching back to offline embeddings is a different embedder: rebuild, never mix vectors.
    const offline = await loadOrBuildIndex({ corpus, dir, config: loadConfig({}) });
    expect(offline.reason).toMatch(/^embedder changed/);
  });
});
