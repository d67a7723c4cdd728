// Whitespace clean-up shared by every format. Only spaces change: characters, numbers and punctuation stay
// as written. A space between two Chinese characters is an artefact (an HTML source line break, a PDF's
// character spacing, a 全角 indent), never meant, so it goes; a line break between lines stays.

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** Any run of spaces within a line: ASCII, no-break, 全角 (\u3000), tabs and the other Unicode spaces. */
const SPACES = /[^\S\n]+/g;
/** Han, CJK symbols and punctuation, full-width forms, kana, Hangul. */
const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u3040-\u30ff\uac00-\ud7af]/u;
/** Punctuation Chinese text shares with English: only dropped next to a wide character. */
const SHARED_PUNCT = /[\u2014\u2018-\u201f\u2026\u00b7]/;

export function isWide(ch: string): boolean {
  return WIDE.test(ch);
}

function spaceIsArtefact(before: string, after: string): boolean {
  if (isWide(before)) return isWide(after) || SHARED_PUNCT.test(after);
  return SHARED_PUNCT.test(before) && isWide(after);
}

/** Collapses spaces in one line, trims it and drops spaces between Chinese characters. */
export function normalizeLine(line: string): string {
  const collapsed = line.replace(ZERO_WIDTH, "").replace(SPACES, " ").trim();
  if (!collapsed.includes(" ")) return collapsed;
  const chars = [...collapsed];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === " " && i > 0 && i < chars.length - 1 && spaceIsArtefact(chars[i - 1], chars[i + 1])) continue;
    out += ch;
  }
  return out;
}

/** Normalises every line and drops empty ones; line breaks between lines are kept. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map(normalizeLine)
    .filter((l) => l !== "")
    .join("\n");
}

/** HTML-style whitespace: every run of spaces or line breaks in source text is one space. */
export function collapseSourceWhitespace(text: string): string {
  return text.replace(ZERO_WIDTH, "").replace(/\s+/g, " ");
}


/** Lines of a title or a cell as one line: Chinese line ends meet directly, other words keep a space. */
export function joinLines(text: string): string {
  return text
    .split("\n")
    .reduce((out, line) => (out === "" ? line : isWide([...out].pop()!) && isWide(line[0]) ? out + line : `${out} ${line}`), "");
}
