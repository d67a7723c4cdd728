// Cold start of `npm start` (npm → node on the .build/ bundle, built beforehand so no run pays for it):
// process start → index loaded (/healthz answers) → first answer, once with an empty DATA_DIR (index
// built at start) and then with the index that run left behind.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../build/bundle.mjs";
import { childEnv, type Config } from "../config.js";
import { treePeakRssMiB, treeRssMiB } from "./process-tree.js";
import { runChildStep } from "./run-child.js";
import type { StartupBreakdown } from "./startup-step.js";
import { msSince, round } from "./stats.js";

export interface ColdStartRun {
  withIndex: boolean;
  indexLoadedMs: number;
  firstAnswerMs: number;
  peakRssMiB: number;
  /** The server's RSS once idle after its first answer. */
  idleRssMiB: number;
}

export interface ColdStartResult {
  /** `tsx` running an empty script: what a start from source (the CLIs, the tests) pays; `npm start` no longer does. */
  tsxFloorMs: number;
  /** Plain `node -e 0`, for comparison: what tsx itself costs. */
  nodeFloorMs: number;
  withoutIndex: ColdStartRun;
  /** Median run by first-answer time. */
  withIndex: ColdStartRun;
  withIndexRuns: ColdStartRun[];
  /** One more start with the index present, timed phase by phase inside the process. */
  breakdown: StartupBreakdown;
}

export interface ColdStartParams {
  /** Settings for the breakdown run; the spawned `npm start` reads its own environment. */
  config: Config;
  rootDir: string;
  question: string;
  repeats: number;
  timeoutMs: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// After the first answer the server idles this long before its RSS is read (GC settles, timers quiet).
const IDLE_SETTLE_MS = 2000;

async function tryFetch(url: string, init?: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  } catch {
    return undefined;
  }
}

function tsxBin(rootDir: string): string {
  return path.join(rootDir, "node_modules", ".bin", "tsx");
}

async function emptyRun(rootDir: string, command: string): Promise<number> {
  const t = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const p = spawn(command, ["--eval", "0"], { cwd: rootDir, stdio: "ignore" });
    p.once("error", reject);
    p.once("exit", () => resolve());
  });
  return round(msSince(t), 1);
}

async function oneRun(p: ColdStartParams, dataDir: string, withIndex: boolean): Promise<ColdStartRun> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = "";
  const t = process.hrtime.bigint();
  // The child gets this environment plus the settings under test (forwarded, not interpreted here).
  const proc = spawn("npm", ["start"], {
    cwd: p.rootDir,
    env: childEnv({
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      WECHAT_ENABLED: "false",
      npm_config_update_notifier: "false",
    }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group: the SIGKILL fallback below reaches node, not only npm
  });
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  proc.stdout.on("data", keep);
  proc.stderr.on("data", keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    proc.once("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  try {
    let indexLoadedMs = NaN;
    while (Number.isNaN(indexLoadedMs)) {
      if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode} during cold start:\n${output}`);
      if (msSince(t) > p.timeoutMs) throw new Error(`no healthy /healthz within ${p.timeoutMs} ms:\n${output}`);
      const res = await tryFetch(`${base}/healthz`);
      if (res?.ok) {
        const body = (await res.json()) as { index?: { chunks?: number } };
        if ((body.index?.chunks ?? 0) > 0) indexLoadedMs = msSince(t);
      }
      if (Number.isNaN(indexLoadedMs)) await sleep(10);
    }
    const res = await tryFetch(`${base}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: p.question }),
    });
    if (!res?.ok) throw new Error(`first /api/ask failed (${res?.status ?? "no response"}):\n${output}`);
    await res.json();
    const firstAnswerMs = msSince(t);
    await sleep(IDLE_SETTLE_MS);
    return {
      withIndex,
      indexLoadedMs: round(indexLoadedMs, 1),
      firstAnswerMs: round(firstAnswerMs, 1),
      peakRssMiB: proc.pid ? treePeakRssMiB(proc.pid) : 0,
      idleRssMiB: proc.pid ? treeRssMiB(proc.pid) : 0,
    };
  } finally {
    proc.kill("SIGTERM"); // npm forwards it to the server, which shuts down gracefully
    const killer = setTimeout(() => {
      try {
        if (proc.pid) process.kill(-proc.pid, "SIGKILL");
      } catch {
        // the group is already gone
      }
    }, 5000);
    await exited;
    clearTimeout(killer);
  }
}

export async function runColdStart(p: ColdStartParams): Promise<ColdStartResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-cold-"));
  try {
    await ensureBuild(p.rootDir); // what `npm start` would do first; done here so no timed run includes it
    const tsxFloorMs = await emptyRun(p.rootDir, tsxBin(p.rootDir));
    const nodeFloorMs = await emptyRun(p.rootDir, process.execPath);
    const withoutIndex = await oneRun(p, dataDir, false);
    const runs: ColdStartRun[] = [];
    for (let i = 0; i < p.repeats; i++) runs.push(await oneRun(p, dataDir, true));
    const sorted = [...runs].sort((a, b) => a.firstAnswerMs - b.firstAnswerMs);
    const config: Config = {
      ...p.config,
      DATA_DIR: dataDir,
      INDEX_DIR: path.join(dataDir, "index"),
      DB_FILE: path.join(dataDir, "assistant.db"),
    };
    const breakdown = await runChildStep<StartupBreakdown>({ step: "startup", params: { config, question: p.question } });
    return { tsxFloorMs, nodeFloorMs, withoutIndex, withIndex: sorted[Math.floor((sorted.length - 1) / 2)], withIndexRuns: runs, breakdown };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
