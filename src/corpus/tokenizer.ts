// jieba tokeniser shared by indexing and the answer pipeline: default dictionary + lexicon terms,
// variants and 专题 names as user words; lowercase; punctuation and stopwords dropped.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import type { Corpus, LexiconEntry } from "../core/types.js";

export interface Tokenizer {
  /** Search-mode segmentation (long words and their parts), normalised and filtered. */
  cut(text: string): string[];
  /** Lexicon terms whose variant (or the term itself) occurs in `text`. */
  expand(text: string): string[];
  /** cut(text) plus the tokens of every expanded term: what indexes and queries are built from. */
  terms(text: string): string[];
}

// Function words and question fillers that say nothing about which 专题 is meant.
const STOPWORDS = new Set(
  (
    "的 了 是 在 和 与 及 或 等 对 为 把 被 将 也 都 就 还 又 而 并 之 其 这 那 这个 那个 哪个 哪些 什么 怎么 怎样 如何 " +
    "吗 呢 吧 啊 呀 么 嘛 哦 我 我们 你 你们 他 她 它 他们 贵 有 没有 有没有 能 能否 可以 可 会 要 想 请问 请 一下 " +
    "一个 个 些 给 让 从 到 向 于 以 由 中 上 下 里 时 后 前 所 该 此 如果 是否 多少 " +
    "a an the is are was were be been am do does did i we you my our your it its this that there any some " +
    "of to in on for with by at from and or can could would should will how what which who whom where when " +
    "me us get got have has had please"
  ).split(/\s+/),
);
const PUNCT_ONLY = /^[\p{P}\p{S}\p{Z}\s]+$/u;
const ASCII_ONLY = /^[\x20-\x7e]+$/;

const cache = new Map<string, Tokenizer>();

/** Words that should stay whole: 专题 names, aliases and vocabulary values. */
export function corpusUserWords(corpus: Pick<Corpus, "topics" | "vocabulary">): string[] {
  return [
    ...corpus.topics.flatMap((t) => [t.name, ...t.aliases]),
    ...corpus.vocabulary.programs.map((p) => p.name),
    ...corpus.vocabulary.applicants,
    ...corpus.vocabulary.supportModes,
  ];
}

export function makeCorpusTokenizer(corpus: Pick<Corpus, "topics" | "vocabulary" | "lexicon">): Tokenizer {
  return makeTokenizer(corpus.lexicon, corpusUserWords(corpus));
}

/** Builds (or reuses: loading jieba's dictionary takes ~200 ms) a tokeniser for this lexicon. */
export function makeTokenizer(lexicon: LexiconEntry[], userWords: string[] = []): Tokenizer {
  const key = JSON.stringify([lexicon, userWords]);
  const hit = cache.get(key);
  if (hit) return hit;
  const t = createTokenizer(lexicon, userWords);
  if (cache.size > 8) cache.clear();
  cache.set(key, t);
  return t;
}

function createTokenizer(lexicon: LexiconEntry[], userWords: string[]): Tokenizer {
  const jieba = Jieba.withDict(dict);
  const words = new Set<string>();
  for (const w of [...lexicon.flatMap((e) => [e.term, ...e.variants]), ...userWords]) {
    const lw = w.toLowerCase().trim();
    // jieba's dictionary format is "word freq": a word cannot contain whitespace.
    if (lw && !/\s/.test(lw) && !ASCII_ONLY.test(lw)) words.add(lw);
  }
  if (words.size) jieba.loadDict(Buffer.from([...words].map((w) => `${w} 100000 n`).join("\n") + "\n"));

  // Chinese variants match as substrings; English ones as whole words (optionally plural).
  const cjk: { needle: string; term: string }[] = [];
  const latin: { re: RegExp; head: string; term: string }[] = [];
  for (const e of lexicon) {
    for (const v of [e.term, ...e.variants]) {
      const lv = v.toLowerCase().trim();
      if (!lv) continue;
      if (ASCII_ONLY.test(lv)) {
        latin.push({ re: new RegExp(`(?<![a-z0-9])${escapeRe(lv)}(?:s|es)?(?![a-z0-9])`), head: lv.split(/\s+/)[0], term: e.term });
      } else cjk.push({ needle: lv, term: e.term });
    }
  }

  // The pipeline tokenises the same question several times (retriever, ranker): remember recent results.
  const memo = <T>(fn: (text: string) => T, size = 512) => {
    const cache = new Map<string, T>();
    return (text: string): T => {
      const hit = cache.get(text);
      if (hit !== undefined) return hit;
      const v = fn(text);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(text, v);
      return v;
    };
  };

  const cutRaw = (text: string): string[] => {
    const out: string[] = [];
    for (const raw of jieba.cutForSearch(text.toLowerCase(), true)) {
      const w = raw.trim();
      if (!w || PUNCT_ONLY.test(w) || STOPWORDS.has(w)) continue;
      out.push(w);
    }
    return out;
  };

  const expandRaw = (text: string): string[] => {
    const lower = text.toLowerCase();
    const found: string[] = [];
    for (const v of cjk) if (lower.includes(v.needle) && !found.includes(v.term)) found.push(v.term);
    if (/[a-z]/.test(lower)) {
      for (const v of latin) if (!found.includes(v.term) && lower.includes(v.head) && v.re.test(lower)) found.push(v.term);
    }
    return found;
  };
  // Callers must not mutate the returned arrays (they are shared through the memo).
  const cut = memo(cutRaw);
  const expand = memo(expandRaw);

  const terms = (text: string): string[] => {
    const out = [...cut(text)];
    for (const term of expand(text)) {
      if (text.includes(term)) continue; // already tokenised from the text itself
      for (const w of cut(term)) out.push(w);
    }
    return out;
  };

  return { cut, expand, terms };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
}
