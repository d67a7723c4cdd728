import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeCitationChecker } from "./citation-check.js";
import { citation14, writeFixtureRoot } from "./testing/scripted-assistant.js";

describe("makeCitationChecker", () => {
  const rootDir = writeFixtureRoot();

  it("accepts a citation whose quote is in the cited lines (across a line break and Markdown quote marks)", () => {
    const check = makeCitationChecker({ rootDir, chunkIds: new Set(["topic-14#3"]) });
    expect(check(citation14())).toBeUndefined();
    expect(check({ ...citation14(), quote: "支持科技型中小企业……保费给予补助" })).toBeUndefined();
  });

  it("rejects unknown ids, bad sources, ranges and quotes with a reason", () => {
    const check = makeCitationChecker({ rootDir, chunkIds: new Set(["topic-14#3"]) });
    expect(check({ ...citation14(), id: "topic-14#99" })).toBe(`unknown chunk id "topic-14#99"`);
    expect(check({ ...citation14(), source: "corpus/topics/14.md" })).toMatch(/not file:start-end/);
    expect(check({ ...citation14(), source: "corpus/topics/99.md:1-2" })).toMatch(/not found/);
    expect(check({ ...citation14(), source: "../../etc/passwd:1-1" })).toMatch(/not found/);
    expect(check({ ...citation14(), source: "corpus/topics/14.md:3-40" })).toMatch(/outside/);
    expect(check({ ...citation14(), quote: "最高补助500万元" })).toMatch(/quote not found/);
  });

  it("when retrieval was observed, a cited chunk must be among the retrieved ones", () => {
    const check = makeCitationChecker({ rootDir, chunkIds: new Set(["topic-14#3", "plan#1"]) });
    expect(check(citation14(), new Set(["topic-14#3", "plan#1"]))).toBeUndefined();
    expect(check(citation14(), new Set(["plan#1"]))).toBe(`chunk "topic-14#3" was cited but not retrieved for this answer`);
  });

  it("without the corpus ids, checks the id's shape only", () => {
    const check = makeCitationChecker({ rootDir });
    expect(check({ ...citation14(), id: "topic-14#123" })).toBeUndefined();
    expect(check({ ...citation14(), id: "whatever" })).toMatch(/does not look like docId#n/);
  });

  it("a guideline citation (file#place) must name a file in the project or the corpus folder and quote its chunk", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cite-guideline-"));
    fs.mkdirSync(path.join(dir, "guidelines"));
    fs.writeFileSync(path.join(dir, "guidelines", "g.docx"), "bytes");
    const text = "补助标准｜支持事项：科技贷款贴息；补助标准：最高88万元";
    const cite = { id: "guideline-g#2", title: "t", label: "l", source: "", quote: text };
    const source = path.relative(rootDir, path.join(dir, "guidelines", "g.docx")) + "#page=1&table=1&row=1";
    const check = makeCitationChecker({ rootDir, corpusDir: dir, chunkIds: new Set(["guideline-g#2"]), chunkText: (id) => (id === "guideline-g#2" ? text : undefined) });
    expect(check({ ...cite, source })).toBeUndefined();
    expect(check({ ...cite, source, quote: "最高99万元" })).toMatch(/quote not found/);
    expect(check({ ...cite, source: source.replace("g.docx", "missing.docx") })).toMatch(/not found/);
    // Outside both the project and the corpus folder: never read.
    expect(makeCitationChecker({ rootDir, chunkIds: new Set(["guideline-g#2"]), chunkText: () => text })({ ...cite, source })).toMatch(/not found/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
