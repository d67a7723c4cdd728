// Where the scale benchmark's vectors come from: by default the corpus module's offline embedder
// (the vectors production uses, IDF fitted on the synthetic chunks as ingest would), or a local
// hashing stand-in (`--embedder hash`) that needs no corpus loading.
import { loadCorpus } from "../corpus/load-corpus.js";
import { OfflineEmbeddings } from "../corpus/offline-embeddings.js";
import { corpusUserWords } from "../corpus/tokenizer.js";
import { hashEmbedInto } from "./hash-embedder.js";

export type VectorSourceName = "offline" | "hash";

export interface EmbeddedBatch {
  /** Row-major, one L2-normalised row per text (all-zero where a text has no known feature). */
  vectors: Float32Array;
  dimensions: number;
  name: string;
}

export interface VectorSource {
  name: string;
  dimensions: number;
  /** Fit on the texts to be indexed (IDF for the offline embedder; a no-op for the stand-in). */
  fit(texts: readonly string[]): void;
  embedAll(texts: readonly string[]): EmbeddedBatch;
}

export async function makeVectorSource(
  source: VectorSourceName,
  opts: { dimensions: number; corpusDir: string; rootDir: string },
): Promise<VectorSource> {
  const { dimensions } = opts;
  if (source === "hash") {
    const name = `hash-stand-in/${dimensions}`;
    return {
      name,
      dimensions,
      fit: () => undefined,
      embedAll: (texts) => fill(texts, dimensions, name, (t, row) => hashEmbedInto(t, row)),
    };
  }
  // The real lexicon and user words, so tokenisation matches what ingest does.
  const corpus = await loadCorpus(opts.corpusDir, opts.rootDir);
  const embedder = new OfflineEmbeddings({ dimensions, lexicon: corpus.lexicon, userWords: corpusUserWords(corpus) });
  const name = `${embedder.id}/${dimensions}`;
  return {
    name,
    dimensions,
    fit: (texts) => void embedder.fit([...texts]),
    embedAll: (texts) => fill(texts, dimensions, name, (t, row) => row.set(embedder.embed(t))),
  };
}

function fill(
  texts: readonly string[],
  dimensions: number,
  name: string,
  embedInto: (text: string, row: Float32Array) => void,
): EmbeddedBatch {
  const vectors = new Float32Array(texts.length * dimensions);
  const row = new Float32Array(dimensions);
  texts.forEach((text, i) => {
    embedInto(text, row);
    vectors.set(row, i * dimensions);
  });
  return { vectors, dimensions, name };
}
