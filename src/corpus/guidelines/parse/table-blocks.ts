// Turns a filled table grid into blocks: each data row becomes one row block that repeats the header
// ("列名：值；列名：值"), so a row retrieved alone still says what its values are.
import { joinLines } from "./normalize-text.js";
import type { GridCell } from "./table-grid.js";
import type { GuidelineBlock } from "./types.js";

export interface TableInput {
  grid: GridCell[][];
  /** Rows the source marks as header (thead, th, Word's repeated header row); at least the first row is. */
  headerRows: number;
  /** A caption or the paragraph before the table; a title row inside the table wins over it. */
  title?: string;
  /** 1-based number of this table in the document. */
  table: number;
  /** Place fields every block of this table carries (the sheet of an XLSX table). */
  place?: Pick<GuidelineBlock, "sheet" | "page">;
}

/** A paragraph before a table longer than this is text, not the table's title. */
const MAX_TITLE_CHARS = 80;

/** Header rows beyond this are taken as data: no real header is deeper. */
const MAX_HEADER_ROWS = 3;

const isEmpty = (cells: GridCell[]) => cells.every((c) => c.text === "");

function dropEmptyColumns(grid: GridCell[][]): GridCell[][] {
  const width = grid[0]?.length ?? 0;
  const keep = Array.from({ length: width }, (_, c) => grid.some((row) => row[c].text !== ""));
  return grid.map((row) => row.filter((_, c) => keep[c]));
}

/** A row whose text all comes from one cell: a merged title or section label, not a record. */
function singleOrigin(row: GridCell[]): boolean {
  const filled = row.filter((c) => c.text !== "");
  return filled.length > 0 && filled.every((c) => c.origin === filled[0].origin);
}

const spansAll = (row: GridCell[]) => row.length > 1 && row.every((c) => c.origin === row[0].origin);

/** Distinct header texts of a column, top to bottom ("补助标准/金额" under a merged 补助标准). */
function headerNames(rows: GridCell[][]): string[] {
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const row of rows) {
      const t = row[c].text;
      if (t !== "" && parts[parts.length - 1] !== t) parts.push(t);
    }
    return parts.join("/");
  });
}

export function rowText(header: string[], cells: string[]): string {
  return cells
    .map((v, i) => (v === "" ? "" : header[i] ? `${header[i]}：${v}` : v))
    .filter((pair) => pair !== "")
    .join("；");
}

export function tableBlocks(input: TableInput): GuidelineBlock[] {
  const place = input.place ?? {};
  const grid = dropEmptyColumns(input.grid.filter((row) => !isEmpty(row)));
  const blocks: GuidelineBlock[] = [];
  const text = (t: string): GuidelineBlock => ({ kind: "text", text: t, ...place });
  if (grid.length === 0) return blocks;

  // One column or one row is a frame around text, not a table of records.
  if (grid[0].length < 2 || grid.length < 2) {
    for (const row of grid) {
      const t = [...new Set(row.map((c) => c.text).filter((s) => s !== ""))].join(" ");
      if (t) blocks.push(text(t));
    }
    return blocks;
  }

  // Leading rows that are one cell (a merged title, 单位：万元): the first is the title, the rest text.
  let start = 0;
  let title = input.title;
  let titleRow: string | undefined;
  while (start < grid.length - 1 && singleOrigin(grid[start])) {
    const t = grid[start].find((c) => c.text !== "")!.text;
    if (titleRow === undefined) titleRow = t;
    else blocks.push(text(t));
    start++;
  }
  if (titleRow !== undefined) title = titleRow;

  // The header goes down while a cell of it is merged into the row below (序号 spanning two header rows).
  let end = start + Math.max(1, input.headerRows);
  while (
    end < grid.length &&
    end - start < MAX_HEADER_ROWS &&
    grid[end - 1].some((cell, c) => cell.text !== "" && cell.origin === grid[end][c].origin)
  ) {
    end++;
  }
  end = Math.min(end, grid.length);
  const header = headerNames(grid.slice(start, end));
  const headerRow = grid[end - 1].map((c) => c.text);

  let rowNumber = 0;
  for (const row of grid.slice(end)) {
    const cells = row.map((c) => c.text);
    if (spansAll(row)) {
      blocks.push(text(cells[0]));
      continue;
    }
    // Word and Excel repeat the header on each page; a repeated header is not a record.
    if (cells.every((v, i) => v === headerRow[i])) continue;
    rowNumber++;
    blocks.push({
      kind: "row",
      text: rowText(header, cells),
      ...place,
      table: input.table,
      row: rowNumber,
      ...(title ? { tableTitle: title } : {}),
      header,
      cells,
    });
  }
  return blocks;
}

/** The paragraph or heading right before a table, when it is short enough to be its title. */
export function titleBefore(blocks: GuidelineBlock[]): string | undefined {
  const last = blocks[blocks.length - 1];
  if (!last || last.kind === "row" || last.text.length > MAX_TITLE_CHARS) return undefined;
  return joinLines(last.text);
}
