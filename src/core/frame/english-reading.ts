// Reads an English question as Chinese, so that one set of extractors and one ranker serve both languages:
// function words through the closed-class table (english-grammar.ts), content words and phrases through the
// CC-CEDICT dictionary restricted to words the corpus knows (src/corpus/knowledge/build-english-dictionary.ts).
// Words the corpus itself lists in English read as what the corpus says they are: a vocabulary or lexicon entry's
// Chinese term ("tech sme" → 科技型中小企业), or themselves for the scope matchers ("visa"). Unknown words (names,
// "nsfc") stay as they are.
import { ENGLISH_ABBREVIATIONS, ENGLISH_CONTRACTIONS, ENGLISH_DROPPED, ENGLISH_FUNCTION_WORDS, ENGLISH_PHRASE_ARTICLES } from "./english-grammar.js";

export interface EnglishDictionary {
  /** Normalised English phrase → the Chinese word chosen for it. */
  phrases: Map<string, string>;
  /** Longest phrase, in words. */
  maxWords: number;
}

/** Singular, base and stem forms of a word, most literal first, in American spelling too (centre → center). */
export function wordForms(word: string): string[] {
  const us = word.replace(/tre$/, "ter").replace(/ise(s|d)?$/, "ize$1").replace(/isation$/, "ization").replace(/our$/, "or").replace(/^programme/, "program");
  // CC-CEDICT writes American English: try that spelling first.
  const out = us === word ? [word] : [us, word];
  const w = us;
  if (w.length > 4 && w.endsWith("ies")) out.push(w.slice(0, -3) + "y");
  if (w.length > 3 && w.endsWith("es")) out.push(w.slice(0, -2));
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) out.push(w.slice(0, -1));
  if (w.length > 5 && w.endsWith("ing")) out.push(w.slice(0, -3), w.slice(0, -3) + "e");
  if (w.length > 4 && w.endsWith("ed")) out.push(w.slice(0, -2), w.slice(0, -1));
  return [...new Set(out)];
}

const LATIN = /^[\x20-\x7e]+$/;
const TOKEN = /[a-z0-9][a-z0-9&'+.-]*[a-z0-9+]|[a-z0-9]|[\u3400-\u9fff]+|[?？.。,，;；!！:：]/gi;
const PUNCT: Record<string, string> = { "?": "？", ".": "。", ",": "，", ";": "；", "!": "！", ":": "：" };

export function readEnglish(text: string, dict: EnglishDictionary, keep: ReadonlyMap<string, string>): string {
  let t = text.toLowerCase();
  for (const [re, to] of ENGLISH_CONTRACTIONS) t = t.replace(re, to);
  const tokens = t.match(TOKEN) ?? [];
  // Room for the articles a phrase may carry beyond its filed form: a longer window must hold that many articles.
  const base = Math.max(dict.maxWords, 4);
  const maxN = base + 2;
  // Latin words are separated from each other by a space and from Chinese by nothing, so the Chinese extractors'
  // patterns ("注册在孝感") read "注册在xiaogan" the same way.
  const out: { s: string; latin: boolean }[] = [];
  const emit = (s: string, latin: boolean) => out.push({ s, latin });
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    if (PUNCT[tok] || /[\u3400-\u9fff]/.test(tok)) {
      emit(PUNCT[tok] ?? tok, false);
      i++;
      continue;
    }
    let done = false;
    for (let n = Math.min(maxN, tokens.length - i); n >= 1 && !done; n--) {
      const words = tokens.slice(i, i + n);
      if (n > base && words.filter((w) => ENGLISH_PHRASE_ARTICLES.has(w)).length < n - base) continue;
      if (words.some((w) => PUNCT[w])) continue;
      // Inside a phrase, articles vary ("first of a kind" is filed as "first of kind"); a phrase needs two words left.
      const content = n > 1 ? words.filter((w) => !ENGLISH_PHRASE_ARTICLES.has(w)) : words;
      const bare = content.length < words.length && content.length >= 2 && !ENGLISH_PHRASE_ARTICLES.has(words[0]) && !ENGLISH_PHRASE_ARTICLES.has(words[n - 1]) ? content : undefined;
      const phrase = words.join(" ");
      // The corpus's own English words first (they carry a role for the matchers), then grammar, then the dictionary.
      const kept = keep.get(phrase) ?? (n > 0 ? wordForms(words[n - 1]).map((f) => keep.get([...words.slice(0, -1), f].join(" "))).find(Boolean) : undefined);
      if (kept) {
        emit(kept, LATIN.test(kept));
        done = true;
      } else if (ENGLISH_FUNCTION_WORDS[phrase] !== undefined) {
        emit(ENGLISH_FUNCTION_WORDS[phrase], false);
        done = true;
      } else if (ENGLISH_ABBREVIATIONS[phrase] !== undefined) {
        emit(ENGLISH_ABBREVIATIONS[phrase], false);
        done = true;
      } else if (n === 1 && ENGLISH_DROPPED.has(phrase)) {
        done = true;
      } else {
        // Base forms of the first and the last word ("scaling up", "joint laboratories").
        search: for (const ws of bare ? [words, bare] : [words]) {
          const k = ws.length;
          const firsts = n > 1 ? wordForms(ws[0]) : [ws[0]];
          const lasts = n > 1 ? wordForms(ws[k - 1]) : wordForms(ws[0]);
          const middle = ws.slice(1, -1).join(" ");
          for (const first of firsts) {
            for (const last of lasts) {
              const key = n === 1 ? last : [first, middle, last].filter(Boolean).join(" ");
              const zh = dict.phrases.get(key);
              if (zh) {
                emit(zh, false);
                done = true;
                break search;
              }
            }
          }
        }
      }
      if (done) i += n;
    }
    if (done) continue;
    // Hyphenated words the dictionary lacks are read part by part ("pilot-scale" → pilot + scale).
    if (tok.includes("-") && tok.split("-").every((p) => p)) {
      tokens.splice(i, 1, ...tok.split("-"));
      continue;
    }
    if (!ENGLISH_DROPPED.has(tok)) emit(tok, true);
    i++;
  }
  return out
    .filter((p) => p.s)
    .map((p, i, all) => (i > 0 && p.latin && all[i - 1].latin ? " " : "") + p.s)
    .join("");
}
