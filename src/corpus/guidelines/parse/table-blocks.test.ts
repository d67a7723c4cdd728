import { describe, expect, it } from "vitest";
import { rowText, tableBlocks, titleBefore } from "./table-blocks.js";
import { fillSpans, type SourceCell } from "./table-grid.js";

const cells = (...texts: string[]): SourceCell[] => texts.map((text) => ({ text }));
const blocksOf = (rows: SourceCell[][], headerRows = 1, title?: string) =>
  tableBlocks({ grid: fillSpans(rows), headerRows, title, table: 4 });

describe("tableBlocks", () => {
  it("names each value by its header, leaves empty values out and numbers the rows", () => {
    const blocks = blocksOf([cells("方向", "补助上限", "备注"), cells("甲", "88万元", ""), cells("乙", "66万元", "无")], 1, "表1");
    expect(blocks).toEqual([
      {
        kind: "row",
        text: "方向：甲；补助上限：88万元",
        table: 4,
        row: 1,
        tableTitle: "表1",
        header: ["方向", "补助上限", "备注"],
        cells: ["甲", "88万元", ""],
      },
      {
        kind: "row",
        text: "方向：乙；补助上限：66万元；备注：无",
        table: 4,
        row: 2,
        tableTitle: "表1",
        header: ["方向", "补助上限", "备注"],
        cells: ["乙", "66万元", "无"],
      },
    ]);
  });

  it("takes a merged first row as the title over the paragraph before, and later ones as text", () => {
    const blocks = blocksOf(
      [[{ text: "示例专项表", colSpan: 2 }], [{ text: "单位：万元", colSpan: 2 }], cells("方向", "金额"), cells("甲", "88")],
      1,
      "前一段",
    );
    expect(blocks.map((b) => [b.kind, b.text, b.tableTitle])).toEqual([
      ["text", "单位：万元", undefined],
      ["row", "方向：甲；金额：88", "示例专项表"],
    ]);
  });

  it("reads a two-row header whose cell spans both rows, naming columns under a merged header", () => {
    const blocks = blocksOf([
      [{ text: "序号", rowSpan: 2 }, { text: "补助标准", colSpan: 2 }],
      cells("金额", "比例"),
      cells("1", "88万元", "30%"),
    ]);
    expect(blocks.map((b) => [b.header, b.text])).toEqual([
      [["序号", "补助标准/金额", "补助标准/比例"], "序号：1；补助标准/金额：88万元；补助标准/比例：30%"],
    ]);
  });

  it("makes a row merged across every column a text block and skips a header repeated on a new page", () => {
    const blocks = blocksOf([
      cells("方向", "金额"),
      [{ text: "一、重点方向", colSpan: 2 }],
      cells("甲", "88"),
      cells("方向", "金额"),
      cells("乙", "66"),
    ]);
    expect(blocks.map((b) => [b.kind, b.text, b.row])).toEqual([
      ["text", "一、重点方向", undefined],
      ["row", "方向：甲；金额：88", 1],
      ["row", "方向：乙；金额：66", 2],
    ]);
  });

  it("reads a one-column or one-row table as text, and drops empty rows and columns", () => {
    expect(blocksOf([cells("第一段"), cells("第二段")]).map((b) => [b.kind, b.text])).toEqual([
      ["text", "第一段"],
      ["text", "第二段"],
    ]);
    expect(blocksOf([cells("甲", "", "乙")]).map((b) => [b.kind, b.text])).toEqual([["text", "甲 乙"]]);
    expect(blocksOf([cells("方向", "", "金额"), cells("", "", ""), cells("甲", "", "88")]).map((b) => b.text)).toEqual([
      "方向：甲；金额：88",
    ]);
  });
});

describe("rowText", () => {
  it("gives a value without a header alone", () => {
    expect(rowText(["方向", ""], ["甲", "备注"])).toBe("方向：甲；备注");
  });
});

describe("titleBefore", () => {
  it("takes a short paragraph or heading, not a long paragraph or a row", () => {
    expect(titleBefore([{ kind: "text", text: "附表：\n示例" }])).toBe("附表：示例");
    expect(titleBefore([{ kind: "text", text: "长".repeat(81) }])).toBeUndefined();
    expect(titleBefore([{ kind: "row", text: "方向：甲" }])).toBeUndefined();
    expect(titleBefore([])).toBeUndefined();
  });
});
