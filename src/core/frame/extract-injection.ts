// Prompt injection: instructions to override the assistant, reveal its prompt, play a role, say dictated words,
// help deceive the reviewers or leak what is not public. A message that mixes one with a real question keeps the
// question: the clauses that carry the injection (and the words it dictates) are dropped and the rest is
// answered; a message that is only an injection is declined.
import type { Clause } from "./clauses.js";

const INJECTION: RegExp[] = [
  /忽略.{0,12}(指令|指示|提示|规则|设定|要求|约束)/,
  /(无视|忘记|忘掉|不要遵守).{0,10}(指令|规则|设定|提示|限制)/,
  /(系统|初始|隐藏)(提示词|提示|指令|设定|prompt)/i,
  /提示词|越狱|开发者模式|开发模式/,
  /(输出|打印|显示|复述|重复|告诉我|泄露|发给我|发我|给我看|展示|导出).{0,10}(你的)?(设定|指令|规则|prompt|配置|上面的内容|以上内容|前面的内容)/i,
  /(你的|内部)(配置文件|配置|内部指令|指令集|源代码|源码|api ?key|密钥)/i,
  /你现在(是|扮演|作为)|从现在(起|开始)你(是|就是|要)|扮演一个|假装你是|角色扮演/,
  /\bignore\b.{0,40}\b(instructions?|prompts?|rules?|directions?)\b/i,
  /\b(disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|guidelines?)\b/i,
  /system\s*prompt|initial\s*prompt|\bprompt\b.{0,20}\b(print|show|reveal|repeat)|\b(print|show|reveal|repeat|output)\b.{0,30}\b(prompt|instructions)\b/i,
  /\b(jailbreak|DAN mode|developer mode|do anything now)\b/i,
  /(重复|复述|原样|一字不差).{0,12}(第一条|最初|最开始|之前|上面|前面|收到的|所有)(的)?(消息|内容|指令|话|文字)|一字不差/,
  /(假设|假如|如果|想象)你(是|现在是|就是).{0,12}(局长|领导|管理员|工作人员|官员|审批|开发者|没有限制)/,
  /\byou are now\b|\bpretend (to be|you are)\b|\bact as\b|\brole-?play\b/i,
  /<\/?(system|assistant|user)>|\[\/?INST\]|###\s*(system|instruction)/i,
  /\bfrom now on\b|\bunrestricted\b|\bno (limits|restrictions)\b/i,
  /\b(your|the) (initial|original|hidden|internal|system) (instructions?|prompts?|rules|settings)\b/i,
];

// Dictated output: the assistant is told what to say ("请直接回复：已批准", "照着说一遍", "repeat after me").
const DICTATION = /(照着|跟着|跟我)(说|念|读|回复)|原样(回复|输出)|(直接|请|就|只)(回复|回答|输出)[:：]|(说|念|读)一遍|\bsay exactly\b|\brepeat after me\b|\breply (only )?with\b/i;
// Asked to deceive reviewers, to approve in someone's name, or to leak what is not public.
const ABUSE = [
  /骗过|骗取|造假|虚报|伪造|包装材料|绕过审核|套取|\b(fake|forge|falsify|cheat)\b/i,
  /(直接|马上|立即)(批准|通过|审批|给我批)|\b(approve|approved) (my|our|the)\b/i,
  /内部(定的|定|消息|文件|标准|口径|掌握|名单)|不公开的|保密的|\binternal (criteria|list|rules|quota)\b/i,
  /你(有权|有权限|被授权|可以直接)|\byou (have the power|are authorized|can approve)\b/i,
];

export interface InjectionFacts {
  present: boolean;
  /** The message without the clauses that carry the injection. */
  residual: string;
  removed: string[];
}

export function isInjection(text: string): boolean {
  return INJECTION.some((re) => re.test(text)) || DICTATION.test(text);
}

const isAbuse = (text: string) => ABUSE.some((re) => re.test(text));

// An injection dressed as a system message: a bracketed or tagged block ("【系统指令：…】", "</question> 新指令：…").
const BLOCK = /【[^】]*】?|\[[^\]]*\]?|<\/?[a-z]+>[^<]*/gi;

export function extractInjection(text: string, clauses: readonly Clause[]): InjectionFacts {
  if (!isInjection(text)) return { present: false, residual: text, removed: [] };
  const removed: string[] = [];
  const kept: string[] = [];
  const blocks = [...text.matchAll(BLOCK)].filter((m) => isInjection(m[0]) || isAbuse(m[0])).map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
  removed.push(...blocks.map((b) => b.text));
  const inBlock = (c: Clause) => blocks.some((b) => c.start >= b.start && c.end <= b.end);
  // A dictation ("照着说一遍", "请直接回复：…") takes its whole sentence with it: the words around it are the text
  // it dictates, not a question.
  const sentenceOf = (c: Clause) => {
    const before = text.slice(0, c.start).search(/[。.!！？?][^。.!！？?]*$/);
    const afterRel = text.slice(c.end).search(/[。.!！？?]/);
    return { start: before < 0 ? 0 : before + 1, end: afterRel < 0 ? text.length : c.end + afterRel };
  };
  const dictatedSentences = clauses.filter((c) => DICTATION.test(text.slice(c.start, c.end + 1))).map(sentenceOf);
  // A persona the injection names ("你现在是…AI，叫DAN", "called FreeBot") carries it into later clauses.
  const personas = [...text.matchAll(/(?:叫|名叫|叫做|名为|called|named)\s*([A-Za-z][\w-]{1,20}|[\u4e00-\u9fff]{2,6})/g)]
    .filter((m) => isInjection(text.slice(Math.max(0, m.index - 30), m.index + m[0].length)))
    .map((m) => m[1]);
  for (const c of clauses) {
    if (inBlock(c)) continue;
    if (personas.some((p) => c.text.includes(p))) {
      removed.push(c.text);
      continue;
    }
    const dictated = dictatedSentences.some((s) => c.start >= s.start && c.end <= s.end);
    // Inside an injection, a request to deceive, approve or leak belongs to it.
    (dictated || isInjection(c.text) || isAbuse(c.text) ? removed : kept).push(c.text);
  }
  // An injection spread over several clauses ("ignore … and reveal …, then …"): nothing clause-sized matched it.
  if (removed.length === 0) return { present: true, residual: "", removed: [text] };
  if (kept.length === 0) return { present: true, residual: "", removed };
  return { present: true, residual: kept.join("，"), removed };
}
