// The world knowledge the understanding layer reads, for one corpus: the place gazetteer (the division data is
// loaded once per process), the English → Chinese dictionary restricted to the corpus's words, and the corpus's
// scope, sector and vocabulary data. Built once per corpus (and again only when the corpus changes).
import type { Knowledge } from "../../core/knowledge.js";
import type { Corpus } from "../../core/types.js";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dict } from "@node-rs/jieba/dict.js";
import type { EnglishDictionary } from "../../core/frame/english-reading.js";
import { makeCorpusTokenizer } from "../tokenizer.js";
import { buildEnglishDictionary, cedictFile, type DictionaryInput } from "./build-english-dictionary.js";
import { buildGazetteer, restoreGazetteer, saveGazetteer, type SavedGazetteer } from "./build-gazetteer.js";
import { BUILD_ID } from "../../build/build-id.js";
import { readBuildCache, writeBuildCache, writeFileAtomic } from "../../build/build-cache.js";
import type { Gazetteer } from "../../core/knowledge.js";
import type { RegionModel } from "../../core/types.js";

const cache = new Map<string, Knowledge>();
const LATIN = /^[\x20-\x7e]+$/;

let frequencies: Map<string, number> | undefined;
/** jieba's dictionary ("word freq tag" lines): which Chinese words are in common use, and how common. */
function jiebaFrequencies(): Map<string, number> {
  if (frequencies) return frequencies;
  frequencies = new Map();
  for (const line of Buffer.from(dict).toString("utf8").split("\n")) {
    const [w, f] = line.split(" ");
    if (w && f) frequencies.set(w, Number(f));
  }
  return frequencies;
}

// Bump when the dictionary is built differently, so cached copies are rebuilt.
const DICTIONARY_VERSION = 3;

/**
 * The English dictionary takes about a second to build from CC-CEDICT: it is kept in `cacheDir` (the index
 * directory) under a key of everything it is built from, and rebuilt when any of it changes.
 */
export function cachedDictionary(cacheDir: string | undefined, key: string, build: () => EnglishDictionary): () => EnglishDictionary {
  if (!cacheDir) return once(build);
  const file = path.join(cacheDir, ENGLISH_DICTIONARY_FILE);
  const stamp = createHash("sha256").update(`${DICTIONARY_VERSION}\0${key}\0${statSync(cedictFile()).size}`).digest("hex");
  const read = (): EnglishDictionary | undefined => {
    try {
      const saved = JSON.parse(readFileSync(file, "utf8")) as { stamp: string; maxWords: number; phrases: [string, string][] };
      if (saved.stamp === stamp) return { maxWords: saved.maxWords, phrases: new Map(saved.phrases) };
    } catch {
      // Missing or unreadable: build it.
    }
    return undefined;
  };
  const buildAndSave = (): EnglishDictionary => {
    const dict = build();
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeFileAtomic(file, JSON.stringify({ stamp, maxWords: dict.maxWords, phrases: [...dict.phrases] }));
      writeFileSync(`${file}.stamp`, stamp);
    } catch {
      // A read-only data directory only costs the rebuild next time.
    }
    return dict;
  };
  // A saved dictionary whose stamp matches (read from its small sidecar) is loaded on the first English
  // question, not at start: most servers answer Chinese first, and it costs ~70 ms and ~7 MiB. A missing or
  // stale one is built now, at start-up, where a second of work belongs — not inside a visitor's request.
  let savedStamp: string | undefined;
  try {
    savedStamp = readFileSync(`${file}.stamp`, "utf8");
  } catch {
    savedStamp = undefined;
  }
  if (savedStamp === stamp) return once(() => read() ?? buildAndSave());
  const saved = read();
  if (saved) {
    try {
      writeFileSync(`${file}.stamp`, stamp); // a copy saved before the sidecar existed
    } catch {
      // read-only: loaded eagerly again next time
    }
  }
  const dict = saved ?? buildAndSave();
  return () => dict;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export const ENGLISH_DICTIONARY_FILE = "english-dictionary.json";

/**
 * The gazetteer is built from ~3,000 divisions, the world's countries and their pinyin (~90 ms, and the data
 * packages stay in memory). Under the `npm start` bundle it is saved in `cacheDir`, keyed by the build and
 * regions.yaml, and read back at later starts; from source it is built every time.
 */
function gazetteerFor(regions: RegionModel, cacheDir: string | undefined): Gazetteer {
  if (!cacheDir || !BUILD_ID) return buildGazetteer(regions);
  const key = createHash("sha256").update(`${BUILD_ID}\0${JSON.stringify(regions)}`).digest("hex").slice(0, 16);
  const dir = path.join(cacheDir, "cache");
  const cached = readBuildCache<SavedGazetteer>(dir, "gazetteer", key);
  if (cached) return restoreGazetteer(cached);
  const saved = saveGazetteer(regions);
  writeBuildCache(dir, "gazetteer", key, saved);
  return restoreGazetteer(saved);
}

/**
 * `namesEn`: English display names (prompts/names.en.yaml) of 专题 and 专项, as English → Chinese pairs;
 * `cacheDir`: where the English dictionary is kept between starts.
 */
