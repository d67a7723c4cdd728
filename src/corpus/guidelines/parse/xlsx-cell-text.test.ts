import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cellText } from "./xlsx-cell-text.js";

/** Writes one row of [value, numFmt] cells and reads it back, so the formats come from a real file. */
async function roundTrip(cells: [ExcelJS.CellValue, string?][]): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("s");
  cells.forEach(([value, numFmt], i) => {
    const cell = ws.getCell(1, i + 1);
    cell.value = value;
    if (numFmt) cell.numFmt = numFmt;
  });
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(await wb.xlsx.writeBuffer());
  const sheet = read.getWorksheet("s")!;
  return cells.map((_, i) => cellText(sheet.getCell(1, i + 1)));
}

describe("cellText", () => {
  it("shows numbers and dates as the cell's format shows them", async () => {
    expect(
      await roundTrip([
        [0.15, "0%"],
        [880000, "#,##0.00"],
        [new Date(Date.UTC(2099, 2, 31)), 'yyyy"年"m"月"d"日"'],
        [new Date(Date.UTC(2099, 2, 31))],
        [0.1 + 0.2],
        [88],
      ]),
    ).toEqual(["15%", "880,000.00", "2099年3月31日", "2099/3/31", "0.3", "88"]);
  });

  it("joins rich text, reads formula results and hyperlink text, and keeps cell lines apart", async () => {
    expect(
      await roundTrip([
        [{ richText: [{ text: "最高补助" }, { text: "88万元", font: { bold: true } }] }],
        [{ formula: "1+1", result: 2 }],
        [{ text: "申报系统", hyperlink: "https://example.invalid/" }],
        ["第一行\n第二行"],
        [null],
      ]),
    ).toEqual(["最高补助88万元", "2", "申报系统", "第一行 第二行", ""]);
  });
});
