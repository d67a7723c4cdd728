// Excel (.xlsx) → blocks through exceljs: each sheet is a table. Its first non-empty row is the header,
// unless that row is one merged cell across the columns, which is then the table's title (else the
// sheet's name is). Merged cells are filled into every position they cover.
import type { Worksheet } from "exceljs";
import { guidelineFailure } from "./failure.js";
import { ooxmlContainer } from "./ooxml-container.js";
import { tableBlocks } from "./table-blocks.js";
import type { GridCell } from "./table-grid.js";
import type { GuidelineBlock, ParsedGuideline } from "./types.js";
import { cellText } from "./xlsx-cell-text.js";

function sheetGrid(ws: Worksheet): GridCell[][] {
  const masters = new Map<string, number>();
  const grid: GridCell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    const cells: GridCell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      // findCell, not getCell: reading must not add cells to a sheet with thousands of empty ones.
      const cell = row?.findCell(c);
      const master = cell?.isMerged ? cell.master : cell;
      const key = master?.address ?? `${r}:${c}`;
      if (!masters.has(key)) masters.set(key, masters.size);
      cells.push({ text: master ? cellText(master) : "", origin: masters.get(key)! });
    }
    grid.push(cells);
  }
  return grid;
}

export async function parseXlsx(file: string, bytes: Uint8Array): Promise<ParsedGuideline> {
  const container = ooxmlContainer(bytes);
  if (container === "encrypted") throw guidelineFailure(file, "encrypted", "xlsx");
  if (container === "legacy") throw guidelineFailure(file, "unsupported", "xlsx", "旧版 Excel 格式（.xls）");
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw guidelineFailure(file, "corrupt", "xlsx");
  }
  const blocks: GuidelineBlock[] = [];
  let tables = 0;
  for (const ws of workbook.worksheets) {
    if (ws.state !== "visible" && ws.state !== undefined) continue;
    const sheetBlocks = tableBlocks({
      grid: sheetGrid(ws),
      headerRows: 1,
      title: ws.name,
      table: tables + 1,
      place: { sheet: ws.name },
    });
    if (sheetBlocks.some((b) => b.kind === "row")) tables++;
    blocks.push(...sheetBlocks);
  }
  if (blocks.length === 0) throw guidelineFailure(file, "empty", "xlsx");
  const title = workbook.title?.trim() || undefined;
  return { format: "xlsx", ...(title ? { title } : {}), blocks };
}
