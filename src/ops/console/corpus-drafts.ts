// Drafts of corpus changes made in the console: a card edited in the browser or an uploaded guideline document.
// A draft lives under DATA_DIR/console/drafts/, never in the corpus, until it is published. Checking a draft
// copies the corpus to a temporary folder, applies the draft there and loads the whole corpus, so staff see every
// file:line mistake before anything is served. Paths from the browser are resolved here and nowhere else: only
// corpus/topics/*.md can be edited and only a plain file name can be uploaded into corpus/guidelines/.
import { createHash, randomBytes } from "node:crypto";
import { cp, lstat, mkdir, mkdtemp, readFile, readdir, realpath, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Config } from "../../config.js";
import type { Corpus, IndexInfo, Retriever } from "../../core/types.js";
import { CorpusError, type CorpusIssue } from "../../corpus/corpus-error.js";
import { guidelineCacheDir } from "../../corpus/corpus-cache.js";
import { loadCorpus } from "../../corpus/load-corpus.js";
import { loadOrBuildIndex } from "../../corpus/index-store.js";
import { GUIDELINE_DIR, isGuidelineDocument } from "../../corpus/guidelines/read-guidelines.js";
import { guidelineFormat, parseGuideline, GuidelineParseError, type ParsedGuideline } from "../../corpus/guidelines/parse/parse-guideline.js";
import { guidelineFailure } from "../../corpus/guidelines/parse/failure.js";

export const TOPICS_DIR = "topics";
/** How staff see a corpus file's name: the folder as `corpus/`, wherever CORPUS_DIR is. */
export const SHOWN_CORPUS = "corpus";
/** Longest uploaded file name kept (characters, extension included). */
const NAME_MAX = 120;
const ID_RE = /^[0-9a-f]{16}$/;
/** Drafts older than this are deleted when the draft store is opened (server start). */
export const DRAFT_MAX_AGE_DAYS = 30;

export type DraftKind = "card" | "guideline";

export interface Draft {
  id: string;
  kind: DraftKind;
  /** Path inside CORPUS_DIR, with `/`: topics/14-keji-jinrong.md, guidelines/2025年度指南.docx. */
  target: string;
  createdBy: string;
  createdAt: number;
  bytes: number;
  sha256: string;
  /** Whether a file of that name was in the corpus when the draft was made (it will be replaced). */
  replaces: boolean;
  /** The name the browser sent, when it had to be cleaned. */
  uploadedAs?: string;
  /** sha256 of the file the draft was made from: a publish in between changes it (the preview warns). */
  baseSha256?: string;
}

/** A path or upload the console refuses; `status` is the HTTP status to answer with. */
export class DraftError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
    this.name = "DraftError";
  }
}

const posix = (p: string) => p.split(path.sep).join("/");
export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** corpus/topics/14-x.md from any name loadCorpus gave (relative to the root it was given), for the page. */
export function shownFile(file: string, rootDir: string, corpusDir: string): string {
  const abs = path.resolve(rootDir, file);
  const rel = path.relative(corpusDir, abs);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? `${SHOWN_CORPUS}/${posix(rel)}` : file;
}

/** `文件:行：说明` as staff read it. */
export function issueLine(i: { file?: string; line?: number; message: string }): string {
  return i.file ? `${i.file}:${i.line ?? 1}：${i.message}` : i.message;
}

const isInside = (dir: string, p: string) => {
  const rel = path.relative(dir, p);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
};

/**
 * The absolute path of a topic card named by the browser (`14-keji-jinrong.md`). Anything but a plain `.md` name of
 * an existing regular file directly in corpus/topics/ is refused: other folders, `..`, absolute paths, symlinks.
 */
export async function cardPath(corpusDir: string, name: string): Promise<string> {
  if (!/^[^/\\\0]+\.md$/i.test(name) || name.startsWith(".") || name.includes("..")) {
    throw new DraftError(400, `「${name.slice(0, 80)}」不是专题卡片的文件名：只能编辑 ${SHOWN_CORPUS}/${TOPICS_DIR}/ 下的 .md 文件。`);
  }
  const dir = path.join(corpusDir, TOPICS_DIR);
  const file = path.join(dir, name);
  if (path.dirname(file) !== dir) throw new DraftError(400, `只能编辑 ${SHOWN_CORPUS}/${TOPICS_DIR}/ 下的文件。`);
  let info;
  try {
    info = await lstat(file);
  } catch {
    throw new DraftError(404, `没有这张卡片：${SHOWN_CORPUS}/${TOPICS_DIR}/${name}`);
  }
  // A link could point anywhere on the server; the real folder is compared too (a linked topics/ folder).
  if (info.isSymbolicLink() || !info.isFile() || !isInside(await realpath(dir), await realpath(file))) {
    throw new DraftError(400, `${SHOWN_CORPUS}/${TOPICS_DIR}/${name} 不是普通文件（可能是链接），不能在后台编辑。`);
  }
  return file;
}

