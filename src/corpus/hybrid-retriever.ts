// Hybrid retrieval: HNSW vector search and BM25 keyword search, fused by reciprocal rank fusion.
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Chunk, RetrievedChunk, Retriever } from "../core/types.js";
import type { Bm25Index } from "./bm25.js";
import type { Tokenizer } from "./tokenizer.js";

export const RRF_K = 60;
const REPEATABLE_MAX = 4096;

export interface HybridRetrieverDeps {
  vectors: HNSWLib;
  embeddings: EmbeddingsInterface;
  bm25: Bm25Index;
  tokenizer: Tokenizer;
  /** Chunks by id (the HNSW docstore and BM25 refer to chunks by id). */
  chunks: ReadonlyMap<string, Chunk>;
  rrfK?: number;
}

interface Fused {
  chunk: Chunk;
  score: number;
  vectorScore?: number;
  bm25Score?: number;
  vectorRank?: number;
  bm25Rank?: number;
}

export class HybridRetriever implements Retriever {
  private readonly rrfK: number;

  constructor(private readonly deps: HybridRetrieverDeps) {
    this.rrfK = deps.rrfK ?? RRF_K;
  }

  // Results of repeatable queries (corpus text, see Retriever.search): the index never changes under this
  // retriever, so each is searched once. Bounded, though the keys are clauses of one corpus.
  private readonly repeatable = new Map<string, Promise<RetrievedChunk[]>>();

  search(query: string, k: number, opts?: { repeatable?: boolean }): Promise<RetrievedChunk[]> {
    if (!opts?.repeatable) return this.searchNow(query, k);
    const key = `${k}\0${query}`;
    let hits = this.repeatable.get(key);
    if (!hits) {
      if (this.repeatable.size >= REPEATABLE_MAX) this.repeatable.clear();
      hits = this.searchNow(query, k);
      hits.catch(() => this.repeatable.delete(key));
      this.repeatable.set(key, hits);
    }
    return hits;
  }

  async get(ids: readonly string[]): Promise<Chunk[]> {
    return ids.map((id) => this.deps.chunks.get(id)).filter((c): c is Chunk => !!c);
  }

  private async searchNow(query: string, k: number): Promise<RetrievedChunk[]> {
    const q = typeof query === "string" ? query.trim() : "";
    const total = this.deps.chunks.size;
    if (!q || k <= 0 || total === 0) return [];
    // Each list goes deeper than k so that a chunk ranked well by only one of them can still surface.
    const depth = Math.min(total, Math.max(k * 4, 20));
    const fused = new Map<string, Fused>();

    const vector = await this.deps.embeddings.embedQuery(q);
    // An all-zero vector (no known word) has no cosine direction: skip the vector side.
    if (vector.some((x) => x !== 0)) {
      const hits = await this.deps.vectors.similaritySearchVectorWithScore(vector, depth);
      hits.forEach(([doc, distance], i) => {
        const chunk = this.deps.chunks.get(String(doc.metadata.chunkId));
        if (!chunk) return;
        fused.set(chunk.id, {
          chunk,
          score: 1 / (this.rrfK + i + 1),
          vectorScore: 1 - distance,
          vectorRank: i + 1,
        });
      });
    }

    this.deps.bm25.search(this.deps.tokenizer.terms(q), depth).forEach((hit, i) => {
      const rrf = 1 / (this.rrfK + i + 1);
      const prev = fused.get(hit.id);
      if (prev) {
        prev.score += rrf;
        prev.bm25Score = hit.score;
        prev.bm25Rank = i + 1;
        return;
      }
      const chunk = this.deps.chunks.get(hit.id);
      if (chunk) fused.set(hit.id, { chunk, score: rrf, bm25Score: hit.score, bm25Rank: i + 1 });
    });

    return [...fused.values()]
      .sort(
        (a, b) =>
          b.score - a.score || (b.bm25Score ?? 0) - (a.bm25Score ?? 0) || (b.vectorScore ?? 0) - (a.vectorScore ?? 0),
      )
      .slice(0, k);
  }
}
