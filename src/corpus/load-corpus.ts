// Loads and validates the whole corpus directory: plan, topic cards, vocabulary, lexicon → Corpus.
// Every problem is collected and thrown together as a CorpusError of `file:line: message` lines.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Chunk, Corpus, CorpusFile, LexiconEntry, TopicCard, Vocabulary } from "../core/types.js";
import { checkCardNumbers } from "./check-card-numbers.js";
import { chunkGuideline } from "./guidelines/chunk-guideline.js";
import { readGuidelineDocs } from "./guidelines/guideline-docs.js";
import { isGuidelineDocument, readGuidelines, type GuidelineRead } from "./guidelines/read-guidelines.js";
import { chunkCard, chunkPlan } from "./chunk.js";
import { CorpusError, IssueList } from "./corpus-error.js";
import { buildGazetteer } from "./knowledge/build-gazetteer.js";
import { parseGlossary } from "./load-glossary.js";
import { emptyPlanEnglish, parsePlanEnglish } from "./load-plan-en.js";
import { parseRegions } from "./load-regions.js";
import { parseScope } from "./load-scope.js";
import { parseSectors } from "./load-sectors.js";
import { checkProfileForm, parseLexicon, parseVocabulary } from "./load-vocabulary.js";
import { parseCard, type ParsedCard } from "./parse-card.js";
import { parsePlan, type ParsedPlan } from "./parse-plan.js";
import { normalizeForQuote } from "./verbatim.js";

export { CorpusError } from "./corpus-error.js";
export type { CorpusIssue } from "./corpus-error.js";

export const VOCABULARY_FILE = "vocabulary.yaml";
export const LEXICON_FILE = "lexicon.yaml";
export const SCOPE_FILE = "scope.yaml";
export const REGIONS_FILE = "regions.yaml";
export const SECTORS_FILE = "sectors.yaml";
export const GLOSSARY_FILE = "glossary.en.yaml";
/** Unofficial English renderings of the plan, beside the plan file. */
export const PLAN_EN_FILE = "plan/plan.en.yaml";

/**
 * Reads `corpusDir` (plan/*.md, topics/*.md, vocabulary.yaml, optional lexicon.yaml). File names in errors
 * and chunks are relative to `rootDir`. The set of cards must match the plan's 专题 exactly: every 专题
 * heading in the plan needs one card and every card must name a 专题 of the plan (a fixture corpus with a
 * two-专题 plan therefore needs two cards; the real plan needs ids 1..19).
 */
export async function loadCorpus(corpusDir: string, rootDir: string, opts: ReadOptions = {}): Promise<Corpus> {
  return parseCorpus(await readCorpusFiles(corpusDir, rootDir, opts), corpusDir, rootDir);
}

export interface ReadOptions {
  /** Where parsed guideline documents are kept between runs (only a changed document is parsed again). */
  guidelineCache?: string;
  /** Told which guideline documents were parsed and which reused. */
  onGuidelines?: (read: GuidelineRead) => void;
}

/**
 * Every corpus file under `corpusDir`: absolute path → text. Guideline documents (PDF, Word, Excel, HTML,
 * Markdown under guidelines/) are parsed here and enter as their blocks in JSON.
 */
export async function readCorpusFiles(corpusDir: string, rootDir: string, opts: ReadOptions = {}): Promise<Map<string, string>> {
  const files = (await listCorpusFiles(corpusDir)).filter((f) => !isGuidelineDocument(f, corpusDir));
  const contents = new Map<string, string>();
  await Promise.all(files.map(async (f) => contents.set(f, await readFile(f, "utf8"))));
  const guidelines = await readGuidelines(corpusDir, rootDir, { cacheDir: opts.guidelineCache });
  for (const [f, c] of guidelines.contents) contents.set(f, c);
  opts.onGuidelines?.(guidelines);
  return contents;
}

/** The hash loadCorpus would give these files (see hashFiles), without parsing them. */
export function hashCorpusFiles(contents: Map<string, string>, rootDir: string): string {
  return hashFiles([...contents].map(([f, content]) => ({ name: path.relative(rootDir, f).split(path.sep).join("/"), content })));
}

/**
 * The corpus a saved index was built from (its `files`), parsed as if it were on disk: the server starts
 * on it when the files on disk no longer load, instead of not starting at all.
 */
export function corpusFromSnapshot(files: CorpusFile[], corpusDir: string, rootDir: string): Corpus {
  const contents = new Map(files.map((f) => [path.join(rootDir, f.name), f.content]));
  return parseCorpus(contents, corpusDir, rootDir);
}

