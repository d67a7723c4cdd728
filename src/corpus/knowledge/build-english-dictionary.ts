// The English → Chinese dictionary for English questions, from CC-CEDICT (the cc-cedict package's data, read
// directly as JSON: its own loader takes seconds and hundreds of MB) over the words of jieba's dictionary. Where
// several Chinese words share a gloss, the one the corpus names as a term wins (lexicon terms, vocabulary, scope
// and sector cues, 专题 names), then a word of the plan and cards, then the commoner word by jieba's frequency,
// then the primary sense. Built once per corpus.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { phraseKey } from "../../core/frame/english-grammar.js";
import type { EnglishDictionary } from "../../core/frame/english-reading.js";

type Entry = [traditional: string, simplified: string, pinyin: string, english: string | string[], variants: unknown, classifiers: unknown];

let entries: Entry[] | undefined;

/** The CC-CEDICT data file of the installed cc-cedict package. */
export function cedictFile(): string {
  return fileURLToPath(import.meta.resolve("cc-cedict")).replace(/dist[\\/]index\.js$/, "data/all.js");
}

function loadCedict(): Entry[] {
  if (entries) return entries;
  const raw = readFileSync(cedictFile(), "utf8");
  const data = JSON.parse(raw.slice(raw.indexOf("{")).replace(/;\s*$/, "")) as { all: Entry[] };
  entries = data.all;
  return entries;
}

const SKIP = /variant of|surname|used in|see |abbr\.|old variant|classifier|\bcl:|[\u3400-\u9fff]|\|/i;

/** "to subsidize" → "subsidize"; "incubator (for eggs or startup businesses)" → "incubator". */
export function normaliseGloss(g: string): string[] {
  const base = g
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/\b(sb|sth|one's|sb's|sth's|etc)\b/g, " ");
  return base
    .split(/[;/,]/)
    .map((p) => p.replace(/^\s*(to|a|an|the)\s+/, "").replace(/[^a-z0-9&+' -]/g, " ").replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 1 && p.split(" ").length <= 4);
}

export interface DictionaryInput {
  /** Chinese words the corpus uses. */
  known: Set<string>;
  /** Words the corpus names as terms (lexicon terms, cues, 专题 names): preferred where glosses are shared. */
  terms: Set<string>;
  /** jieba's dictionary frequencies: a word outside the corpus is a candidate when jieba knows it. */
  frequency: Map<string, number>;
  /** How often each word occurs in the plan and cards: among corpus words, the commoner one wins a shared gloss. */
  corpusCount?: Map<string, number>;
  /** Extra English → Chinese pairs the corpus maintains (the English names of 专题 and 专项). */
  names?: [english: string, chinese: string][];
}

export function buildEnglishDictionary(input: DictionaryInput): EnglishDictionary {
  const best = new Map<string, { zh: string; rank: number }>();
  const offer = (phrase: string, zh: string, rank: number) => {
    const prev = best.get(phrase);
    if (!prev || rank < prev.rank) best.set(phrase, { zh, rank });
  };
  for (const [, simp, , english] of loadCedict()) {
    const inCorpus = input.known.has(simp);
    const freq = input.frequency.get(simp) ?? 0;
    // Outside the corpus, a single character is too many words at once ("grant" is not 赐).
    if (!inCorpus && (freq === 0 || [...simp].length < 2)) continue;
    // A word outside the corpus offers its primary sense only: its other senses are noise here ("run" is not 烧).
    const all = (Array.isArray(english) ? english : [english]).filter((g) => !SKIP.test(g));
    const glosses = inCorpus ? all : all.slice(0, 1);
    glosses.forEach((g, gi) => {
      // Lower is better: a named term, a word of the corpus, a common word; then the primary sense.
      const uses = input.corpusCount?.get(simp) ?? 0;
      const base = input.terms.has(simp) ? 0 : inCorpus ? 1e3 - Math.min(uses, 99) * 5 : 1e4 - Math.min(Math.log10(freq + 1) * 1e3, 5e3) + 5e3;
      const phrases = normaliseGloss(g);
      for (const phrase of phrases) offer(phrase, simp, base + gi * 10);
    });
  }
  for (const [en, zh] of input.names ?? []) for (const phrase of normaliseGloss(en)) offer(phrase, zh, -1);
  // Each phrase is filed a second time without hyphens and articles, the form the reader falls back to — no
  // longer than the phrases themselves, or every lookup would have to try longer windows.
  const longest = Math.max(1, ...[...best.keys()].map((k) => k.split(" ").length));
  for (const [phrase, v] of [...best]) {
    const key = phraseKey(phrase);
    const words = key.split(" ").length;
    if (key !== phrase && words > 1 && words <= longest) offer(key, v.zh, v.rank + 1);
  }
  const phrases = new Map([...best].map(([k, v]) => [k, v.zh]));
  const maxWords = Math.max(1, ...[...phrases.keys()].map((k) => k.split(" ").length));
  return { phrases, maxWords };
}
