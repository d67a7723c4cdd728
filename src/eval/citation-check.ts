// Checks that a citation points at real corpus text: the chunk id exists (or at least looks like `docId#n`
// when the corpus ids are not available, e.g. in --url mode), it was retrieved for that answer (when
// retrieval is observable, in-process), its `source` names a corpus file and a line range inside it, and
// its quote occurs in those lines.
import fs from "node:fs";
import path from "node:path";
import type { Citation } from "../core/types.js";

/** Returns undefined when valid, else the reason. `retrieved`: ids retrieved for that answer, when known. */
export type CitationChecker = (c: Citation, retrieved?: ReadonlySet<string>) => string | undefined;

const CHUNK_ID = /^[\w.-]+#\d+$/;
const SOURCE = /^(.+):(\d+)-(\d+)$/;

/** Drop whitespace and Markdown markers so a quote matches the same words across line breaks. */
const normalize = (s: string) => s.replace(/[\s>*_`#]+/g, "");

/** A guideline document's place: corpus/guidelines/x.docx#table=1&row=2 (no line range: it is parsed, not read as lines). */
const PARSED_SOURCE = /^(.*(?:^|\/)guidelines\/.+\.(?:pdf|docx|xlsx|html?|md|markdown))(?:#[^#]*)?$/i;

export function makeCitationChecker(opts: {
  rootDir: string;
  /** The corpus folder, when it lies outside the project (CORPUS_DIR elsewhere): its files may be read too. */
  corpusDir?: string;
  chunkIds?: ReadonlySet<string>;
  chunkText?: (id: string) => string | undefined;
}): CitationChecker {
  const roots = [opts.rootDir, ...(opts.corpusDir ? [opts.corpusDir] : [])].map((r) => path.resolve(r) + path.sep);
  const readable = (abs: string) => roots.some((r) => abs.startsWith(r));
  const files = new Map<string, string[] | null>();
  const linesOf = (rel: string): string[] | null => {
    if (!files.has(rel)) {
      const abs = path.resolve(opts.rootDir, rel);
      // Only files inside the project may be read: a citation is not a path to arbitrary files.
      const inside = readable(abs);
      let lines: string[] | null = null;
      if (inside) {
        try {
          lines = fs.readFileSync(abs, "utf8").split(/\r?\n/);
        } catch {
          lines = null;
        }
      }
      files.set(rel, lines);
    }
    return files.get(rel) ?? null;
  };

  return (c: Citation, retrieved?: ReadonlySet<string>) => {
    if (opts.chunkIds) {
      if (!opts.chunkIds.has(c.id)) return `unknown chunk id "${c.id}"`;
    } else if (!CHUNK_ID.test(c.id)) {
      return `chunk id "${c.id}" does not look like docId#n`;
    }
    if (retrieved && !retrieved.has(c.id)) return `chunk "${c.id}" was cited but not retrieved for this answer`;
    const parsed = SOURCE.test(c.source) ? null : PARSED_SOURCE.exec(c.source);
    if (parsed) return checkParsed(c, parsed[1]);
    const m = SOURCE.exec(c.source);
    if (!m) return `source "${c.source}" is not file:start-end`;
    const [, file, a, b] = m;
    const lines = linesOf(file);
    if (!lines) return `source file "${file}" not found in the project`;
    const start = Number(a);
    const end = Number(b);
    if (start < 1 || end < start || end > lines.length) return `line range ${start}-${end} outside "${file}" (${lines.length} lines)`;
    return quoteIn(c, normalize(lines.slice(start - 1, end).join("\n")));
  };

  // A parsed document: the file must exist in the project and the quote must be the chunk's own text.
  function checkParsed(c: Citation, file: string): string | undefined {
    const abs = path.resolve(opts.rootDir, file);
    if (!readable(abs) || !fs.existsSync(abs)) return `source file "${file}" not found in the project`;
    const text = opts.chunkText?.(c.id);
    if (text === undefined) return `no text known for chunk "${c.id}" of ${file}`;
    return quoteIn(c, normalize(text));
  }

  function quoteIn(c: Citation, text: string): string | undefined {
    // A quote may be shortened with an ellipsis; every remaining piece must be verbatim.
    const pieces = c.quote.split(/…+|\.{3,}/).map(normalize).filter((p) => p.length > 0);
    if (pieces.length === 0) return "empty quote";
    const missing = pieces.find((p) => !text.includes(p));
    if (missing !== undefined) return `quote not found in ${c.source}: "${missing.slice(0, 40)}"`;
    return undefined;
  }
}
