// One guideline file's bytes → text blocks with their place, chosen by extension. Each format's parser
// and its libraries are loaded on first use only, so importing this module stays cheap.
import path from "node:path";
import { guidelineFailure } from "./failure.js";
import type { GuidelineFormat, ParsedGuideline } from "./types.js";

export type { GuidelineBlock, GuidelineFailure, GuidelineFormat, ParsedGuideline } from "./types.js";
export { GuidelineParseError } from "./types.js";

const FORMATS: Record<string, GuidelineFormat> = {
  ".pdf": "pdf",
  ".docx": "docx",
  ".xlsx": "xlsx",
  ".html": "html",
  ".htm": "html",
  ".md": "md",
  ".markdown": "md",
};

/** What staff are told to do with a format that is close to a supported one. */
const LEGACY: Record<string, string> = {
  ".doc": "旧版 Word 格式（.doc）",
  ".wps": "WPS 文字格式（.wps）",
  ".xls": "旧版 Excel 格式（.xls）",
  ".et": "WPS 表格格式（.et）",
};

type Parser = (file: string, bytes: Uint8Array) => Promise<ParsedGuideline>;

const PARSERS: Record<GuidelineFormat, () => Promise<Parser>> = {
  pdf: async () => (await import("./parse-pdf.js")).parsePdf,
  docx: async () => (await import("./parse-docx.js")).parseDocx,
  xlsx: async () => (await import("./parse-xlsx.js")).parseXlsx,
  html: async () => (await import("./parse-html.js")).parseHtml,
  md: async () => (await import("./parse-markdown.js")).parseMarkdown,
};

export function guidelineFormat(file: string): GuidelineFormat | undefined {
  return FORMATS[path.extname(file).toLowerCase()];
}

/**
 * Parses one guideline file. `file` names it in messages (a path relative to the project root, e.g.
 * corpus/guidelines/2099-示例.pdf) and its extension picks the format. Throws GuidelineParseError.
 */
export async function parseGuideline(file: string, bytes: Uint8Array): Promise<ParsedGuideline> {
  const ext = path.extname(file).toLowerCase();
  const format = FORMATS[ext];
  if (!format) {
    throw guidelineFailure(file, "unsupported", undefined, LEGACY[ext] ?? (ext ? `「${ext}」文件` : "没有扩展名的文件"));
  }
  if (bytes.byteLength === 0) throw guidelineFailure(file, "empty", format);
  const parse = await PARSERS[format]();
  return parse(file, bytes);
}
