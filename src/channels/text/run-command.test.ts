import { describe, expect, it } from "vitest";
import { FAKE_TOPICS, makeFakeAssistant } from "../web/testing/fake-assistant.js";
import { MATCH_TEXT } from "./callback-texts.js";
import { matchMessage } from "./match-message.js";
import { RESET_TEXT, topicListText } from "./replies.js";
import { runCommand } from "./run-command.js";

const config = { WECHAT_GROUP_PREFIX: "政策助手", WECHAT_BOT_NAME: "科技计划政策助手" };

describe("runCommand", () => {
  it("帮助 explains the group rule only in a room; 专题列表 lists the 专题", async () => {
    const assistant = makeFakeAssistant();
    const inRoom = await runCommand("help", { assistant, config, sessionId: "s", inRoom: true });
    const alone = await runCommand("help", { assistant, config, sessionId: "s" });
    expect(inRoom).toContain("@科技计划政策助手");
    expect(alone).not.toContain("@科技计划政策助手");
    expect(await runCommand("topics", { assistant, config, sessionId: "s" })).toBe(topicListText(FAKE_TOPICS));
  });

  it("重新开始 forgets that conversation only", async () => {
    const assistant = makeFakeAssistant();
    await assistant.answer({ question: "贴息", sessionId: "a" });
    await assistant.answer({ question: "贴息", sessionId: "b" });
    expect(await runCommand("reset", { assistant, config, sessionId: "a" })).toBe(RESET_TEXT);
    expect(await assistant.sessions.get("a")).toBeUndefined();
    expect(await assistant.sessions.get("b")).toBeDefined();
  });

  it("政策匹配 tells how to describe the unit, the same text as the 公众号 menu button", async () => {
    const assistant = makeFakeAssistant();
    expect(await runCommand("match", { assistant, config, sessionId: "s" })).toBe(MATCH_TEXT);
    expect(matchMessage({ self: false, talkerType: "individual", talkerId: "u", kind: "text", text: "政策匹配", inRoom: false, mentionSelf: false }, { selfNames: [], groupPrefix: "政策助手" })).toEqual({ action: "command", command: "match" });
  });
});
