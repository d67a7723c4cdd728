// Integration tests of the plugin on wechaty-puppet-mock (offline) against the real offline pipeline. Never await bot.ready() with the
// mock: it does not resolve. Replies are observed on the mocked contact/room.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WechatyBuilder, types, type Wechaty } from "wechaty";
import { PuppetMock, mock } from "wechaty-puppet-mock";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../config.js";
import type { AnswerInput, AnswerOptions, Assistant, Logger } from "../../core/types.js";
import { makeAssistant } from "../../wiring.js";
import { PolicyAssistantPlugin, type WechatSettings } from "./plugin.js";
import { SENSITIVE_INPUT_TEXT } from "../text/replies.js";
import { SensitiveWords } from "../text/sensitive-words.js";
import { sessionKey } from "../text/session-key.js";
import { noMatch } from "../../core/testing/no-match.js";

type ContactMock = ReturnType<mock.Mocker["createContact"]>;
type RoomMock = ReturnType<mock.Mocker["createRoom"]>;
type MessageMock = ReturnType<mock.Mocker["MessageMock"]["create"]>;
// The mock's emitters are typed through `typed-emitter`, which is not installed; this is their shape.
type Listenable = { on(event: "message", cb: (m: MessageMock) => void): void };
const listen = (x: ContactMock | RoomMock, cb: (m: MessageMock) => void) => (x as unknown as Listenable).on("message", cb);

const BOT_NAME = "科技计划政策助手";

const settings: WechatSettings = {
  HASH_SALT: "test-salt",
  WECHAT_BOT_NAME: BOT_NAME,
  WECHAT_GROUP_PREFIX: "政策助手",
  WECHAT_USER_RATE_MAX: 100,
  WECHAT_USER_RATE_WINDOW_S: 60,
  WECHAT_ROOM_RATE_MAX: 100,
  WECHAT_ROOM_RATE_WINDOW_S: 60,
  SESSION_TTL_S: 3600,
  REQUEST_TIMEOUT_MS: 15_000,
};

interface LogEntry {
  level: string;
  obj: object | string;
  msg?: string;
}

function memoryLogger(entries: LogEntry[]): Logger {
  const at = (level: string) => (obj: object | string, msg?: string) => void entries.push({ level, obj, msg });
  return { info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
}

type RecordingAssistant = Assistant & { calls: { input: AnswerInput; opts?: AnswerOptions }[] };

let real: Promise<Assistant> | undefined;
let dataDir: string | undefined;

/** The real offline pipeline (built once per file), recording calls; "爆炸" makes it fail. */
async function recordingAssistant(): Promise<RecordingAssistant> {
  if (!real) {
    dataDir = mkdtempSync(path.join(tmpdir(), "wechat-test-"));
    real = makeAssistant(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "silent" }));
  }
  const inner = await real;
  const calls: RecordingAssistant["calls"] = [];
  return {
    ...noMatch,
    calls,
    sessions: inner.sessions,
    topics: () => inner.topics(),
    indexInfo: () => inner.indexInfo(),
    close: async () => {},
    async answer(input, opts) {
      calls.push({ input, opts });
      if (input.question.includes("爆炸")) throw new Error("pipeline exploded");
      return inner.answer(input, opts);
    },
  };
}

