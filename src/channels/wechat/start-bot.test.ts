// startWechatBot on wechaty-puppet-mock: QR code in the terminal, login/logout logs, and reconnects
// with backoff after a logout, a puppet error or a failed start — never an exit.
import { afterEach, describe, expect, it } from "vitest";
import { log, types } from "wechaty";
import { PuppetMock, mock } from "wechaty-puppet-mock";
import type { Assistant, Logger } from "../../core/types.js";
import { startWechatBot, WechatConfigError, type WechatBot, type WechatBotConfig } from "./start-bot.js";
import { noMatch } from "../../core/testing/no-match.js";

// Wechaty's own logger warns about the restarts these tests cause on purpose.
log.level("silent");

const config: WechatBotConfig = {
  HASH_SALT: "salt",
  WECHAT_BOT_NAME: "科技计划政策助手",
  WECHAT_GROUP_PREFIX: "政策助手",
  WECHAT_USER_RATE_MAX: 10,
  WECHAT_USER_RATE_WINDOW_S: 60,
  WECHAT_ROOM_RATE_MAX: 30,
  WECHAT_ROOM_RATE_WINDOW_S: 60,
  SESSION_TTL_S: 3600,
  REQUEST_TIMEOUT_MS: 15_000,
  WECHATY_PUPPET: "wechaty-puppet-mock",
  WECHATY_PUPPET_SERVICE_TOKEN: undefined,
  DATA_DIR: "/nonexistent-not-used",
  CORPUS_DIR: "/nonexistent-not-used",
};

const assistant: Assistant = {
  ...noMatch,
  answer: async () => {
    throw new Error("not used");
  },
  topics: () => [],
  indexInfo: () => ({ chunks: 0, builtAt: "", corpusHash: "", embedder: "none", dimensions: 0 }),
  sessions: { get: async () => undefined, set: async () => {}, delete: async () => {}, purge: async () => 0 },
  close: async () => {},
};

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

