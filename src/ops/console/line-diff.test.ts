import { describe, expect, it } from "vitest";
import { diffHunks, diffLines, diffStats, splitLines } from "./line-diff.js";

const kinds = (before: string, after: string) => diffLines(before, after).map((o) => `${o.kind === "same" ? " " : o.kind === "add" ? "+" : "-"}${o.text}`);

describe("diffLines", () => {
  it("marks one changed line as a deletion and an addition, with both files' line numbers", () => {
    const ops = diffLines("a\nb\nc\n", "a\nB\nc\n");
    expect(ops).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "del", text: "b", oldLine: 2 },
      { kind: "add", text: "B", newLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 3 },
    ]);
  });

  it("finds the longest common subsequence, not a line-by-line comparison", () => {
    expect(kinds("x\na\nb\nc", "a\nb\ny\nc")).toEqual(["-x", " a", " b", "+y", " c"]);
    const ops = diffLines("x\na\nb\nc", "a\nb\ny\nc");
    expect(ops.find((o) => o.kind === "same" && o.text === "c")).toEqual({ kind: "same", text: "c", oldLine: 4, newLine: 4 });
    expect(ops.find((o) => o.kind === "same" && o.text === "a")).toEqual({ kind: "same", text: "a", oldLine: 2, newLine: 1 });
  });

  it("handles empty texts, inserted lines and CRLF line ends", () => {
    expect(kinds("", "a\nb")).toEqual(["+a", "+b"]);
    expect(kinds("a\nb", "")).toEqual(["-a", "-b"]);
    expect(kinds("a\r\nc\r\n", "a\nb\nc\n")).toEqual([" a", "+b", " c"]);
    expect(diffStats(diffLines("a\nb", "a\nb"))).toEqual({ added: 0, removed: 0 });
    expect(splitLines("a\n\n")).toEqual(["a", ""]);
  });
});

describe("diffHunks", () => {
  it("keeps three lines of context and merges changes that are close together", () => {
    const old = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const edited = [...old];
    edited[4] = "changed 5";
    edited[7] = "changed 8";
    edited[25] = "changed 26";
    const hunks = diffHunks(diffLines(old.join("\n"), edited.join("\n")));
    expect(hunks).toHaveLength(2);
    const first = hunks[0].ops;
    expect(first[0]).toMatchObject({ kind: "same", oldLine: 2 });
    expect(first[first.length - 1]).toMatchObject({ kind: "same", oldLine: 11 });
    expect(hunks[1].ops.filter((o) => o.kind !== "same").map((o) => o.text)).toEqual(["line 26", "changed 26"]);
    expect(diffHunks(diffLines("a", "a"))).toEqual([]);
  });
});
