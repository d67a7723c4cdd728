// Test helper: the production server stack (ops runtime + web app) over the real corpus, with a
// throwaway DATA_DIR. Tests drive it with app.inject() or listen on 127.0.0.1:0.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../channels/web/app.js";
import { loadConfig, type Config } from "../../config.js";
import { startOps, type OpsRuntime } from "../runtime.js";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

export interface OpsServer {
  app: FastifyInstance;
  runtime: OpsRuntime;
  config: Config;
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function startOpsServer(env: Record<string, string> = {}, dataDir?: string): Promise<OpsServer> {
  const dir = dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "kjzs-ops-")));
  const config = loadConfig({ LOG_LEVEL: "silent", DATA_DIR: dir, RATE_LIMIT_MAX: "100000", ...env });
  const runtime = await startOps(config);
  const app = await buildApp({ assistant: runtime.assistant, config, ops: runtime.ops });
  return {
    app,
    runtime,
    config,
    dataDir: dir,
    async cleanup() {
      await app.close();
      await runtime.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
