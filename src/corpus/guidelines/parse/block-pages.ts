// Gives mammoth's blocks the pages of the Word paragraphs they came from. Mammoth keeps no link back to
// the XML, so blocks are matched to paragraphs by text, in order: a cursor walks the paragraphs and each
// block is looked for a little ahead of it, so a repeated short text ("1", "是") cannot pull the match
// far down the document.
import type { PagedParagraph } from "./docx-page-breaks.js";
import type { GuidelineBlock } from "./types.js";

/** Non-empty paragraphs a block is looked for ahead of the cursor: what lies between two blocks (a table's
 * header row, a paragraph of symbols only) is a few paragraphs, never pages of them. */
const WINDOW = 200;
/** A text this long is taken as unique: found further on, it is the same paragraph. */
const LONG_KEY = 12;
/** A block that is only the start of a paragraph (mammoth dropped a field or a math run) matches from here. */
const MIN_PARTIAL = 4;

/** Mammoth writes a footnote or endnote reference as "[1]"; the XML has no text there. */
const NOTE_REFERENCE = /\[\d+\]/g;

/** Letters and digits only: spaces, tabs, hyphens and symbols differ between mammoth's HTML and the XML. */
function matchKey(text: string): string {
  return text.replace(NOTE_REFERENCE, "").replace(/[^\p{L}\p{N}]+/gu, "");
}

interface Match {
  start: number;
  end: number;
}

export function assignPages(blocks: GuidelineBlock[], paragraphs: PagedParagraph[]): GuidelineBlock[] {
  const keys = paragraphs.map((p) => matchKey(p.text));
  let positions: Map<string, number[]> | undefined;

  /** Index of the last paragraph when `key` is keys[start..] joined (a cell's paragraphs), else -1. */
  const joined = (key: string, start: number): number => {
    const first = keys[start];
    if (first === key) return start;
    if (!key.startsWith(first)) return -1;
    let length = first.length;
    for (let q = start + 1; q < keys.length; q++) {
      const k = keys[q];
      if (k === "") continue;
      if (!key.startsWith(k, length)) return -1;
      length += k.length;
      if (length === key.length) return q;
    }
    return -1;
  };

  /** The nearest paragraph ahead that is one of the texts (for a row: any of its cells). */
  const find = (texts: string[], from: number): Match | undefined => {
    for (let p = from, seen = 0; p < keys.length && seen < WINDOW; p++) {
      if (keys[p] === "") continue;
      seen++;
      for (const t of texts) {
        const end = joined(t, p);
        if (end >= 0) return { start: p, end };
      }
    }
    for (let p = from, seen = 0; p < keys.length && seen < WINDOW; p++) {
      if (keys[p] === "") continue;
      seen++;
      if (texts.some((t) => t.length >= MIN_PARTIAL && keys[p].startsWith(t))) return { start: p, end: p };
    }
    let best: number | undefined;
    for (const t of texts) {
      if (t.length < LONG_KEY) continue;
      positions ??= indexKeys(keys);
      const at = firstAtOrAfter(positions.get(t) ?? [], from);
      if (at !== undefined && (best === undefined || at < best)) best = at;
    }
    return best === undefined ? undefined : { start: best, end: best };
  };

  let cursor = 0;
  let page = 1;
  return blocks.map((block) => {
    const texts =
      block.kind === "row"
        ? [...new Set((block.cells ?? []).map(matchKey).filter((k) => k !== ""))]
        : [matchKey(block.text)].filter((k) => k !== "");
    const match = texts.length > 0 ? find(texts, cursor) : undefined;
    if (match) {
      const paragraph = paragraphs[match.start];
      page = paragraph.page;
      // A row is done with all its cells; a text with its own paragraphs only (a layout cell's neighbours follow).
      cursor = block.kind === "row" ? Math.max(match.end + 1, paragraph.rowEnd ?? 0) : match.end + 1;
    }
    return { ...block, page };
  });
}

function indexKeys(keys: string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === "") return;
    const list = positions.get(k);
    if (list) list.push(i);
    else positions.set(k, [i]);
  });
  return positions;
}

function firstAtOrAfter(sorted: number[], from: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}
