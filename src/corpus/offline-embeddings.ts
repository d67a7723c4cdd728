// A LangChain Embeddings that needs no model: jieba tokens + CJK character bigrams (lexicon-expanded),
// hashed into a fixed dimension, TF-IDF weighted with IDF fitted on the corpus chunks, L2-normalised.
import { Embeddings } from "@langchain/core/embeddings";
import type { LexiconEntry } from "../core/types.js";
import { makeTokenizer, type Tokenizer } from "./tokenizer.js";

export const OFFLINE_EMBEDDER = "offline-hash-tfidf";
export const OFFLINE_EMBEDDER_VERSION = 1;
const BIGRAM_WEIGHT = 0.5;

/** Everything needed to embed a query exactly as the index was embedded; saved beside the index. */
export interface OfflineEmbeddingsState {
  id: string;
  dimensions: number;
  lexicon: LexiconEntry[];
  userWords: string[];
  docCount: number;
  /** feature → inverse document frequency; features never seen in the corpus weigh 0. */
  idf: Record<string, number>;
}

export interface OfflineEmbeddingsOptions {
  dimensions: number;
  lexicon?: LexiconEntry[];
  userWords?: string[];
}

export class OfflineEmbeddings extends Embeddings {
  readonly id = `${OFFLINE_EMBEDDER}@${OFFLINE_EMBEDDER_VERSION}`;
  readonly dimensions: number;
  private readonly tokenizer: Tokenizer;
  private readonly lexicon: LexiconEntry[];
  private readonly userWords: string[];
  private idf = new Map<string, number>();
  private docCount = 0;

  constructor(opts: OfflineEmbeddingsOptions) {
    super({});
    if (!Number.isInteger(opts.dimensions) || opts.dimensions < 1) throw new Error(`dimensions must be a positive integer`);
    this.dimensions = opts.dimensions;
    this.lexicon = opts.lexicon ?? [];
    this.userWords = opts.userWords ?? [];
    this.tokenizer = makeTokenizer(this.lexicon, this.userWords);
  }

  /** Fits IDF on the texts that will be indexed. */
  fit(texts: string[]): this {
    const df = new Map<string, number>();
    for (const t of texts) for (const f of new Set(this.features(t))) df.set(f, (df.get(f) ?? 0) + 1);
    const n = texts.length;
    this.idf = new Map([...df].map(([f, d]) => [f, Math.log((n + 1) / (d + 0.5))]));
    this.docCount = n;
    return this;
  }

  get fitted(): boolean {
    return this.docCount > 0;
  }

  toJSON(): OfflineEmbeddingsState {
    return {
      id: this.id,
      dimensions: this.dimensions,
      lexicon: this.lexicon,
      userWords: this.userWords,
      docCount: this.docCount,
      idf: Object.fromEntries(this.idf),
    };
  }

  static fromJSON(state: OfflineEmbeddingsState): OfflineEmbeddings {
    if (!state || typeof state !== "object" || typeof state.idf !== "object" || !Array.isArray(state.lexicon)) {
      throw new Error("offline embedder state is malformed");
    }
    const expected = `${OFFLINE_EMBEDDER}@${OFFLINE_EMBEDDER_VERSION}`;
    if (state.id !== expected) throw new Error(`offline embedder state is "${state.id}", expected "${expected}"`);
    const e = new OfflineEmbeddings({ dimensions: state.dimensions, lexicon: state.lexicon, userWords: state.userWords });
    e.idf = new Map(Object.entries(state.idf));
    e.docCount = state.docCount;
    return e;
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return Promise.resolve(documents.map((d) => this.embed(d)));
  }

  embedQuery(document: string): Promise<number[]> {
    return Promise.resolve(this.embed(document));
  }

  /** Synchronous embedding (the async methods wrap it). An all-zero vector means "no known feature". */
  embed(text: string): number[] {
    const tf = new Map<string, number>();
    for (const f of this.features(text)) tf.set(f, (tf.get(f) ?? 0) + 1);
    const v = new Array<number>(this.dimensions).fill(0);
    for (const [f, n] of tf) {
      const idf = this.idf.get(f);
      if (!idf) continue;
      const w = (1 + Math.log(n)) * idf * (f.charCodeAt(0) === 98 /* b */ ? BIGRAM_WEIGHT : 1);
      v[fnv1a(f) % this.dimensions] += w;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < v.length; i++) v[i] *= inv;
    }
    return v;
  }

  /** "w:" + token for words, "b:" + two characters for CJK bigrams. */
  private features(text: string): string[] {
    const out = this.tokenizer.terms(text).map((w) => `w:${w}`);
    for (const run of text.match(/[\u3400-\u9fff]+/g) ?? []) {
      for (let i = 0; i + 1 < run.length; i++) out.push(`b:${run.slice(i, i + 2)}`);
    }
    return out;
  }
}

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
