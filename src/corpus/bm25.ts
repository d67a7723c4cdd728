// A small BM25 keyword index over tokeniser output; serialisable to JSON beside the vector index.

export interface Bm25State {
  version: 1;
  k1: number;
  b: number;
  ids: string[];
  lengths: number[];
  /** term → [docIndex, termFrequency] pairs flattened: [d0, tf0, d1, tf1, …]. */
  postings: Record<string, number[]>;
}

export interface Bm25Hit {
  index: number;
  id: string;
  score: number;
}

export class Bm25Index {
  private readonly avgLength: number;
  private readonly idf = new Map<string, number>();
  /** Reused per query so a search does not allocate a corpus-sized array. */
  private readonly scratch: Float64Array;
  private readonly touched: number[] = [];

  private constructor(private readonly state: Bm25State) {
    const n = state.ids.length;
    this.avgLength = n ? state.lengths.reduce((a, b) => a + b, 0) / n : 0;
    for (const [term, p] of Object.entries(state.postings)) {
      const df = p.length / 2;
      this.idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    this.scratch = new Float64Array(n);
  }

  static build(docs: { id: string; tokens: string[] }[], k1 = 1.2, b = 0.75): Bm25Index {
    const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
    docs.forEach((d, i) => {
      const tf = new Map<string, number>();
      for (const t of d.tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) (postings[t] ??= []).push(i, n);
    });
    return new Bm25Index({ version: 1, k1, b, ids: docs.map((d) => d.id), lengths: docs.map((d) => d.tokens.length), postings });
  }

  static fromJSON(state: Bm25State): Bm25Index {
    const ok =
      state?.version === 1 &&
      Array.isArray(state.ids) &&
      Array.isArray(state.lengths) &&
      state.ids.length === state.lengths.length &&
      typeof state.postings === "object" &&
      state.postings !== null;
    if (!ok) throw new Error("bm25 index is malformed");
    const postings: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
    Object.assign(postings, state.postings);
    return new Bm25Index({ ...state, postings });
  }

  toJSON(): Bm25State {
    return this.state;
  }

  get size(): number {
    return this.state.ids.length;
  }

  get ids(): readonly string[] {
    return this.state.ids;
  }

  /** Top-k documents for the query tokens (each distinct token counted once), best first. */
  search(tokens: string[], k: number): Bm25Hit[] {
    const { k1, b, lengths, postings, ids } = this.state;
    const s = this.scratch;
    const touched = this.touched;
    touched.length = 0;
    const seen = new Set<string>();
    for (const t of tokens) {
      if (seen.has(t)) continue;
      seen.add(t);
      const p = postings[t];
      if (!p) continue;
      const idf = this.idf.get(t) ?? 0;
      for (let j = 0; j < p.length; j += 2) {
        const d = p[j];
        const tf = p[j + 1];
        const norm = tf + k1 * (1 - b + (b * lengths[d]) / (this.avgLength || 1));
        if (s[d] === 0) touched.push(d);
        s[d] += (idf * tf * (k1 + 1)) / norm;
      }
    }
    const hits: Bm25Hit[] = touched.map((d) => ({ index: d, id: ids[d], score: s[d] }));
    for (const d of touched) s[d] = 0;
    hits.sort((x, y) => y.score - x.score || x.index - y.index);
    return hits.slice(0, k);
  }
}
