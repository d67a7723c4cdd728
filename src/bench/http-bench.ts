// HTTP throughput and cost: autocannon against the production stack (POST /api/ask with varied
// questions, answer cache off and on, each in a fresh server child), GET /api/ping, and a bare fastify
// POST returning a reply of the same size in the same child — same connections and duration, back to
// back. Cost per request is the server child's own CPU time over the requests it served.
import autocannon from "autocannon";
import type { Config } from "../config.js";
import { startChild, type BenchChild } from "./run-child.js";
import type { HttpServerResult } from "./http-server-step.js";
import { round } from "./stats.js";

export interface HttpParams {
  config: Config;
  questions: string[];
  connections: number;
  durationS: number;
  warmupS: number;
}

/** What one autocannon run measured (the http and replicas sections report the same figures). */
export interface LoadFigures {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export function loadFigures(r: autocannon.Result): LoadFigures {
  return {
    requestsPerSec: round(r.requests.average, 1),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

export interface RouteLoad extends LoadFigures {
  route: string;
  /** Server CPU time per request (ms). */
  cpuMsPerRequest: number;
}

export interface HttpResult {
  connections: number;
  durationS: number;
  /** Bytes of the bare route's reply (the mean size of an ask reply). */
  replyBytes: number;
  bare: RouteLoad;
  ping: RouteLoad;
  /** POST /api/ask without the answer cache: every request runs the pipeline. */
  ask: RouteLoad;
  /** POST /api/ask with the answer cache (the bench's questions repeat, so most are hits). */
  askCached: RouteLoad;
  /** ask req/s ÷ ping req/s (cache off). */
  ratio: number;
  /** ask server CPU per request ÷ the bare POST's (cache off, and on). */
  cpuRatio: number;
  cpuRatioCached: number;
  serverPeakRssMiB: number;
}

/** POST /api/ask cycling through the questions, one per request. */
export function askRequests(questions: string[]): autocannon.Request[] {
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

/** One measured load: the child's CPU is sampled around exactly this run. */
async function measure(child: BenchChild, route: string, opts: autocannon.Options): Promise<RouteLoad> {
  child.proc.send("cpu-start");
  const r = await autocannon(opts);
  const cpu = child.next("cpu");
  child.proc.send("cpu-stop");
  const { cpuMs } = await cpu;
  return {
    route,
    ...loadFigures(r),
    cpuMsPerRequest: round(cpuMs / Math.max(1, r.requests.total), 4),
  };
}

async function withServer<T>(
  p: HttpParams,
  cache: boolean,
  run: (child: BenchChild, urls: { app: string; bare: string }) => Promise<T>,
): Promise<{ value: T; server: HttpServerResult; replyBytes: number }> {
  // The benchmark must measure the pipeline, not the per-IP rate limiter.
  const config: Config = { ...p.config, RATE_LIMIT_MAX: 1_000_000 };
  const child = startChild({ step: "http-server", params: { config, cache, sample: p.questions.slice(0, 20) } });
  try {
    const ready = await child.next("ready");
    const value = await run(child, { app: `http://127.0.0.1:${ready.port}`, bare: `http://127.0.0.1:${ready.barePort}` });
    const result = child.next("result");
    child.proc.send("stop");
    return { value, server: (await result).result as HttpServerResult, replyBytes: ready.replyBytes ?? 0 };
  } finally {
    if (child.proc.exitCode === null) child.proc.kill("SIGTERM");
  }
}

export async function runHttpBench(p: HttpParams): Promise<HttpResult> {
  const duration = p.durationS;
  const warm = async (url: string, requests: autocannon.Request[]) => {
    if (p.warmupS > 0) await autocannon({ url, connections: p.connections, duration: p.warmupS, requests });
  };
  const ping: autocannon.Request[] = [{ method: "GET", path: "/api/ping" }];
  const bareReq: autocannon.Request[] = [{ method: "POST", path: "/bare", headers: { "content-type": "application/json" }, body: '{"question":"x"}' }];

  const off = await withServer(p, false, async (child, urls) => {
    await warm(urls.app, askRequests(p.questions));
    await warm(urls.app, ping);
    await warm(urls.bare, bareReq);
    const base = { connections: p.connections, duration };
    return {
      bare: await measure(child, "POST bare (same reply size)", { ...base, url: urls.bare, requests: bareReq }),
      ping: await measure(child, "GET /api/ping", { ...base, url: urls.app, requests: ping }),
      ask: await measure(child, "POST /api/ask (cache off)", { ...base, url: urls.app, requests: askRequests(p.questions) }),
    };
  });
  const on = await withServer(p, true, async (child, urls) => {
    await warm(urls.app, askRequests(p.questions));
    return measure(child, "POST /api/ask (cache on)", { connections: p.connections, duration, url: urls.app, requests: askRequests(p.questions) });
  });
  const { bare, ping: pingLoad, ask } = off.value;
  return {
    connections: p.connections,
    durationS: duration,
    replyBytes: off.replyBytes,
    bare,
    ping: pingLoad,
    ask,
    askCached: on.value,
    ratio: round(ask.requestsPerSec / pingLoad.requestsPerSec, 3),
    cpuRatio: round(ask.cpuMsPerRequest / bare.cpuMsPerRequest, 2),
    cpuRatioCached: round(on.value.cpuMsPerRequest / bare.cpuMsPerRequest, 2),
    serverPeakRssMiB: Math.max(off.server.peakRssMiB, on.server.peakRssMiB),
  };
}
