// Throughput of the scaled-out setup: POST /api/ask (answer cache off) through nginx running
// deploy/nginx/kjzs.conf, first in front of one replica, then of two — every replica a server child of
// its own over one PostgreSQL and one Redis (both real, throwaway), the same load and duration each time.
// On one machine the replicas, nginx, PostgreSQL and the load generator share the cores, so the speed-up
// shown is what a second process buys on this box, not what a second machine would.
import os from "node:os";
import autocannon from "autocannon";
import type { Config } from "../config.js";
import { startTestNginx } from "../ops/testing/nginx-server.js";
import { startTestPostgres } from "../ops/testing/postgres-server.js";
import { startTestRedis } from "../ops/testing/redis-server.js";
import { askRequests, loadFigures, type LoadFigures } from "./http-bench.js";
import { startChild, type BenchChild } from "./run-child.js";
import { round } from "./stats.js";

export interface ReplicasParams {
  config: Config;
  questions: string[];
  /** Replica counts, run in this order (e.g. [1, 2]). */
  counts: number[];
  connections: number;
  durationS: number;
  warmupS: number;
  log: (line: string) => void;
}

export interface ReplicaLoad extends LoadFigures {
  replicas: number;
}

export interface ReplicasResult {
  connections: number;
  durationS: number;
  cores: number;
  runs: ReplicaLoad[];
  /** req/s of the largest count ÷ req/s of the smallest. */
  speedup: number;
}

async function stopChild(child: BenchChild): Promise<void> {
  if (child.proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.proc.once("exit", () => r()));
  const result = child.next("result").catch(() => undefined);
  child.proc.send("stop");
  const t = setTimeout(() => child.proc.kill("SIGKILL"), 10_000);
  await Promise.all([result, exited]);
  clearTimeout(t);
}

export async function runReplicasBench(p: ReplicasParams): Promise<ReplicasResult> {
  const [pg, redis] = await Promise.all([startTestPostgres(), startTestRedis()]);
  const runs: ReplicaLoad[] = [];
  try {
    // Shared state on PostgreSQL and Redis as deployed; the limiter must not be what is measured.
    const config: Config = { ...p.config, DATABASE_URL: pg.url, REDIS_URL: redis.url, TRUST_PROXY: true, RATE_LIMIT_MAX: 1_000_000 };
    for (const count of p.counts) {
      p.log(`bench: replicas ×${count} through nginx …`);
      const children: BenchChild[] = [];
      try {
        // One after the other: the first applies the migrations, as replicas started by systemd would.
        const ports: number[] = [];
        for (let i = 0; i < count; i++) {
          const child = startChild({ step: "http-server", params: { config, cache: false, sample: p.questions.slice(0, 5) } });
          children.push(child);
          ports.push((await child.next("ready")).port);
        }
        const nginx = await startTestNginx({ upstreams: ports });
        try {
          const base = { url: nginx.url, connections: p.connections, requests: askRequests(p.questions) };
          if (p.warmupS > 0) await autocannon({ ...base, duration: p.warmupS });
          const r = await autocannon({ ...base, duration: p.durationS });
          runs.push({ replicas: count, ...loadFigures(r) });
        } finally {
          await nginx.cleanup();
        }
      } finally {
        for (const c of children) await stopChild(c);
      }
    }
  } finally {
    await redis.cleanup();
    await pg.cleanup();
  }
  const first = runs[0];
  const last = runs[runs.length - 1];
  return {
    connections: p.connections,
    durationS: p.durationS,
    cores: os.availableParallelism(),
    runs,
    speedup: round(last.requestsPerSec / Math.max(1e-9, first.requestsPerSec), 2),
  };
}
