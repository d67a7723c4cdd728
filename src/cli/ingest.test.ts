import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../config.js";
import { CARD_14, cardSource, makeFixture, type Fixture } from "../corpus/testing/fixture-corpus.js";
import { lineOf } from "../corpus/testing/lines.js";
import { runIngest, type IngestOutput } from "./ingest.js";

function capture(): IngestOutput & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, info: (l) => out.push(l), error: (l) => err.push(l) };
}

describe("runIngest", () => {
  let f: Fixture;
  let config: Config;
  beforeEach(async () => {
    f = await makeFixture();
    const dataDir = path.join(f.root, ".data");
    config = { ...loadConfig({}), ROOT_DIR: f.root, CORPUS_DIR: f.corpusDir, DATA_DIR: dataDir, INDEX_DIR: path.join(dataDir, "index") };
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it("validates, reports progress and a summary, and builds the index", async () => {
    const o = capture();
    const r = await runIngest(config, o);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r).toMatchObject({ documents: 3, planChunks: 4, cardChunks: 14 });
    expect(o.err).toEqual([]);
    const text = o.out.join("\n");
    expect(text).toContain("ok: plan + 2 topic cards, 3 lexicon terms");
    expect(text).toMatch(/embedding 18\/18/);
    expect(text).toMatch(/index built in \d+ ms → \.data\/index/);
    expect(text).toContain("chunks     18 (plan 4, cards 14)");
    expect(text).toContain("documents  3 (plan + 2 cards)");
    expect(JSON.parse(await readFile(path.join(config.INDEX_DIR, "manifest.json"), "utf8"))).toMatchObject({ chunks: 18 });
  });

  it("prints each validation error as file:line: message and leaves the current index untouched", async () => {
    expect((await runIngest(config, capture())).ok).toBe(true);
    const manifest = await readFile(path.join(config.INDEX_DIR, "manifest.json"), "utf8");

    const src = cardSource({ ...CARD_14, applicants: ["公司"] });
    await f.write("topics/14-keji-jinrong.md", src);
    const o = capture();
    const r = await runIngest(config, o);
    expect(r.ok).toBe(false);
    expect(o.err[0]).toBe(`corpus/topics/14-keji-jinrong.md:${lineOf(src, "applicants:")}: applicants: unknown value "公司"`);
    expect(o.err.at(-1)).toMatch(/corpus errors?; index not rebuilt \(\.data\/index left as it was\)/);
    expect(await readFile(path.join(config.INDEX_DIR, "manifest.json"), "utf8")).toBe(manifest);
  });
});
