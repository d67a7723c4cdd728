// What to say to one decrypted callback message, for both the 公众号 and the 企业微信 app: text goes through
// the existing bot's command rules and the assistant, events and other types get fixed texts. Transport
// (passive XML reply or a send API) is the caller's.
import type { Config } from "../../config.js";
import type { Assistant } from "../../core/types.js";
import { formatReply } from "./format-reply.js";
import { matchMessage } from "./match-message.js";
import { APOLOGY_TEXT, hintText, SENSITIVE_INPUT_TEXT, topicListText } from "./replies.js";
import { runCommand } from "./run-command.js";
import { sessionKey } from "./session-key.js";
import type { TextRateLimits } from "./rate-limits.js";
import type { SensitiveWords } from "./sensitive-words.js";
import { MATCH_TEXT, MENU_KEYS, UNSUPPORTED_TEXT, welcomeText } from "./callback-texts.js";

export interface CallbackReplyContext {
  assistant: Assistant;
  config: Config;
  logger?: { error(obj: object, msg: string): void };
  /** Namespaces the session key, so an OpenID and a WeCom UserID never share a memory. */
  channel: "wechat-mp" | "wecom";
  /** Longest single message (the formatter makes at most two). */
  maxChars: number;
  /** Per-user budget on text messages (events and menu clicks are not counted). */
  limits?: TextRateLimits;
  now?: () => number;
  /** Staff word list: questions containing one are refused, answers have them masked. */
  sensitiveWords?: SensitiveWords;
}

/** The texts to send back, in order; empty when the message needs no answer (unsubscribe, location reports…). */
export async function callbackReply(msg: Record<string, string>, ctx: CallbackReplyContext): Promise<string[]> {
  const { assistant, config } = ctx;
  const from = msg.FromUserName ?? "";
  const sessionId = sessionKey(config.HASH_SALT, `${ctx.channel}:${from}`);
  const help = () => runCommand("help", { assistant, config, sessionId });
  const type = (msg.MsgType ?? "").toLowerCase();

  if (type === "event") {
    const event = (msg.Event ?? "").toLowerCase();
    if (event === "subscribe") return [welcomeText(await help())];
    if (event === "click") {
      const key = msg.EventKey ?? "";
      if (key === MENU_KEYS.topics) return [topicListText(assistant.topics())];
      if (key === MENU_KEYS.match) return [MATCH_TEXT];
      if (key === MENU_KEYS.help) return [await help()];
    }
    return [];
  }

  // With 语音识别 switched on, a voice message carries its transcript and is a question like any text.
  const text = type === "text" ? msg.Content : type === "voice" ? msg.Recognition : undefined;
  if (text === undefined || (type === "voice" && !text.trim())) {
    const kind = type === "image" ? "image" : type === "voice" ? "audio" : type === "video" || type === "shortvideo" ? "video" : undefined;
    return [kind ? hintText(kind) : UNSUPPORTED_TEXT];
  }

  if (ctx.limits) {
    const verdict = ctx.limits.check(sessionId, (ctx.now ?? Date.now)());
    if (verdict.action === "notice") return [verdict.text];
    if (verdict.action === "silent") return [];
  }

  const decision = matchMessage(
    { self: false, talkerType: "individual", talkerId: from, kind: "text", text, inRoom: false, mentionSelf: false },
    { selfNames: [], groupPrefix: config.WECHAT_GROUP_PREFIX },
  );
  switch (decision.action) {
    case "command":
      return [await runCommand(decision.command, { assistant, config, sessionId })];
    case "ask":
      if (ctx.sensitiveWords?.has(decision.question)) return [SENSITIVE_INPUT_TEXT];
      try {
        const result = await assistant.answer(
          { question: decision.question, sessionId },
          { channel: "wechat", userHash: sessionId, signal: AbortSignal.timeout(config.REQUEST_TIMEOUT_MS) },
        );
        const words = ctx.sensitiveWords;
        return formatReply(result, { maxChars: ctx.maxChars }).map((t) => (words ? words.mask(t) : t));
      } catch (err) {
        ctx.logger?.error({ channel: ctx.channel, userHash: sessionId, err: err instanceof Error ? err.message : String(err) }, "callback answer failed");
        return [APOLOGY_TEXT];
      }
    default:
      return [await help()];
  }
}
