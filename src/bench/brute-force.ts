// Exact cosine top-k over row-major, L2-normalised Float32Array vectors: the ground truth for recall
// and the baseline HNSW has to beat.

export interface Neighbor {
  index: number;
  similarity: number;
}

/** Rows are assumed L2-normalised, so the dot product is the cosine similarity. */
export function bruteForceTopK(
  vectors: Float32Array,
  dimensions: number,
  query: Float32Array,
  k: number,
): Neighbor[] {
  const rows = vectors.length / dimensions;
  // Sorted ascending by similarity so the weakest kept neighbour is at [0].
  const top: Neighbor[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * dimensions;
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += vectors[base + d] * query[d];
    if (top.length < k) {
      insertSorted(top, { index: r, similarity: dot });
    } else if (dot > top[0].similarity) {
      top.shift();
      insertSorted(top, { index: r, similarity: dot });
    }
  }
  return top.reverse();
}

function insertSorted(list: Neighbor[], item: Neighbor): void {
  let i = list.length;
  while (i > 0 && list[i - 1].similarity > item.similarity) i--;
  list.splice(i, 0, item);
}

/**
 * recall@k that treats ties fairly: a returned neighbour counts when its similarity reaches the exact
 * k-th best (synthetic chunks repeat sentences, so many rows tie and any of them is a correct answer).
 */
export function recallAtK(exact: readonly Neighbor[], approxSimilarities: readonly number[], k: number): number {
  if (exact.length === 0) return 1;
  const threshold = exact[Math.min(k, exact.length) - 1].similarity - 1e-5;
  let hits = 0;
  for (const s of approxSimilarities.slice(0, k)) if (s >= threshold) hits++;
  return Math.min(hits, exact.length) / Math.min(k, exact.length);
}

/** recall@k counting only identical ids: ties the approximate search broke differently count as misses. */
export function strictRecallAtK(exact: readonly Neighbor[], approxIds: readonly number[], k: number): number {
  if (exact.length === 0) return 1;
  const exactIds = new Set(exact.slice(0, k).map((e) => e.index));
  let hits = 0;
  for (const id of new Set(approxIds.slice(0, k))) if (exactIds.has(id)) hits++;
  return hits / exactIds.size;
}

/** One approximate answer as hnswlib gives it (cosine space: distance = 1 − similarity). */
export interface ApproxResult {
  neighbors: readonly number[];
  distances: readonly number[];
}

/**
 * Mean tie-aware and strict recall@k over the queries that have an exact answer (`exact[q]` belongs to
 * `approx[q]`; approximate answers beyond `exact.length` are not scored).
 */
export function meanRecall(
  exact: readonly (readonly Neighbor[])[],
  approx: readonly ApproxResult[],
  k: number,
): { recallAtK: number; strictRecallAtK: number; queries: number } {
  if (approx.length < exact.length) throw new Error(`${exact.length} exact answers but only ${approx.length} approximate ones`);
  if (exact.length === 0) throw new Error("no exact answers to score against");
  let tie = 0;
  let strict = 0;
  exact.forEach((e, q) => {
    tie += recallAtK(e, approx[q].distances.map((d) => 1 - d), k);
    strict += strictRecallAtK(e, approx[q].neighbors, k);
  });
  return { recallAtK: tie / exact.length, strictRecallAtK: strict / exact.length, queries: exact.length };
}

/** Share of queries whose two id lists are identical in order (a reloaded index against the one built). */
export function identicalShare(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  if (a.length !== b.length) throw new Error(`${a.length} answers against ${b.length}`);
  if (a.length === 0) return 1;
  let same = 0;
  a.forEach((ids, q) => {
    if (ids.length === b[q].length && ids.every((id, i) => id === b[q][i])) same++;
  });
  return same / a.length;
}
