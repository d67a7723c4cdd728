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

  it("matches Latin terms as whole words, with a plural, case-insensitively", () => {
    expect(m.findAll("Two Tech SMEs and a lab").map((h) => h.value)).toEqual(["D", "E"]);
    expect(m.findAll("collaboration label").map((h) => h.value)).toEqual([]);
  });

  it("keeps the first owner of a term and counts terms once", () => {
    expect(m.findAll("孵化器")[0].value).toBe("A");
    expect(m.size).toBe(5);
  });
});
