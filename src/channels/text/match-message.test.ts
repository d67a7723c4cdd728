import { describe, expect, it } from "vitest";
import { matchMessage, stripMentions, stripPrefix, type IncomingMessage, type MatchOptions } from "./match-message.js";

const opts: MatchOptions = { selfNames: ["科技计划政策助手", "小助手"], groupPrefix: "政策助手" };

function msg(over: Partial<IncomingMessage>): IncomingMessage {
  return {
    self: false,
    talkerType: "individual",
    talkerId: "wxid_alice",
    kind: "text",
    text: "",
    inRoom: false,
    mentionSelf: false,
    ageMs: 1000,
    ...over,
  };
}

describe("matchMessage — private chat", () => {
  it("treats every text message as a question", () => {
    expect(matchMessage(msg({ text: "  高新技术企业能申请什么？ " }), opts)).toEqual({
      action: "ask",
      question: "高新技术企业能申请什么？",
    });
  });

  it("recognises the three commands, tolerating case and trailing punctuation", () => {
    expect(matchMessage(msg({ text: "帮助" }), opts)).toEqual({ action: "command", command: "help" });
    expect(matchMessage(msg({ text: "HELP" }), opts)).toEqual({ action: "command", command: "help" });
    expect(matchMessage(msg({ text: "专题列表。" }), opts)).toEqual({ action: "command", command: "topics" });
    expect(matchMessage(msg({ text: "重新开始！" }), opts)).toEqual({ action: "command", command: "reset" });
  });

  it("does not mistake a question containing a command word for the command", () => {
    expect(matchMessage(msg({ text: "专题列表里哪个适合孵化器？" }), opts)).toEqual({
      action: "ask",
      question: "专题列表里哪个适合孵化器？",
    });
  });

  it("ignores empty text", () => {
    expect(matchMessage(msg({ text: "   " }), opts)).toEqual({ action: "ignore", reason: "empty" });
  });

  it("hints once for images, voice and files, and ignores links and cards", () => {
    expect(matchMessage(msg({ kind: "image" }), opts)).toEqual({ action: "hint", kind: "image" });
    expect(matchMessage(msg({ kind: "audio" }), opts)).toEqual({ action: "hint", kind: "audio" });
    expect(matchMessage(msg({ kind: "attachment" }), opts)).toEqual({ action: "hint", kind: "attachment" });
    expect(matchMessage(msg({ kind: "other" }), opts)).toEqual({ action: "ignore", reason: "unsupported" });
  });
});

describe("matchMessage — who is talking", () => {
  it("ignores the bot's own messages", () => {
    expect(matchMessage(msg({ self: true, text: "帮助" }), opts)).toEqual({ action: "ignore", reason: "self" });
  });

  it("ignores official accounts and corporations", () => {
    expect(matchMessage(msg({ talkerType: "official", text: "科技金融" }), opts).action).toBe("ignore");
    expect(matchMessage(msg({ talkerType: "corporation", text: "科技金融" }), opts)).toEqual({
      action: "ignore",
      reason: "official",
    });
  });

  it("ignores system messages and WeChat's own senders", () => {
    expect(matchMessage(msg({ kind: "system", text: "Alice 加入了群聊" }), opts)).toEqual({
      action: "ignore",
      reason: "system",
    });
    expect(matchMessage(msg({ talkerId: "weixin", text: "欢迎使用微信" }), opts)).toEqual({
      action: "ignore",
      reason: "system",
    });
  });

  it("skips backlog older than the max age", () => {
    expect(matchMessage(msg({ text: "你好", ageMs: 10 * 60_000 }), opts)).toEqual({ action: "ignore", reason: "stale" });
    expect(matchMessage(msg({ text: "你好", ageMs: 10 * 60_000 }), { ...opts, maxAgeMs: 3_600_000 }).action).toBe("ask");
  });
});

describe("matchMessage — group chat", () => {
  it("ignores a message that neither mentions the bot nor starts with the prefix", () => {
    expect(matchMessage(msg({ inRoom: true, text: "科技金融计划怎么申请？" }), opts)).toEqual({
      action: "ignore",
      reason: "not-addressed",
    });
  });

  it("answers an @-mention and strips it (U+2005 separator, puppet mention list)", () => {
    const r = matchMessage(
      msg({ inRoom: true, mentionSelf: true, text: "@科技计划政策助手\u2005科技金融计划怎么申请？" }),
      opts,
    );
    expect(r).toEqual({ action: "ask", question: "科技金融计划怎么申请？" });
  });

  it("detects an @-mention by name when the puppet gives no mention list (room alias too)", () => {
    expect(matchMessage(msg({ inRoom: true, text: "请问 @小助手 孵化器有补助吗" }), opts)).toEqual({
      action: "ask",
      question: "请问 孵化器有补助吗",
    });
  });

  it("does not treat @someone-else as a mention of the bot", () => {
    expect(matchMessage(msg({ inRoom: true, text: "@小助手团队 明天开会" }), opts).action).toBe("ignore");
  });

  it("answers a message starting with the prefix and strips it with its punctuation", () => {
    expect(matchMessage(msg({ inRoom: true, text: "政策助手：特区计划支持多久？" }), opts)).toEqual({
      action: "ask",
      question: "特区计划支持多久？",
    });
  });

  it("prefix or mention alone means help; commands work in groups", () => {
    expect(matchMessage(msg({ inRoom: true, text: "政策助手" }), opts)).toEqual({ action: "command", command: "help" });
    expect(matchMessage(msg({ inRoom: true, mentionSelf: true, text: "@科技计划政策助手 重新开始" }), opts)).toEqual({
      action: "command",
      command: "reset",
    });
  });

  it("ignores images in groups (no hint spam)", () => {
    expect(matchMessage(msg({ inRoom: true, kind: "image" }), opts)).toEqual({ action: "ignore", reason: "unsupported" });
  });
});

describe("helpers", () => {
  it("stripMentions keeps other text and reports whether the bot was named", () => {
    expect(stripMentions("@小助手 你好", ["小助手"])).toEqual({ text: "你好", mentioned: true });
    expect(stripMentions("你好", ["小助手"])).toEqual({ text: "你好", mentioned: false });
    expect(stripMentions("a.b@x", ["a.b"])).toEqual({ text: "a.b@x", mentioned: false });
  });

  it("stripPrefix only matches at the start", () => {
    expect(stripPrefix("政策助手, 你好", "政策助手")).toBe("你好");
    expect(stripPrefix("问政策助手你好", "政策助手")).toBeUndefined();
  });
});
