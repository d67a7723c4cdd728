// The WeChat adapter as a wechaty plugin (ding-dong style): flatten each message, let the pure matcher
// decide, apply dedupe and rate limits, then answer through the same Assistant as the web channel.
import { types, type Message, type Wechaty, type WechatyPlugin } from "wechaty";
import type { Config } from "../../config.js";
import type { Assistant, Logger } from "../../core/types.js";
import { formatReply, type FormatOptions } from "../text/format-reply.js";
import { matchMessage, type IncomingKind, type IncomingMessage, type MatchResult } from "../text/match-message.js";
import { TextRateLimits } from "../text/rate-limits.js";
import { runCommand } from "../text/run-command.js";
import type { SensitiveWords } from "../text/sensitive-words.js";
import { RecentIds } from "../text/recent-ids.js";
import { APOLOGY_TEXT, SENSITIVE_INPUT_TEXT, hintText } from "../text/replies.js";
import { sessionKey } from "../text/session-key.js";
import { splitReply } from "../text/split-reply.js";

export type WechatSettings = Pick<
  Config,
  | "HASH_SALT"
  | "WECHAT_BOT_NAME"
  | "WECHAT_GROUP_PREFIX"
  | "WECHAT_USER_RATE_MAX"
  | "WECHAT_USER_RATE_WINDOW_S"
  | "WECHAT_ROOM_RATE_MAX"
  | "WECHAT_ROOM_RATE_WINDOW_S"
  | "SESSION_TTL_S"
  | "REQUEST_TIMEOUT_MS"
>;

export interface PolicyAssistantPluginOptions {
  assistant: Assistant;
  config: WechatSettings;
  logger: Logger;
  /** Clock for rate limits (tests move it forward). */
  now?: () => number;
  format?: FormatOptions;
  /** Staff word list: questions containing one are refused, answers have them masked. */
  sensitiveWords?: SensitiveWords;
}

function kindOf(type: types.Message): IncomingKind {
  switch (type) {
    case types.Message.Text:
      return "text";
    case types.Message.Image:
      return "image";
    case types.Message.Audio:
      return "audio";
    case types.Message.Video:
      return "video";
    case types.Message.Attachment:
      return "attachment";
    case types.Message.Emoticon:
      return "emoticon";
    case types.Message.GroupNote:
    case types.Message.Recalled:
      return "system";
    default:
      return "other";
  }
}

