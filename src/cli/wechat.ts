// `npm run wechat`: the WeChat bot alone, without the web server. Builds the assistant through the
// wiring point, starts the bot with WECHATY_PUPPET, and stays up through logouts and network outages.
import { ConfigError, loadConfig } from "../config.js";
import { createConsoleLogger } from "../channels/web/console-logger.js";
import { startWechatBot, WechatConfigError } from "../channels/wechat/start-bot.js";
import { makeAssistant } from "../wiring.js";

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createConsoleLogger(config.LOG_LEVEL);

  // Puppets talk to the network from timers and sockets; a stray rejection there must be logged,
  // not end the bot (the reconnect logic takes care of a dead puppet).
  process.on("unhandledRejection", (reason) => {
    logger.error({ channel: "wechat", err: reason instanceof Error ? reason.message : String(reason) }, "unhandled rejection");
  });

  const assistant = await makeAssistant(config, { logger });
  const bot = await startWechatBot({ assistant, config, logger });
  logger.info({ puppet: config.WECHATY_PUPPET, chunks: assistant.indexInfo().chunks }, "wechat bot running; Ctrl+C to stop");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS);
    force.unref();
    await bot.stop();
    await assistant.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof WechatConfigError) {
    console.error(err.message);
  } else {
    console.error(`微信机器人启动失败: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof Error && err.stack) console.error(err.stack);
  }
  process.exit(1);
});
