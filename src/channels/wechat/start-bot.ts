// Runs the WeChat bot: builds the Wechaty with the configured puppet, draws the login QR code in the
// terminal, logs login/logout, and restarts the puppet with backoff after a logout or a puppet error
// instead of exiting — a network outage must not take the bot down for good.
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import qrcodeTerminal from "qrcode-terminal";
import { ScanStatus, WechatyBuilder, qrcodeValueToImageUrl, type Wechaty } from "wechaty";
import type { Config } from "../../config.js";
import type { Assistant, Logger } from "../../core/types.js";
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from "./backoff.js";
import { loadSensitiveWords } from "../text/load-sensitive-words.js";
import { PolicyAssistantPlugin, type WechatSettings } from "./plugin.js";

type PuppetInstance = NonNullable<Parameters<typeof WechatyBuilder.build>[0]> extends infer O
  ? O extends { puppet?: infer P }
    ? Exclude<P, string | undefined>
    : never
  : never;

/** Puppets this project ships (package.json); others would fail at import time anyway. */
export const SUPPORTED_PUPPETS = ["wechaty-puppet-wechat4u", "wechaty-puppet-service", "wechaty-puppet-mock"] as const;
type SupportedPuppet = (typeof SUPPORTED_PUPPETS)[number];

export type WechatBotConfig = WechatSettings &
  Pick<Config, "WECHATY_PUPPET" | "WECHATY_PUPPET_SERVICE_TOKEN" | "DATA_DIR" | "CORPUS_DIR">;

export interface StartWechatBotOptions {
  assistant: Assistant;
  config: WechatBotConfig;
  logger: Logger;
  /** A ready puppet instance instead of WECHATY_PUPPET (tests pass wechaty-puppet-mock). */
  puppet?: PuppetInstance;
  /** Where the QR code is drawn (default: stdout). */
  print?: (text: string) => void;
  backoff?: BackoffOptions;
}

export interface WechatBot {
  stop(): Promise<void>;
  /** The underlying Wechaty, for diagnostics and tests. */
  readonly bot: Wechaty;
}

const ERROR_REPEAT_MS = 60_000;

export class WechatConfigError extends Error {
  override name = "WechatConfigError";
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === "object" && "data" in err) return String((err as { data: unknown }).data);
  return String(err);
}

function buildBot(opts: StartWechatBotOptions): Wechaty {
  if (opts.puppet) return WechatyBuilder.build({ puppet: opts.puppet });
  const { config } = opts;
  const puppet = config.WECHATY_PUPPET;
  if (!(SUPPORTED_PUPPETS as readonly string[]).includes(puppet)) {
    throw new WechatConfigError(
      `WECHATY_PUPPET: "${puppet}" is not supported; use one of ${SUPPORTED_PUPPETS.join(", ")}`,
    );
  }
  const token = config.WECHATY_PUPPET_SERVICE_TOKEN;
  if (puppet === "wechaty-puppet-service" && !token) {
    throw new WechatConfigError("WECHATY_PUPPET_SERVICE_TOKEN: is required when WECHATY_PUPPET=wechaty-puppet-service");
  }
  // The memory card keeps the login (wechat4u can re-login without a new scan); it is a credential,
  // so it lives in DATA_DIR, which is git-ignored.
  mkdirSync(config.DATA_DIR, { recursive: true });
  const name = path.join(config.DATA_DIR, "wechaty");
  // A process killed while saving leaves an empty card, which MemoryCard then fails to parse.
  const card = `${name}.memory-card.json`;
  if (existsSync(card) && statSync(card).size === 0) rmSync(card);
  return WechatyBuilder.build({
    name,
    puppet: puppet as SupportedPuppet,
    puppetOptions: token ? { token } : {},
  });
}

