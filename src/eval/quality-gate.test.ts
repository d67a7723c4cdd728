// Quality gate: the real pipeline (through the single wiring) on the committed eval sets, with floors per kind.
// eval/questions.jsonl is the old tuning set; eval/blind-2.jsonl was written blind from the plan text alone (its
// untouched first run is in README; it has been tuned on since, so its floors guard against regressions);
// eval/blind-3.jsonl was written by a second blind author and run untouched once (84.5%, in README); its failures
// were then fixed by mechanism, so it too is a regression set now, its floors one case under the current run. A floor says how far a kind may fall before the gate fails; none can be met by a pipeline that
// refuses, or answers, everything.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, ROOT_DIR } from "../config.js";
import { makeGuidelineCorpus } from "../corpus/testing/guideline-corpus.js";
import { makeObservedAssistant, type ObservedAssistant } from "./observed-assistant.js";
import { inProcessClient } from "./ask-client.js";
import { makeCitationChecker } from "./citation-check.js";
import { loadDatasets, type CaseKind } from "./dataset.js";
import { buildReport, type EvalReport } from "./report.js";
import { runCases } from "./runner.js";

interface Gate {
  dataset: string;
  /** Minimum pass rate per kind (kinds without a floor are reported, not gated). */
  floors: Partial<Record<CaseKind, number>>;
  /** Minimum topic hit@1 over the cases that name a 专题. */
  hit1: number;
  minCases: number;
  /** A corpus of its own (the real one plus generated documents), for cases about documents not shipped. */
  corpus?: () => Promise<{ corpusDir: string; cleanup(): Promise<void> }>;
}

const GATES: Gate[] = [
  {
    dataset: "eval/questions.jsonl",
    floors: { out_of_scope: 1, injection: 1, unknown: 1, eligibility: 0.9, program: 0.95, fact: 0.95, multi: 0.9 },
    hit1: 0.95,
    minCases: 200,
  },
  {
    dataset: "eval/blind-2.jsonl",
    floors: {
      situation: 0.92, eligibility: 0.95, out_of_scope: 0.97, english: 0.87, multi: 0.91, injection: 1, unknown: 1,
      fact: 1, compound: 0.92,
    },
    hit1: 0.94,
    minCases: 250,
  },
  {
    dataset: "eval/blind-3.jsonl",
    floors: {
      situation: 0.98, eligibility: 0.91, out_of_scope: 0.96, english: 0.88, multi: 0.94, injection: 0.77, unknown: 1,
      fact: 1, compound: 0.8,
    },
    hit1: 0.98,
    minCases: 200,
  },
  {
    // Guideline facts, over generated guideline documents (src/corpus/testing/guideline-corpus.ts); every case must pass.
    dataset: "eval/guidelines.jsonl",
    floors: { guideline: 1 },
    hit1: 1,
    minCases: 17,
    corpus: () => makeGuidelineCorpus(),
  },
  {
    // Written blind from the plan and the fixture guidelines' text (first run 23/36, in README); tuned on since by
    // mechanism, so a regression set: its floor one case under the current run.
    dataset: "eval/blind-guidelines.jsonl",
    floors: { guideline: 0.91 },
    hit1: 0.94,
    minCases: 36,
    corpus: () => makeGuidelineCorpus(),
  },
];

describe.each(GATES)("quality gate on $dataset", (gate) => {
  // A private index directory so this test never races other suites over .data/.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-gate-"));
  let assistant: ObservedAssistant;
  let report: EvalReport;
  let own: { corpusDir: string; cleanup(): Promise<void> } | undefined;

  beforeAll(async () => {
    own = await gate.corpus?.();
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent", ...(own && { CORPUS_DIR: own.corpusDir }) });
    assistant = await makeObservedAssistant(config);
    const cases = loadDatasets([gate.dataset], ROOT_DIR, new Set(assistant.topics().map((t) => t.id)));
    const client = inProcessClient(assistant, assistant.retrievalSpy);
    report = buildReport(await runCases(client, cases), {
      checkCitation: makeCitationChecker({ rootDir: own ? path.dirname(own.corpusDir) : ROOT_DIR, chunkIds: assistant.corpusChunkIds?.(), chunkText: (id) => assistant.corpusChunkText?.(id) }),
      idCheck: "corpus",
      target: client.target,
      datasets: [gate.dataset],
    });
  });
  afterAll(async () => {
    await assistant?.close();
    await own?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const describeFailure = (ids: string[]) =>
    ids
      .map((id) => {
        const c = report.cases.find((x) => x.id === id)!;
        return `${c.id} (${c.file}:${c.line}) ${c.checks.filter((ch) => !ch.ok).map((ch) => `${ch.label}: ${ch.detail}`).join("; ")}`;
      })
      .join("\n");

  it(`has at least ${gate.minCases} labelled cases`, () => {
    expect(report.summary.scored).toBeGreaterThanOrEqual(gate.minCases);
  });

  it(`topic hit@1 ≥ ${gate.hit1}`, () => {
    const misses = report.cases.filter((c) => c.pass !== null && c.expected.topics?.length && c.rank !== 1).map((c) => c.id);
    expect(report.summary.ranking.hit1 ?? 0, `top-1 misses:\n${describeFailure(misses)}`).toBeGreaterThanOrEqual(gate.hit1);
  });

  it.each(Object.entries(gate.floors))("%s pass rate ≥ %s", (kind, floor) => {
    const ofKind = report.cases.filter((c) => c.kind === kind && c.pass !== null);
    expect(ofKind.length, `no labelled ${kind} cases in ${gate.dataset}`).toBeGreaterThan(0);
    const failing = ofKind.filter((c) => !c.pass).map((c) => c.id);
    const rate = (ofKind.length - failing.length) / ofKind.length;
    expect(rate, `${kind} failures:\n${describeFailure(failing)}`).toBeGreaterThanOrEqual(floor as number);
  });

  it("every citation was retrieved for its answer and points at real corpus text", () => {
    const bad = report.cases.flatMap((c) => c.got.citations.filter((x) => x.invalid).map((x) => `${c.id}: ${x.id} ${x.invalid}`));
    expect(bad).toEqual([]);
  });
});
