import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import type { Logger } from "../core/types.js";
import { buildIndex, CORPUS_SNAPSHOT_FILE, loadOrBuildIndex, MANIFEST_FILE, readCorpusSnapshot } from "./index-store.js";
import { loadCorpus } from "./load-corpus.js";
import { CARD_14, cardSource, makeFixture, type Fixture } from "./testing/fixture-corpus.js";
import { startFakeOpenAI } from "./testing/fake-openai-server.js";

const config = loadConfig({});
/** A logger that records warn lines (the message argument) for assertions. */
function logger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = () => undefined;
  return { warnings, info: noop, error: noop, debug: noop, warn: (_obj, msg) => void warnings.push(String(msg)) };
}

describe("index store", () => {
  let f: Fixture;
  let dir: string;
  beforeEach(async () => {
    f = await makeFixture();
    dir = path.join(f.root, ".data", "index");
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it("round trip: build, save, load without rebuilding, search", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    const progress: string[] = [];
    const info = await buildIndex({ corpus, dir, config, onProgress: (p) => progress.push(`${p.stage} ${p.done}/${p.total}`) });
    expect(info).toMatchObject({ chunks: corpus.chunks.length, corpusHash: corpus.hash, embedder: "offline-hash-tfidf@1", dimensions: 512 });
    expect(progress).toContain(`embedding ${corpus.chunks.length}/${corpus.chunks.length}`);
    expect((await readdir(dir)).sort()).toEqual(["args.json", "bm25.json", "corpus-files.json", "docstore.json", "embedder.json", "hnswlib.index", "manifest.json"]);

    // The corpus it was built from travels with it, vouched for by the manifest.
    const snapshot = await readCorpusSnapshot(dir);
    expect(snapshot?.files.map((x) => x.name).sort()).toEqual(corpus.files.map((x) => x.name).sort());
    await writeFile(path.join(dir, CORPUS_SNAPSHOT_FILE), JSON.stringify([]));
    expect(await readCorpusSnapshot(dir)).toBeUndefined();
    await writeFile(path.join(dir, CORPUS_SNAPSHOT_FILE), JSON.stringify(corpus.files));

    const log = logger();
    const loaded = await loadOrBuildIndex({ corpus, dir, config, log });
    expect(loaded.rebuilt).toBe(false);
    expect(loaded.info).toEqual(info);
    const hits = await loaded.retriever.search("我们是科小，贷款能贴息吗", 5);
    expect(hits[0].chunk.topicId).toBe(14);
    expect(hits[0].chunk).toBe(corpus.chunks.find((c) => c.id === hits[0].chunk.id));
    const again = await loadOrBuildIndex({ corpus, dir, config, log });
    expect((await again.retriever.search("孵化器补助", 3))[0].chunk.topicId).toBe(17);
    expect(log.warnings).toEqual([]);
  });

  it("builds when there is no index yet", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    const r = await loadOrBuildIndex({ corpus, dir, config });
    expect(r).toMatchObject({ rebuilt: true, reason: "no index yet" });
    expect((await loadOrBuildIndex({ corpus, dir, config })).rebuilt).toBe(false);
  });

  it("rebuilds when the manifest is stale: corpus changed, dimensions changed", async () => {
    const before = await loadCorpus(f.corpusDir, f.root);
    await buildIndex({ corpus: before, dir, config });
    await f.write("topics/14-keji-jinrong.md", cardSource({ ...CARD_14, summary: "改过的摘要：科技信贷。" }));
    const after = await loadCorpus(f.corpusDir, f.root);
    const r = await loadOrBuildIndex({ corpus: after, dir, config });
    expect(r).toMatchObject({ rebuilt: true, reason: "corpus changed since the index was built" });
    expect(r.info.corpusHash).toBe(after.hash);
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as { corpusHash: string };
    expect(manifest.corpusHash).toBe(after.hash);

    const r2 = await loadOrBuildIndex({ corpus: after, dir, config: { ...config, EMBEDDINGS_DIMENSIONS: 128 } });
    expect(r2).toMatchObject({ rebuilt: true, reason: "dimensions changed (512 → 128)" });
    expect(r2.info.dimensions).toBe(128);
    expect((await r2.retriever.search("科技信贷", 2))[0].chunk.topicId).toBe(14);
  });

  it.each(["hnswlib.index", "bm25.json", "docstore.json", "embedder.json"])(
    "rebuilds with one clear log line when %s is corrupt",
    async (file) => {
      const corpus = await loadCorpus(f.corpusDir, f.root);
      await buildIndex({ corpus, dir, config });
      await writeFile(path.join(dir, file), "garbage");
      const log = logger();
      const r = await loadOrBuildIndex({ corpus, dir, config, log });
      expect(r.rebuilt).toBe(true);
      expect(r.reason).toMatch(/unreadable or corrupt/);
      expect(log.warnings).toHaveLength(1);
      expect(log.warnings[0]).toMatch(new RegExp(`index files in .* are unreadable or corrupt \\(${file.replace(".", "\\.")} does not match its checksum\\); rebuilding`));
      expect((await r.retriever.search("孵化器补助", 3))[0].chunk.topicId).toBe(17);
      expect((await loadOrBuildIndex({ corpus, dir, config })).rebuilt).toBe(false);
    },
  );

  it("serialises concurrent builds into the same directory", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    const infos = await Promise.all([buildIndex({ corpus, dir, config }), buildIndex({ corpus, dir, config })]);
    expect(infos[1].builtAt >= infos[0].builtAt).toBe(true);
    expect(await readdir(path.dirname(dir))).toEqual(["index"]);
    expect((await loadOrBuildIndex({ corpus, dir, config })).rebuilt).toBe(false);
  });

  it("removes temp dirs left by a build that died, but not other files", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    const parent = path.dirname(dir);
    await mkdir(path.join(parent, "index.tmp-2147483646-abcd"), { recursive: true });
    await mkdir(path.join(parent, "index.old-2147483646-beef"), { recursive: true });
    await writeFile(path.join(parent, "assistant.db"), "");
    await buildIndex({ corpus, dir, config });
    expect((await readdir(parent)).sort()).toEqual(["assistant.db", "index"]);
  });

  it("rebuilds when the manifest itself is unreadable", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    await buildIndex({ corpus, dir, config });
    await writeFile(path.join(dir, MANIFEST_FILE), "{not json");
    expect(await loadOrBuildIndex({ corpus, dir, config })).toMatchObject({ rebuilt: true, reason: "manifest is unreadable" });
  });

  it("a failed build leaves the current index untouched and no temp dirs behind", async () => {
    const corpus = await loadCorpus(f.corpusDir, f.root);
    await buildIndex({ corpus, dir, config });
    const manifest = await readFile(path.join(dir, MANIFEST_FILE), "utf8");
    const server = await startFakeOpenAI();
    server.failWith = 400;
    try {
      const bad = { ...config, EMBEDDINGS: "openai" as const, EMBEDDINGS_BASE_URL: server.baseURL };
      await expect(buildIndex({ corpus, dir, config: bad })).rejects.toThrow();
    } finally {
      await server.close();
    }
    expect(await readFile(path.join(dir, MANIFEST_FILE), "utf8")).toBe(manifest);
    expect(await readdir(path.dirname(dir))).toEqual(["index"]);
    expect((await loadOrBuildIndex({ corpus, dir, config })).rebuilt).toBe(false);
  });
});
