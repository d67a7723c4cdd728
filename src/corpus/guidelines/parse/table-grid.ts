// Lays a table's cells out on a grid, filling a merged cell's value into every position it covers, so
// each row can be read on its own ("支持方式：事前资助" in both rows of a rowspan).

export interface SourceCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
}

export interface GridCell {
  text: string;
  /** Which source cell this position shows (same number across a merge); -1 for a position no cell covers. */
  origin: number;
}

/** Spans past this are treated as 1: a stray rowspan="9999" must not blow up the grid. */
const MAX_SPAN = 1000;

function span(n: number | undefined): number {
  return n !== undefined && Number.isInteger(n) && n > 1 && n <= MAX_SPAN ? n : 1;
}

export function fillSpans(rows: SourceCell[][]): GridCell[][] {
  const grid: GridCell[][] = rows.map(() => []);
  let origin = 0;
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (grid[r][c] !== undefined) c++;
      const rs = Math.min(span(cell.rowSpan), rows.length - r);
      const cs = span(cell.colSpan);
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) grid[r + dr][c + dc] ??= { text: cell.text, origin };
      }
      origin++;
      c += cs;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  return grid.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? { text: "", origin: -1 }));
}
