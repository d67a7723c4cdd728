import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../core/types.js";
import { loadCorpus } from "../corpus/load-corpus.js";
import { findCjkFont, guidelineDocSpecs, renderGuidelineDoc, writeGuidelineDocs, type DocSpec } from "./guideline-docs.js";
import { guidelineQuestions } from "./guideline-questions.js";
import { loadPlanSentences } from "./synthetic-corpus.js";

const REAL_CORPUS = path.resolve(import.meta.dirname, "../../corpus");
const sentences = loadPlanSentences(path.join(REAL_CORPUS, "plan", "plan.md"));
const TOPICS = Array.from({ length: 19 }, (_, i) => ({ id: i + 1, name: `测试专题名${i + 1}` }));
const hasFont = findCjkFont() !== null;

describe("guidelineDocSpecs", () => {
  it("mixes formats 14 : 3 : 2 : 1, spreads the documents over every 专题 and marks every title 测试样例", () => {
    const specs = guidelineDocSpecs({ docs: 40, targetChunks: 4000, topics: TOPICS });
    const count = (f: string) => specs.filter((s) => s.format === f).length;
    expect([count("docx"), count("xlsx"), count("html"), count("pdf")]).toEqual([28, 6, 4, 2]);
    expect(new Set(specs.map((s) => s.topic.id)).size).toBe(19);
    for (const s of specs) {
      expect(s.title).toContain("测试样例");
      expect(s.title).toContain(`专题${s.topic.id}`);
      expect(s.title).toContain(`${s.year}年度`);
      expect(s.chunks).toBe(100);
    }
    expect(new Set(specs.map((s) => s.file)).size).toBe(40);
    expect(guidelineDocSpecs({ docs: 40, targetChunks: 4000, topics: TOPICS })).toEqual(specs);
  });

  it("writes Word files where a PDF cannot be written", () => {
    const specs = guidelineDocSpecs({ docs: 20, targetChunks: 400, topics: TOPICS, pdf: false });
    expect(specs.some((s) => s.format === "pdf")).toBe(false);
    expect(specs.filter((s) => s.format === "docx")).toHaveLength(15);
  });

  it("asks amount, deadline, materials, portal and contact questions for each 专题, one naming an older year", () => {
    const specs = guidelineDocSpecs({ docs: 40, targetChunks: 4000, topics: TOPICS });
    const qs = guidelineQuestions(specs);
    expect(qs).toHaveLength(19 * 6);
    expect(qs).toContain("专题3的补助标准最高多少万元？");
    expect(qs).toContain("2090年度测试专题名3的申报截止时间是哪天？");
  });
});

describe("generated guideline documents in a corpus", () => {
  let root: string;
  let corpus: Corpus;
  let chosen: DocSpec[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "bench-guideline-docs-"));
    const corpusDir = path.join(root, "corpus");
    await cp(REAL_CORPUS, corpusDir, { recursive: true });
    const plain = await loadCorpus(corpusDir, root);
    const topics = plain.topics.map((t) => ({ id: t.id, name: t.name }));
    // Twenty documents of 40 chunks; one of each format is written (the mix puts a PDF last).
    const specs = guidelineDocSpecs({ docs: 20, targetChunks: 800, topics, pdf: hasFont });
    chosen = ["docx", "xlsx", "html", "pdf"].flatMap((f) => specs.filter((s) => s.format === f).slice(0, 1));
    await writeGuidelineDocs(path.join(corpusDir, "guidelines"), chosen, sentences);
    corpus = await loadCorpus(corpusDir, root);
  }, 60_000);

  afterAll(() => rm(root, { recursive: true, force: true }));

  it("parse, with the title, year and 专题 read from each document, and give about the chunks aimed for", () => {
    expect(chosen.map((s) => s.format)).toEqual(hasFont ? ["docx", "xlsx", "html", "pdf"] : ["docx", "xlsx", "html"]);
    expect(corpus.guidelines).toHaveLength(chosen.length);
    for (const spec of chosen) {
      const doc = corpus.guidelines.find((g) => g.file === `corpus/guidelines/${spec.file}`);
      expect(doc, spec.file).toBeDefined();
      expect(doc!.title).toBe(spec.title);
      expect(doc!.year).toBe(spec.year);
      expect(doc!.topicIds).toEqual([spec.topic.id]);
      const chunks = corpus.chunks.filter((c) => c.kind === "guideline" && c.docId === doc!.docId);
      expect(chunks.length, spec.file).toBeGreaterThanOrEqual(spec.chunks * 0.9);
      expect(chunks.length, spec.file).toBeLessThanOrEqual(spec.chunks * 1.1);
    }
    expect(corpus.warnings.filter((w) => w.file.startsWith("corpus/guidelines/"))).toEqual([]);
  });

  it("change one amount in a revision and nothing else", async () => {
    // The HTML notice shows it in plain text: one number differs, the rest is the same document.
    const html = chosen.find((s) => s.format === "html")!;
    const h0 = String(await renderGuidelineDoc(html, sentences));
    const h1 = String(await renderGuidelineDoc(html, sentences, 1));
    const n0 = h0.match(/最高(\d+)万元/g)!;
    const n1 = h1.match(/最高(\d+)万元/g)!;
    expect(n1.filter((x, i) => x !== n0[i])).toHaveLength(1);
    expect(h1.replace(/\d+/g, "#")).toBe(h0.replace(/\d+/g, "#"));
  });
});