export interface CardFile {
  name: string;
  /** From the NN- prefix; the card's `id` is checked against it by ingest. */
  number?: number;
  mtimeMs: number;
}

export async function listCards(corpusDir: string): Promise<CardFile[]> {
  const dir = path.join(corpusDir, TOPICS_DIR);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: CardFile[] = [];
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(".md")) continue;
    const m = /^(\d+)-/.exec(e.name);
    out.push({ name: e.name, ...(m && { number: Number(m[1]) }), mtimeMs: (await stat(path.join(dir, e.name))).mtimeMs });
  }
  return out.sort((a, b) => (a.number ?? 1e9) - (b.number ?? 1e9) || a.name.localeCompare(b.name));
}

export interface CorpusFileInfo {
  /** Path inside CORPUS_DIR with `/`. */
  name: string;
  bytes: number;
  mtimeMs: number;
}

/** Every file under CORPUS_DIR (hidden files left out), for the overview. */
export async function listCorpusFiles(corpusDir: string): Promise<CorpusFileInfo[]> {
  const entries = await readdir(corpusDir, { withFileTypes: true, recursive: true }).catch(() => []);
  const out: CorpusFileInfo[] = [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith(".")) continue;
    const abs = path.join(e.parentPath, e.name);
    const s = await stat(abs);
    out.push({ name: posix(path.relative(corpusDir, abs)), bytes: s.size, mtimeMs: s.mtimeMs });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * An uploaded file's name made safe for corpus/guidelines/: folders the browser sent are dropped, characters a file
 * system or a shell treats specially are replaced, Chinese is kept. Refuses a format the parsers cannot read, with the
 * parsers' own message (a .doc is told to be saved as .docx).
 */
export function sanitizeUploadName(name: string): string {
  const base = (name.split(/[/\\]/).pop() ?? "").normalize("NFC");
  let clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_").replace(/\s+/g, " ").trim();
  clean = clean.replace(/^[.~$\s]+/, ""); // hidden files and Office lock files (~$x.docx) are not documents
  // A run of dots inside the name ("2025年度..指南.pdf") becomes one (a target never contains ".."); trailing dots and
  // spaces (which Windows drops) go, so the extension stays the last part.
  clean = clean.replace(/\.{2,}/g, ".").replace(/[.\s]+$/, "");
  if (!clean || clean.startsWith(".")) throw new DraftError(400, "上传的文件没有可用的文件名，请改名后重新上传。");
  const ext = path.extname(clean);
  if (clean.length > NAME_MAX) clean = clean.slice(0, NAME_MAX - ext.length) + ext;
  const shown = `${SHOWN_CORPUS}/${GUIDELINE_DIR}/${clean}`;
  if (!ext || /\.ya?ml$/i.test(ext) || !guidelineFormat(clean)) {
    throw new DraftError(400, guidelineFailure(shown, "unsupported", undefined, ext ? LEGACY_OR_EXT(ext) : "没有扩展名的文件").message);
  }
  return clean;
}

const LEGACY_OR_EXT = (ext: string) => {
  const legacy: Record<string, string> = { ".doc": "旧版 Word 格式（.doc）", ".wps": "WPS 文字格式（.wps）", ".xls": "旧版 Excel 格式（.xls）", ".et": "WPS 表格格式（.et）" };
  return legacy[ext.toLowerCase()] ?? `「${ext}」文件`;
};

/** Drafts on disk: `<id>.json` (what and for whom) beside `<id>.data` (the bytes). */
export class DraftStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, "console", "drafts");
  }

  /** The store, with drafts older than DRAFT_MAX_AGE_DAYS deleted. */
  static async open(dataDir: string, now = Date.now()): Promise<DraftStore> {
    const store = new DraftStore(dataDir);
    await store.prune(now - DRAFT_MAX_AGE_DAYS * 24 * 3600 * 1000);
    return store;
  }

  /** Deletes drafts made before `before` (and leftover bytes without a draft, by their file time); returns how many drafts. */
  async prune(before: number): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const n of names) {
      const id = n.replace(/\.(json|data)$/, "");
      if (!ID_RE.test(id)) continue;
      if (n.endsWith(".json")) {
        const d = await this.get(id);
        if (d && d.createdAt < before) {
          await this.remove(id);
          removed++;
        }
      } else if (!names.includes(`${id}.json`)) {
        const s = await stat(path.join(this.dir, n)).catch(() => undefined);
        if (s && s.mtimeMs < before) await rm(path.join(this.dir, n), { force: true });
      }
    }
    return removed;
  }

  async save(input: { kind: DraftKind; target: string; content: Uint8Array; createdBy: string; replaces: boolean; uploadedAs?: string; base?: Uint8Array }): Promise<Draft> {
    await mkdir(this.dir, { recursive: true });
    const draft: Draft = {
      id: randomBytes(8).toString("hex"),
      kind: input.kind,
      target: input.target,
      createdBy: input.createdBy,
      createdAt: Date.now(),
      bytes: input.content.byteLength,
      sha256: sha256(input.content),
      replaces: input.replaces,
      ...(input.uploadedAs !== undefined && { uploadedAs: input.uploadedAs }),
      ...(input.base && { baseSha256: sha256(input.base) }),
    };
    await writeFile(path.join(this.dir, `${draft.id}.data`), input.content);
    await writeFile(path.join(this.dir, `${draft.id}.json`), JSON.stringify(draft, null, 2)); // last: a draft without it does not exist
    return draft;
  }

  async get(id: string): Promise<Draft | undefined> {
    if (!ID_RE.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(path.join(this.dir, `${id}.json`), "utf8")) as Draft;
    } catch {
      return undefined;
    }
  }

  async content(draft: Draft): Promise<Buffer> {
    return readFile(path.join(this.dir, `${draft.id}.data`));
  }

  async list(): Promise<Draft[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const drafts = await Promise.all(names.filter((n) => n.endsWith(".json")).map((n) => this.get(n.slice(0, -5))));
    return drafts.filter((d): d is Draft => !!d).sort((a, b) => b.createdAt - a.createdAt);
  }

  async remove(id: string): Promise<void> {
    if (!ID_RE.test(id)) return;
    await rm(path.join(this.dir, `${id}.json`), { force: true });
    await rm(path.join(this.dir, `${id}.data`), { force: true });
  }
}

