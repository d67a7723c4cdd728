// The summary table printed after a run, and the JSON report file.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BenchReport } from "./run-bench.js";
import type { ScaleResult } from "./scale-step.js";

export type Row = [step: string, result: string, target: string, rss: string];

const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(2)} ms`);
const mib = (v: number | undefined) => (v === undefined ? "" : `${Math.round(v)} MiB`);
const n = (v: number) => v.toLocaleString("en-US");
const parsedOf = (run: { parsed: number; reused: number }) => `${n(run.parsed)}, reused ${n(run.reused)}`;

function status(r: BenchReport, name: string): string {
  const t = r.targets.find((x) => x.name === name);
  return t ? `${t.target} ${t.status === "met" ? "✓" : t.status === "missed" ? "✗ MISSED" : "(not run)"}` : "";
}

function rows(r: BenchReport): Row[] {
  const out: Row[] = [];
  const p = r.pipeline;
  if (p) {
    out.push([
      `answer() ×${n(p.calls)} (warm)`,
      `p50 ${ms(p.latency.p50Ms)} · p95 ${ms(p.latency.p95Ms)} · p99 ${ms(p.latency.p99Ms)} (CPU p95 ${ms(p.cpu.p95Ms)})`,
      status(r, "answer() p95"),
      mib(p.peakRssMiB),
    ]);
  }
  const h = r.http;
  if (h) {
    const load = (x: typeof h.ping) =>
      `${n(Math.round(x.requestsPerSec))} req/s · p99 ${x.latencyP99Ms} ms · CPU ${x.cpuMsPerRequest.toFixed(3)} ms/req` +
      (x.non2xx || x.errors ? ` · ${x.non2xx} non-2xx, ${x.errors} errors` : "");
    const conn = `(${h.connections} conn, ${h.durationS} s)`;
    out.push([`HTTP ${h.bare.route}, ${n(h.replyBytes)} B ${conn}`, load(h.bare), "", mib(h.serverPeakRssMiB)]);
    out.push([`HTTP ${h.ping.route} ${conn}`, load(h.ping), "", ""]);
    out.push([`HTTP ${h.ask.route} ${conn}`, load(h.ask), `${status(r, "ask req/s (cache off)")} · p99 ${status(r, "ask p99 (cache off)")}`, ""]);
    out.push([`HTTP ${h.askCached.route} ${conn}`, load(h.askCached), `${status(r, "ask req/s (cache on)")} · p99 ${status(r, "ask p99 (cache on)")}`, ""]);
    out.push(["HTTP ask CPU ÷ bare POST CPU", `${h.cpuRatio} × (cache on ${h.cpuRatioCached} ×)`, `${status(r, "ask CPU ÷ bare (cache off)")} / ${status(r, "ask CPU ÷ bare (cache on)")}`, ""]);
    out.push(["HTTP ask ÷ ping", `${(h.ratio * 100).toFixed(1)} %`, status(r, "ask ÷ ping req/s"), ""]);
  }
  const rp = r.replicas;
  if (rp) {
    for (const x of rp.runs) {
      out.push([
        `nginx → ${x.replicas} replica${x.replicas > 1 ? "s" : ""}, POST /api/ask (cache off, PostgreSQL + Redis, ${rp.connections} conn, ${rp.durationS} s)`,
        `${n(Math.round(x.requestsPerSec))} req/s · p50 ${x.latencyP50Ms} ms · p99 ${x.latencyP99Ms} ms` + (x.non2xx || x.errors ? ` · ${x.non2xx} non-2xx, ${x.errors} errors` : ""),
        "",
        "",
      ]);
    }
    out.push([`replicas speed-up (${rp.cores} cores shared by all)`, `${rp.speedup} ×`, "", ""]);
  }
  const c = r.coldStart;
  if (c) {
    out.push(["cold start floor (empty script)", `tsx ${ms(c.tsxFloorMs)} · node ${ms(c.nodeFloorMs)}`, "", ""]);
    for (const run of [c.withoutIndex, c.withIndex]) {
      out.push([
        `cold start ${run.withIndex ? "with index" : "without index"}`,
        `index loaded ${ms(run.indexLoadedMs)} · first answer ${ms(run.firstAnswerMs)} · idle RSS ${mib(run.idleRssMiB)}`,
        run.withIndex ? `${status(r, "cold start with index → first answer")} · RSS ${status(r, "idle RSS after first answer")}` : "",
        mib(run.peakRssMiB),
      ]);
    }
    const b = c.breakdown;
    out.push([
      "cold start breakdown (in-process, index present)",
      `boot ${ms(b.bootMs)} · import core ${ms(b.importCoreMs)} · import web ${ms(b.importWebMs)} · corpus ${ms(b.loadCorpusMs)} · index ${ms(b.loadIndexMs)} · pipeline ${ms(b.makeAssistantMs)} · app ${ms(b.buildAppMs)} · first answer ${ms(b.firstAnswerMs)}`,
      "",
      mib(b.peakRssMiB),
    ]);
  }
  const s = r.scale;
  if (s) {
    for (const st of s.steps) {
      const at100k = st.size === 100_000;
      out.push(...scaleRows(st, at100k ? `${status(r, "HNSW query p95 at 100k")}; ${status(r, "HNSW recall@10 at 100k")}` : ""));
    }
    const g = s.growth;
    out.push(["scale growth exponent (last two sizes)", `build n^${g.build} · HNSW query n^${g.hnswQueryP95} · brute n^${g.bruteForceQueryP95}`, "", ""]);
  }
  const l = r.scale1m;
  if (l) {
    for (const st of l.steps) out.push(...scaleRows(st, ""));
    const g = l.growth;
    if (g) out.push([`scale growth exponent (${n(g.fromSize)} → ${n(l.steps.at(-1)!.size)})`, `build n^${g.build} · HNSW query n^${g.hnswQueryP95} · brute n^${g.bruteForceQueryP95}`, "", ""]);
  }
  const ig = r.ingest;
  if (ig) {
    const g = ig.generate;
    const formats = Object.entries(g.byFormat).filter(([, k]) => k > 0).map(([f, k]) => `${k} ${f}`).join(", ");
    out.push([
      `ingest: ${g.documents} guideline docs (${formats})`,
      `generated in ${ms(g.generateMs)} · ${(g.bytes / 2 ** 20).toFixed(1)} MiB · ${n(ig.cold.guidelineChunks)} guideline chunks of ${n(ig.cold.chunks)} (target ${n(ig.targetChunks)})${g.pdfSkipped ? ` · ${g.pdfSkipped}` : ""}`,
      "",
      mib(g.peakRssMiB),
    ]);
    const run = (x: typeof ig.cold) =>
      `total ${ms(x.totalMs)} · read+parse ${ms(x.readMs)} · validate+chunk ${ms(x.corpusMs)} · index ${ms(x.indexMs)} (fit ${ms(x.stagesMs.fit)}, embed ${ms(x.stagesMs.embed)}, HNSW ${ms(x.stagesMs.hnsw)}, BM25 ${ms(x.stagesMs.keywords)}, save ${ms(x.stagesMs.save)}) · CPU ${ms(x.cpuMs)}`;
    out.push([`ingest cold, empty cache (parsed ${parsedOf(ig.cold)})`, run(ig.cold), "", mib(ig.cold.peakRssMiB)]);
    out.push([`ingest after 1 doc changed (parsed ${parsedOf(ig.incremental)})`, run(ig.incremental), "", mib(ig.incremental.peakRssMiB)]);
    const q = ig.query;
    out.push([
      `ingest serve: load corpus + index (${n(q.chunks)} chunks)`,
      `corpus ${ms(q.loadCorpusMs)} · index ${ms(q.loadIndexMs)}${q.indexRebuilt ? " (REBUILT)" : ""}`,
      "",
      mib(q.peakRssMiB),
    ]);
    out.push([
      `ingest answer() ×${n(q.calls)} over ${n(q.chunks)} chunks`,
      `p50 ${ms(q.answer.p50Ms)} · p95 ${ms(q.answer.p95Ms)} · p99 ${ms(q.answer.p99Ms)} (CPU p95 ${ms(q.answerCpu.p95Ms)}); guideline questions (${q.guidelineQuestions}) p50 ${ms(q.answerGuideline.p50Ms)} · p95 ${ms(q.answerGuideline.p95Ms)}, ${Math.round(q.guidelineCitedShare * 100)} % cite a guideline`,
      "",
      "",
    ]);
    out.push([`ingest retriever.search(k=10) ×${n(q.retriever.count)}`, `p50 ${ms(q.retriever.p50Ms)} · p95 ${ms(q.retriever.p95Ms)} · p99 ${ms(q.retriever.p99Ms)}`, "", ""]);
  }
  for (const [section, message] of Object.entries(r.errors)) {
    out.push([`${section} FAILED`, message.split("\n")[0].slice(0, 100), "", ""]);
  }
  return out;
}

/** A scale step's row, and the row of its index reloaded in a fresh process when that ran. */
export function scaleRows(st: ScaleResult, target: string): Row[] {
  const queries =
    st.exactQueries === st.hnswQuery.count
      ? `${n(st.hnswQuery.count)} queries`
      : `HNSW ${n(st.hnswQuery.count)} queries, brute force and recall ${n(st.exactQueries)}`;
  const load = st.loadAverage1m ? ` · load ${st.loadAverage1m.start}–${st.loadAverage1m.max}` : "";
  const out: Row[] = [
    [
      `scale ${n(st.size)} chunks (${queries})`,
      `embed ${ms(st.embedMs)} · build ${ms(st.buildMs)} (CPU ${ms(st.buildCpuMs)}) · HNSW p95 ${ms(st.hnswQuery.p95Ms)} (CPU ${ms(st.hnswQueryCpuP95Ms)}) · brute p95 ${ms(st.bruteForceQuery.p95Ms)} (CPU ${ms(st.bruteForceQueryCpuP95Ms)}) · recall@10 ${st.recallAtK.toFixed(3)} (strict ${st.strictRecallAtK.toFixed(3)})${load}`,
      target,
      mib(st.peakRssMiB),
    ],
  ];
  const rep = st.replica;
  if (rep) {
    const same = rep.sameAsBuilt === 1 ? "same ids as built" : `same ids as built for ${(rep.sameAsBuilt * 100).toFixed(1)} % of queries`;
    out.push([
      `scale ${n(st.size)} reloaded in a fresh process`,
      `save ${ms(st.saveMs ?? NaN)} · file ${mib(st.indexFileMiB ?? undefined)} · load ${ms(rep.loadMs)} (CPU ${ms(rep.loadCpuMs)}) · RSS per replica ${mib(rep.rssAfterLoadMiB)} (index ${mib(rep.indexRssMiB)} over ${mib(rep.baselineRssMiB)}) · HNSW p95 ${ms(rep.hnswQuery.p95Ms)} (CPU ${ms(rep.hnswQueryCpuP95Ms)}) · recall@10 ${rep.recallAtK.toFixed(3)} (strict ${rep.strictRecallAtK.toFixed(3)}) · ${same}`,
      "",
      mib(rep.peakRssMiB),
    ]);
  }
  return out;
}

export function formatSummary(r: BenchReport): string {
  const header: Row = ["step", "result", "target", "peak RSS"];
  const all = [header, ...rows(r)];
  // Chinese-free content, so string length is display width.
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: Row) => "| " + row.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  const sep = "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|";
  const m = r.machine;
  const rev = r.revision.commit ? ` @ ${r.revision.commit.slice(0, 7)}${r.revision.dirty ? "+changes" : ""}` : "";
  return [
    `${r.quick ? "Quick benchmark" : "Benchmark"}${rev} — ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadAverage1m} at start`,
    line(header),
    sep,
    ...all.slice(1).map(line),
  ].join("\n");
}

/** Writes eval/reports/bench-<timestamp>.json (or into outDir) and returns the path. */
export function writeReport(r: BenchReport, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const stamp = r.startedAt.replace(/[:.]/g, "-");
  const file = path.join(outDir, `bench-${stamp}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + "\n");
  return file;
}
