// Staff keep a word list (corpus/sensitive-words.txt); a question containing a listed word is refused
// before the assistant sees it, and a listed word in an answer is masked. Aho–Corasick scans the whole
// list in one pass, so the list can grow to thousands of words without slowing replies.
import AhoCorasick from "modern-ahocorasick";

export const MASK_CHAR = "＊";

/** Words from the file's text: one per line; blank lines and lines starting with `#` are skipped. */
export function parseWordList(text: string): string[] {
  const words = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((w) => w.toLowerCase());
  return [...new Set(words)];
}

export class SensitiveWords {
  private readonly matcher: AhoCorasick | undefined;

  constructor(readonly words: readonly string[]) {
    const list = [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))];
    this.matcher = list.length ? new AhoCorasick(list) : undefined;
  }

  get size(): number {
    return this.words.length;
  }

  /** Whether `text` contains any listed word (case-insensitive for Latin letters). */
  has(text: string): boolean {
    return this.matcher?.match(folded(text)) ?? false;
  }

  /** `text` with every listed word replaced by one ＊ per character. */
  mask(text: string): string {
    if (!this.matcher) return text;
    const lower = folded(text);
    // Offsets index the folded text; they index the original too only when folding kept the length.
    const source = lower.length === text.length ? lower : text;
    const hits = this.matcher.search(source, { strategy: "leftmost-longest" });
    if (!hits.length) return text;
    let out = "";
    let at = 0;
    for (const hit of hits) {
      out += text.slice(at, hit.start) + MASK_CHAR.repeat(Array.from(text.slice(hit.start, hit.end)).length);
      at = hit.end;
    }
    return out + text.slice(at);
  }
}

function folded(text: string): string {
  return text.toLowerCase();
}
