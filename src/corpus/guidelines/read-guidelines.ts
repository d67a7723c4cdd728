// Reads corpus/guidelines/: each document's bytes are hashed, and only a document whose hash (or the parser) changed
// is parsed again — from a cache on disk when there is one, else kept in this process. A parsed document enters the
// corpus as text (its blocks as JSON), so the corpus hash, the index snapshot and a restart on the last good corpus
// work for guidelines as for every other corpus file. A file that cannot be read is kept as its error: the rest of
// the corpus is not affected, and ingest names the file and the reason.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../../build/build-cache.js";
import { parseGuideline, GuidelineParseError, type GuidelineFailure, type ParsedGuideline } from "./parse/parse-guideline.js";

export const GUIDELINE_DIR = "guidelines";
/** Bump when the parsers' output changes: every document is parsed again. */
export const PARSE_VERSION = 1;

export interface GuidelineEntry {
  guideline: typeof PARSE_VERSION;
  sha256: string;
  bytes: number;
  parsed?: ParsedGuideline;
  /** `internal`: the parser failed for a reason of its own, not recognised as the file's. */
  error?: { reason: GuidelineFailure | "internal"; message: string };
}

export interface GuidelineRead {
  /** Absolute path → the entry as JSON text. */
  contents: Map<string, string>;
  /** Project-relative names parsed in this run, and those reused unchanged. */
  parsed: string[];
  reused: string[];
}

const memory = new Map<string, GuidelineEntry>();
const MEMORY_MAX = 1000;

/** Whether `file` (absolute) is a guideline document rather than a sidecar or a file to skip. */
export function isGuidelineDocument(file: string, corpusDir: string): boolean {
  const rel = path.relative(path.join(corpusDir, GUIDELINE_DIR), file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return false;
  const base = path.basename(file);
  // Office's lock files (~$x.docx) and hidden files are not documents; sidecars are YAML.
  return !base.startsWith(".") && !base.startsWith("~$") && !/\.ya?ml$/i.test(base);
}

export function readGuidelineEntry(content: string): GuidelineEntry | undefined {
  try {
    const e = JSON.parse(content) as GuidelineEntry;
    return e && e.guideline === PARSE_VERSION && typeof e.sha256 === "string" ? e : undefined;
  } catch {
    return undefined;
  }
}

export async function readGuidelines(corpusDir: string, rootDir: string, opts: { cacheDir?: string } = {}): Promise<GuidelineRead> {
  const dir = path.join(corpusDir, GUIDELINE_DIR);
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .filter((f) => isGuidelineDocument(f, corpusDir))
      .sort();
  } catch {
    return { contents: new Map(), parsed: [], reused: [] }; // no guidelines/ folder: the plan alone
  }
  const out: GuidelineRead = { contents: new Map(), parsed: [], reused: [] };
  for (const file of names) {
    const rel = path.relative(rootDir, file).split(path.sep).join("/");
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (err) {
      // Removed or locked while staff copy it in: this file is left out this time, nothing else is affected.
      const why = err instanceof Error && "code" in err ? String((err as NodeJS.ErrnoException).code) : "unreadable";
      out.contents.set(file, JSON.stringify({ guideline: PARSE_VERSION, sha256: "", bytes: 0, error: { reason: "corrupt", message: `${rel}：文件暂时无法读取（${why}），请确认文件已复制完整后重新运行 npm run ingest` } } satisfies GuidelineEntry));
      continue;
    }
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    // The name is part of the key: messages name the file, and the extension picks the parser.
    const key = createHash("sha256").update(`${PARSE_VERSION}\0${rel}\0${sha256}`).digest("hex").slice(0, 32);
    let entry = memory.get(key) ?? fromDisk(opts.cacheDir, key);
    if (entry) out.reused.push(rel);
    else {
      entry = await parseEntry(rel, bytes, sha256);
      out.parsed.push(rel);
      // A parser that failed for its own reasons (not the file's) is tried again next time, not remembered.
      if (!entry.error || entry.error.reason !== "internal") toDisk(opts.cacheDir, key, entry);
    }
    if (memory.size >= MEMORY_MAX) memory.delete(memory.keys().next().value!);
    memory.set(key, entry);
    out.contents.set(file, JSON.stringify(entry));
  }
  return out;
}

async function parseEntry(rel: string, bytes: Uint8Array, sha256: string): Promise<GuidelineEntry> {
  const base = { guideline: PARSE_VERSION, sha256, bytes: bytes.byteLength } as const;
  try {
    return { ...base, parsed: await parseGuideline(rel, bytes) };
  } catch (err) {
    if (err instanceof GuidelineParseError) return { ...base, error: { reason: err.reason, message: err.message } };
    // A parser library failing on a file it cannot read: the file is the problem, named for staff.
    return { ...base, error: { reason: "internal", message: `${rel}：无法读取（${err instanceof Error ? err.message.slice(0, 120) : String(err)}），请检查文件是否完整` } };
  }
}

function fromDisk(cacheDir: string | undefined, key: string): GuidelineEntry | undefined {
  if (!cacheDir) return undefined;
  try {
    return readGuidelineEntry(readFileSync(path.join(cacheDir, `${key}.json`), "utf8"));
  } catch {
    return undefined;
  }
}

function toDisk(cacheDir: string | undefined, key: string, entry: GuidelineEntry): void {
  if (!cacheDir) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileAtomic(path.join(cacheDir, `${key}.json`), JSON.stringify(entry));
  } catch {
    // a cache that cannot be written only costs a parse next time
  }
}
