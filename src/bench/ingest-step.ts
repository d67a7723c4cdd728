// One phase of the ingest benchmark, each in its own child process (a fresh process is what `npm run ingest` and a
// restart are, and it keeps each phase's peak RSS its own):
//   generate:    write the guideline documents into the temp corpus (untimed for ingest; reported apart);
//   cold:        read + parse every document with an empty guideline cache, validate + chunk, build the index;
//   incremental: edit ONE document, then the same with the cache the cold run left: only that one is parsed;
//   query:       load corpus (cache) and index from disk, then time answer() and retriever.search() over it.
import { readFileSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import { guidelineCacheDir } from "../corpus/corpus-cache.js";
import { buildIndex, loadOrBuildIndex } from "../corpus/index-store.js";
import { loadCorpus, parseCorpus, readCorpusFiles } from "../corpus/load-corpus.js";
import type { GuidelineRead } from "../corpus/guidelines/read-guidelines.js";
import { findCjkFont, guidelineDocSpecs, renderGuidelineDoc, writeGuidelineDocs, type DocSpec, type GeneratedFormat } from "./guideline-docs.js";
import { guidelineQuestions } from "./guideline-questions.js";
import { loadPlanSentences } from "./synthetic-corpus.js";
import { msSince, peakRssMiB, round, summarize, type LatencySummary } from "./stats.js";

/** Where the generated documents' specs are kept between phases (beside the temp corpus). */
const SPECS_FILE = "bench-guideline-specs.json";

export interface IngestParams {
  phase: "generate" | "cold" | "incremental" | "query";
  /** The temp project: CORPUS_DIR, ROOT_DIR, DATA_DIR and INDEX_DIR all point into it. */
  config: Config;
  docs: number;
  targetChunks: number;
  /** query: the eval questions (the guideline questions are added to them). */
  questions?: string[];
  calls?: number;
  warmup?: number;
}

export interface GenerateResult {
  documents: number;
  byFormat: Record<GeneratedFormat, number>;
  /** Why no PDFs were written, when none were. */
  pdfSkipped?: string;
  bytes: number;
  generateMs: number;
  peakRssMiB: number;
}

export interface IngestRun {
  /** Read + parse + validate + chunk + build index: what `npm run ingest` waits for. */
  totalMs: number;
  /** Reading the corpus files, guideline documents parsed (or taken from the cache). */
  readMs: number;
  /** Validating the corpus and chunking it (plan, cards, guidelines). */
  corpusMs: number;
  /** buildIndex, with its stages: embedder set-up (IDF fit), embedding, HNSW insert, BM25, writing files. */
  indexMs: number;
  stagesMs: { fit: number; embed: number; hnsw: number; keywords: number; save: number };
  cpuMs: number;
  parsed: number;
  reused: number;
  /** The documents parsed, when few were (the incremental run's one). */
  parsedFiles?: string[];
  chunks: number;
  guidelineChunks: number;
  guidelineDocs: number;
  warnings: number;
  peakRssMiB: number;
}

export interface IncrementalRun extends IngestRun {
  changed: string;
}

export interface IngestQueryResult {
  /** Corpus from the guideline cache + index from disk, in the serving process. */
  loadCorpusMs: number;
  loadIndexMs: number;
  indexRebuilt: boolean;
  chunks: number;
  calls: number;
  questions: number;
  guidelineQuestions: number;
  /** answer() over every question (eval + guideline), and over the guideline questions alone. */
  answer: LatencySummary;
  answerGuideline: LatencySummary;
  /** CPU time per answer() call: unlike wall time, not inflated by other processes on a busy machine. */
  answerCpu: LatencySummary;
  /** Share of guideline-question answers that cite a guideline chunk (that they were answered from one). */
  guidelineCitedShare: number;
  /** The guideline questions whose answer cites none (at most 10), to see which kinds miss. */
  uncited: string[];
  /** retriever.search(question, 10) alone, over the same questions. */
  retriever: LatencySummary;
  peakRssMiB: number;
}

export type IngestStepResult = GenerateResult | IngestRun | IncrementalRun | IngestQueryResult;

const specsFile = (config: Config) => path.join(config.ROOT_DIR, SPECS_FILE);
const guidelinesDir = (config: Config) => path.join(config.CORPUS_DIR, "guidelines");
const sentencesOf = (config: Config) => loadPlanSentences(path.join(config.CORPUS_DIR, "plan", "plan.md"));
const readSpecs = (config: Config) => JSON.parse(readFileSync(specsFile(config), "utf8")) as DocSpec[];

/** The document the incremental run edits: a Word file mid-way (the common case), else the middle one. */
export function changedDoc(specs: readonly DocSpec[]): DocSpec {
  const mid = Math.floor(specs.length / 2);
  return specs.slice(mid).find((s) => s.format === "docx") ?? specs[mid];
}

export async function runIngestStep(p: IngestParams): Promise<IngestStepResult> {
  switch (p.phase) {
    case "generate":
      return generate(p);
    case "cold":
      return ingest(p.config, { expectParsed: "all" });
    case "incremental": {
      const spec = changedDoc(readSpecs(p.config));
      await writeFile(path.join(guidelinesDir(p.config), spec.file), await renderGuidelineDoc(spec, sentencesOf(p.config), 1));
      const changed = path.relative(p.config.ROOT_DIR, path.join(guidelinesDir(p.config), spec.file)).split(path.sep).join("/");
      return { ...(await ingest(p.config, { expectParsed: [changed] })), changed };
    }
    case "query":
      return query(p);
  }
}

async function generate(p: IngestParams): Promise<GenerateResult> {
  // The plan's 专题 (numbers and names) from the copied corpus, before any guideline is in it.
  const corpus = await loadCorpus(p.config.CORPUS_DIR, p.config.ROOT_DIR);
  const topics = corpus.topics.map((t) => ({ id: t.id, name: t.name }));
  const font = findCjkFont();
  const specs = guidelineDocSpecs({ docs: p.docs, targetChunks: p.targetChunks, topics, pdf: font !== null });
  const t = process.hrtime.bigint();
  await writeGuidelineDocs(guidelinesDir(p.config), specs, sentencesOf(p.config));
  const generateMs = msSince(t);
  writeFileSync(specsFile(p.config), JSON.stringify(specs));
  const byFormat: Record<GeneratedFormat, number> = { docx: 0, xlsx: 0, html: 0, pdf: 0 };
  let bytes = 0;
  for (const s of specs) {
    byFormat[s.format]++;
    bytes += readFileSync(path.join(guidelinesDir(p.config), s.file)).byteLength;
  }
  return {
    documents: specs.length,
    byFormat,
    ...(font === null && { pdfSkipped: "no CJK font (fonts-wqy-microhei) to write PDFs with; written as Word files" }),
    bytes,
    generateMs: round(generateMs, 1),
    peakRssMiB: peakRssMiB(),
  };
}

async function ingest(config: Config, o: { expectParsed: "all" | string[] }): Promise<IngestRun> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let read: GuidelineRead | undefined;
  const contents = await readCorpusFiles(config.CORPUS_DIR, config.ROOT_DIR, { guidelineCache: guidelineCacheDir(config.DATA_DIR), onGuidelines: (r) => (read = r) });
  const readMs = msSince(started);
  let t = process.hrtime.bigint();
  const corpus = parseCorpus(contents, config.CORPUS_DIR, config.ROOT_DIR);
  const corpusMs = msSince(t);

  t = process.hrtime.bigint();
  // Marks: first event of each stage and the last embedding one (the HNSW insert runs between it and keywords).
  const marks = new Map<string, number>();
  await buildIndex({
    corpus,
    dir: config.INDEX_DIR,
    config,
    onProgress: (pr) => {
      if (!marks.has(pr.stage)) marks.set(pr.stage, msSince(t));
      if (pr.stage === "embedding" && pr.done === pr.total) marks.set("embedded", msSince(t));
    },
  });
  const indexMs = msSince(t);
  const at = (k: string) => marks.get(k) ?? NaN;
  const stagesMs = {
    fit: round(at("embedding"), 1),
    embed: round(at("embedded") - at("embedding"), 1),
    hnsw: round(at("keywords") - at("embedded"), 1),
    keywords: round(at("saving") - at("keywords"), 1),
    save: round(indexMs - at("saving"), 1),
  };
  const totalMs = msSince(started);
  const used = process.cpuUsage(cpu);

  if (!read) throw new Error("readCorpusFiles did not report the guideline documents");
  const { parsed, reused } = read;
  if (o.expectParsed === "all" && reused.length !== 0) throw new Error(`cold ingest reused ${reused.length} documents from a cache that should be empty`);
  if (o.expectParsed !== "all" && (parsed.length !== 1 || parsed[0] !== o.expectParsed[0])) {
    throw new Error(`incremental ingest parsed ${parsed.length} documents (${parsed.slice(0, 5).join(", ")}), expected only ${o.expectParsed[0]}`);
  }
  const guidelineChunks = corpus.chunks.filter((c) => c.kind === "guideline").length;
  return {
    totalMs: round(totalMs, 1),
    readMs: round(readMs, 1),
    corpusMs: round(corpusMs, 1),
    indexMs: round(indexMs, 1),
    stagesMs,
    cpuMs: round((used.user + used.system) / 1000, 1),
    parsed: parsed.length,
    reused: reused.length,
    ...(parsed.length <= 5 && { parsedFiles: parsed }),
    chunks: corpus.chunks.length,
    guidelineChunks,
    guidelineDocs: corpus.guidelines.length,
    warnings: corpus.warnings.length,
    peakRssMiB: peakRssMiB(),
  };
}

