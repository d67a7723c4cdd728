// Lexical features shared by the topic ranker: words from the tokenizer plus CJK character bigrams,
// which keep matching working through typos and segmentation differences.

export interface QueryTokenizer {
  /** Words (jieba with the lexicon as user dictionary), lowercased, punctuation dropped. */
  cut(text: string): string[];
  /** Plan terms whose everyday variants occur in the text (lexicon expansion). */
  expand(text: string): string[];
}

const CJK_RUN = /[\u3400-\u9fff]+/g;
const STOP = new Set([
  "的", "了", "吗", "呢", "吧", "啊", "呀", "么", "嘛", "和", "与", "及", "或", "是", "在", "有", "我", "我们", "你", "你们", "他们",
  "这", "那", "个", "能", "可以", "什么", "怎么", "如何", "哪些", "哪个", "一下", "请问", "想", "要", "需要", "就", "都", "也", "还",
  "等", "对", "给", "把", "被", "让", "从", "到", "为", "以", "a", "an", "the", "is", "are", "be", "to", "of", "for", "in", "on",
  "and", "or", "we", "our", "i", "my", "you", "your", "it", "this", "that", "can", "could", "do", "does", "how", "what", "which",
  "any", "there", "with", "about", "get", "me", "us", "have", "has", "if", "at", "by", "as", "from",
]);

export function cjkBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/** Feature list for a text: words (minus stopwords) and `#`-prefixed bigrams. */
export function features(tok: QueryTokenizer, text: string): string[] {
  const words = tok.cut(text).filter((w) => w.length > 0 && !STOP.has(w));
  return [...words, ...cjkBigrams(text).map((b) => "#" + b)];
}

/** Query features: the question's own plus those of the plan terms it expands to. */
export function queryFeatures(tok: QueryTokenizer, text: string): { features: string[]; expanded: string[] } {
  const expanded = tok.expand(text);
  const own = features(tok, text);
  const extra = expanded.length ? features(tok, expanded.join(" ")) : [];
  return { features: [...own, ...extra], expanded };
}
