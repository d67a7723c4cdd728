// A passive 公众号 reply carries one message of at most 2048 bytes; without 客服消息 there is no second one,
// so the formatter's messages are joined and a longer answer is cut at a boundary with a note saying so.
import { truncateReply, WECHAT_TEXT_MAX_BYTES } from "../text/split-reply.js";

export function passiveText(texts: string[], maxBytes: number = WECHAT_TEXT_MAX_BYTES): string {
  return truncateReply(texts.join("\n\n"), maxBytes);
}
