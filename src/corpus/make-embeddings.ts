// Chooses the embedder from config: the offline hashed TF-IDF one (default) or any OpenAI-compatible
// /embeddings endpoint (Ollama bge-m3, DashScope, …) through @langchain/openai.
// Type-only at the top: the client is imported on demand so the offline default never loads it (~0.2 s at start).
import type { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../config.js";
import type { Corpus } from "../core/types.js";
import { indexText } from "./chunk.js";
import {
  OFFLINE_EMBEDDER,
  OFFLINE_EMBEDDER_VERSION,
  OfflineEmbeddings,
  type OfflineEmbeddingsState,
} from "./offline-embeddings.js";
import { corpusUserWords } from "./tokenizer.js";

export type EmbeddingsConfig = Pick<
  Config,
  "EMBEDDINGS" | "EMBEDDINGS_BASE_URL" | "EMBEDDINGS_MODEL" | "EMBEDDINGS_API_KEY" | "EMBEDDINGS_DIMENSIONS"
>;

export type AnyEmbeddings = OfflineEmbeddings | OpenAIEmbeddings;

/** The id recorded in the manifest: a different id means the saved vectors are not comparable. */
export function embedderId(config: EmbeddingsConfig): string {
  if (config.EMBEDDINGS === "openai") return `openai:${config.EMBEDDINGS_MODEL}@${config.EMBEDDINGS_BASE_URL ?? ""}`;
  return `${OFFLINE_EMBEDDER}@${OFFLINE_EMBEDDER_VERSION}`;
}

/**
 * Offline: pass the corpus to fit IDF on its chunks (when building), or the saved state (when loading).
 * OpenAI: the second argument is ignored.
 */
export async function makeEmbeddings(
  config: EmbeddingsConfig,
  corpusOrState: Corpus | OfflineEmbeddingsState,
): Promise<AnyEmbeddings> {
  if (config.EMBEDDINGS === "openai") {
    if (!config.EMBEDDINGS_BASE_URL) throw new Error("EMBEDDINGS_BASE_URL is required when EMBEDDINGS=openai");
    const { OpenAIEmbeddings } = await import("@langchain/openai");
    return new OpenAIEmbeddings({
      model: config.EMBEDDINGS_MODEL,
      apiKey: config.EMBEDDINGS_API_KEY,
      configuration: { baseURL: config.EMBEDDINGS_BASE_URL },
      // Local servers (Ollama) do not all speak base64, the SDK's default.
      encodingFormat: "float",
      maxRetries: 1,
      timeout: 30_000,
    });
  }
  if (isCorpus(corpusOrState)) {
    return new OfflineEmbeddings({
      dimensions: config.EMBEDDINGS_DIMENSIONS,
      lexicon: corpusOrState.lexicon,
      userWords: corpusUserWords(corpusOrState),
    }).fit(corpusOrState.chunks.map(indexText));
  }
  return OfflineEmbeddings.fromJSON(corpusOrState);
}

function isCorpus(x: Corpus | OfflineEmbeddingsState): x is Corpus {
  return Array.isArray((x as Corpus).chunks);
}
