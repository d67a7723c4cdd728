// A document's title when the format has no field for it: its first block when that is a heading or a
// short line (a government notice opens with its title as a centred line), after an 附件1 label.
import { joinLines } from "./normalize-text.js";
import type { GuidelineBlock } from "./types.js";

const MAX_TITLE_CHARS = 80;
const SENTENCE_END = /[。！？；：，,.!?;:]$/;
const ATTACHMENT_LABEL = /^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?$/;

export function documentTitle(blocks: GuidelineBlock[]): string | undefined {
  const first = blocks.find((b) => !ATTACHMENT_LABEL.test(b.text));
  if (!first || first.kind === "row") return undefined;
  const text = joinLines(first.text);
  if (first.kind === "heading") return text;
  return text.length <= MAX_TITLE_CHARS && !SENTENCE_END.test(text) ? text : undefined;
}
