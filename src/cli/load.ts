// `npm run load`: autocannon against POST /api/ask with questions from the eval dataset, one after
// another round-robin, and a report of req/s, latency percentiles, errors and timeouts.
//   npm run load -- [--url http://host:port] [--duration 30] [--connections 50] [--timeout 10] [--questions eval/questions.jsonl]
// Without --url it starts its own server (`src/main.ts` in a child process on 127.0.0.1, temporary DATA_DIR,
// rate limit lifted, everything else from the environment); against a real server, raise its RATE_LIMIT_MAX.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { ConfigError, childEnv, loadConfig, type Config } from "../config.js";
import { loadDatasets } from "../eval/dataset.js";

export interface LoadOptions {
  url?: string;
  durationS: number;
  connections: number;
  timeoutS: number;
  questionsFile: string;
}

export interface LoadReport {
  url: string;
  durationS: number;
  connections: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p97_5: number; p99: number; max: number; mean: number };
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  questions: number;
}

export const DEFAULTS: LoadOptions = { durationS: 30, connections: 50, timeoutS: 10, questionsFile: "eval/questions.jsonl" };

/** Every case's first question, in dataset order. */
export function loadQuestions(file: string, rootDir: string): string[] {
  const qs = loadDatasets([file], rootDir).map((c) => c.turns[0]!);
  return [...new Set(qs)];
}

/**
 * Starts `npm start` as a child process for the run when no URL is given: a separate process, so the
 * load generator and the server do not share one event loop. Temporary DATA_DIR, rate limit lifted.
 */
export async function spawnServer(config: Config): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "kjzs-load-"));
  const child = spawn(process.execPath, ["--import", "tsx", path.join(config.ROOT_DIR, "src", "main.ts")], {
    cwd: config.ROOT_DIR,
    env: childEnv({ DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: "0", RATE_LIMIT_MAX: "1000000", LOG_LEVEL: "warn", WECHAT_ENABLED: "false" }),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error("server did not start within 120 s")), 120_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+?)\/?\s/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error("server exited before it was ready"));
      });
    });
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function runLoad(opts: LoadOptions, config: Config): Promise<LoadReport> {
  const questions = loadQuestions(opts.questionsFile, config.ROOT_DIR);
  const server = opts.url ? undefined : await spawnServer(config);
  const url = (opts.url ?? server!.url).replace(/\/+$/, "");
  let next = 0;
  try {
    const result = await autocannon({
      url,
      connections: opts.connections,
      duration: opts.durationS,
      timeout: opts.timeoutS,
      requests: [
        {
          method: "POST",
          path: "/api/ask",
          headers: { "content-type": "application/json" },
          // A different question on every request, so caches and one hot path do not flatter the numbers.
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[next++ % questions.length] }) }),
        },
      ],
    });
    const l = result.latency;
    return {
      url,
      durationS: result.duration,
      connections: result.connections,
      requests: result["2xx"] + result.non2xx,
      reqPerSec: result.requests.average,
      latencyMs: { p50: l.p50, p90: l.p90, p97_5: l.p97_5, p99: l.p99, max: l.max, mean: l.mean },
      ok2xx: result["2xx"],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      questions: questions.length,
    };
  } finally {
    await server?.stop();
  }
}

export function formatReport(r: LoadReport): string {
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  return [
    `load: POST ${r.url}/api/ask — ${r.connections} connections, ${r.durationS.toFixed(1)} s, ${r.questions} distinct questions`,
    `  requests   ${r.requests} (${r.reqPerSec.toFixed(1)} req/s)`,
    `  latency    p50 ${ms(r.latencyMs.p50)} · p90 ${ms(r.latencyMs.p90)} · p97.5 ${ms(r.latencyMs.p97_5)} · p99 ${ms(r.latencyMs.p99)} · max ${ms(r.latencyMs.max)}`,
    `  responses  2xx ${r.ok2xx} · non-2xx ${r.non2xx}`,
    `  errors     ${r.errors} (timeouts ${r.timeouts})`,
  ].join("\n");
}

export function parseLoadArgs(argv: string[]): LoadOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      duration: { type: "string" },
      connections: { type: "string" },
      timeout: { type: "string" },
      questions: { type: "string" },
    },
    strict: true,
  });
  const positive = (name: string, v: string | undefined, def: number) => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${v}")`);
    return n;
  };
  if (values.url !== undefined && !/^https?:\/\/[^/]+/.test(values.url)) throw new Error(`--url must be like http://127.0.0.1:3000 (got "${values.url}")`);
  return {
    ...(values.url !== undefined && { url: values.url }),
    durationS: positive("duration", values.duration, DEFAULTS.durationS),
    connections: Math.round(positive("connections", values.connections, DEFAULTS.connections)),
    timeoutS: positive("timeout", values.timeout, DEFAULTS.timeoutS),
    questionsFile: values.questions ?? DEFAULTS.questionsFile,
  };
}

async function main(): Promise<number> {
  let opts: LoadOptions;
  let config: Config;
  try {
    opts = parseLoadArgs(process.argv.slice(2));
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const report = await runLoad(opts, config);
  process.stdout.write(`${formatReport(report)}\n`);
  return report.errors + report.timeouts + report.non2xx === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`load failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