/** Parses and validates corpus files (absolute path → text); throws a CorpusError listing every problem. */
export function parseCorpus(contents: Map<string, string>, corpusDir: string, rootDir: string): Corpus {
  const issues = new IssueList();
  const rel = (p: string) => path.relative(rootDir, p).split(path.sep).join("/");
  const files = [...contents.keys()].sort();

  // Vocabulary first: cards are checked against it.
  const vocabPath = path.join(corpusDir, VOCABULARY_FILE);
  let vocabulary: Vocabulary | undefined;
  if (!contents.has(vocabPath)) issues.add(rel(vocabPath), 1, `missing ${VOCABULARY_FILE}`);
  else vocabulary = parseVocabulary(contents.get(vocabPath)!, rel(vocabPath), issues);

  const lexPath = path.join(corpusDir, LEXICON_FILE);
  const lexicon: LexiconEntry[] = contents.has(lexPath) ? parseLexicon(contents.get(lexPath)!, rel(lexPath), issues) : [];

  // Scope, regions and sectors: required, each validated on its own.
  const required = <T>(name: string, parse: (text: string, file: string) => T | undefined): T | undefined => {
    const p = path.join(corpusDir, name);
    if (!contents.has(p)) {
      issues.add(rel(p), 1, `missing ${name}`);
      return undefined;
    }
    return parse(contents.get(p)!, rel(p));
  };
  const regionsParsed = required(REGIONS_FILE, (t, f) => parseRegions(t, f, issues));
  if (regionsParsed) buildGazetteer(regionsParsed.regions, { file: rel(path.join(corpusDir, REGIONS_FILE)), lineOf: regionsParsed.lineOf, issues });
  const sectors = required(SECTORS_FILE, (t, f) => parseSectors(t, f, issues));

  const planFiles = files.filter((f) => isUnder(f, path.join(corpusDir, "plan")) && f.endsWith(".md"));
  let plan: ParsedPlan | undefined;
  let planFile = rel(path.join(corpusDir, "plan"));
  if (planFiles.length !== 1) {
    issues.add(planFile, 1, `expected exactly one plan Markdown file in ${planFile}/, found ${planFiles.length}`);
  } else {
    planFile = rel(planFiles[0]);
    const programNames = vocabulary?.programs.map((p) => p.name) ?? [];
    plan = parsePlan(contents.get(planFiles[0])!, planFile, programNames, issues);
  }

  const cardFiles = files.filter((f) => isUnder(f, path.join(corpusDir, "topics")) && f.endsWith(".md")).sort();
  const cards: ParsedCard[] = [];
  if (vocabulary && plan) {
    const normalizedPlan = normalizeForQuote(plan.body);
    for (const f of cardFiles) {
      const parsed = parseCard(contents.get(f)!, { file: rel(f), vocabulary, normalizedPlan, issues });
      if (parsed) cards.push(parsed);
    }
    checkCardsAgainstPlan(cards, plan, planFile, issues, cardFiles.length === cards.length);
  }
  const scope = required(SCOPE_FILE, (t, f) => parseScope(t, f, new Set(plan?.topics.map((x) => x.id) ?? []), issues, new Set(Object.keys(vocabulary?.statusCues ?? {}))));
  const glossaryPath = path.join(corpusDir, GLOSSARY_FILE);
  const corpusText = [plan?.body ?? "", ...cards.map((c) => JSON.stringify(c.card))].join("\n");
  const glossary = contents.has(glossaryPath) ? parseGlossary(contents.get(glossaryPath)!, rel(glossaryPath), corpusText, issues) : {};
  const planEnPath = path.join(corpusDir, PLAN_EN_FILE);
  const planEn = plan && contents.has(planEnPath) ? parsePlanEnglish(contents.get(planEnPath)!, rel(planEnPath), plan.body, issues) : emptyPlanEnglish();
  const formWarnings = vocabulary && plan && regionsParsed ? checkProfileForm(vocabulary, normalizeForQuote(plan.body), regionsParsed.regions, rel(vocabPath), issues) : [];
  issues.throwIfAny();
  // Unreachable with errors; narrows types for the compiler.
  if (!vocabulary || !plan || !scope || !regionsParsed || !sectors) throw new CorpusError([]);

  const topics: TopicCard[] = cards.map((c) => c.card).sort((a, b) => a.id - b.id);
  const programOfTopic = new Map(plan.topics.map((t) => [t.id, t.program]));
  const programNames = new Set<string>(vocabulary.programs.map((p) => p.name));
  const planChunks = chunkPlan({ body: plan.body, bodyLineOffset: plan.bodyLineOffset, file: planFile }).map(
    (c): Chunk => {
      const program =
        (c.topicId !== undefined ? programOfTopic.get(c.topicId) : undefined) ??
        vocabulary.programs.find((p) => c.headingPath.some((h) => h.normalize("NFKC").endsWith(p.name)))?.name;
      return program && programNames.has(program) ? { ...c, program } : c;
    },
  );
  const cardChunks = cards
    .sort((a, b) => a.card.id - b.card.id)
    .flatMap((c) => chunkCard(c.card, c.sectionLines, { start: 1, end: c.bodyStart - 1 }));

  const topicNames = plan.topics.map((t) => ({ id: t.id, name: t.name }));
  const guidelines = readGuidelineDocs(contents, corpusDir, rel, topicNames, issues);
  const guidelineChunks = guidelines.docs.flatMap((d) => chunkGuideline(d, guidelines.parsed.get(d.docId)!, topicNames));
  // Numbers on cards must come from the plan or a guideline: checked once the chunks exist.
  checkCardNumbers(cardChunks, (f) => contents.get(path.join(rootDir, f)), [plan.body, ...guidelineChunks.map((c) => c.text)].join("\n"), issues);
  issues.throwIfAny();

  const chunks = [...planChunks, ...cardChunks, ...guidelineChunks];
  const sources: CorpusFile[] = files.map((f) => ({ name: rel(f), content: contents.get(f)! }));
  return {
    warnings: [...lexiconWarnings(lexicon, chunks, rel(lexPath)), ...formWarnings, ...guidelines.warnings],
    plan: { meta: plan.meta, text: plan.body, file: planFile },
    topics,
    guidelines: guidelines.docs,
    vocabulary,
    lexicon,
    scope,
    regions: regionsParsed.regions,
    sectors,
    glossary,
    planEn,
    chunks,
    hash: hashFiles(sources),
    files: sources,
  };
}

