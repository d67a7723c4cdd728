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
