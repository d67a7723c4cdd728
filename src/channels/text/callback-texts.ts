// Fixed texts and menu keys of the 公众号 / 企业微信 channels (the command texts are in replies.ts).

/** EventKey values to give the custom menu's CLICK buttons (README "公众号 and 企业微信"). */
export const MENU_KEYS = { topics: "TOPICS", match: "MATCH", help: "HELP" } as const;

export function welcomeText(help: string): string {
  return `感谢关注！${help}`;
}

export const MATCH_TEXT =
  "政策匹配：请用一句话介绍您的单位和需求，例如「我们是新获批的高新技术企业，想申请研发补助」，我会告诉您可能适合的专题和申报条件。";

export const UNSUPPORTED_TEXT = "暂时只能读懂文字消息，请用文字描述您的问题，例如「科技型中小企业贷款有贴息吗？」。发送「帮助」查看用法。";

export const TIMEOUT_TEXT = "这个问题我还在查，一时没能答完。请稍后再发一次同样的问题，或把问题说得更具体些。";
