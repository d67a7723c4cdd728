import { beforeAll, describe, expect, it } from "vitest";
import { makeXlsx, XLSX_TABLE } from "../testing/make-fixtures.js";
import { parseXlsx } from "./parse-xlsx.js";
import { GuidelineParseError, type GuidelineBlock, type ParsedGuideline } from "./types.js";

const FILE = "corpus/guidelines/2099-示例.xlsx";

describe("parseXlsx", () => {
  let parsed: ParsedGuideline;
  let rows: GuidelineBlock[];
  beforeAll(async () => {
    parsed = await parseXlsx(FILE, await makeXlsx());
    rows = parsed.blocks.filter((b) => b.sheet === "支持方向");
  });

  it("takes a merged title row as the table title, not as the header", () => {
    expect(rows.every((r) => r.kind === "row" && r.tableTitle === XLSX_TABLE.title)).toBe(true);
    expect(rows.every((r) => r.header?.join() === XLSX_TABLE.header.join())).toBe(true);
  });

  it("repeats the header in each row and fills a merged cell into both rows", () => {
    expect(rows.map((r) => r.text)).toEqual([
      "序号：1；方向：示例方向甲；支持方式：事前资助；补助上限：最高补助88万元",
      "序号：2；方向：示例方向乙；支持方式：事前资助；补助上限：最高补助66万元",
      "序号：3；方向：示例方向丙；支持方式：后补助；补助上限：最高补助99万元",
    ]);
  });

  it("numbers data rows from 1 past a blank row, and tables across sheets", () => {
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    const contact = parsed.blocks.filter((b) => b.sheet === XLSX_TABLE.contactSheet);
    expect(contact.map((r) => [r.table, r.row])).toEqual([[2, 1]]);
    expect(rows.every((r) => r.table === 1)).toBe(true);
  });

  it("uses the sheet name as the title of a sheet without a title row", () => {
    const [contact] = parsed.blocks.filter((b) => b.sheet === XLSX_TABLE.contactSheet);
    expect(contact.tableTitle).toBe(XLSX_TABLE.contactSheet);
    expect(contact.text).toBe("事项：申报咨询；联系人：张示例；截止日期：2099/3/31");
  });

  it("refuses bytes that are no workbook, naming the file", async () => {
    const err: unknown = await parseXlsx(FILE, new TextEncoder().encode("PK\u0003\u0004 坏文件")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuidelineParseError);
    expect((err as GuidelineParseError).reason).toBe("corrupt");
    expect((err as GuidelineParseError).message).toBe(`${FILE}：文件已损坏或不是有效的 Excel（.xlsx）文件`);
  });
});
