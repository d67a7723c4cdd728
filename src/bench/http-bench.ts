// HTTP throughput: autocannon against POST /api/ask (varied questions) and GET /api/ping in the same
// server, same connections and duration, back to back. The ping route is fastify's own ceiling here.
import autocannon from "autocannon";
import type { Config } from "../config.js";
import { startChild } from "./run-child.js";
import type { HttpServerResult } from "./http-server-step.js";
import { round } from "./stats.js";

export interface HttpParams {
  config: Config;
  questions: string[];
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface RouteLoad {
  route: string;
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface HttpResult {
  connections: number;
  durationS: number;
  ping: RouteLoad;
  ask: RouteLoad;
  /** ask req/s ÷ ping req/s. */
  ratio: number;
  serverPeakRssMiB: number;
}

function load(route: string, r: autocannon.Result): RouteLoad {
  return {
    route,
    requestsPerSec: round(r.requests.average, 1),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

function askRequests(questions: string[]): autocannon.Request[] {
  let i = 0;
  return [
    {
      method: "POST",
      path: "/api/ask",
      headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[i++ % questions.length] }) }),
    },
  ];
}

export async function runHttpBench(p: HttpParams): Promise<HttpResult> {
  // The benchmark must measure the pipeline, not the per-IP rate limiter.
  const config: Config = { ...p.config, RATE_LIMIT_MAX: 1_000_000 };
  const child = startChild({ step: "http-server", params: { config } });
  try {
    const { port } = await child.next("ready");
    const url = `http://127.0.0.1:${port}`;
    const base = { url, connections: p.connections };
    if (p.warmupS > 0) {
      await autocannon({ ...base, duration: p.warmupS, requests: askRequests(p.questions) });
      await autocannon({ ...base, duration: p.warmupS, requests: [{ method: "GET", path: "/api/ping" }] });
    }
    const ping = await autocannon({ ...base, duration: p.durationS, requests: [{ method: "GET", path: "/api/ping" }] });
    const ask = await autocannon({ ...base, duration: p.durationS, requests: askRequests(p.questions) });
    const result = child.next("result");
    child.proc.send("stop");
    const server = (await result).result as HttpServerResult;
    const pingLoad = load("GET /api/ping", ping);
    const askLoad = load("POST /api/ask", ask);
    return {
      connections: p.connections,
      durationS: p.durationS,
      ping: pingLoad,
      ask: askLoad,
      ratio: round(askLoad.requestsPerSec / pingLoad.requestsPerSec, 3),
      serverPeakRssMiB: server.peakRssMiB,
    };
  } finally {
    if (child.proc.exitCode === null) child.proc.kill("SIGTERM");
  }
}
