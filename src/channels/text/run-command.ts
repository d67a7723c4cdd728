// The text commands (帮助 / 专题列表 / 重新开始 / 政策匹配) answered the same way on every text channel.
import type { Config } from "../../config.js";
import type { Assistant } from "../../core/types.js";
import type { Command } from "./match-message.js";
import { MATCH_TEXT } from "./callback-texts.js";
import { helpText, RESET_TEXT, topicListText } from "./replies.js";

export interface CommandContext {
  assistant: Pick<Assistant, "topics" | "sessions">;
  config: Pick<Config, "WECHAT_GROUP_PREFIX" | "WECHAT_BOT_NAME">;
  /** The conversation 重新开始 clears. */
  sessionId: string;
  /** Group chats explain the @-mention / prefix rule in 帮助. */
  inRoom?: boolean;
}

/** The reply to `command`; 重新开始 also forgets the conversation. */
export async function runCommand(command: Command, ctx: CommandContext): Promise<string> {
  const { assistant, config } = ctx;
  switch (command) {
    case "help":
      return helpText({ inRoom: Boolean(ctx.inRoom), groupPrefix: config.WECHAT_GROUP_PREFIX, botName: config.WECHAT_BOT_NAME, topics: assistant.topics() });
    case "topics":
      return topicListText(assistant.topics());
    case "reset":
      await assistant.sessions.delete(ctx.sessionId);
      return RESET_TEXT;
    case "match":
      // Text channels have no form: the unit is described in a sentence, which chat reads as a profile.
      return MATCH_TEXT;
  }
}
