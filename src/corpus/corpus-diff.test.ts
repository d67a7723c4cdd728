import { describe, expect, it } from "vitest";
import type { Chunk, Corpus } from "../core/types.js";
import { diffCorpora, formatDiff } from "./corpus-diff.js";

type Part = Pick<Corpus, "files" | "guidelines" | "chunks">;
const chunk = (id: string, text: string) => ({ id, text }) as Chunk;
const corpus = (files: Record<string, string>, chunks: Chunk[], sidecar?: [string, string]): Part => ({
  files: Object.entries(files).map(([name, content]) => ({ name, content })),
  chunks,
  guidelines: sidecar ? ([{ file: sidecar[0], sidecar: sidecar[1] }] as Corpus["guidelines"]) : [],
});

describe("diffCorpora", () => {
  it("documents and chunks added, removed and changed; a sidecar edit changes its document", () => {
    const before = corpus({ "plan.md": "p", "g.docx": "{1}", "g.yaml": "year: 2024", "old.md": "o" }, [chunk("plan#0", "a"), chunk("g#0", "x"), chunk("old#0", "o")], ["g.docx", "g.yaml"]);
    const after = corpus({ "plan.md": "p", "g.docx": "{1}", "g.yaml": "year: 2025", "new.pdf": "{2}" }, [chunk("plan#0", "a"), chunk("g#0", "y"), chunk("new#0", "n")], ["g.docx", "g.yaml"]);
    const d = diffCorpora(before, after);
    expect(d.documents).toEqual({ added: ["new.pdf"], removed: ["old.md"], changed: ["g.docx"] });
    expect(d.chunks).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(formatDiff(d)[0]).toBe("changes    documents +1 −1 ~1; chunks +1 −1 ~1 (1 unchanged)");
  });

  it("no earlier index: everything is added; nothing changed says so", () => {
    const c = corpus({ "plan.md": "p" }, [chunk("plan#0", "a")]);
    expect(diffCorpora(undefined, c).documents.added).toEqual(["plan.md"]);
    expect(formatDiff(diffCorpora(c, c))).toEqual(["changes    none (the index is rebuilt from the same files)"]);
  });
});