function recorder(): { logger: Logger; lines: Line[]; has(msg: string): number } {
  const lines: Line[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) =>
    void lines.push({ level, obj: typeof obj === "string" ? { msg: obj } : (obj as Record<string, unknown>), msg });
  return {
    lines,
    logger: { info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") },
    has: (msg) => lines.filter((l) => l.msg === msg).length,
  };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const fast = { initialMs: 20, maxMs: 200, jitter: 0 };
let running: WechatBot | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("startWechatBot", () => {
  it("prints the QR code, logs login, and reconnects after a logout", async () => {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const log = recorder();
    const printed: string[] = [];
    running = await startWechatBot({
      assistant,
      config,
      logger: log.logger,
      puppet,
      print: (t) => void printed.push(t),
      backoff: fast,
    });
    expect(log.has("wechat bot started")).toBe(1);

    mocker.scan("https://login.weixin.qq.com/l/abc123", types.ScanStatus.Waiting);
    await until(() => printed.length > 0);
    expect(printed[0]).toContain("https://wechaty.js.org/qrcode/");
    expect(printed[0]).toMatch(/[▀▄█]/); // terminal QR art

    const me = mocker.createContact({ name: "科技计划政策助手" });
    mocker.login(me);
    await until(() => log.has("wechat bot logged in") === 1);

    await puppet.logout("test logout");
    await until(() => log.has("wechat bot restarted") === 1);
    const reconnect = log.lines.find((l) => l.msg === "wechat bot will reconnect");
    expect(reconnect?.obj).toMatchObject({ reason: "logout", attempt: 1, delayMs: 20 });
    expect(log.has("wechat bot logged out")).toBe(1);

    // The restarted bot logs in again and still answers.
    mocker.login(me);
    await until(() => log.has("wechat bot logged in") === 2);
    const alice = mocker.createContact({ name: "Alice" });
    const replies: string[] = [];
    (alice as unknown as { on(e: "message", cb: (m: { talker(): { id: string }; text(): string | undefined }) => void): void }).on(
      "message",
      (m) => {
        if (m.talker().id === me.id) replies.push(m.text() ?? "");
      },
    );
    alice.say("帮助").to(me);
    await until(() => replies.length === 1);
    expect(replies[0]).toContain("专题列表");
  });

  it("keeps retrying a puppet that fails after starting, with growing delays", async () => {
    // Like wechat4u without network: start() resolves, the failure arrives as an 'error' event.
    let failures = 2;
    class FlakyPuppet extends PuppetMock {
      override async onStart(): Promise<void> {
        await super.onStart();
        if (failures-- > 0) setTimeout(() => this.emit("error", { data: "getaddrinfo ENOTFOUND login.wx.qq.com" }), 1);
      }
    }
    const mocker = new mock.Mocker();
    const log = recorder();
    running = await startWechatBot({
      assistant,
      config,
      logger: log.logger,
      puppet: new FlakyPuppet({ mocker }),
      print: () => {},
      backoff: fast,
    });
    await until(() => log.has("wechat bot restarted") === 2);
    await new Promise((r) => setTimeout(r, 150)); // the third start is clean: no further retry
    const delays = log.lines.filter((l) => l.msg === "wechat bot will reconnect").map((l) => l.obj.delayMs);
    expect(delays).toEqual([20, 40]);
    // The same network error repeating is logged once; each reconnect line names it.
    expect(log.lines.filter((l) => l.level === "error" && String(l.obj.err).includes("ENOTFOUND"))).toHaveLength(1);
    expect(log.lines.find((l) => l.msg === "wechat bot will reconnect")?.obj.lastError).toContain("ENOTFOUND");
    mocker.login(mocker.createContact({ name: "bot" }));
    await until(() => running!.bot.isLoggedIn);
  });

  it("survives a puppet whose start throws, and retries", async () => {
    let failures = 1;
    class BrokenPuppet extends PuppetMock {
      override async onStart(): Promise<void> {
        if (failures-- > 0) throw new Error("connect ETIMEDOUT");
        return super.onStart();
      }
    }
    const mocker = new mock.Mocker();
    const log = recorder();
    running = await startWechatBot({
      assistant,
      config,
      logger: log.logger,
      puppet: new BrokenPuppet({ mocker }),
      print: () => {},
      backoff: fast,
    });
    await until(() => log.has("wechat bot restarted") === 1, 15_000);
    expect(log.lines.some((l) => l.level === "error" && String(l.obj.err).includes("ETIMEDOUT"))).toBe(true);
    mocker.login(mocker.createContact({ name: "bot" }));
    await until(() => running!.bot.isLoggedIn);
  });

  it("a puppet error before login triggers a reconnect; after login it is only logged", async () => {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const log = recorder();
    running = await startWechatBot({ assistant, config, logger: log.logger, puppet, print: () => {}, backoff: fast });
    for (let i = 0; i < 50; i++) puppet.emit("error", { data: "connect ECONNREFUSED" });
    await until(() => log.has("wechat bot restarted") === 1);
    expect(log.has("wechat puppet error")).toBe(1); // a burst of one error is logged once
    expect(log.has("wechat bot will reconnect")).toBe(1); // and schedules one reconnect

    mocker.login(mocker.createContact({ name: "bot" }));
    await until(() => running!.bot.isLoggedIn);
    puppet.emit("error", { data: "message parse failed" });
    await new Promise((r) => setTimeout(r, 100));
    expect(log.has("wechat puppet error")).toBe(2);
    expect(log.has("wechat bot will reconnect")).toBe(1);
  });

  it("stop() cancels a pending reconnect", async () => {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const log = recorder();
    const bot = await startWechatBot({
      assistant,
      config,
      logger: log.logger,
      puppet,
      print: () => {},
      backoff: { initialMs: 100, maxMs: 100, jitter: 0 },
    });
    puppet.emit("error", { data: "boom" });
    await bot.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(log.has("wechat bot restarted")).toBe(0);
  });

  it("rejects an unknown puppet or a service puppet without token, naming the variable", async () => {
    const log = recorder();
    await expect(
      startWechatBot({ assistant, config: { ...config, WECHATY_PUPPET: "wechaty-puppet-nope" }, logger: log.logger }),
    ).rejects.toThrow(/WECHATY_PUPPET: "wechaty-puppet-nope" is not supported/);
    await expect(
      startWechatBot({ assistant, config: { ...config, WECHATY_PUPPET: "wechaty-puppet-service" }, logger: log.logger }),
    ).rejects.toThrow(WechatConfigError);
  });
});
