// Splits a message into clauses and tells which of them carry the request. Background clauses ("周末带娃看完
// 科普活动") describe; request clauses ("地铁末班车几点") ask. Only the grammar of questions is encoded here:
// question particles and question words, a closed class of Chinese and English.

export interface Clause {
  text: string;
  start: number;
  end: number;
  /** Ends in a question mark or contains a question word or particle. */
  interrogative: boolean;
  /** States a wish or request without asking ("想申请孵化器补助"). */
  wish: boolean;
}

// Question words and particles. "么" and "呢" count only at the end of a clause ("什么" is covered separately).
const ZH_QUESTION =
  /吗|[么呢嘛][~～!！]*$|什么|啥|哪|谁|怎么|怎样|怎么样|如何|为何|为什么|多少|多久|多长|几(个|年|点|号|月|天|家|成|岁|时|项|种|类|次|大|条)|是否|能否|可否|有没有|有无|能不能|可不可以|可以不|行不行|行吗|是不是|算不算|属不属于|够不够|要不要|咋|不[？?]*$/;
const EN_QUESTION = /^\s*(how|what|which|when|where|who|whom|whose|why|can|could|may|might|is|are|am|do|does|did|will|would|should|shall|have|has)\b|\?/i;
// Wishes and imperatives: "想申请孵化器补助", "推荐几只科技股", "帮我写篇论文".
const WISH = /想|要|希望|打算|准备|咨询|了解|问一下|问问|请问|帮我|帮忙|求|推荐|告诉我|介绍|说说|讲讲|列出|给我|\b(want|would like|wish|plan|need|looking for|apply|recommend|tell me|show me|give me|help me)\b/i;

// Clause breaks: punctuation, line breaks, and spaces between Chinese characters (WeChat users type spaces for commas).
const BREAK = /[，,。；;！!？?:：\n【】「」]+|(?<=[a-z)])\.(?=\s|$)\s*|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/gi;

export function splitClauses(text: string): Clause[] {
  const out: Clause[] = [];
  let last = 0;
  const push = (end: number, sep: string) => {
    const raw = text.slice(last, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) {
      const start = last + lead;
      const asked = /[？?]/.test(sep);
      out.push({
        text: body,
        start,
        end: start + body.length,
        interrogative: asked || ZH_QUESTION.test(body) || EN_QUESTION.test(body),
        wish: WISH.test(body),
      });
    }
  };
  for (const m of text.matchAll(BREAK)) {
    push(m.index, m[0]);
    last = m.index + m[0].length;
  }
  push(text.length, "");
  return out;
}

const TAG = /^(那|那么|请问)?(可以|能|行|对|是|好|有|要|怎么|咋|怎么办|咋办|如何)?(吗|么|不|呢|吧|嘛)?$/;
const CJK = /[\u3400-\u9fff]/g;

/** A question with no content of its own ("可以吗", "怎么办", "how?"): it asks about the clause before it. */
export function isTagQuestion(c: Clause): boolean {
  const stripped = c.text.replace(/[？?！!。.~\s]/g, "");
  return TAG.test(stripped) || (stripped.match(CJK)?.length ?? 0) + (stripped.match(/[a-z]+/gi)?.length ?? 0) <= 2;
}

/** The clauses that carry the request: the questions and the wishes (a tag question brings the clause it asks
 * about); else the last clause. */
export function requestClauses(clauses: readonly Clause[]): Clause[] {
  const out: Clause[] = [];
  clauses.forEach((c, i) => {
    if (!(c.interrogative || c.wish)) return;
    if (isTagQuestion(c) && i > 0 && !out.includes(clauses[i - 1])) out.push(clauses[i - 1]);
    out.push(c);
  });
  if (out.length) return out;
  return clauses.length ? [clauses[clauses.length - 1]] : [];
}

/** The clause that contains position `i`. */
export function clauseAt(clauses: readonly Clause[], i: number): Clause | undefined {
  return clauses.find((c) => i >= c.start && i < c.end);
}
