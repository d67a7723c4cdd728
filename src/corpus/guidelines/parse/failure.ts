// The plain-Chinese message staff see for each way a guideline file cannot be read.
import { GuidelineParseError, type GuidelineFailure, type GuidelineFormat } from "./types.js";

const FORMAT_NAMES: Record<GuidelineFormat, string> = {
  pdf: "PDF 文件",
  docx: "Word（.docx）文件",
  xlsx: "Excel（.xlsx）文件",
  html: "网页（HTML）文件",
  md: "Markdown 文件",
};

const SUPPORTED_EXTENSIONS = ".pdf、.docx、.xlsx、.html、.htm、.md";

export function guidelineFailure(
  file: string,
  reason: GuidelineFailure,
  format?: GuidelineFormat,
  /** For `unsupported`: what the file is, e.g. 「.doc」. */
  what?: string,
): GuidelineParseError {
  return new GuidelineParseError(file, reason, `${file}：${describe(reason, format, what)}`);
}

function describe(reason: GuidelineFailure, format: GuidelineFormat | undefined, what: string | undefined): string {
  switch (reason) {
    case "no_text_layer":
      return "没有可识别的文字层（可能是扫描件），请提供可复制文字的版本";
    case "encrypted":
      return "文件已加密或设有密码，无法读取";
    case "corrupt":
      return `文件已损坏或不是有效的 ${format ? FORMAT_NAMES[format] : "PDF/Word/Excel 文件"}`;
    case "empty":
      return "文件中没有可读取的文字";
    case "unsupported":
      return `不支持${what ?? "这种文件类型"}，请另存为 ${SUPPORTED_EXTENSIONS} 之一`;
  }
}
