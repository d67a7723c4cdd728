// A small line diff (longest common subsequence) for the console's draft preview: what a card edit changes,
// line by line with both files' line numbers, shown in hunks with a few unchanged lines around each change.

export type DiffOp =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  | { kind: "del"; text: string; oldLine: number }
  | { kind: "add"; text: string; newLine: number };

export interface DiffHunk {
  ops: DiffOp[];
}

/** Above this many cells (old lines × new lines) the LCS table is not built: everything counts as replaced. */
const MAX_CELLS = 4_000_000;
/** Unchanged lines shown before and after each change. */
export const DIFF_CONTEXT = 3;

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop(); // a final newline ends the last line, it adds none
  return lines;
}

/** Every line of both texts in order: unchanged, deleted (old only) or added (new only). */
export function diffLines(before: string, after: string): DiffOp[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Common head and tail are matched directly: a one-line edit of a card costs no table at all.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: DiffOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: "same", text: a[i], oldLine: i + 1, newLine: i + 1 });
  ops.push(...middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head));
  for (let k = tail; k > 0; k--) {
    const i = a.length - k;
    const j = b.length - k;
    ops.push({ kind: "same", text: a[i], oldLine: i + 1, newLine: j + 1 });
  }
  return ops;
}

function middle(a: string[], b: string[], offset: number): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const dels = (): DiffOp[] => a.map((text, i) => ({ kind: "del", text, oldLine: offset + i + 1 }));
  const adds = (): DiffOp[] => b.map((text, j) => ({ kind: "add", text, newLine: offset + j + 1 }));
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return [...dels(), ...adds()];
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: "same", text: a[i], oldLine: offset + i + 1, newLine: offset + j + 1 });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
      ops.push({ kind: "del", text: a[i], oldLine: offset + i + 1 });
      i++;
    } else {
      ops.push({ kind: "add", text: b[j], newLine: offset + j + 1 });
      j++;
    }
  }
  for (; i < n; i++) ops.push({ kind: "del", text: a[i], oldLine: offset + i + 1 });
  for (; j < m; j++) ops.push({ kind: "add", text: b[j], newLine: offset + j + 1 });
  return ops;
}

/** The changes with `context` unchanged lines around each; changes closer than that share a hunk. */
export function diffHunks(ops: readonly DiffOp[], context = DIFF_CONTEXT): DiffHunk[] {
  const changed = ops.map((o, i) => (o.kind === "same" ? -1 : i)).filter((i) => i >= 0);
  const hunks: DiffHunk[] = [];
  let start = -1;
  let end = -1;
  for (const i of changed) {
    if (start >= 0 && i - context <= end + 1) {
      end = Math.min(ops.length - 1, i + context);
      continue;
    }
    if (start >= 0) hunks.push({ ops: ops.slice(start, end + 1) });
    start = Math.max(0, i - context);
    end = Math.min(ops.length - 1, i + context);
  }
  if (start >= 0) hunks.push({ ops: ops.slice(start, end + 1) });
  return hunks;
}

export function diffStats(ops: readonly DiffOp[]): { added: number; removed: number } {
  return { added: ops.filter((o) => o.kind === "add").length, removed: ops.filter((o) => o.kind === "del").length };
}
