// Question normalisation: users paste full-width characters, stray spaces and mixed case.

/** Full-width ASCII → half-width, ideographic space → space, collapse whitespace, trim. */
export function normalizeText(input: string): string {
  let out = "";
  for (const ch of input) {
    const code = ch.codePointAt(0)!;
    if (code === 0x3000) out += " ";
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else out += ch;
  }
  return out.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\ufeff]/g, "").replace(/\s+/g, " ").trim();
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** English when the question has Latin words and (almost) no Chinese characters. */
export function detectLanguage(text: string): "zh" | "en" {
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.match(LATIN_WORD)?.length ?? 0;
  if (latin >= 2 && cjk <= 2) return "en";
  if (latin >= 1 && cjk === 0) return "en";
  // An English sentence quoting a Chinese name ("…under the Programme (科技企业培育计划)?").
  if (latin >= 6 && cjk <= latin) return "en";
  return "zh";
}

const wordRegex = new Map<string, RegExp>();
const LATIN_ONLY = /^[a-z0-9 .'&-]+$/i;

/** Whole-word matcher for a Latin word, compiled once (this runs many times per question). */
function latinMatcher(w: string): RegExp {
  let re = wordRegex.get(w);
  if (!re) {
    re = new RegExp(`(^|[^a-z])${w.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^a-z]|$)`);
    wordRegex.set(w, re);
  }
  return re;
}

/** The first of `words` that `text` contains (case-insensitive; Latin words match whole words only). */
export function containsAny(text: string, words: readonly string[]): string | undefined {
  const lower = text.toLowerCase();
  const hasLatin = /[a-z]/.test(lower);
  for (const w of words) {
    if (!w) continue;
    if (LATIN_ONLY.test(w)) {
      if (hasLatin && lower.includes(w.toLowerCase()) && latinMatcher(w).test(lower)) return w;
    } else if (lower.includes(w.toLowerCase())) return w;
  }
  return undefined;
}