/** A variant found in this many 专题's own text pulls questions towards all of them. */
export const SEVERAL_TOPICS = 3;

/**
 * Lexicon variants that occur in the text of several 专题 (their plan clause and card, not the card's notes on
 * other 专题) — more than the term itself does: such a word says little about which 专题 is meant.
 */
export function lexiconWarnings(lexicon: LexiconEntry[], chunks: Chunk[], file: string): Corpus["warnings"] {
  // The 专题's own text is its plan clause and card; guideline passages are not what the lexicon is checked against.
  const own = chunks.filter((c) => c.topicId !== undefined && c.kind !== "guideline" && c.section !== "不适用或易混淆");
  const topicsOf = (w: string) => new Set(own.filter((c) => c.text.includes(w)).map((c) => c.topicId!));
  const out: Corpus["warnings"] = [];
  for (const e of lexicon) {
    const termTopics = topicsOf(e.term).size;
    for (const v of e.variants) {
      if (/^[\x20-\x7e]+$/.test(v)) continue;
      const ids = [...topicsOf(v)].sort((a, b) => a - b);
      if (ids.length >= SEVERAL_TOPICS && ids.length > termTopics) {
        out.push({ file, line: e.lines?.[v] ?? 1, message: `${e.term}: variant "${v}" occurs in the text of 专题${ids.join("、")}; it may pull questions towards the wrong 专题` });
      }
    }
  }
  return out;
}

function checkCardsAgainstPlan(
  cards: ParsedCard[],
  plan: ParsedPlan,
  planFile: string,
  issues: IssueList,
  allCardsParsed: boolean,
): void {
  const byId = new Map<number, ParsedCard>();
  for (const c of cards) {
    const other = byId.get(c.card.id);
    if (other) issues.add(c.card.file, c.idLine, `id: ${c.card.id} is already used by ${other.card.file}`);
    else byId.set(c.card.id, c);
    const planTopic = plan.topics.find((t) => t.id === c.card.id);
    if (!planTopic) {
      issues.add(c.card.file, c.idLine, `id: the plan has no 专题${c.card.id}`);
      continue;
    }
    if (planTopic.name.normalize("NFKC") !== c.card.name.normalize("NFKC")) {
      issues.add(c.card.file, c.idLine, `name: "${c.card.name}" but the plan calls 专题${c.card.id} "${planTopic.name}"`);
    }
    if (planTopic.program && planTopic.program !== c.card.program) {
      issues.add(c.card.file, c.idLine, `program: "${c.card.program}" but the plan puts 专题${c.card.id} under ${planTopic.program}`);
    }
  }
  // Only report missing cards when none failed to parse, or a broken card would show up twice.
  if (!allCardsParsed) return;
  for (const t of plan.topics) {
    if (!byId.has(t.id)) issues.add(planFile, t.line, `专题${t.id} ${t.name} has no topic card in topics/`);
  }
}

async function listCorpusFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (err) {
    throw new CorpusError([{ file: dir, line: 1, message: `cannot read corpus directory: ${(err as Error).message}` }]);
  }
  return entries
    .filter((e) => e.isFile() && /\.(md|ya?ml)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function isUnder(file: string, dir: string): boolean {
  return path.dirname(file) === dir;
}

/** sha256 over (name, sha256(content)) pairs sorted by name: independent of read order. */
export function hashFiles(files: { name: string; content: string }[]): string {
  const h = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(f.name).update("\0").update(createHash("sha256").update(f.content).digest("hex")).update("\n");
  }
  return h.digest("hex");
}
