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
});
