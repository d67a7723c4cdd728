// Quality gate: the real pipeline (through the single wiring) on the committed eval set must rank the
// right 专题 first for ≥ 95% of cases and never fail an out_of_scope / injection / unknown case.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, ROOT_DIR } from "../config.js";
import { makeObservedAssistant, type ObservedAssistant } from "./observed-assistant.js";
import { inProcessClient } from "./ask-client.js";
import { makeCitationChecker } from "./citation-check.js";
import { loadDatasets } from "./dataset.js";
import { buildReport, type EvalReport } from "./report.js";
import { runCases } from "./runner.js";

const MUST_ALL_PASS = ["out_of_scope", "injection", "unknown"];

describe("quality gate on eval/questions.jsonl", () => {
  // A private index directory so this test never races other suites over .data/.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-gate-"));
  let assistant: ObservedAssistant;
  let report: EvalReport;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    assistant = await makeObservedAssistant(config);
    const cases = loadDatasets(["eval/questions.jsonl"], ROOT_DIR);
    const client = inProcessClient(assistant, assistant.retrievalSpy);
    report = buildReport(await runCases(client, cases), {
      checkCitation: makeCitationChecker({ rootDir: ROOT_DIR, chunkIds: assistant.corpusChunkIds?.() }),
      idCheck: "corpus",
      target: client.target,
      datasets: ["eval/questions.jsonl"],
    });
  });
  afterAll(async () => {
    await assistant?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const describeFailure = (ids: string[]) =>
    ids
      .map((id) => {
        const c = report.cases.find((x) => x.id === id)!;
        return `${c.id} (${c.file}:${c.line}) ${c.checks.filter((ch) => !ch.ok).map((ch) => `${ch.label}: ${ch.detail}`).join("; ")}`;
      })
      .join("\n");

  it("topic hit@1 ≥ 0.95", () => {
    const misses = report.cases.filter((c) => c.pass !== null && c.expected.topics?.length && c.rank !== 1).map((c) => c.id);
    expect(report.summary.ranking.cases).toBeGreaterThan(100);
    expect(report.summary.ranking.hit1 ?? 0, `top-1 misses:\n${describeFailure(misses)}`).toBeGreaterThanOrEqual(0.95);
  });

  it("every out_of_scope, injection and unknown case passes", () => {
    const guarded = report.cases.filter((c) => MUST_ALL_PASS.includes(c.kind));
    expect(guarded.length).toBeGreaterThan(30);
    const failing = guarded.filter((c) => c.pass !== true).map((c) => c.id);
    expect(failing, describeFailure(failing)).toEqual([]);
  });

  it("every citation was retrieved for its answer and points at real corpus text", () => {
    const bad = report.cases.flatMap((c) => c.got.citations.filter((x) => x.invalid).map((x) => `${c.id}: ${x.id} ${x.invalid}`));
    expect(bad).toEqual([]);
  });
});
