import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../config.js";
import { makeFixture, type Fixture } from "../corpus/testing/fixture-corpus.js";
import type { IngestOutput } from "./ingest.js";
import { parseRetrieveArgs, runRetrieveCli } from "./retrieve.js";

function capture(): IngestOutput & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, info: (l) => out.push(l), error: (l) => err.push(l) };
}

describe("parseRetrieveArgs", () => {
  it("takes the question, an optional -k and ignores --retrieve", () => {
    expect(parseRetrieveArgs(["--retrieve", "科技", "贷款"])).toEqual({ question: "科技 贷款", k: 8 });
    expect(parseRetrieveArgs(["-k", "3", "孵化器"])).toEqual({ question: "孵化器", k: 3 });
    expect(parseRetrieveArgs(["--retrieve"])).toEqual({ error: expect.stringMatching(/^usage:/) as unknown });
    expect(parseRetrieveArgs(["-k", "x", "q"])).toEqual({ error: "-k needs a whole number 1..100" });
  });
});

describe("runRetrieveCli", () => {
  let f: Fixture;
  let config: Config;
  beforeAll(async () => {
    f = await makeFixture();
    const dataDir = path.join(f.root, ".data");
    config = { ...loadConfig({}), ROOT_DIR: f.root, CORPUS_DIR: f.corpusDir, DATA_DIR: dataDir, INDEX_DIR: path.join(dataDir, "index") };
  });
  afterAll(async () => {
    await f.cleanup();
  });

  it("prints the top chunks with fused/vector/bm25 scores, topic, heading path and file:lines", async () => {
    const o = capture();
    expect(await runRetrieveCli(["--retrieve", "科小贷款贴息", "-k", "3"], { config, out: o })).toBe(0);
    expect(o.err).toEqual(["(index rebuilt: no index yet)"]);
    const text = o.out.join("\n");
    expect(text).toContain("lexicon:  科技型中小企业、贷款利息补助");
    expect(o.out.filter((l) => l.startsWith("#"))).toHaveLength(3);
    expect(o.out.find((l) => l.startsWith("#1 "))).toMatch(/^#1 {2}fused 0\.\d{4} {2}vector (0\.\d{3} \(#\d+\)|–) {2}bm25 (\d+\.\d{2} \(#\d+\)|–) {2}专题14 {2}topic-14#\d+$/);
    expect(text).toMatch(/corpus\/topics\/14-keji-jinrong\.md:\d+-\d+/);
    expect(text).toContain("科技成果转化专项 › 专题14 科技金融计划 › ");

    const o2 = capture();
    expect(await runRetrieveCli(["孵化器"], { config, out: o2 })).toBe(0);
    expect(o2.err).toEqual([]); // the index built above is reused
  });

  it("exits 2 with usage when there is no question", async () => {
    const o = capture();
    expect(await runRetrieveCli(["--retrieve"], { config, out: o })).toBe(2);
    expect(o.err[0]).toMatch(/^usage: npm run ask -- --retrieve/);
  });
});
