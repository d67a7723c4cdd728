// The assistant eval runs in-process: exactly the production wiring (`makeAssistant`), built on a retriever
// wrapped by a spy so citations can be checked against what was really retrieved for each answer.
import type { Config } from "../config.js";
import type { Assistant } from "../core/types.js";
import { makeAssistant } from "../wiring.js";
import { spyOnRetriever, type RetrievalSpy } from "./retrieval-spy.js";

export type ObservedAssistant = Assistant & { retrievalSpy?: RetrievalSpy; corpusChunkIds?: () => ReadonlySet<string>; corpusChunkText?: (id: string) => string | undefined };

export async function makeObservedAssistant(config: Config): Promise<ObservedAssistant> {
  // The first build loads (or builds) the corpus and index once; the second reuses them with the spy in place.
  const base = await makeAssistant(config);
  const spy = spyOnRetriever(base.retriever);
  const wired = await makeAssistant(config, { corpus: base.corpus, retriever: spy.retriever, indexInfo: base.indexInfo() });
  await base.close();
  return Object.assign(wired, { retrievalSpy: spy });
}
