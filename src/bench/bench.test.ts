// Smoke test: `npm run bench -- --quick` runs every section end to end and writes a report of the
// right shape. Times are not asserted (they depend on the machine); structure and sanity are.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUICK_PLAN } from "./bench-plan.js";
import type { BenchReport } from "./run-bench.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function runCli(args: string[]) {
  return spawnSync(TSX, ["src/cli/bench.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 230_000 });
}

describe("npm run bench -- --quick", () => {
  let outDir: string;
  let stdout: string;
  let stderr: string;
  let status: number | null;
  let report: BenchReport;

  beforeAll(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), "bench-test-"));
    const r = runCli(["--quick", "--out-dir", outDir]);
    ({ stdout, stderr, status } = r);
    const files = readdirSync(outDir).filter((f) => /^bench-.+\.json$/.test(f));
    expect(files, stderr).toHaveLength(1);
    report = JSON.parse(readFileSync(path.join(outDir, files[0]), "utf8")) as BenchReport;
  }, 240_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("exits 0 with no failed section and prints one summary table", () => {
    expect(report.errors, stderr).toEqual({});
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^\| step +\| result +\| target +\| peak RSS +\|$/m);
    expect(stdout).toContain("answer() ×200");
    expect(stdout).toContain("HTTP ask ÷ ping");
    expect(stdout).toMatch(/report: .*bench-.+\.json/);
    expect(report.quick).toBe(true);
    expect(report.machine.nproc).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    // null only where the tree is not a git checkout (e.g. an exported tarball).
    if (report.revision.commit !== null) expect(report.revision.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("reports warm answer() latency percentiles over the quick number of calls", () => {
    const p = report.pipeline!;
    expect(p.calls).toBe(QUICK_PLAN.pipelineCalls);
    expect(p.latency.count).toBe(QUICK_PLAN.pipelineCalls);
    expect(p.latency.p50Ms).toBeGreaterThan(0);
    expect(p.latency.p50Ms).toBeLessThanOrEqual(p.latency.p95Ms);
    expect(p.latency.p95Ms).toBeLessThanOrEqual(p.latency.p99Ms);
    expect(p.peakRssMiB).toBeGreaterThan(10);
  });

  it("loads both routes with only 2xx answers and reports their ratio", () => {
    const h = report.http!;
    for (const load of [h.bare, h.ping, h.ask, h.askCached]) {
      expect(load.cpuMsPerRequest).toBeGreaterThan(0);
      expect(load.requests).toBeGreaterThan(0);
      expect(load.requestsPerSec).toBeGreaterThan(0);
      expect(load.non2xx).toBe(0);
      expect(load.errors).toBe(0);
    }
    expect(h.ratio).toBeCloseTo(h.ask.requestsPerSec / h.ping.requestsPerSec, 2);
    expect(h.cpuRatio).toBeCloseTo(h.ask.cpuMsPerRequest / h.bare.cpuMsPerRequest, 0);
    // The bare route's reply is the size of a real answer.
    expect(h.replyBytes).toBeGreaterThan(200);
    expect(h.serverPeakRssMiB).toBeGreaterThan(10);
  });

  it("loads nginx in front of one, then two replicas over PostgreSQL and Redis with only 2xx answers", () => {
    const rp = report.replicas!;
    expect(rp.runs.map((x) => x.replicas)).toEqual(QUICK_PLAN.replicaCounts);
    for (const x of rp.runs) {
      expect(x.requests).toBeGreaterThan(0);
      expect(x.non2xx).toBe(0);
      expect(x.errors).toBe(0);
      expect(x.latencyP50Ms).toBeLessThanOrEqual(x.latencyP99Ms);
    }
    expect(rp.speedup).toBeCloseTo(rp.runs.at(-1)!.requestsPerSec / rp.runs[0].requestsPerSec, 1);
    expect(stdout).toContain("nginx → 2 replicas");
  });

  it("measures cold start with and without an index", () => {
    const c = report.coldStart!;
    expect(c.tsxFloorMs).toBeGreaterThan(0);
    expect(c.nodeFloorMs).toBeGreaterThan(0);
    expect(c.breakdown.indexRebuilt).toBe(false);
    expect(c.breakdown.firstAnswerMs).toBeGreaterThan(0);
    for (const run of [c.withoutIndex, c.withIndex]) {
      expect(run.indexLoadedMs).toBeGreaterThan(0);
      expect(run.firstAnswerMs).toBeGreaterThanOrEqual(run.indexLoadedMs);
    }
    expect(c.withoutIndex.withIndex).toBe(false);
    expect(c.withIndex.withIndex).toBe(true);
    expect(c.withIndexRuns).toHaveLength(QUICK_PLAN.coldStartRepeats);
  });

  it("runs every scale step with recall against brute force and per-step RSS", () => {
    const s = report.scale!;
    expect(s.steps.map((x) => x.size)).toEqual(QUICK_PLAN.scaleSizes);
    for (const st of s.steps) {
      expect(st.recallAtK).toBeGreaterThanOrEqual(0);
      expect(st.recallAtK).toBeLessThanOrEqual(1);
      expect(st.hnswQuery.count).toBe(QUICK_PLAN.scaleQueries);
      expect(st.bruteForceQuery.count).toBe(QUICK_PLAN.scaleQueries);
      expect(st.buildMs).toBeGreaterThan(0);
      expect(st.peakRssMiB).toBeGreaterThan(10);
      expect(st.exactQueries).toBe(QUICK_PLAN.scaleQueries);
      expect(st.strictRecallAtK).toBeLessThanOrEqual(st.recallAtK + 1e-9);
      expect(st.saveMs).toBeGreaterThan(0);
      // 512 float32 per chunk at least, plus the graph.
      expect(st.indexFileMiB).toBeGreaterThan((st.size * st.dimensions * 4) / 2 ** 20);
      expect(st.loadAverage1m!.max).toBeGreaterThanOrEqual(st.loadAverage1m!.start);
    }
    expect(Number.isFinite(s.growth.build)).toBe(true);
    expect(stdout).toContain("scale 3,000 chunks (50 queries)");
    expect(stdout).toContain("scale 3,000 reloaded in a fresh process");
  });

  it("reloads every scale step's saved index in a fresh process that answers exactly as the built one", () => {
    for (const st of report.scale!.steps) {
      const rep = st.replica!;
      expect(rep.count).toBe(st.size);
      expect(rep.loadMs).toBeGreaterThan(0);
      expect(rep.rssAfterLoadMiB).toBeGreaterThan(rep.baselineRssMiB);
      expect(rep.peakRssMiB).toBeGreaterThanOrEqual(rep.rssAfterLoadMiB);
      // The replica holds far less than the build step (no raw vectors, no embedder, no texts).
      expect(rep.rssAfterLoadMiB).toBeLessThan(st.peakRssMiB);
      expect(rep.hnswQuery.count).toBe(QUICK_PLAN.scaleQueries);
      expect(rep.exactQueries).toBe(st.exactQueries);
      expect(rep.sameAsBuilt).toBe(1);
      expect(rep.recallAtK).toBe(st.recallAtK);
      expect(rep.strictRecallAtK).toBe(st.strictRecallAtK);
    }
  });

  it("leaves the opt-in 1M step out of a run without --only", () => {
    expect(report.scale1m).toBeNull();
    expect(report.plan.scaleLarge).toBeNull();
  });

  it("ingests generated guideline documents cold, then parses only the one changed, and times answers over them", () => {
    const g = report.ingest!;
    const docs = QUICK_PLAN.ingest.docs;
    expect(g.generate.documents).toBe(docs);
    expect(g.cold.reused).toBe(0);
    expect(g.cold.parsed).toBeGreaterThanOrEqual(docs);
    expect(g.incremental.parsed).toBe(1);
    expect(g.incremental.reused).toBe(g.cold.parsed - 1);
    expect(g.incremental.parsedFiles).toEqual([g.incremental.changed]);
    expect(g.incremental.chunks).toBe(g.cold.chunks);
    expect(g.cold.guidelineChunks).toBeGreaterThanOrEqual(QUICK_PLAN.ingest.chunks * 0.9);
    expect(g.cold.guidelineChunks).toBeLessThanOrEqual(QUICK_PLAN.ingest.chunks * 1.1);
    for (const run of [g.cold, g.incremental]) {
      expect(run.totalMs).toBeGreaterThanOrEqual(run.readMs + run.corpusMs + run.indexMs - 1);
      expect(run.peakRssMiB).toBeGreaterThan(10);
    }
    const q = g.query;
    expect(q.indexRebuilt).toBe(false);
    expect(q.chunks).toBe(g.cold.chunks);
    expect(q.answer.count).toBe(QUICK_PLAN.ingest.calls);
    expect(q.answer.p50Ms).toBeLessThanOrEqual(q.answer.p95Ms);
    expect(q.answerGuideline.count).toBeGreaterThan(0);
    expect(q.retriever.count).toBe(QUICK_PLAN.ingest.calls);
    // Most guideline questions are answered from a generated guideline, or the index did not serve them.
    expect(q.guidelineCitedShare).toBeGreaterThan(0.5);
    expect(stdout).toContain(`ingest after 1 doc changed (parsed 1, reused ${docs - 1})`);
  });

  it("checks every target; the 100k ones are 'not run' at quick sizes", () => {
    const names = report.targets.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["answer() p95", "ask ÷ ping req/s", "ask CPU ÷ bare (cache off)", "ask req/s (cache on)", "cold start with index → first answer", "idle RSS after first answer"]));
    for (const t of report.targets) expect(t.status).toEqual(t.name.includes("100k") ? "not run" : expect.stringMatching(/^(met|missed)$/));
  });
});

describe("bench CLI arguments", () => {
  it("rejects an unknown section with usage and exit code 2", () => {
    const r = runCli(["--only", "pipline"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown section "pipline"');
    expect(r.stderr).toContain("usage: npm run bench");
  });
});
