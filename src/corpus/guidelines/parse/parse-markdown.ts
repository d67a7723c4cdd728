// Markdown (.md) → blocks through markdown-it: headings, paragraphs (lists, quotes, code included) and
// pipe tables as row blocks. A leading YAML frontmatter's `title` is the title.
import type { Token } from "markdown-it";
import { splitFrontmatter } from "../../frontmatter.js";
import { decodeText, looksBinary } from "./decode-text.js";
import { documentTitle } from "./document-title.js";
import { guidelineFailure } from "./failure.js";
import { normalizeText } from "./normalize-text.js";
import { tableBlocks, titleBefore } from "./table-blocks.js";
import { fillSpans, type SourceCell } from "./table-grid.js";
import type { GuidelineBlock, ParsedGuideline } from "./types.js";

function inlineText(token: Token): string {
  let out = "";
  for (const child of token.children ?? []) {
    if (child.type === "text" || child.type === "code_inline") out += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") out += "\n";
    else if (child.type === "image") out += inlineText(child);
  }
  return out;
}

/** Rows of the table whose `table_open` is at `start`; returns them and the index after `table_close`. */
function readTable(tokens: Token[], start: number): { rows: SourceCell[][]; headerRows: number; end: number } {
  const rows: SourceCell[][] = [];
  let headerRows = 0;
  let inHead = false;
  let i = start + 1;
  for (; i < tokens.length && tokens[i].type !== "table_close"; i++) {
    const t = tokens[i];
    if (t.type === "thead_open") inHead = true;
    else if (t.type === "thead_close") inHead = false;
    else if (t.type === "tr_open") {
      rows.push([]);
      if (inHead) headerRows++;
    } else if (t.type === "inline") {
      rows[rows.length - 1]?.push({ text: normalizeText(inlineText(t)).split("\n").join(" ") });
    }
  }
  return { rows, headerRows, end: i };
}

export async function parseMarkdown(file: string, bytes: Uint8Array): Promise<ParsedGuideline> {
  if (looksBinary(bytes)) throw guidelineFailure(file, "corrupt", "md");
  const [{ default: markdownit }, { default: cjkFriendly }] = await Promise.all([
    import("markdown-it"),
    import("markdown-it-cjk-friendly"),
  ]);
  let source = decodeText(bytes);
  let metaTitle: string | undefined;
  if (/^\uFEFF?---\s*\r?\n/.test(source)) {
    const fm = splitFrontmatter(source);
    source = fm.body;
    const data = fm.data as { title?: unknown } | undefined;
    if (typeof data?.title === "string" && data.title.trim()) metaTitle = data.title.trim();
  }
  // Raw HTML stays literal text; the CJK plugin lets **加粗**。 close next to full-width punctuation.
  const md = markdownit({ html: false, linkify: false, typographer: false }).use(cjkFriendly);
  const tokens = md.parse(source, {});

  const blocks: GuidelineBlock[] = [];
  let tables = 0;
  const push = (kind: "heading" | "text", raw: string) => {
    const text = normalizeText(raw);
    if (text) blocks.push({ kind, text });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "heading_open") push("heading", inlineText(tokens[i + 1]));
    else if (t.type === "paragraph_open") push("text", inlineText(tokens[i + 1]));
    else if (t.type === "fence" || t.type === "code_block") push("text", t.content);
    else if (t.type === "table_open") {
      const { rows, headerRows, end } = readTable(tokens, i);
      const table = tableBlocks({ grid: fillSpans(rows), headerRows, title: titleBefore(blocks), table: tables + 1 });
      if (table.some((b) => b.kind === "row")) tables++;
      blocks.push(...table);
      i = end;
    }
  }
  if (blocks.length === 0) throw guidelineFailure(file, "empty", "md");
  const title = metaTitle ?? documentTitle(blocks);
  return { format: "md", ...(title ? { title } : {}), blocks };
}
