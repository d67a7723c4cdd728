// A guideline document → chunks. Paragraphs under one heading are joined up to a passage's size and never across
// a heading; a table row is a chunk of its own that repeats the table's title and header, so "补助标准" and its
// amount stay together however the row is retrieved.
import type { Chunk, ChunkPlace, GuidelineDoc } from "../../core/types.js";
import { topicsNamed, type TopicName } from "./guideline-meta.js";
import type { GuidelineBlock, ParsedGuideline } from "./parse/types.js";

/** Characters in a text passage before a new chunk starts (a paragraph is never split). */
export const PASSAGE_CHARS = 360;

export function chunkGuideline(doc: GuidelineDoc, parsed: ParsedGuideline, topics: readonly TopicName[]): Chunk[] {
  const chunks: Chunk[] = [];
  // Citations name the year: a title that does not say it gets it added.
  const title = doc.year !== undefined && !doc.title.includes(String(doc.year)) ? `${doc.title}（${doc.year}年）` : doc.title;
  let heading: string | undefined;
  let passage: GuidelineBlock[] = [];
  // The 专题 a chunk is about: one it names itself, the one its heading names, or the document's only one.
  const topicOf = (text: string): number | undefined => {
    for (const t of [text, heading ?? ""]) {
      const named = [...topicsNamed(t, topics).keys()].filter((id) => doc.topicIds.length === 0 || doc.topicIds.includes(id));
      if (named.length === 1) return named[0];
    }
    return doc.topicIds.length === 1 ? doc.topicIds[0] : undefined;
  };
  const push = (text: string, place: ChunkPlace) => {
    const topicId = topicOf(text);
    chunks.push({
      id: `${doc.docId}#${chunks.length}`,
      docId: doc.docId,
      kind: "guideline",
      ...(topicId !== undefined && { topicId }),
      headingPath: heading && heading !== doc.title ? [title, heading] : [title],
      text,
      file: doc.file,
      place,
      // Guidelines are not line-based; the place says where in the file the chunk is.
      lineStart: place.page ?? place.row ?? 1,
      lineEnd: place.pageEnd ?? place.page ?? place.row ?? 1,
    });
  };
  const flush = () => {
    if (passage.length === 0) return;
    const pages = passage.map((b) => b.page).filter((p): p is number => p !== undefined);
    const place: ChunkPlace = pages.length ? { page: pages[0], ...(pages.at(-1)! !== pages[0] && { pageEnd: pages.at(-1) }) } : {};
    push(passage.map((b) => b.text).join("\n"), place);
    passage = [];
  };

  for (const b of parsed.blocks) {
    if (b.kind === "heading") {
      flush();
      heading = b.text;
      continue;
    }
    if (b.kind === "row") {
      flush();
      const title = b.tableTitle ?? (b.sheet ? b.sheet : undefined);
      push(title ? `${title}｜${b.text}` : b.text, {
        ...(b.page !== undefined && { page: b.page }),
        ...(b.sheet !== undefined && { sheet: b.sheet }),
        ...(b.table !== undefined && { table: b.table }),
        ...(b.row !== undefined && { row: b.row }),
      });
      continue;
    }
    const size = passage.reduce((n, p) => n + p.text.length, 0);
    if (passage.length && size + b.text.length > PASSAGE_CHARS) flush();
    passage.push(b);
  }
  flush();
  return chunks;
}
