import { describe, expect, it } from "vitest";
import { fillSpans } from "./table-grid.js";

const texts = (grid: ReturnType<typeof fillSpans>) => grid.map((row) => row.map((c) => c.text));

describe("fillSpans", () => {
  it("fills a rowspan down and a colspan across, and gives a merge one origin", () => {
    const grid = fillSpans([
      [{ text: "A", rowSpan: 2 }, { text: "B" }, { text: "C" }],
      [{ text: "D", colSpan: 2 }],
      [{ text: "E" }, { text: "F" }, { text: "G" }],
    ]);
    expect(texts(grid)).toEqual([
      ["A", "B", "C"],
      ["A", "D", "D"],
      ["E", "F", "G"],
    ]);
    expect(grid[0][0].origin).toBe(grid[1][0].origin);
    expect(grid[1][1].origin).toBe(grid[1][2].origin);
    expect(grid[0][1].origin).not.toBe(grid[0][2].origin);
  });

  it("fills a cell spanning both ways, pads short rows and clips spans past the table", () => {
    const grid = fillSpans([
      [{ text: "X", rowSpan: 5, colSpan: 2 }, { text: "Y" }],
      [{ text: "Z" }],
      [],
    ]);
    expect(texts(grid)).toEqual([
      ["X", "X", "Y"],
      ["X", "X", "Z"],
      ["X", "X", ""],
    ]);
    expect(grid[2][2].origin).toBe(-1);
  });

  it("ignores a span that is no positive number", () => {
    expect(texts(fillSpans([[{ text: "A", colSpan: Number.NaN }, { text: "B", colSpan: 0 }]]))).toEqual([["A", "B"]]);
  });
});
