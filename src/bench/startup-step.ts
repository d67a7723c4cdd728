// Where cold start goes, measured inside one fresh process: runtime + tsx boot, module loading,
// corpus parsing, index load, pipeline set-up, app set-up, first answer. Runs after the cold-start
// runs so the index exists; each phase is timed on its own (dynamic imports make loading visible).
// It runs from source under tsx (a bench child), so boot and the import phases include tsx's own cost,
// which `npm start` (plain node on the .build/ bundle) no longer pays; the later phases are the same code.
import type { Config } from "../config.js";
import { msSince, peakRssMiB, round } from "./stats.js";

export interface StartupParams {
  config: Config;
  question: string;
}

export interface StartupBreakdown {
  /** process start → this step's first line (node, tsx loader, child entry compiled). */
  bootMs: number;
  importCoreMs: number;
  importWebMs: number;
  loadCorpusMs: number;
  loadIndexMs: number;
  /** Whether the index had to be built (false when it loaded from disk as expected). */
  indexRebuilt: boolean;
  makeAssistantMs: number;
  buildAppMs: number;
  firstAnswerMs: number;
  peakRssMiB: number;
}

export async function runStartupStep(p: StartupParams): Promise<StartupBreakdown> {
  const bootMs = process.uptime() * 1000;
  let t = process.hrtime.bigint();
  const [{ makeAssistant }, { loadCorpus }, { loadOrBuildIndex }] = await Promise.all([
    import("../wiring.js"),
    import("../corpus/load-corpus.js"),
    import("../corpus/index-store.js"),
  ]);
  const importCoreMs = msSince(t);
  t = process.hrtime.bigint();
  const { buildApp } = await import("../channels/web/app.js");
  const importWebMs = msSince(t);

  t = process.hrtime.bigint();
  const corpus = await loadCorpus(p.config.CORPUS_DIR, p.config.ROOT_DIR);
  const loadCorpusMs = msSince(t);
  t = process.hrtime.bigint();
  const index = await loadOrBuildIndex({ corpus, dir: p.config.INDEX_DIR, config: p.config });
  const loadIndexMs = msSince(t);
  t = process.hrtime.bigint();
  const assistant = await makeAssistant(p.config, { corpus, retriever: index.retriever, indexInfo: index.info });
  const makeAssistantMs = msSince(t);
  t = process.hrtime.bigint();
  const app = await buildApp({ assistant, config: p.config });
  await app.ready();
  const buildAppMs = msSince(t);
  t = process.hrtime.bigint();
  const res = await app.inject({ method: "POST", url: "/api/ask", payload: { question: p.question } });
  const firstAnswerMs = msSince(t);
  if (res.statusCode !== 200) throw new Error(`first /api/ask answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
  await app.close();
  await assistant.close();
  return {
    bootMs: round(bootMs, 1),
    importCoreMs: round(importCoreMs, 1),
    importWebMs: round(importWebMs, 1),
    loadCorpusMs: round(loadCorpusMs, 1),
    loadIndexMs: round(loadIndexMs, 1),
    indexRebuilt: index.rebuilt,
    makeAssistantMs: round(makeAssistantMs, 1),
    buildAppMs: round(buildAppMs, 1),
    firstAnswerMs: round(firstAnswerMs, 1),
    peakRssMiB: peakRssMiB(),
  };
}
