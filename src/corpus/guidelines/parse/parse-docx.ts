// Word (.docx) → blocks: mammoth renders the document as HTML (headings, paragraphs, tables with
// colspan/rowspan), which the DOM walker reads like a web page. Pages come from the breaks the file
// records, matched onto the blocks by text, since mammoth drops them.
import { assignPages } from "./block-pages.js";
import { DomBlockWalker } from "./dom-blocks.js";
import { guidelineFailure } from "./failure.js";
import { ooxmlContainer } from "./ooxml-container.js";
import { documentTitle } from "./document-title.js";
import { docxPageBreaks } from "./docx-pages.js";
import type { ParsedGuideline } from "./types.js";

/** Word's own Title style is the document's title; mammoth leaves it a plain paragraph by default. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

export async function parseDocx(file: string, bytes: Uint8Array): Promise<ParsedGuideline> {
  const container = ooxmlContainer(bytes);
  if (container === "encrypted") throw guidelineFailure(file, "encrypted", "docx");
  if (container === "legacy") throw guidelineFailure(file, "unsupported", "docx", "旧版 Word 格式（.doc）");
  const [{ default: mammoth }, { load }] = await Promise.all([import("mammoth"), import("cheerio/slim")]);
  const breaks = docxPageBreaks(bytes);
  const html = await mammoth
    .convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        // Images carry no text; not encoding them keeps a picture-heavy file fast.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
      },
    )
    .catch(() => {
      throw guidelineFailure(file, "corrupt", "docx");
    });
  const $ = load(html.value, null, false);
  const walker = new DomBlockWalker();
  for (const node of $.root().contents()) walker.walk(node);
  walker.flush();
  if (walker.blocks.length === 0) throw guidelineFailure(file, "empty", "docx");
  const title = documentTitle(walker.blocks);
  // Without a recorded break the pages are unknown: no page at all rather than page 1 everywhere.
  const layout = await breaks;
  const blocks = layout ? assignPages(walker.blocks, layout.paragraphs) : walker.blocks;
  return { format: "docx", ...(title ? { title } : {}), ...(layout ? { pages: layout.pages } : {}), blocks };
}
