// What parsing one annual guideline document (申报指南) gives: text blocks with their place in the file.

export type GuidelineFormat = "pdf" | "docx" | "xlsx" | "html" | "md";

export interface GuidelineBlock {
  kind: "heading" | "text" | "row";
  /** For rows: "列名：值；列名：值" with the header repeated, empty values left out. */
  text: string;
  /** PDF, and DOCX where the file records page breaks: 1-based page. */
  page?: number;
  /** XLSX: the sheet's name. */
  sheet?: string;
  /** Rows only: 1-based table number within the document. */
  table?: number;
  /** Rows only: 1-based data row number within its table (header not counted). */
  row?: number;
  /** Rows only. */
  tableTitle?: string;
  /** Rows only. */
  header?: string[];
  /** Rows only, merged cells filled. */
  cells?: string[];
}

export interface ParsedGuideline {
  format: GuidelineFormat;
  title?: string;
  /** PDF: number of pages. */
  pages?: number;
  blocks: GuidelineBlock[];
}

export type GuidelineFailure = "no_text_layer" | "encrypted" | "corrupt" | "unsupported" | "empty";

/** A file that cannot be read; `message` is plain Chinese naming the file, for staff. */
export class GuidelineParseError extends Error {
  constructor(
    readonly file: string,
    readonly reason: GuidelineFailure,
    message: string,
  ) {
    super(message);
    this.name = "GuidelineParseError";
  }
}
