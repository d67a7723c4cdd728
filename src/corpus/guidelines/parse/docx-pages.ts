// Reads the page breaks a .docx records (see docx-page-breaks.ts) from its zip: the main document part
// named by the package relationships, and its styles for pageBreakBefore set by a paragraph style.
import { posix } from "node:path";
import type JSZip from "jszip";
import { pageBreaks, type PageBreaks } from "./docx-page-breaks.js";

const OFFICE_DOCUMENT = /\/officeDocument$/;
const STYLES = /\/styles$/;

/** The internal target of the first relationship of a type, as a zip path. */
function relationshipTarget(relsXml: string, type: RegExp, baseDir: string): string | undefined {
  for (const m of relsXml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attrs = m[1];
    const relType = /\bType\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    const target = /\bTarget\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    if (!relType || !target || !type.test(relType) || /\bTargetMode\s*=\s*"External"/.test(attrs)) continue;
    return target.startsWith("/") ? target.slice(1) : posix.join(baseDir, target);
  }
  return undefined;
}

async function part(zip: JSZip, path: string | undefined): Promise<string | undefined> {
  return path === undefined ? undefined : zip.file(path)?.async("string");
}

/** Pages of the document's paragraphs, or undefined when it records no page break (or cannot be read:
 * mammoth then says why). */
export async function docxPageBreaks(bytes: Uint8Array): Promise<PageBreaks | undefined> {
  try {
    const { default: JSZipClass } = await import("jszip");
    const zip = await JSZipClass.loadAsync(bytes);
    const rootRels = (await part(zip, "_rels/.rels")) ?? "";
    const documentPath = relationshipTarget(rootRels, OFFICE_DOCUMENT, "") ?? "word/document.xml";
    const documentXml = await part(zip, documentPath);
    if (documentXml === undefined) return undefined;
    const dir = posix.dirname(documentPath);
    const docRels = (await part(zip, posix.join(dir, "_rels", `${posix.basename(documentPath)}.rels`))) ?? "";
    const stylesXml = (await part(zip, relationshipTarget(docRels, STYLES, dir))) ?? "";
    const result = pageBreaks(documentXml, stylesXml);
    return result.paginated ? result : undefined;
  } catch {
    return undefined;
  }
}
