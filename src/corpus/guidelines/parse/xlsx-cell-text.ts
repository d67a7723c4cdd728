// An Excel cell's text as Excel shows it: rich text joined, formula results, and numbers and dates in
// the cell's own number format (15% stays 15%, 2099年3月31日 stays so), through numfmt.
import type { Cell, CellValue } from "exceljs";
import { format } from "numfmt";
import { normalizeText } from "./normalize-text.js";

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 (1899-12-30) as a Unix day number. */
const EXCEL_EPOCH_DAYS = 25_569;

/** exceljs gives dates as UTC instants of the serial value; numfmt wants the serial. */
function dateSerial(d: Date): number {
  return d.getTime() / MS_PER_DAY + EXCEL_EPOCH_DAYS;
}

function isoDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 16).replace("T", " ");
}

/**
 * Built-in format 14 is "short date in the reader's locale"; files store it as mm-dd-yy, which a Chinese
 * Excel shows as 2099/3/31.
 */
const LOCALE_SHORT_DATE = new Set(["mm-dd-yy", "m/d/yy", "m/d/yyyy", "mm/dd/yyyy"]);

function formatted(value: number | Date, numFmt: string | undefined): string {
  const localDate = numFmt !== undefined && LOCALE_SHORT_DATE.has(numFmt.toLowerCase());
  const pattern = localDate ? "yyyy/m/d" : numFmt && numFmt !== "General" ? numFmt : undefined;
  if (pattern) {
    try {
      return format(pattern, value instanceof Date ? dateSerial(value) : value);
    } catch {
      // A format numfmt cannot read: fall back to the plain value below.
    }
  }
  // Excel keeps 15 significant digits: 0.1+0.2 is shown as 0.3, not 0.30000000000000004.
  return value instanceof Date ? isoDate(value) : String(Number(value.toPrecision(15)));
}

function valueText(value: CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || value instanceof Date) return formatted(value, numFmt);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("error" in value) return value.error;
  if ("formula" in value || "sharedFormula" in value) {
    return value.result === undefined ? "" : valueText(value.result as CellValue, numFmt);
  }
  if ("hyperlink" in value) return valueText(value.text as CellValue, numFmt);
  return "";
}

/** A merged cell's covered positions read their master's value (exceljs does this for `value`). */
export function cellText(cell: Cell): string {
  // Alt+Enter lines inside a cell are kept apart by one space, like paragraphs in a Word cell.
  return normalizeText(valueText(cell.value, cell.numFmt)).split("\n").join(" ");
}