export function makeKnowledge(corpus: Corpus, namesEn: [string, string][] = [], cacheDir?: string): Knowledge {
  const key = corpus.hash + JSON.stringify(namesEn);
  // (The corpus hash covers glossary.en.yaml and the lexicon.)
  const hit = cache.get(key);
  if (hit) return hit;
  const v = corpus.vocabulary;
  // The dictionary's inputs are computed only when it is (re)built: a cache hit skips tokenising the corpus.
  const english = cachedDictionary(cacheDir, key, () => buildEnglishDictionary(dictionaryInput(corpus, namesEn)));
  // English the corpus lists itself reads as the Chinese term of its entry; scope words stay English for the
  // scope matchers, which list them.
  const englishKeep = new Map<string, string>();
  // An entry's English cue reads as the entry's Chinese name (the map key), or its first Chinese cue.
  const entry = (name: string, list: string[]) => {
    const zh = !LATIN.test(name) && !name.includes("/") ? name : list.find((w) => !LATIN.test(w));
    for (const w of list) if (LATIN.test(w) && !englishKeep.has(w.toLowerCase())) englishKeep.set(w.toLowerCase(), zh ?? w.toLowerCase());
  };
  for (const map of [v.applicantCues, v.statusCues, v.ownership]) for (const [name, list] of Object.entries(map)) entry(name, list);
  entry("牵头", v.roleCues.lead);
  entry("参与", v.roleCues.participant);
  // Level words stay English: the level matcher lists them, and "nsfc" is no mere "国家级".
  const levels = corpus.scope.levels;
  for (const w of [...levels.national.words, ...levels.provincial.words, ...levels.national.programmes, ...levels.provincial.programmes]) {
    if (LATIN.test(w)) englishKeep.set(w.toLowerCase(), w.toLowerCase());
  }
  for (const w of [...corpus.scope.domains.flatMap((d) => d.cues), ...corpus.scope.inScope.flatMap((i) => i.cues)]) {
    if (LATIN.test(w) && !englishKeep.has(w.toLowerCase())) englishKeep.set(w.toLowerCase(), w.toLowerCase());
  }
  for (const e of corpus.lexicon) for (const w of e.variants) if (LATIN.test(w) && !englishKeep.has(w.toLowerCase())) englishKeep.set(w.toLowerCase(), e.term);
  const k: Knowledge = {
    places: gazetteerFor(corpus.regions, cacheDir),
    regions: corpus.regions,
    scope: corpus.scope,
    sectors: corpus.sectors,
    vocabulary: v,
    get english() {
      return english();
    },
    englishKeep,
  };
  if (cache.size > 4) cache.clear();
  cache.set(key, k);
  return k;
}

/** What the English dictionary is built from: the corpus's words, its named terms, and the glossary and names. */
function dictionaryInput(corpus: Corpus, namesEn: [string, string][]): DictionaryInput {
  const v = corpus.vocabulary;
  // Words that name what the plan is about: preferred translations. Scope cues are known but not preferred, or
  // English questions would drift towards the matters the plan declines.
  const entityCues = [
    ...Object.values(v.applicantCues), ...Object.values(v.ownership), ...Object.values(v.statusCues), v.roleCues.lead, v.roleCues.participant,
    corpus.scope.levels.national.words, corpus.scope.levels.provincial.words, corpus.scope.levels.national.programmes,
    corpus.scope.levels.provincial.programmes, ...corpus.scope.inScope.map((i) => i.cues),
    ...corpus.sectors.tech.map((t) => t.words), ...corpus.sectors.nonTech.map((t) => t.words), corpus.sectors.sme.largeWords, corpus.sectors.sme.smallWords,
  ].flat();
  const scopeCues = [...corpus.scope.domains.flatMap((d) => d.cues), ...corpus.scope.levels.programmeWords, ...corpus.scope.planSigns];
  const lexiconWords = corpus.lexicon.flatMap((e) => [e.term, ...e.variants]);
  const names = corpus.topics.flatMap((t) => [t.name, ...t.aliases]);
  // Lexicon variants are everyday words the plan terms stand for: known, but no preferred translation ("support"
  // is 支持, not the 帮扶 of one 专题's variants).
  const terms = new Set([...entityCues, ...corpus.lexicon.map((e) => e.term), ...names].filter((w) => !LATIN.test(w)));
  const tok = makeCorpusTokenizer(corpus);
  const texts = [corpus.plan.text, ...corpus.topics.flatMap((t) => [t.summary, ...Object.values(t.sections).flat()])];
  const known = new Set<string>([...terms, ...lexiconWords, ...scopeCues].filter((w) => !LATIN.test(w)));
  const corpusCount = new Map<string, number>();
  for (const text of texts) {
    for (const w of tok.cut(text)) {
      known.add(w);
      corpusCount.set(w, (corpusCount.get(w) ?? 0) + 1);
    }
  }
  const glossary = Object.entries(corpus.glossary).flatMap(([zh, ens]) => ens.map((en): [string, string] => [en, zh]));
  return { known, terms, frequency: jiebaFrequencies(), corpusCount, names: [...glossary, ...namesEn] };
}
