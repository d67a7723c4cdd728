// PDF → blocks with 1-based page numbers, through unpdf (pdf.js built for servers, no worker).
import { buildLines, buildParagraphs, bodySize, type PdfTextItem } from "./pdf-layout.js";
import { guidelineFailure } from "./failure.js";
import { joinLines } from "./normalize-text.js";
import { isPageNumber } from "./page-chrome.js";
import { GuidelineParseError, type GuidelineBlock, type ParsedGuideline } from "./types.js";

/** A paragraph set this much larger than the body text is a heading. */
const HEADING_SCALE = 1.15;
/** Characters that are no text: private-use glyph codes and U+FFFD from fonts without a Unicode map. */
const UNREADABLE = /[\ue000-\uf8ff\ufffd\u0000-\u0008\u000e-\u001f]/gu;

interface RawItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  hasEOL?: boolean;
}

function toItem(raw: RawItem): PdfTextItem | undefined {
  if (typeof raw.str !== "string" || !raw.transform) return undefined;
  return {
    str: raw.str,
    x: raw.transform[4],
    y: raw.transform[5],
    width: raw.width ?? 0,
    height: raw.height ?? 0,
    hasEOL: raw.hasEOL ?? false,
  };
}

/** pdf.js error names for a password and for bytes that are no PDF. */
function failureOf(err: unknown): "encrypted" | "corrupt" {
  return (err as { name?: string } | null)?.name === "PasswordException" ? "encrypted" : "corrupt";
}

export async function parsePdf(file: string, bytes: Uint8Array): Promise<ParsedGuideline> {
  const { getDocumentProxy } = await import("unpdf");
  // pdf.js may take over the buffer it is given; the caller's bytes stay theirs.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false }).catch(
    (err: unknown) => {
      throw guidelineFailure(file, failureOf(err), "pdf");
    },
  );
  try {
    const pages: { page: number; lines: ReturnType<typeof buildLines> }[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      const content = await (await pdf.getPage(page)).getTextContent();
      const items = (content.items as RawItem[]).map(toItem).filter((i): i is PdfTextItem => i !== undefined);
      pages.push({ page, lines: buildLines(items) });
    }
    const all = pages.flatMap((p) => p.lines.map((l) => l.text)).join("");
    const readable = all.replace(/\s/g, "").replace(UNREADABLE, "");
    if (readable.length === 0 || readable.length < 0.5 * all.replace(/\s/g, "").length) {
      throw guidelineFailure(file, "no_text_layer", "pdf");
    }

    const body = bodySize(pages.flatMap((p) => p.lines));
    const blocks: GuidelineBlock[] = [];
    for (const { page, lines } of pages) {
      const paragraphs = buildParagraphs(lines);
      paragraphs.forEach((p, i) => {
        const atEdge = i === 0 || i === paragraphs.length - 1;
        if (atEdge && isPageNumber(p.text)) return;
        blocks.push({ kind: p.size > HEADING_SCALE * body ? "heading" : "text", text: p.text, page });
      });
    }
    const firstHeading = blocks.find((b) => b.page === 1 && b.kind === "heading");
    const title = (firstHeading && joinLines(firstHeading.text)) ?? (await metadataTitle(pdf));
    return { format: "pdf", ...(title ? { title } : {}), pages: pdf.numPages, blocks };
  } catch (err) {
    if (err instanceof GuidelineParseError) throw err;
    throw guidelineFailure(file, failureOf(err), "pdf");
  } finally {
    await pdf.destroy();
  }
}

async function metadataTitle(pdf: { getMetadata(): Promise<{ info: unknown }> }): Promise<string | undefined> {
  const info = (await pdf.getMetadata().catch(() => ({ info: {} }))).info as { Title?: unknown };
  return typeof info.Title === "string" && info.Title.trim() ? info.Title.trim() : undefined;
}