export async function startWechatBot(opts: StartWechatBotOptions): Promise<WechatBot> {
  const { logger } = opts;
  const print = opts.print ?? ((text: string) => void process.stdout.write(text));
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  // The staff word list is read once per start; edits take effect on the next restart.
  const sensitiveWords = await loadSensitiveWords(opts.config);
  const bot = buildBot(opts);
  bot.use(PolicyAssistantPlugin({ assistant: opts.assistant, config: opts.config, logger, sensitiveWords }));

  let stopped = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let restarting = false;
  let lastScanAt = 0;
  // wechat4u retries on its own and can emit the same network error dozens of times a second:
  // log each distinct error at most once a minute, with how many repeats were folded in.
  let lastError = "";
  let lastErrorLoggedAt = 0;
  let repeats = 0;
  // Wechaty reports most start failures as 'error' events rather than by rejecting start().
  let errorWhileRestarting = false;

  /** Stop and start the puppet after a backoff delay; at most one restart is pending. */
  function scheduleRestart(reason: string): void {
    if (stopped || timer || restarting) return;
    const delayMs = backoffDelay(attempt, backoff);
    attempt++;
    const scheduledAt = Date.now();
    logger.warn({ channel: "wechat", reason, attempt, delayMs, lastError: lastError || undefined }, "wechat bot will reconnect");
    timer = setTimeout(() => {
      timer = undefined;
      // Some puppets (wechat4u) go back to the QR code by themselves after a logout: leave them be.
      if (bot.isLoggedIn || lastScanAt > scheduledAt) {
        logger.info({ channel: "wechat" }, "wechat puppet recovered by itself");
        return;
      }
      void restart();
    }, delayMs);
  }

  async function restart(): Promise<void> {
    restarting = true;
    errorWhileRestarting = false;
    try {
      try {
        await bot.stop();
      } catch (err) {
        logger.warn({ channel: "wechat", err: errorText(err) }, "wechat bot stop before restart failed");
      }
      if (stopped) return;
      await bot.start();
      logger.info({ channel: "wechat", attempt }, "wechat bot restarted");
    } catch (err) {
      logger.error({ channel: "wechat", err: errorText(err) }, "wechat bot restart failed");
      errorWhileRestarting = true;
    } finally {
      restarting = false;
    }
    if (errorWhileRestarting && !bot.isLoggedIn) scheduleRestart("restart failed");
  }

  bot.on("scan", (qrcode, status) => {
    lastScanAt = Date.now();
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      qrcodeTerminal.generate(qrcode, { small: true }, (art) => {
        print(`\n请用要登录的微信扫描下方二维码（或在浏览器打开 ${qrcodeValueToImageUrl(qrcode)}）：\n${art}\n`);
      });
      logger.info({ channel: "wechat", status: ScanStatus[status] }, "wechat login QR code ready — scan it");
    } else {
      logger.info({ channel: "wechat", status: ScanStatus[status] }, "wechat scan status");
    }
  });

  bot.on("login", (user) => {
    attempt = 0;
    logger.info({ channel: "wechat", user: user.name() }, "wechat bot logged in");
  });

  bot.on("logout", (user, reason) => {
    logger.warn({ channel: "wechat", user: user.name(), reason }, "wechat bot logged out");
    scheduleRestart("logout");
  });

  bot.on("error", (err) => {
    const text = errorText(err);
    const t = Date.now();
    if (text === lastError && t - lastErrorLoggedAt < ERROR_REPEAT_MS) {
      repeats++;
    } else {
      logger.error({ channel: "wechat", err: text, ...(repeats ? { repeats } : {}) }, "wechat puppet error");
      lastError = text;
      lastErrorLoggedAt = t;
      repeats = 0;
    }
    // Errors while logged in are per-message hiccups; before login they mean the puppet is stuck.
    if (restarting) errorWhileRestarting = true;
    else if (!bot.isLoggedIn) scheduleRestart("puppet error");
  });

  try {
    await bot.start();
    logger.info({ channel: "wechat", puppet: opts.puppet ? "injected" : opts.config.WECHATY_PUPPET }, "wechat bot started");
  } catch (err) {
    logger.error({ channel: "wechat", err: errorText(err) }, "wechat bot start failed");
    scheduleRestart("start failed");
  }

  return {
    bot,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      try {
        await bot.stop();
      } catch (err) {
        logger.warn({ channel: "wechat", err: errorText(err) }, "wechat bot stop failed");
      }
    },
  };
}