async function query(p: IngestParams): Promise<IngestQueryResult> {
  const { makeAssistant } = await import("../wiring.js");
  const config = p.config;
  let t = process.hrtime.bigint();
  const corpus = await loadCorpus(config.CORPUS_DIR, config.ROOT_DIR, { guidelineCache: guidelineCacheDir(config.DATA_DIR) });
  const loadCorpusMs = msSince(t);
  t = process.hrtime.bigint();
  const index = await loadOrBuildIndex({ corpus, dir: config.INDEX_DIR, config });
  const loadIndexMs = msSince(t);
  const assistant = await makeAssistant(config, { corpus, retriever: index.retriever, indexInfo: index.info });

  const gq = guidelineQuestions(readSpecs(config));
  const isGuideline = new Set(gq);
  // Interleaved, so both kinds meet the same warm-up and the same heap.
  const evalQs = p.questions ?? [];
  const all: string[] = [];
  for (let i = 0; i < Math.max(evalQs.length, gq.length); i++) {
    if (i < gq.length) all.push(gq[i]);
    if (i < evalQs.length) all.push(evalQs[i]);
  }
  const calls = p.calls ?? all.length;
  const warmup = p.warmup ?? 0;
  try {
    for (let i = 0; i < warmup; i++) await assistant.answer({ question: all[i % all.length] }, { channel: "eval" });
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const guidelineTimes: number[] = [];
    let guidelineAnswers = 0;
    let cited = 0;
    const uncited = new Set<string>();
    for (let i = 0; i < calls; i++) {
      const question = all[i % all.length];
      const cpu = process.cpuUsage();
      t = process.hrtime.bigint();
      const r = await assistant.answer({ question }, { channel: "eval" });
      const ms = msSince(t);
      const used = process.cpuUsage(cpu);
      times.push(ms);
      cpuTimes.push((used.user + used.system) / 1000);
      if (isGuideline.has(question)) {
        guidelineTimes.push(ms);
        guidelineAnswers++;
        if (r.citations.some((c) => c.id.startsWith("guideline-"))) cited++;
        else if (uncited.size < 10) uncited.add(question);
      }
    }
    if (guidelineTimes.length === 0) throw new Error(`${calls} calls reached no guideline question`);
    const searchTimes: number[] = [];
    for (let i = 0; i < calls; i++) {
      t = process.hrtime.bigint();
      await index.retriever.search(all[i % all.length], 10);
      searchTimes.push(msSince(t));
    }
    return {
      loadCorpusMs: round(loadCorpusMs, 1),
      loadIndexMs: round(loadIndexMs, 1),
      indexRebuilt: index.rebuilt,
      chunks: corpus.chunks.length,
      calls,
      questions: all.length,
      guidelineQuestions: gq.length,
      answer: summarize(times),
      answerGuideline: summarize(guidelineTimes),
      answerCpu: summarize(cpuTimes),
      guidelineCitedShare: round(cited / Math.max(1, guidelineAnswers), 3),
      uncited: [...uncited],
      retriever: summarize(searchTimes),
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await assistant.close();
  }
}
