import { describe, expect, it } from "vitest";
import { TermMatcher } from "./term-matcher.js";

describe("TermMatcher", () => {
  const m = new TermMatcher<string>([
    ["孵化器", "A"],
    ["科技企业孵化器", "B"],
    ["企业", "C"],
    ["tech sme", "D"],
    ["lab", "E"],
    ["孵化器", "ignored: first owner keeps a term"],
  ]);

  it("finds leftmost-longest, non-overlapping matches", () => {
    expect(m.findAll("我们运营科技企业孵化器和企业").map((h) => [h.term, h.value, h.start])).toEqual([
      ["科技企业孵化器", "B", 4],
      ["企业", "C", 12],
    ]);
  });

  it("yields to a longer term that starts inside a match, and reads 个 after a numeral as a classifier", () => {
    const t = new TermMatcher<string>([["个人", "P"], ["人才团队", "T"], ["团队", "G"]]);
    expect(t.findAll("我们是个人才团队").map((h) => h.term)).toEqual(["人才团队"]);
    expect(t.findAll("我们几个人").map((h) => h.term)).toEqual([]);
    expect(t.findAll("我以个人名义申报").map((h) => h.term)).toEqual(["个人"]);
  });

  it("matches Latin terms as whole words, with a plural, case-insensitively", () => {
    expect(m.findAll("Two Tech SMEs and a lab").map((h) => h.value)).toEqual(["D", "E"]);
    expect(m.findAll("collaboration label").map((h) => h.value)).toEqual([]);
  });

  it("keeps the first owner of a term and counts terms once", () => {
    expect(m.findAll("孵化器")[0].value).toBe("A");
    expect(m.size).toBe(5);
  });
});
