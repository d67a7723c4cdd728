import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCorpusCached } from "./corpus-cache.js";
import { loadCorpus } from "./load-corpus.js";
import { makeFixture, type Fixture } from "./testing/fixture-corpus.js";

let f: Fixture;
let cacheDir: string;
beforeEach(async () => {
  f = await makeFixture();
  cacheDir = path.join(f.root, "cache");
});
afterEach(async () => f.cleanup());

const cacheFiles = async () => (await readdir(cacheDir).catch(() => [])).filter((n) => n.endsWith(".json"));

describe("parsed-corpus cache", () => {
  it("gives exactly what parsing gives, and the next start reads it instead of parsing", async () => {
    const parsed = await loadCorpus(f.corpusDir, f.root);
    const first = await loadCorpusCached(f.corpusDir, f.root, cacheDir, "build-aaaa");
    expect(first).toEqual(parsed);
    const [file] = await cacheFiles();
    expect(file).toBeDefined();
    // Mark the cached copy: a second load that returns the mark came from the cache.
    const cached = JSON.parse(await readFile(path.join(cacheDir, file!), "utf8"));
    cached.corpus.plan.meta.title = "从缓存读出";
    await writeFile(path.join(cacheDir, file!), JSON.stringify(cached));
    expect((await loadCorpusCached(f.corpusDir, f.root, cacheDir, "build-aaaa")).plan.meta.title).toBe("从缓存读出");
  });

  it("an edited corpus file or another build parses afresh; old builds' caches are removed", async () => {
    await loadCorpusCached(f.corpusDir, f.root, cacheDir, "build-aaaa");
    const plan = await f.read("plan/plan.md");
    await f.write("plan/plan.md", plan + "\n");
    const edited = await loadCorpusCached(f.corpusDir, f.root, cacheDir, "build-aaaa");
    expect(edited).toEqual(await loadCorpus(f.corpusDir, f.root));
    await loadCorpusCached(f.corpusDir, f.root, cacheDir, "build-bbbb");
    expect(await cacheFiles()).toEqual(["corpus-build-bbbb.json"]);
  });

  it("running from source (no build id) never writes or reads a cache", async () => {
    await loadCorpusCached(f.corpusDir, f.root, cacheDir, undefined);
    expect(await cacheFiles()).toEqual([]);
  });
});
