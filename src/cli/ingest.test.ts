import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../config.js";
import { CARD_14, cardSource, makeFixture, type Fixture } from "../corpus/testing/fixture-corpus.js";
import { lineOf } from "../corpus/testing/lines.js";
import { docx14, makeGuidelineCorpus, type GuidelineCorpus } from "../corpus/testing/guideline-corpus.js";
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
    expect(text).toContain("ok: plan + 2 topic cards + 0 guideline documents, 3 lexicon terms");
    expect(text).toMatch(/embedding 18\/18/);
    expect(text).toMatch(/index built in \d+ ms → \.data\/index/);
    expect(text).toContain("chunks     18 (plan 4, cards 14, guidelines 0)");
    expect(text).toContain("documents  3 (plan + 2 cards + 0 guidelines)");
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

describe("runIngest with guideline documents", () => {
  let g: GuidelineCorpus;
  let config: Config;
  beforeEach(async () => {
    g = await makeGuidelineCorpus();
    const dataDir = path.join(g.root, ".data");
    config = { ...loadConfig({}), ROOT_DIR: g.root, CORPUS_DIR: g.corpusDir, DATA_DIR: dataDir, INDEX_DIR: path.join(dataDir, "index") };
  });
  afterEach(async () => {
    await g.cleanup();
  });

  it("prints what it detected in each document, names the unreadable one, and parses again only what changed", async () => {
    const first = capture();
    const r = await runIngest(config, first);
    expect(r.ok).toBe(true);
    const text = first.out.join("\n");
    expect(text).toContain("ok: plan + 19 topic cards + 4 guideline documents");
    expect(text).toContain("guidelines: 5 parsed, 0 unchanged (not parsed again)");
    expect(text).toContain(
      "guideline: corpus/guidelines/2025-keji-jinrong.docx  《2025年度科技金融计划申报指南（测试样例）》 · 2025年度 · 测试样例市科学技术局 · 发布 2025-02-10 · 截止 2025-04-30 · 专题14 · 现行 · 7 段",
    );
    expect(text).toContain("  detected from the document: 标题、发布单位、年度、发布日期、截止日期、专题 — confirm, or correct in 2025-keji-jinrong.yaml");
    // The sidecar said everything but the deadline.
    expect(text).toContain("  detected from the document: 截止日期 — confirm, or correct in 2099-fuhua-zaiti.yaml");
    expect(text).toContain("warning: corpus/guidelines/saomiao-tongzhi.pdf:1: 未收录：没有可识别的文字层（可能是扫描件），请提供可复制文字的版本");
    expect(text).toMatch(/chunks +\d+ \(plan 27, cards 133, guidelines 1\d\)/);

    await g.write("guidelines/2025-keji-jinrong.docx", await docx14(["五、本指南由测试样例市科学技术局负责解释。"]));
    const second = capture();
    expect((await runIngest(config, second)).ok).toBe(true);
    const again = second.out.join("\n");
    expect(again).toContain("guidelines: 1 parsed, 4 unchanged (not parsed again)");
    expect(again).toMatch(/changes +documents \+0 −0 ~1; chunks \+\d+ −\d+ ~[1-9]\d* \(\d+ unchanged\)\n  ~ guidelines\/2025-keji-jinrong\.docx/);
  }, 60_000);

  it("a sidecar mistake is an error at its line; a sidecar without its document is named", async () => {
    await g.write("guidelines/2099-fuhua-zaiti.yaml", "title: 示例\ntopics: [17, 42]\n");
    await g.write("guidelines/2025-keji-jinrong.yaml", "year: 2025\npublished: 2025-02-30\n");
    await g.write("guidelines/jiu-wenjian.yaml", "title: 改名前的文件\n");
    const o = capture();
    expect((await runIngest(config, o)).ok).toBe(false);
    expect(o.err).toContain("corpus/guidelines/2099-fuhua-zaiti.yaml:2: topics: the plan has no 专题42");
    expect(o.err).toContain("corpus/guidelines/2025-keji-jinrong.yaml:2: published: is not a real date");
    expect(o.err.some((l) => l.startsWith("corpus/guidelines/jiu-wenjian.yaml:1: 没有同名的指南文件"))).toBe(true);
  }, 60_000);
});
