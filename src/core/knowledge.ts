// World knowledge the understanding layer reads: places (from China's administrative divisions and ISO 3166,
// grouped by corpus/regions.yaml) and the corpus's own scope and sector data. Built once per corpus by
// src/corpus/knowledge/; core only reads it.
import type { EnglishDictionary } from "./frame/english-reading.js";
import type { TermMatcher } from "./frame/term-matcher.js";
import type { RegionModel, ScopeModel, SectorModel, Vocabulary } from "./types.js";

export interface Place {
  /** Official name: 孝感市, 江岸区, 巴西. */
  name: string;
  level: "country" | "region" | "province" | "city" | "county" | "zone";
  province?: string;
  /** Prefecture-level city a county belongs to (or the city itself). */
  city?: string;
  /** In the plan's own city (武汉地区). */
  home: boolean;
  /** Outside mainland China (a country, or 港澳台). */
  abroad: boolean;
  /** Names of the regions.yaml groupings it belongs to (武汉都市圈, 长江中游城市群…). */
  groupings: string[];
}

export interface Gazetteer {
  matcher: TermMatcher<Place>;
  home: Place;
}

export interface Knowledge {
  places: Gazetteer;
  regions: RegionModel;
  scope: ScopeModel;
  sectors: SectorModel;
  vocabulary: Vocabulary;
  /** English → Chinese for English questions (CC-CEDICT, restricted to the corpus's words). */
  english: EnglishDictionary;
  /** English words the corpus lists itself, and how they read: the Chinese term of their entry, or themselves. */
  englishKeep: ReadonlyMap<string, string>;
}
