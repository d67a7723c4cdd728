// The English → Chinese dictionary for English questions, from CC-CEDICT (the cc-cedict package's data, read
// directly as JSON: its own loader takes seconds and hundreds of MB), restricted to the Chinese words this corpus
// knows: words of the plan and cards, the lexicon's terms and the vocabulary, scope and sector cues. Where several
// Chinese words share a gloss, the one the corpus names as a term wins, then a word of the plan, then the primary
// sense. Built once per corpus.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { EnglishDictionary } from "../../core/frame/english-reading.js";

type Entry = [traditional: string, simplified: string, pinyin: string, english: string | string[], variants: unknown, classifiers: unknown];

let entries: Entry[] | undefined;

function loadCedict(): Entry[] {
  if (entries) return entries;
  const main = fileURLToPath(import.meta.resolve("cc-cedict"));
  const raw = readFileSync(main.replace(/dist[\\/]index\.js$/, "data/all.js"), "utf8");
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
}

export function buildEnglishDictionary(input: DictionaryInput): EnglishDictionary {
  const best = new Map<string, { zh: string; rank: number }>();
  for (const [, simp, , english] of loadCedict()) {
    if (!input.known.has(simp)) continue;
    const glosses = (Array.isArray(english) ? english : [english]).filter((g) => !SKIP.test(g));
    glosses.forEach((g, gi) => {
      for (const phrase of normaliseGloss(g)) {
        // Lower is better: a named term, then the primary sense, then a shorter word.
        const rank = (input.terms.has(simp) ? 0 : 100) + gi * 10 + simp.length;
        const prev = best.get(phrase);
        if (!prev || rank < prev.rank) best.set(phrase, { zh: simp, rank });
      }
    });
  }
  const phrases = new Map([...best].map(([k, v]) => [k, v.zh]));
  const maxWords = Math.max(1, ...[...phrases.keys()].map((k) => k.split(" ").length));
  return { phrases, maxWords };
}