/** Where a draft's file goes in a corpus folder; the target is checked again, it came from a file on disk. */
export function draftDestination(corpusDir: string, draft: Pick<Draft, "kind" | "target">): string {
  const [dir, name, ...rest] = draft.target.split("/");
  const ok = rest.length === 0 && !!name && !name.includes("..") && (draft.kind === "card" ? dir === TOPICS_DIR && name.endsWith(".md") : dir === GUIDELINE_DIR);
  if (!ok) throw new DraftError(400, `草稿的目标「${draft.target}」不在可编辑的位置。`);
  return path.join(corpusDir, dir, name);
}

export interface DraftCheck {
  ok: boolean;
  /** Errors as 文件:行, the files named `corpus/…`. */
  issues: CorpusIssue[];
  warnings: CorpusIssue[];
  /** The corpus with the draft applied, when it loads. */
  corpus?: Corpus;
  /** Guideline drafts: what the parser read, or why it could not. */
  parsed?: ParsedGuideline;
  parseError?: string;
  /** The file as it is in the corpus now (cards: the text to diff against). */
  current?: Buffer;
}

/** A temporary project root holding `corpus/`, a copy of CORPUS_DIR with the draft written into it. */
export async function copyWithDraft(corpusDir: string, draft: Draft, content: Uint8Array): Promise<{ root: string; corpusDir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "kjzs-draft-"));
  const copy = path.join(root, SHOWN_CORPUS);
  // Symlinks are copied as links: a draft never reads through one more than the corpus itself does.
  await cp(corpusDir, copy, { recursive: true, verbatimSymlinks: true });
  const dest = draftDestination(copy, draft);
  await mkdir(path.dirname(dest), { recursive: true });
  await writeFile(dest, content);
  return { root, corpusDir: copy, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Validates the whole corpus with the draft applied (and, for a document, parses it on its own too). */
export async function checkDraft(config: Pick<Config, "CORPUS_DIR" | "DATA_DIR">, draft: Draft, content: Uint8Array): Promise<DraftCheck> {
  const dest = draftDestination(config.CORPUS_DIR, draft);
  const current = await readFile(dest).catch(() => undefined);
  const out: DraftCheck = { ok: true, issues: [], warnings: [], ...(current && { current }) };
  const shown = `${SHOWN_CORPUS}/${draft.target}`;
  if (draft.kind === "guideline") {
    try {
      out.parsed = await parseGuideline(shown, content);
    } catch (err) {
      out.parseError = err instanceof GuidelineParseError ? err.message : `${shown}：无法读取（${err instanceof Error ? err.message.slice(0, 120) : String(err)}），请检查文件是否完整`;
      out.ok = false;
    }
  }
  const copy = await copyWithDraft(config.CORPUS_DIR, draft, content);
  try {
    const corpus = await loadCorpus(copy.corpusDir, copy.root, { guidelineCache: guidelineCacheDir(config.DATA_DIR) });
    out.corpus = corpus;
    out.warnings = corpus.warnings;
    // A document that could not be read is only a warning to loadCorpus (the rest still loads); publishing it would
    // add nothing, so it is refused here.
    if (draft.kind === "guideline" && !corpus.guidelines.some((g) => g.file === shown) && !out.parseError) {
      const why = corpus.warnings.find((w) => w.file === shown);
      out.parseError = why ? `${shown}：${why.message}` : `${shown}：这份文件没有被收录`;
      out.ok = false;
    }
  } catch (err) {
    if (!(err instanceof CorpusError)) throw err;
    out.ok = false;
    out.issues = err.errors;
  } finally {
    await copy.cleanup();
  }
  return out;
}

/** Whether the file is a guideline document loadCorpus would read (not a sidecar, lock file or hidden file). */
export function isDocumentName(corpusDir: string, name: string): boolean {
  return isGuidelineDocument(path.join(corpusDir, GUIDELINE_DIR, name), corpusDir);
}

/** An index over a draft's corpus, built in a temporary folder (removed again: the index lives in memory). */
export async function buildDraftIndex(config: Config, corpus: Corpus): Promise<{ retriever: Retriever; indexInfo: IndexInfo }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kjzs-draft-index-"));
  try {
    const built = await loadOrBuildIndex({ corpus, dir: path.join(dir, "index"), config });
    return { retriever: built.retriever, indexInfo: built.info };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The validators' most common English messages in plain Chinese; any other message is shown as written. */
const PLAIN: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^missing YAML frontmatter/, () => "文件开头缺少属性区：第一行必须是 ---"],
  [/^frontmatter is not closed by a `---` line$/, () => "开头的属性区没有结束：属性写完后要单独一行 ---"],
  [/^YAML: (.*)$/s, (m) => `属性区的 YAML 格式有误（${m[1]}）`],
  [/^([\w.[\]]+): Required$/, (m) => `缺少必填属性 ${m[1]}`],
  [/^([\w.[\]]+): unknown key$/, (m) => `${m[1]} 不是卡片允许的属性名（拼写有误？）`],
  [/^([\w.[\]]+): unknown value "(.*)"$/, (m) => `${m[1]} 的值「${m[2]}」不在 vocabulary.yaml 的词表中`],
  [/^([\w.[\]]+): Expected (\w+), received (\w+)$/, (m) => `${m[1]} 的类型不对（应为 ${m[2]}，实为 ${m[3]}）`],
  [/^unknown section "(.*)" \(expected (.*)\)$/, (m) => `未知的小节「${m[1]}」（应为 ${m[2]} 之一）`],
  [/^section "(.*)" appears twice$/, (m) => `小节「${m[1]}」出现了两次`],
  [/^section "(.*)" is empty$/, (m) => `小节「${m[1]}」是空的`],
  [/^missing section "## (.*)"$/, (m) => `缺少小节「## ${m[1]}」`],
  [/^常见问法: needs at least (\d+) bullet questions, found (\d+)$/, (m) => `常见问法至少要有 ${m[1]} 条，现在只有 ${m[2]} 条`],
  [/^原文依据: needs the plan clause/, () => "原文依据须用 > 引用方案原文"],
  [/^原文依据: not found verbatim in the plan: "(.*)"$/s, (m) => `原文依据在方案原文中找不到（须逐字照抄）：「${m[1]}」`],
  [/^id: (\d+) is already used by (.*)$/, (m) => `id ${m[1]} 已被 ${m[2]} 使用`],
  [/^id: the plan has no 专题(\d+)$/, (m) => `方案中没有专题${m[1]}`],
  [/^name: "(.*)" but the plan calls 专题(\d+) "(.*)"$/, (m) => `名称「${m[1]}」与方案中专题${m[2]}的名称「${m[3]}」不一致`],
  [/^专题(\d+) (.*) has no topic card in topics\/$/, (m) => `专题${m[1]} ${m[2]} 没有对应的卡片`],
];

export function plainChinese(message: string): string {
  for (const [re, say] of PLAIN) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}
