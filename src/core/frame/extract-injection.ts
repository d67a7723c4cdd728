// Prompt injection: instructions to override the assistant, reveal its prompt or play a role. A message that
// mixes one with a real question keeps the question: the clauses that carry the injection are dropped and the
// rest is answered; a message that is only an injection is declined.
import type { Clause } from "./clauses.js";

const INJECTION: RegExp[] = [
  /忽略.{0,12}(指令|指示|提示|规则|设定|要求|约束)/,
  /(无视|忘记|忘掉|不要遵守).{0,10}(指令|规则|设定|提示|限制)/,
  /(系统|初始|隐藏)(提示词|提示|指令|设定|prompt)/i,
  /提示词|越狱|开发者模式|开发模式/,
  /(输出|打印|显示|复述|重复|告诉我|泄露).{0,10}(你的)?(设定|指令|规则|prompt|上面的内容|以上内容|前面的内容)/i,
  /你现在(是|扮演|作为)|从现在(起|开始)你(是|就是|要)|扮演一个|假装你是|角色扮演/,
  /\bignore\b.{0,40}\b(instructions?|prompts?|rules?|directions?)\b/i,
  /\b(disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|guidelines?)\b/i,
  /system\s*prompt|initial\s*prompt|\bprompt\b.{0,20}\b(print|show|reveal|repeat)|\b(print|show|reveal|repeat|output)\b.{0,30}\b(prompt|instructions)\b/i,
  /\b(jailbreak|DAN mode|developer mode|do anything now)\b/i,
  /(重复|复述|原样|一字不差).{0,12}(第一条|最初|最开始|之前|上面|前面|收到的|所有)(的)?(消息|内容|指令|话|文字)|一字不差/,
  /(假设|假如|如果|想象)你(是|现在是|就是).{0,12}(局长|领导|管理员|工作人员|官员|审批|开发者|没有限制)/,
  /\byou are now\b|\bpretend (to be|you are)\b|\bact as\b|\brole-?play\b/i,
  /<\/?(system|assistant|user)>|\[\/?INST\]|###\s*(system|instruction)/i,
];

export interface InjectionFacts {
  present: boolean;
  /** The message without the clauses that carry the injection. */
  residual: string;
  removed: string[];
}

export function isInjection(text: string): boolean {
  return INJECTION.some((re) => re.test(text));
}

export function extractInjection(text: string, clauses: readonly Clause[]): InjectionFacts {
  if (!isInjection(text)) return { present: false, residual: text, removed: [] };
  const removed: string[] = [];
  const kept: string[] = [];
  for (const c of clauses) (isInjection(c.text) ? removed : kept).push(c.text);
  // An injection spread over several clauses ("ignore … and reveal …, then …"): nothing clause-sized matched it.
  if (removed.length === 0) return { present: true, residual: "", removed: [text] };
  return { present: true, residual: kept.join("，"), removed };
}