function talkerTypeOf(type: types.Contact): IncomingMessage["talkerType"] {
  switch (type) {
    case types.Contact.Individual:
      return "individual";
    case types.Contact.Official:
      return "official";
    case types.Contact.Corporation:
      return "corporation";
    default:
      return "unknown";
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function PolicyAssistantPlugin(options: PolicyAssistantPluginOptions): WechatyPlugin {
  const { assistant, config, logger } = options;
  const now = options.now ?? Date.now;
  const recent = new RecentIds();
  const limits = new TextRateLimits({
    userMax: config.WECHAT_USER_RATE_MAX,
    userWindowS: config.WECHAT_USER_RATE_WINDOW_S,
    roomMax: config.WECHAT_ROOM_RATE_MAX,
    roomWindowS: config.WECHAT_ROOM_RATE_WINDOW_S,
  });
  const hinted = new Map<string, number>(); // userHash → when the media hint was sent
  // One conversation is answered in order, so a quick second question sees the first one's memory.
  const chains = new Map<string, Promise<void>>();

  return function PolicyAssistantPluginInstaller(bot: Wechaty) {
    async function selfNames(message: Message): Promise<string[]> {
      const names = [config.WECHAT_BOT_NAME];
      try {
        const me = bot.currentUser;
        names.push(me.name());
        const room = message.room();
        const alias = room ? await room.alias(me) : undefined;
        if (alias) names.push(alias);
      } catch {
        // Not logged in yet or no alias: the configured name is enough.
      }
      return [...new Set(names.filter(Boolean))];
    }

    async function flatten(message: Message): Promise<IncomingMessage> {
      const talker = message.talker();
      const room = message.room();
      let mentionSelf = false;
      if (room && message.type() === types.Message.Text) {
        try {
          mentionSelf = await message.mentionSelf();
        } catch {
          mentionSelf = false; // fall back to name matching in the matcher
        }
      }
      return {
        self: message.self(),
        talkerType: talkerTypeOf(talker.type()),
        talkerId: talker.id,
        kind: kindOf(message.type()),
        text: message.text(),
        inRoom: Boolean(room),
        mentionSelf,
        ageMs: Math.max(0, message.age() * 1000),
      };
    }

    /** Send `texts` in order; in a group the asker is @-mentioned on the first one. */
    async function send(message: Message, texts: string[]): Promise<void> {
      const room = message.room();
      for (const [i, text] of texts.entries()) {
        if (room && i === 0) await room.say(text, message.talker());
        else await message.say(text);
      }
    }

    async function act(message: Message, decision: Exclude<MatchResult, { action: "ignore" }>): Promise<void> {
      const talker = message.talker();
      const room = message.room();
      const userHash = sessionKey(config.HASH_SALT, talker.id);
      const sessionId = sessionKey(config.HASH_SALT, talker.id, room?.id);
      const roomHash = room ? sessionKey(config.HASH_SALT, "room", room.id) : undefined;
      const t = now();

      const verdict = limits.check(userHash, t, roomHash);
      if (verdict.action !== "allow") {
        if (verdict.action === "notice") {
          // The room notice goes to the whole group; the user notice @-mentions the asker.
          if (verdict.scope === "room") await message.say(verdict.text);
          else await send(message, [verdict.text]);
        }
        if (verdict.scope === "room") logger.info({ channel: "wechat", userHash, room: true }, "room rate limited");
        else logger.info({ channel: "wechat", userHash, room: Boolean(room) }, "user rate limited");
        return;
      }

      try {
        switch (decision.action) {
          case "hint": {
            const last = hinted.get(userHash);
            if (last !== undefined && t - last < config.SESSION_TTL_S * 1000) return;
            hinted.set(userHash, t);
            if (hinted.size > 5000) {
              for (const [k, at] of hinted) if (t - at >= config.SESSION_TTL_S * 1000) hinted.delete(k);
            }
            await send(message, [hintText(decision.kind)]);
            return;
          }
          case "command":
            await send(message, [await runCommand(decision.command, { assistant, config, sessionId, inRoom: Boolean(room) })]);
            logger.info({ channel: "wechat", userHash, command: decision.command }, "wechat command");
            return;
          case "ask": {
            if (options.sensitiveWords?.has(decision.question)) {
              await send(message, [SENSITIVE_INPUT_TEXT]);
              logger.info({ channel: "wechat", userHash, room: Boolean(room) }, "sensitive question refused");
              return;
            }
            const started = Date.now();
            const result = await assistant.answer(
              { question: decision.question, sessionId },
              { channel: "wechat", userHash, signal: AbortSignal.timeout(config.REQUEST_TIMEOUT_MS) },
            );
            // The bot may send several messages; each stays within WeChat's text size.
            const words = options.sensitiveWords;
            const texts = formatReply(result, options.format).flatMap((t) => splitReply(words ? words.mask(t) : t));
            await send(message, texts);
            logger.info(
              {
                channel: "wechat",
                userHash,
                room: Boolean(room),
                ms: Date.now() - started,
                topics: result.topics.slice(0, 3).map((x) => x.id),
                refused: result.refused,
                messages: texts.length,
              },
              "wechat answer",
            );
            return;
          }
        }
      } catch (err) {
        logger.error({ channel: "wechat", userHash, err: errorText(err) }, "wechat reply failed");
        try {
          await send(message, [APOLOGY_TEXT]);
        } catch (sendErr) {
          logger.error({ channel: "wechat", userHash, err: errorText(sendErr) }, "wechat apology failed");
        }
      }
    }

    async function handle(message: Message): Promise<void> {
      if (!recent.add(message.id)) {
        logger.debug({ channel: "wechat" }, "duplicate message ignored");
        return;
      }
      const decision = matchMessage(await flatten(message), {
        selfNames: await selfNames(message),
        groupPrefix: config.WECHAT_GROUP_PREFIX,
      });
      if (decision.action === "ignore") return;

      const key = sessionKey(config.HASH_SALT, message.talker().id, message.room()?.id);
      const prev = chains.get(key) ?? Promise.resolve();
      const next = prev
        .then(() => act(message, decision))
        .catch((err: unknown) => {
          logger.error({ channel: "wechat", userHash: key, err: errorText(err) }, "wechat reply failed");
        });
      chains.set(key, next);
      await next;
      if (chains.get(key) === next) chains.delete(key);
    }

    const onMessage = (message: Message): void => {
      handle(message).catch((err: unknown) => {
        // Anything unexpected (puppet hiccup while reading the message) must not stop the bot.
        logger.error({ channel: "wechat", err: errorText(err) }, "wechat message handling failed");
      });
    };

    bot.on("message", onMessage);
    return () => {
      bot.off("message", onMessage);
    };
  };
}
