// Finds known terms in a message: leftmost-longest, non-overlapping, case-insensitive. Chinese terms match
// anywhere, but a match yields to a longer term that starts inside it and runs past it ("是个人才团队" is
// 人才团队, not 个人), and a word opening with the classifier 个 is not read right after a numeral ("几个人").
// Latin terms only as whole words (an optional plural s/es is allowed).

export interface TermMatch<T> {
  term: string;
  start: number;
  end: number;
  value: T;
}

interface Entry<T> {
  term: string;
  lower: string;
  latin: boolean;
  value: T;
}

const LATIN_TERM = /^[\x20-\x7e]+$/;
// Numerals and demonstratives that take a classifier: after them 个 is the classifier of 几个/这个.
const BEFORE_CLASSIFIER = /[一二两三四五六七八九十百千万几这那每哪某整0-9]/;
const WORD_CHAR = /[a-z0-9]/;

export class TermMatcher<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();
  readonly size: number;

  /** Later entries for the same term are ignored: the first owner of a term keeps it. */
  constructor(entries: Iterable<[term: string, value: T]>) {
    const seen = new Set<string>();
    for (const [term, value] of entries) {
      const lower = term.trim().toLowerCase();
      if (!lower || seen.has(lower)) continue;
      seen.add(lower);
      const e: Entry<T> = { term: term.trim(), lower, latin: LATIN_TERM.test(lower), value };
      const list = this.byFirst.get(lower[0]) ?? [];
      list.push(e);
      this.byFirst.set(lower[0], list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.lower.length - a.lower.length);
    this.size = seen.size;
  }

  /** All matches, left to right; at each position the longest term wins and matching resumes after it. */
  findAll(text: string): TermMatch<T>[] {
    const lower = text.toLowerCase();
    const out: TermMatch<T>[] = [];
    let i = 0;
    while (i < lower.length) {
      const hit = this.longestAt(lower, i);
      if (hit && !this.yields(lower, i, hit)) {
        out.push({ term: hit.term, start: i, end: hit.end, value: hit.value });
        i = hit.end;
      } else i++;
    }
    return out;
  }

  /**
   * How far a phrase of overlapping terms reaches from a match: "软件著作权登记" is "软件著作权" running into
   * "著作权登记", so the phrase ends after 登记.
   */
  reach(text: string, start: number, end: number): number {
    const lower = text.toLowerCase();
    let reach = end;
    for (let p = start + 1; p < reach; p++) {
      const hit = this.longestAt(lower, p);
      if (hit && hit.end > reach) reach = hit.end;
    }
    return reach;
  }

  private yields(lower: string, i: number, hit: { term: string; end: number }): boolean {
    if (LATIN_TERM.test(hit.term)) return false;
    if (lower[i] === "个" && i > 0 && BEFORE_CLASSIFIER.test(lower[i - 1])) return true;
    for (let p = i + 1; p < hit.end; p++) {
      const later = this.longestAt(lower, p);
      if (later && later.end > hit.end && later.end - p > hit.end - i) return true;
    }
    return false;
  }

  has(text: string): boolean {
    return this.findAll(text).length > 0;
  }

  private longestAt(lower: string, i: number): { term: string; end: number; value: T } | undefined {
    const list = this.byFirst.get(lower[i]);
    if (!list) return undefined;
    for (const e of list) {
      if (!lower.startsWith(e.lower, i)) continue;
      let end = i + e.lower.length;
      if (e.latin) {
        if (i > 0 && WORD_CHAR.test(lower[i - 1])) continue;
        if (lower.startsWith("es", end) && !WORD_CHAR.test(lower[end + 2] ?? "")) end += 2;
        else if (lower[end] === "s" && !WORD_CHAR.test(lower[end + 1] ?? "")) end += 1;
        if (WORD_CHAR.test(lower[end] ?? "") && WORD_CHAR.test(e.lower.at(-1)!)) continue;
      }
      return { term: e.term, end, value: e.value };
    }
    return undefined;
  }
}