afterAll(async () => {
  await (await real)?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting for the bot");
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Harness {
  bot: Wechaty;
  mocker: mock.Mocker;
  puppet: PuppetMock;
  me: ContactMock;
  assistant: RecordingAssistant;
  logs: LogEntry[];
  clock: { t: number };
  /** Texts the bot sent into a private chat with `c` / into room `r`. */
  inbox(c: ContactMock): string[];
  roomInbox(r: RoomMock): string[];
  stop(): Promise<void>;
}

async function startHarness(over: Partial<WechatSettings> = {}, sensitiveWords?: SensitiveWords): Promise<Harness> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = WechatyBuilder.build({ puppet });
  const assistant = await recordingAssistant();
  const logs: LogEntry[] = [];
  const clock = { t: Date.now() };
  bot.use(
    PolicyAssistantPlugin({
      assistant,
      config: { ...settings, ...over },
      logger: memoryLogger(logs),
      now: () => clock.t,
      sensitiveWords,
    }),
  );
  await bot.start();
  const me = mocker.createContact({ name: BOT_NAME });
  mocker.login(me);
  await until(() => bot.isLoggedIn);

  const boxes = new Map<string, string[]>();
  const box = (id: string) => boxes.get(id) ?? (boxes.set(id, []), boxes.get(id)!);
  const watched = new Set<string>();
  return {
    bot,
    mocker,
    puppet,
    me,
    assistant,
    logs,
    clock,
    inbox(c) {
      if (!watched.has(c.id)) {
        watched.add(c.id);
        // Fires for messages both to and from the contact: keep only the bot's.
        listen(c, (m) => {
          if (m.talker().id === me.id) box(c.id).push(m.text() ?? "");
        });
      }
      return box(c.id);
    },
    roomInbox(r) {
      if (!watched.has(r.id)) {
        watched.add(r.id);
        listen(r, (m) => {
          if (m.talker().id === me.id) box(r.id).push(m.text() ?? "");
        });
      }
      return box(r.id);
    },
    async stop() {
      await bot.stop();
    },
  };
}

describe("PolicyAssistantPlugin on wechaty-puppet-mock", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("a mocked contact asks privately and gets a reply naming the right 专题", async () => {
    const alice = h.mocker.createContact({ name: "Alice" });
    const inbox = h.inbox(alice);
    alice.say("科技型中小企业的贷款利息有补助吗？").to(h.me);
    await until(() => inbox.length >= 1);
    expect(inbox[0]).toContain("科技金融计划");
    expect(inbox[0]).toContain("依据：");
    expect(inbox[0]).not.toMatch(/\*\*|`|^#{1,6}\s|^>\s|^\s*[-*+]\s|\]\(/m); // the pipeline's Markdown is gone
    const call = h.assistant.calls.at(-1)!;
    expect(call.opts?.channel).toBe("wechat");
    expect(call.input.sessionId).toBe(sessionKey("test-salt", alice.id));
    expect(call.opts?.userHash).toBe(sessionKey("test-salt", alice.id));
    expect(call.opts?.userHash).not.toContain(alice.id);
  });

  it("in a group, ignores a message without @ and answers one with @ (mention stripped)", async () => {
    const bob = h.mocker.createContact({ name: "Bob" });
    const room = h.mocker.createRoom({ topic: "企业群", memberIdList: [h.me.id, bob.id] });
    const inbox = h.roomInbox(room);
    const before = h.assistant.calls.length;
    bob.say("孵化器建设有补助吗？").to(room);
    bob.say(`@${BOT_NAME}\u2005孵化器建设有补助吗？`, [h.me]).to(room);
    await until(() => inbox.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toContain("众创孵化载体");
    expect(inbox[0]).toContain("@Bob"); // the asker is mentioned in the group
    expect(h.assistant.calls.length - before).toBe(1);
    expect(h.assistant.calls.at(-1)!.input.question).toBe("孵化器建设有补助吗？");
    expect(h.assistant.calls.at(-1)!.input.sessionId).toBe(sessionKey("test-salt", bob.id, room.id));
  });

  it("answers a group message that starts with the prefix", async () => {
    const carol = h.mocker.createContact({ name: "Carol" });
    const room = h.mocker.createRoom({ topic: "园区群", memberIdList: [h.me.id, carol.id] });
    const inbox = h.roomInbox(room);
    carol.say("政策助手：企业贷款有风险补偿吗").to(room);
    await until(() => inbox.length >= 1);
    expect(inbox[0]).toContain("科技金融计划");
  });

  it("keeps a multi-turn conversation in one chat", async () => {
    const dan = h.mocker.createContact({ name: "Dan" });
    const inbox = h.inbox(dan);
    dan.say("企业贷款贴息属于哪个专题？").to(h.me);
    dan.say("那它怎么申请？").to(h.me); // sent at once: answered in order, after the first
    await until(() => inbox.length >= 2);
    expect(inbox[1]).toContain("科技金融计划");
    expect(inbox[1]).toContain("申报");
    const state = await h.assistant.sessions.get(sessionKey("test-salt", dan.id));
    expect(state?.history).toHaveLength(2);
    expect(state?.focusTopicId).toBe(14);
  });

  it("「重新开始」 clears the session memory", async () => {
    const erin = h.mocker.createContact({ name: "Erin" });
    const inbox = h.inbox(erin);
    const id = sessionKey("test-salt", erin.id);
    erin.say("企业贷款有补助吗").to(h.me);
    await until(() => inbox.length >= 1);
    expect(await h.assistant.sessions.get(id)).toBeDefined();
    erin.say("重新开始").to(h.me);
    await until(() => inbox.length >= 2);
    expect(inbox[1]).toContain("重新开始");
    expect(await h.assistant.sessions.get(id)).toBeUndefined();
    erin.say("那它怎么申请？").to(h.me); // the old focus is gone
    await until(() => inbox.length >= 3);
    expect(inbox[2]).not.toContain("科技金融计划");
  });

  it("answers 「帮助」 and 「专题列表」 without calling the pipeline", async () => {
    const fay = h.mocker.createContact({ name: "Fay" });
    const inbox = h.inbox(fay);
    const before = h.assistant.calls.length;
    fay.say("帮助").to(h.me);
    await until(() => inbox.length >= 1);
    fay.say("专题列表").to(h.me);
    await until(() => inbox.length >= 2);
    expect(inbox[0]).toContain("专题列表");
    expect(inbox[0]).toContain("重新开始");
    expect(inbox[1]).toContain("14.科技金融计划");
    expect(h.assistant.calls.length).toBe(before);
  });

  it("ignores official accounts and duplicate message ids; hints once for images", async () => {
    const official = h.mocker.createContact({ name: "某公众号", type: types.Contact.Official });
    const gus = h.mocker.createContact({ name: "Gus" });
    const officialBox = h.inbox(official);
    const inbox = h.inbox(gus);
    official.say("企业贷款有补助吗").to(h.me);

    const image = (id: string) => {
      h.mocker.MessageMock.create({
        id,
        talkerId: gus.id,
        listenerId: h.me.id,
        timestamp: Date.now(),
        type: types.Message.Image,
      });
      h.puppet.emit("message", { messageId: id });
    };
    image("img-1");
    await until(() => inbox.length >= 1);
    expect(inbox[0]).toContain("文字");
    image("img-2"); // second image: no second hint

    // The same text message delivered twice is answered once.
    const before = h.assistant.calls.length;
    h.mocker.MessageMock.create({
      id: "dup-1",
      talkerId: gus.id,
      listenerId: h.me.id,
      timestamp: Date.now(),
      type: types.Message.Text,
      text: "企业贷款有补助吗",
    });
    h.puppet.emit("message", { messageId: "dup-1" });
    h.puppet.emit("message", { messageId: "dup-1" });
    await until(() => inbox.length >= 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(inbox).toHaveLength(2);
    expect(h.assistant.calls.length - before).toBe(1);
    expect(officialBox).toHaveLength(0);
  });

  it("a pipeline error → short apology, logged with the hashed id, and the bot keeps answering", async () => {
    const hal = h.mocker.createContact({ name: "Hal" });
    const inbox = h.inbox(hal);
    hal.say("爆炸测试").to(h.me);
    await until(() => inbox.length >= 1);
    expect(inbox[0]).toContain("抱歉");
    expect(inbox[0]).not.toContain("exploded");
    const err = h.logs.find((l) => l.level === "error");
    expect(err?.obj).toMatchObject({ userHash: sessionKey("test-salt", hal.id), err: "pipeline exploded" });
    expect(JSON.stringify(h.logs)).not.toContain(hal.id);
    hal.say("企业贷款有补助吗").to(h.me);
    await until(() => inbox.length >= 2);
    expect(inbox[1]).toContain("科技金融计划");
  });
});

describe("rate limits", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ WECHAT_USER_RATE_MAX: 2, WECHAT_ROOM_RATE_MAX: 3 });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("per user: a polite notice once, then silence until the window passes", async () => {
    const ivy = h.mocker.createContact({ name: "Ivy" });
    const inbox = h.inbox(ivy);
    for (const q of ["贷款1", "贷款2"]) {
      ivy.say(q).to(h.me);
      await until(() => inbox.length >= (q === "贷款1" ? 1 : 2));
    }
    ivy.say("贷款3").to(h.me);
    await until(() => inbox.length >= 3);
    expect(inbox[2]).toContain("稍等");
    ivy.say("贷款4").to(h.me);
    ivy.say("贷款5").to(h.me);
    // A different user is unaffected; waiting for that reply orders the checks.
    const jon = h.mocker.createContact({ name: "Jon" });
    const jonBox = h.inbox(jon);
    jon.say("贷款").to(h.me);
    await until(() => jonBox.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(inbox).toHaveLength(3);

    h.clock.t += 61_000;
    ivy.say("贷款6").to(h.me);
    await until(() => inbox.length >= 4);
    expect(inbox[3]).toContain("科技金融计划");
  });

  it("per room: one chatty group is stopped, others are not", async () => {
    const members = ["K1", "K2", "K3", "K4", "K5"].map((name) => h.mocker.createContact({ name }));
    const busy = h.mocker.createRoom({ topic: "热闹群", memberIdList: [h.me.id, ...members.map((m) => m.id)] });
    const quiet = h.mocker.createRoom({ topic: "安静群", memberIdList: [h.me.id, members[0].id] });
    const busyBox = h.roomInbox(busy);
    const quietBox = h.roomInbox(quiet);
    for (const [i, m] of members.entries()) {
      m.say("政策助手 企业贷款").to(busy);
      await until(() => busyBox.length >= Math.min(i + 1, 4));
    }
    await new Promise((r) => setTimeout(r, 100));
    // 3 answers, 1 notice, then silence for the 5th member.
    expect(busyBox).toHaveLength(4);
    expect(busyBox[3]).toContain("本群提问较多");
    members[0].say("政策助手 企业贷款").to(quiet);
    await until(() => quietBox.length >= 1);
    expect(quietBox[0]).toContain("科技金融计划");
  });
});

describe("PolicyAssistantPlugin with a sensitive-word list", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, new SensitiveWords(["禁用词甲", "科技金融"]));
  });
  afterAll(async () => {
    await h.stop();
  });

  it("refuses a question containing a listed word without asking the assistant", async () => {
    const eve = h.mocker.createContact({ name: "Eve" });
    const inbox = h.inbox(eve);
    eve.say("请问禁用词甲能申报吗？").to(h.me);
    await until(() => inbox.length >= 1);
    expect(inbox).toEqual([SENSITIVE_INPUT_TEXT]);
    expect(h.assistant.calls).toHaveLength(0);
  });

  it("masks a listed word in the answer", async () => {
    const bob = h.mocker.createContact({ name: "Bob" });
    const inbox = h.inbox(bob);
    bob.say("科技型中小企业的贷款利息有补助吗？").to(h.me);
    await until(() => inbox.length >= 1);
    expect(inbox[0]).toContain("＊＊＊＊计划");
    expect(inbox.join("")).not.toContain("科技金融");
  });
});
