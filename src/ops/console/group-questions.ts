// Groups questions that say nearly the same thing, so staff see "this was asked 14 times" once instead
// of 14 rows. General text similarity, no word lists: each question is normalised and cut into its set
// of bigrams — pairs of adjacent characters, a run of digits or Latin letters counting as one — and two
// questions are similar when those sets overlap enough (Jaccard).
// Greedy: the most frequent question not yet placed seeds a group and takes every unplaced question
// similar to it; repeat. Deterministic for a given input order.

/**
 * Minimum Jaccard similarity of two questions' bigram sets for them to share a group: |A∩B| / |A∪B|.
 * 0.6 means that of all distinct bigrams of the pair, at least 60% appear in both. Measured
 * on this plan's questions: a changed particle or a one-word paraphrase stays above it
 * (能申请/可以申请哪些专题 0.67, 贷款贴息(的)比例是多少 0.70, 能不能/能否申请 0.64), while
 * questions sharing only a subject stay below (高新技术企业想贷款 / 想引进人才 0.50, 科技金融 /
 * 科技成果转化计划支持什么 0.43, 专题3 / 专题13支持什么 0.50). Short questions need a closer match: one
 * word is a bigger share of them (帮我写一首诗 / 帮我写首诗 0.50 stay apart).
 */
export const SIMILARITY_THRESHOLD = 0.6;

/**
 * NFKC (full-width to half-width), lower case, punctuation and symbols dropped; one space is kept
 * where any stood, so Latin words stay apart (spaces between Chinese characters do not count).
 */
export function normalizeQuestion(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\p{P}\p{S}\p{Z}\s]+/gu, " ").trim();
}

/**
 * The units a text is compared in: each Chinese character alone, but a run of digits or Latin letters
 * as one unit, so 专题3 and 专题13 differ by a whole unit and English compares word pairs.
 */
export function units(normalized: string): string[] {
  return normalized.match(/\p{Nd}+|\p{Script=Latin}+|\S/gu) ?? [];
}

/** The distinct pairs of adjacent units of a normalised text; a 1-unit text is its own piece. */
export function bigrams(normalized: string): Set<string> {
  const chars = units(normalized);
  if (chars.length < 2) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]} ${chars[i + 1]}`); // the space keeps 1+23 and 12+3 apart
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

export interface QuestionGroup<T> {
  /** The seed question's text (the most frequent form in the group, as first given). */
  representative: string;
  /** Every item in the group, in input order. */
  items: T[];
}

interface Bucket {
  text: string;
  key: string;
  grams: Set<string>;
  /** Input positions of its items, ascending (the first one is where the bucket was first seen). */
  at: number[];
}

/**
 * Groups items by their question text, largest group first (ties: the group whose first item came
 * first in the input — pass newest first to favour recent ones).
 */
export function groupQuestions<T>(items: readonly T[], textOf: (item: T) => string, threshold = SIMILARITY_THRESHOLD): QuestionGroup<T>[] {
  // Identical questions (after normalising) are one bucket: compared once, counted by their size.
  const byKey = new Map<string, Bucket>();
  items.forEach((item, i) => {
    const text = textOf(item);
    const key = normalizeQuestion(text) || text.trim();
    let b = byKey.get(key);
    if (!b) {
      b = { text, key, grams: bigrams(key), at: [] };
      byKey.set(key, b);
    }
    b.at.push(i);
  });
  const buckets = [...byKey.values()].sort((x, y) => y.at.length - x.at.length || x.at[0] - y.at[0]);

  // Only buckets sharing at least one bigram with the seed can reach the threshold: look those up.
  const byGram = new Map<string, number[]>();
  buckets.forEach((b, i) => {
    for (const g of b.grams) {
      const list = byGram.get(g);
      if (list) list.push(i);
      else byGram.set(g, [i]);
    }
  });

  const placed = new Array<boolean>(buckets.length).fill(false);
  const groups: { representative: string; at: number[] }[] = [];
  buckets.forEach((seed, i) => {
    if (placed[i]) return;
    placed[i] = true;
    const members = [seed];
    const candidates = new Set<number>();
    for (const g of seed.grams) for (const j of byGram.get(g) ?? []) if (!placed[j]) candidates.add(j);
    for (const j of [...candidates].sort((a, b) => a - b)) {
      const other = buckets[j];
      // |A∩B| ≤ min and |A∪B| ≥ max, so a size ratio under the threshold can never reach it.
      const small = Math.min(seed.grams.size, other.grams.size);
      const large = Math.max(seed.grams.size, other.grams.size);
      if (small / large < threshold) continue;
      if (jaccard(seed.grams, other.grams) >= threshold) {
        placed[j] = true;
        members.push(other);
      }
    }
    groups.push({ representative: seed.text, at: members.flatMap((m) => m.at).sort((a, b) => a - b) });
  });

  return groups
    .sort((a, b) => b.at.length - a.at.length || a.at[0] - b.at[0])
    .map((g) => ({ representative: g.representative, items: g.at.map((i) => items[i]) }));
}
