// Where the scale benchmark's vectors come from: the corpus module's offline embedder when it is
// present (the vectors production uses), else the local hashing stand-in.
import { hashEmbedInto } from "./hash-embedder.js";

export type VectorSourceName = "offline" | "hash";

export interface EmbeddedBatch {
  /** Row-major, one L2-normalised row per text. */
  vectors: Float32Array;
  dimensions: number;
  name: string;
}

export async function embedAll(
  source: VectorSourceName,
  texts: readonly string[],
  opts: { dimensions: number; corpusDir: string },
): Promise<EmbeddedBatch> {
  if (source === "hash") return hashBatch(texts, opts.dimensions);
  throw new Error(`vector source "${source}" is not available`);
}

function hashBatch(texts: readonly string[], dimensions: number): EmbeddedBatch {
  const vectors = new Float32Array(texts.length * dimensions);
  const row = new Float32Array(dimensions);
  texts.forEach((text, i) => {
    hashEmbedInto(text, row);
    vectors.set(row, i * dimensions);
  });
  return { vectors, dimensions, name: `hash-stand-in/${dimensions}` };
}
