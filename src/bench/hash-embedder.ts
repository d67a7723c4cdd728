// Stand-in hashing embedder for the scale benchmark: jieba words + character bigrams, signed feature
// hashing into a fixed dimension, L2-normalised, without corpus loading or IDF (`--embedder hash`):
// isolates HNSW timing from the offline embedder's cost.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { fnv1a } from "../corpus/offline-embeddings.js";

let jieba: Jieba | undefined;
function tokenizer(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Embed one text into `out` (length = dimensions), overwriting it. */
export function hashEmbedInto(text: string, out: Float32Array): void {
  out.fill(0);
  const dims = out.length;
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    out[h % dims] += h & 0x80000000 ? -weight : weight;
  };
  for (const w of tokenizer().cut(text, false)) if (w.trim()) add("w:" + w, 1);
  const chars = [...text.replace(/\s+/g, "")];
  for (let i = 0; i + 1 < chars.length; i++) add("b:" + chars[i] + chars[i + 1], 0.5);
  let norm = 0;
  for (let i = 0; i < dims; i++) norm += out[i] * out[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dims; i++) out[i] /= norm;
}
