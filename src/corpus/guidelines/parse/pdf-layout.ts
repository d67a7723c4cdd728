// Rebuilds lines and paragraphs from a PDF page's positioned text items. A PDF has no paragraphs, only
// runs of glyphs at coordinates: runs on one baseline are a line; a new paragraph starts where the
// spacing grows, the font size changes, the line is indented, or the line before ended short on 。.
import { isWide, normalizeLine } from "./normalize-text.js";

/** One text run as pdf.js gives it (x, y: baseline start in PDF units, y upwards). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in PDF units (0 for pdf.js's synthetic space runs). */
  height: number;
  hasEOL: boolean;
}

export interface PdfLine {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

export interface PdfParagraph {
  /** Lines joined by "\n". */
  text: string;
  size: number;
}

/** A gap narrower than this share of the font size is kerning, not a space. */
const MIN_SPACE_GAP = 0.15;
/** Next to a Chinese character, only a gap this wide (a table column) is a space. */
const MIN_WIDE_SPACE_GAP = 0.8;

function lastChar(s: string): string {
  const chars = [...s];
  return chars[chars.length - 1] ?? "";
}

/** `written`: the PDF itself draws a space glyph between the two runs (counts between Latin words). */
function needsSpace(before: string, after: string, gap: number, size: number, written: boolean): boolean {
  if (gap >= MIN_WIDE_SPACE_GAP * size) return true;
  const wideBefore = isWide(lastChar(before));
  const wideAfter = isWide([...after][0] ?? "");
  // Next to Chinese, as within a run (runText), only a column gap is a space.
  if (wideBefore || wideAfter) return false;
  return written || gap >= MIN_SPACE_GAP * size;
}

/** Groups a page's items into lines, in the order the page draws them. */
export function buildLines(items: PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let parts: PdfTextItem[] = [];
  const close = () => {
    const line = joinLine(parts);
    if (line) lines.push(line);
    parts = [];
  };
  for (const item of items) {
    const current = parts.find((p) => p.height > 0);
    if (current && item.str.trim() !== "" && Math.abs(item.y - current.y) > 0.5 * Math.max(current.height, item.height)) {
      close();
    }
    parts.push(item);
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

/**
 * A run's own spaces. pdf.js writes a space wherever glyphs sit apart, so next to a Chinese character a
 * single space is spacing, not text: letter-spacing (申 报 指 南), justification, and the gap Word and
 * LibreOffice put between Chinese and Latin or digits (2099 年 → 2099年). Two or more spaces are a
 * column gap and stay as one; a space between Latin words stays.
 */
function runText(str: string): string {
  return str
    .split(/\s{2,}/)
    .map((segment) => dropSpacesNextToWide(normalizeLine(segment)))
    .filter((s) => s !== "")
    .join(" ");
}

function dropSpacesNextToWide(text: string): string {
  if (!text.includes(" ")) return text;
  const chars = [...text];
  return chars.filter((ch, i) => ch !== " " || !(isWide(chars[i - 1] ?? "") || isWide(chars[i + 1] ?? ""))).join("");
}

function joinLine(parts: PdfTextItem[]): PdfLine | undefined {
  const runs = parts.filter((p) => p.str.trim() !== "");
  if (runs.length === 0) return undefined;
  let text = "";
  let end = runs[0].x;
  let spaceBefore = false;
  for (const item of parts) {
    if (item.str.trim() === "") {
      // pdf.js marks a gap it found with a zero-height " "; only a drawn space glyph is written.
      spaceBefore ||= item.str !== "" && item.height > 0;
      continue;
    }
    const str = runText(item.str);
    const written = spaceBefore || /^\s/.test(item.str);
    if (text !== "" && str !== "" && needsSpace(text, str, item.x - end, item.height || runs[0].height, written)) {
      text += " ";
    }
    text += str;
    end = item.x + item.width;
    spaceBefore = /\s$/.test(item.str);
  }
  return {
    text,
    x: runs[0].x,
    right: Math.max(...runs.map((r) => r.x + r.width)),
    y: runs[0].y,
    size: Math.max(...runs.map((r) => r.height)),
  };
}

/** The size most characters are set in: the body text size. */
export function bodySize(lines: PdfLine[]): number {
  const counts = new Map<number, number>();
  for (const l of lines) {
    const size = Math.round(l.size * 2) / 2;
    counts.set(size, (counts.get(size) ?? 0) + [...l.text].length);
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of counts) if (count > bestCount) [best, bestCount] = [size, count];
  return best;
}

const SENTENCE_END = /[。！？；：.!?;:]$/;

/** Splits a page's lines into paragraphs. */
export function buildParagraphs(lines: PdfLine[]): PdfParagraph[] {
  if (lines.length === 0) return [];
  const left = Math.min(...lines.map((l) => l.x));
  const right = Math.max(...lines.map((l) => l.right));
  const pitches = lines.slice(1).map((l, i) => lines[i].y - l.y).filter((d) => d > 0);
  // The tightest common spacing is the line spacing within a paragraph; a median would be pulled up by
  // the gaps between paragraphs on a page of short ones.
  const pitch = lowerQuartile(pitches);
  const paragraphs: PdfParagraph[] = [];
  let current: PdfLine[] = [];
  const close = () => {
    if (current.length) paragraphs.push({ text: current.map((l) => l.text).join("\n"), size: current[0].size });
    current = [];
  };
  for (const line of lines) {
    const prev = current[current.length - 1];
    if (prev) {
      const sameSize = Math.abs(line.size - prev.size) <= 0.1 * prev.size;
      const gap = prev.y - line.y;
      const wideGap = pitch > 0 && (gap > 1.3 * pitch || gap < 0);
      const short = right - prev.right > 2 * prev.size;
      // A first-line indent (2 characters in Chinese documents), not a table column further right; after
      // a short line (一、支持方向) or a line further left, it starts a paragraph.
      const atIndent = line.x - left > 1.5 * line.size && line.x - left < 4 * line.size;
      const indented = atIndent && (short || line.x - prev.x > 1.5 * line.size);
      const endedShort = short && SENTENCE_END.test(prev.text);
      if (!sameSize || wideGap || indented || endedShort) close();
    }
    current.push(line);
  }
  close();
  return paragraphs;
}

function lowerQuartile(xs: number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 4)];
}
