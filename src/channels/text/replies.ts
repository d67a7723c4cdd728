// Fixed texts the bot sends: command replies, notices and the apology. Kept apart from the plugin so
// wording can change without touching the event handling.
import type { TopicSummary } from "../../core/types.js";
import type { IncomingKind } from "./match-message.js";

const PLAN = "《武汉市科技计划体系改革优化方案》";

/** Counts come from the corpus's 专题 (`topics`): a 20th 专题 is a new card and nothing else. */
export function helpText(opts: { inRoom: boolean; groupPrefix: string; botName: string; topics: TopicSummary[] }): string {
  const how = opts.inRoom
    ? `在群里请 @${opts.botName} 或以「${opts.groupPrefix}」开头提问。`
    : "直接发文字问题即可。";
  const programs = new Set(opts.topics.map((t) => t.program)).size;
  return [
    `我是${opts.botName}，解答${PLAN}（${programs} 个专项、${opts.topics.length} 个专题）的问题：哪个专题适合您、能不能申报、方案原文怎么说。${how}`,
    "可以这样问：\n・新获批的高新技术企业可以申请哪个专题？\n・科技型中小企业贷款有贴息吗？\n・孵化器建设能拿到补助吗？\n・特区计划支持多长时间？",
    `指令：「帮助」看本说明；「专题列表」看全部 ${opts.topics.length} 个专题；「重新开始」清除对话记录。`,
    "说明：具体金额、申报时间和条件以当年申报指南为准，方案未规定的我不会编造。",
  ].join("\n\n");
}

/** The 专题 grouped by 专项, in the plan's order. */
export function topicListText(topics: TopicSummary[]): string {
  const groups = new Map<string, TopicSummary[]>();
  for (const t of [...topics].sort((a, b) => a.id - b.id)) {
    const key = `${t.program}（${t.programTheme}）`;
    const list = groups.get(key) ?? [];
    list.push(t);
    groups.set(key, list);
  }
  const lines = [...groups].map(
    ([program, list]) => `${program}：${list.map((t) => `${t.id}.${t.name}`).join("、")}`,
  );
  return [
    `${PLAN}设 ${groups.size} 个专项、${topics.length} 个专题：`,
    lines.join("\n"),
    "想了解哪个专题，直接问我，例如「专题14 支持什么」。",
  ].join("\n\n");
}

export const RESET_TEXT = "好的，已清除我们之前的对话记录和您的情况，我们重新开始。请问有什么想了解的？";

export const APOLOGY_TEXT = "抱歉，我这边暂时出了点问题，没能回答这个问题。请稍后再试。";

export const SENSITIVE_INPUT_TEXT = "抱歉，您的消息中有我不便处理的内容，这个问题我无法回答。欢迎换个说法，询问科技计划政策方面的问题。";

export const USER_RATE_TEXT = "您的提问有点快，请稍等一会儿再问，我会继续为您解答。";

export const ROOM_RATE_TEXT = "本群提问较多，我先休息片刻，稍后再继续回答大家。";

export function hintText(kind: IncomingKind): string {
  const what = kind === "image" ? "图片" : kind === "audio" ? "语音" : kind === "video" ? "视频" : "文件或表情";
  return `暂时看不了${what}，请用文字描述您的问题，例如「科技型中小企业贷款有贴息吗？」。发送「帮助」查看用法。`;
}
