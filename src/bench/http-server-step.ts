// The server side of the HTTP benchmark, run in its own child so autocannon (in the parent) and the
// server do not share an event loop or a core. It serves the production stack (ops runtime: SQLite
// sessions and message log, answer cache as configured) on a throwaway DATA_DIR, and beside it a bare
// fastify POST that returns a reply of the same size: the floor that the ask route's cost is judged by.
// On "cpu-start"/"cpu-stop" it reports its own CPU time in between, so cost per request is server CPU.
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import type { Config } from "../config.js";
import { buildApp } from "../channels/web/app.js";
import { startOps } from "../ops/runtime.js";
import { peakRssMiB } from "./stats.js";

export interface HttpServerParams {
  config: Config;
  /** Answer cache on or off (ANSWER_CACHE_MAX). */
  cache: boolean;
  /** Questions whose answers set the bare route's reply size. */
  sample: string[];
}

export interface HttpServerResult {
  peakRssMiB: number;
}

export interface ServerPorts {
  port: number;
  barePort: number;
  replyBytes: number;
}

export interface CpuMark {
  cpuMs: number;
}

export async function serveForBench(
  p: HttpServerParams,
  onReady: (ports: ServerPorts) => Promise<void>,
  onCpu: (mark: CpuMark) => Promise<void>,
  onDone: (r: HttpServerResult) => Promise<void>,
): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "kjzs-bench-http-"));
  // Reuse the built index so the step measures serving, not building.
  await cp(p.config.INDEX_DIR, path.join(dataDir, "index"), { recursive: true }).catch(() => undefined);
  const config: Config = {
    ...p.config,
    DATA_DIR: dataDir,
    INDEX_DIR: path.join(dataDir, "index"),
    DB_FILE: path.join(dataDir, "assistant.db"),
    ANSWER_CACHE_MAX: p.cache ? Math.max(p.config.ANSWER_CACHE_MAX, 1) : 0,
    LOG_LEVEL: "silent",
  };
  const runtime = await startOps(config);
  const app = await buildApp({ assistant: runtime.assistant, config, ops: runtime.ops });

  // A reply of the mean size of real answers, built once: the cheapest possible POST of that size.
  let bytes = 0;
  for (const question of p.sample) bytes += (await app.inject({ method: "POST", url: "/api/ask", payload: { question } })).rawPayload.length;
  const replyBytes = Math.round(bytes / Math.max(1, p.sample.length));
  const reply = JSON.stringify({ answer: "答".repeat(Math.max(0, Math.floor((replyBytes - 14) / 3))) });
  const bare = Fastify();
  bare.post("/bare", async (_req, res) => res.type("application/json; charset=utf-8").send(reply));

  await app.listen({ host: "127.0.0.1", port: 0 });
  await bare.listen({ host: "127.0.0.1", port: 0 });
  const portOf = (a: ReturnType<typeof app.server.address>) => {
    if (!a || typeof a === "string") throw new Error("server has no TCP address");
    return a.port;
  };

  let cpuFrom = process.cpuUsage();
  const stopped = new Promise<void>((resolve) => {
    process.on("message", (m) => {
      if (m === "cpu-start") cpuFrom = process.cpuUsage();
      else if (m === "cpu-stop") {
        const d = process.cpuUsage(cpuFrom);
        void onCpu({ cpuMs: (d.user + d.system) / 1000 });
      } else if (m === "stop") resolve();
    });
  });
  await onReady({ port: portOf(app.server.address()), barePort: portOf(bare.server.address()), replyBytes: Buffer.byteLength(reply) });
  await stopped;
  await bare.close();
  await app.close();
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
  await onDone({ peakRssMiB: peakRssMiB() });
}
