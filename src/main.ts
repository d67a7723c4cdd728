// `npm start`: the only entry point that listens. Loads config, opens the database and builds (or
// loads) the index through the ops runtime, serves the web app, optionally runs the WeChat bot, and
// shuts down cleanly: in-flight requests finish, then the database is checkpointed and closed.
import type { AddressInfo } from "node:net";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { buildApp } from "./channels/web/app.js";
import { createConsoleLogger } from "./channels/web/console-logger.js";
import { serializeError } from "./channels/web/errors.js";
import { closeGracefully } from "./channels/web/graceful-close.js";
import { startOps } from "./ops/runtime.js";

const SHUTDOWN_TIMEOUT_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

function urlOf(address: AddressInfo | string | null, host: string): string {
  if (!address || typeof address === "string") return String(address);
  const h = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${h}:${address.port}/`;
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createConsoleLogger(config.LOG_LEVEL);

  const runtime = await startOps(config, { logger });
  const { assistant } = runtime;
  const app = await buildApp({ assistant, config, logger, ops: runtime.ops });
  let bot: { stop(): Promise<void> } | undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown timed out; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    let code = 0;
    for (const [name, step] of [
      ["wechat", () => bot?.stop()],
      ["http", () => closeGracefully(app)],
      ["assistant", () => assistant.close()],
      ["database", () => runtime.close()],
    ] as const) {
      try {
        await step();
      } catch (err) {
        code = 1;
        logger.error({ step: name, err: serializeError(err) }, "shutdown step failed");
      }
    }
    clearTimeout(force);
    process.exit(code);
  };
  // `on`, not `once`: Ctrl-C under `npm start` delivers SIGINT twice (terminal, then npm forwarding it);
  // with no listener left the second would kill the process mid-shutdown. shutdown() ignores repeats.
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await app.listen({ host: config.HOST, port: config.PORT });
  const url = urlOf(app.server.address(), config.HOST);
  console.log(`科技计划政策助手 listening on ${url}`);
  const info = assistant.indexInfo();
  logger.info({ url, chunks: info.chunks, embedder: info.embedder }, "ready");

  if (config.WECHAT_ENABLED) {
    // A puppet may reject a promise nobody awaits (network down); log it instead of crashing the web server.
    process.on("unhandledRejection", (reason) => {
      logger.error({ err: serializeError(reason) }, "unhandled rejection (kept running)");
    });
    // Imported only when enabled, so the web server never loads wechaty otherwise.
    const { startWechatBot } = await import("./channels/wechat/start-bot.js");
    bot = await startWechatBot({ assistant, config, logger });
  }
}

main().catch((err: unknown) => {
  console.error(`启动失败: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.stack) console.error(err.stack);
  process.exit(1);
});
