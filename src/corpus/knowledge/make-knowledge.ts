// The world knowledge the understanding layer reads, for one corpus: the place gazetteer (the division data is
// loaded once per process), the English → Chinese dictionary restricted to the corpus's words, and the corpus's
// scope, sector and vocabulary data. Built once per corpus (and again only when the corpus changes).
import type { Knowledge } from "../../core/knowledge.js";
import type { Corpus } from "../../core/types.js";
import { makeCorpusTokenizer } from "../tokenizer.js";
import { buildEnglishDictionary } from "./build-english-dictionary.js";
import { buildGazetteer } from "./build-gazetteer.js";

const cache = new Map<string, Knowledge>();
const LATIN = /^[\x20-\x7e]+$/;

export function makeKnowledge(corpus: Corpus): Knowledge {
  const hit = cache.get(corpus.hash);
  if (hit) return hit;
  const v = corpus.vocabulary;
  const cueLists = [
    ...Object.values(v.applicantCues), ...Object.values(v.ownership), ...Object.values(v.statusCues), v.roleCues.lead, v.roleCues.participant,
    ...corpus.scope.domains.map((d) => d.cues), corpus.scope.levels.national.words, corpus.scope.levels.provincial.words,
    corpus.scope.levels.programmeWords, ...corpus.scope.inScope.map((i) => i.cues), corpus.scope.planSigns,
    ...corpus.sectors.tech.map((t) => t.words), ...corpus.sectors.nonTech.map((t) => t.words), corpus.sectors.sme.largeWords, corpus.sectors.sme.smallWords,
  ];
  const cues = cueLists.flat();
  const lexiconWords = corpus.lexicon.flatMap((e) => [e.term, ...e.variants]);
  const names = corpus.topics.flatMap((t) => [t.name, ...t.aliases]);
  const terms = new Set([...cues, ...lexiconWords, ...names].filter((w) => !LATIN.test(w)));
  const tok = makeCorpusTokenizer(corpus);
  const texts = [corpus.plan.text, ...corpus.topics.flatMap((t) => [t.summary, ...Object.values(t.sections).flat()])];
  const known = new Set<string>(terms);
  for (const text of texts) for (const w of tok.cut(text)) known.add(w);
  const english = buildEnglishDictionary({ known, terms });
  // English the corpus lists itself reads as the Chinese term of its entry; scope words stay English for the
  // scope matchers, which list them.
  const englishKeep = new Map<string, string>();
  const entry = (list: string[]) => {
    const zh = list.find((w) => !LATIN.test(w));
    for (const w of list) if (LATIN.test(w) && !englishKeep.has(w.toLowerCase())) englishKeep.set(w.toLowerCase(), zh ?? w.toLowerCase());
  };
  for (const list of [...Object.values(v.applicantCues), ...Object.values(v.statusCues), ...Object.values(v.ownership), v.roleCues.lead, v.roleCues.participant]) entry(list);
  entry(corpus.scope.levels.national.words);
  entry(corpus.scope.levels.provincial.words);
  for (const w of [...corpus.scope.domains.flatMap((d) => d.cues), ...corpus.scope.inScope.flatMap((i) => i.cues), ...corpus.scope.planSigns]) {
    if (LATIN.test(w) && !englishKeep.has(w.toLowerCase())) englishKeep.set(w.toLowerCase(), w.toLowerCase());
  }
  for (const e of corpus.lexicon) for (const w of e.variants) if (LATIN.test(w) && !englishKeep.has(w.toLowerCase())) englishKeep.set(w.toLowerCase(), e.term);
  const k: Knowledge = {
    places: buildGazetteer(corpus.regions),
    regions: corpus.regions,
    scope: corpus.scope,
    sectors: corpus.sectors,
    vocabulary: v,
    english,
    englishKeep,
  };
  if (cache.size > 4) cache.clear();
  cache.set(corpus.hash, k);
  return k;
}
