// English function words and fixed function phrases, rendered as their Chinese equivalents, so an English question
// reads to the Chinese extractors as Chinese grammar ("we are not yet a high-tech enterprise" → "我们是还不是…").
// This is a closed class (pronouns, negation, auxiliaries, question words, tense and time markers, prepositions):
// content words come from the CC-CEDICT dictionary instead (english-reading.ts).

export const ENGLISH_FUNCTION_WORDS: Record<string, string> = {
  // pronouns and possessives
  we: "我们", us: "我们", our: "我们的", ours: "我们的", i: "我", me: "我", my: "我的", you: "你", your: "你的",
  it: "它", its: "它的", they: "他们", their: "他们的", this: "这个", that: "那个", these: "这些", those: "那些",
  // negation, time and status
  not: "不", no: "没有", never: "从未", "not yet": "还没", "have not": "还没有", "has not": "还没有", "do not": "不", "does not": "不",
  "are not": "不是", "is not": "不是", "am not": "不是", "was not": "不是", "were not": "不是", "can not": "不能", "did not": "没",
  yet: "还", already: "已经", just: "刚", newly: "新", recently: "最近", "last year": "去年", "last month": "上个月", "this year": "今年",
  "years ago": "几年前", "long ago": "早就", still: "还", pending: "审核中", "under review": "评审中", "in progress": "进行中",
  "applying for": "正在申请", "applied for": "申请了", only: "只", also: "还", own: "自己的", "on our own": "自己",
  // being, having, ability, wishes
  am: "是", is: "是", are: "是", was: "是", were: "是", be: "是", "we are": "我们是", "i am": "我是", "are we": "我们是",
  have: "有", has: "有", had: "有", "there is": "有", "there are": "有", "is there": "有没有", "are there": "有没有",
  can: "能", could: "能", may: "可以", might: "可能", "is it possible": "能不能", "are we able": "我们能", allowed: "可以",
  want: "想", wants: "想", "would like": "想", hope: "希望", plan: "计划", "plan to": "打算", "planning to": "准备", intend: "打算",
  need: "需要", needs: "需要", "looking for": "想找",
  // question words
  what: "什么", which: "哪个", how: "怎么", "how much": "多少钱", "how many": "多少", "how long": "多久", "how many years": "几年",
  when: "什么时候", where: "哪里", who: "谁", whom: "谁", why: "为什么", "what kind of": "什么样的", any: "有没有",
  // relations
  and: "和", or: "或", with: "和", "together with": "联合", for: "为", of: "的", in: "在", at: "在", on: "在", from: "来自",
  about: "关于", by: "由", to: "", under: "在", over: "超过", between: "之间", within: "内", without: "没有", near: "附近",
  via: "通过", per: "每", during: "期间", before: "之前", after: "之后", since: "自从", until: "直到", into: "到", through: "通过",
  like: "像", such: "这样的", "such as": "比如", each: "每个", every: "每个", all: "所有", both: "都", "registered in": "注册在", "based in": "位于", "located in": "位于", "headquartered in": "总部在",
  "as a": "作为", as: "作为", if: "如果", but: "但是", so: "所以", than: "比", other: "其他", another: "另一个",
  // request verbs
  apply: "申请", "apply for": "申请", applying: "申请", get: "获得", got: "获得", receive: "获得", received: "获得", won: "获得",
  win: "获得", obtain: "获得", approved: "获批", certified: "认定", recognized: "认定", recognised: "认定", lead: "牵头",
  led: "牵头", participant: "参与单位", "work with": "联合", "works with": "联合", "working with": "联合", "cooperate with": "联合",
  "cooperating with": "联合", "collaborate with": "联合", "collaborating with": "联合", "partner with": "联合", "team up with": "联合",
  "jointly with": "联合", participating: "参与", participate: "参与", partner: "合作方", cooperate: "合作",
  eligible: "符合条件", qualify: "符合条件", "tell me": "告诉我", please: "请",
};

/** Abbreviations the dictionary does not spell out. */
export const ENGLISH_ABBREVIATIONS: Record<string, string> = {
  tech: "科技", "hi-tech": "高科技", "high-tech": "高科技", "r&d": "研发", "s&t": "科技", sme: "中小企业", smes: "中小企业",
  "tech-based": "科技型", "technology-based": "科技型", ai: "人工智能", ip: "知识产权", hq: "总部", uni: "大学", govt: "政府",
  // In questions to a city's assistant, "the city" is the municipal government.
  city: "市里", "the city": "市里", municipal: "市级",
};

/** Words with no Chinese counterpart that are dropped (articles, auxiliary do). */
export const ENGLISH_DROPPED = new Set(["a", "an", "the", "do", "does", "did", "will", "would", "should", "shall", "there", "please", "some", "etc"]);

/** Contractions expanded before reading. */
export const ENGLISH_CONTRACTIONS: [RegExp, string][] = [
  [/\bcan't\b/g, "can not"], [/\bwon't\b/g, "will not"], [/n't\b/g, " not"], [/'re\b/g, " are"], [/'m\b/g, " am"],
  [/'ve\b/g, " have"], [/'ll\b/g, " will"], [/'d\b/g, " would"], [/\b(it|that|there|what|who)'s\b/g, "$1 is"],
  // "S&T" is how English writes 科技 for short; the spelled-out form reads the same.
  [/\bscience\s*(?:and|&)\s*technology\b/g, "s&t"],
];

/** Articles and possessives that vary inside a fixed phrase ("first-of-a-kind" = "first-of-its-kind"). */
export const ENGLISH_PHRASE_ARTICLES = new Set(["a", "an", "the", "its", "their"]);

/** A phrase as the dictionary files it a second time: hyphens as spaces, articles dropped. */
export function phraseKey(phrase: string): string {
  return phrase
    .replace(/-/g, " ")
    .split(/\s+/)
    .filter((w) => w && !ENGLISH_PHRASE_ARTICLES.has(w))
    .join(" ");
}
