// The world knowledge the understanding layer reads, for one corpus: the place gazetteer (built once per set of
// regions; the division data is loaded once per process) and the corpus's scope, sector and vocabulary data.
import type { Knowledge } from "../../core/knowledge.js";
import type { Corpus } from "../../core/types.js";
import { buildGazetteer } from "./build-gazetteer.js";

const gazetteers = new Map<string, Knowledge["places"]>();

export function makeKnowledge(corpus: Pick<Corpus, "regions" | "scope" | "sectors" | "vocabulary">): Knowledge {
  const key = JSON.stringify(corpus.regions);
  let places = gazetteers.get(key);
  if (!places) {
    places = buildGazetteer(corpus.regions);
    if (gazetteers.size > 4) gazetteers.clear();
    gazetteers.set(key, places);
  }
  return { places, regions: corpus.regions, scope: corpus.scope, sectors: corpus.sectors, vocabulary: corpus.vocabulary };
}
