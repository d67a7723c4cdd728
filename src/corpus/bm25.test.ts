import { describe, expect, it } from "vitest";
import { Bm25Index } from "./bm25.js";

const docs = [
  { id: "a", tokens: ["贷款", "贴息", "科技", "企业"] },
  { id: "b", tokens: ["孵化器", "补助", "科技", "企业", "企业"] },
  { id: "c", tokens: ["国际", "合作", "科技"] },
];

describe("Bm25Index", () => {
  const idx = Bm25Index.build(docs);

  it("ranks documents containing rarer query terms first", () => {
    // "a" has the rare 贴息; "c" is shorter than "b", so its one 科技 weighs more.
    expect(idx.search(["贴息", "科技"], 3).map((h) => h.id)).toEqual(["a", "c", "b"]);
    expect(idx.search(["贴息"], 3).map((h) => h.id)).toEqual(["a"]);
    expect(idx.search(["孵化器", "企业"], 1)[0]).toMatchObject({ id: "b", index: 1 });
  });

  it("counts a repeated query token once and ignores unknown ones", () => {
    expect(idx.search(["贴息", "贴息", "未知"], 3)).toEqual(idx.search(["贴息"], 3));
    expect(idx.search(["未知"], 3)).toEqual([]);
  });

  it("returns the same scores on repeated searches (scratch space is reset)", () => {
    const first = idx.search(["科技", "企业"], 3);
    expect(idx.search(["科技", "企业"], 3)).toEqual(first);
  });

  it("round-trips through JSON", () => {
    const copy = Bm25Index.fromJSON(JSON.parse(JSON.stringify(idx.toJSON())) as ReturnType<typeof idx.toJSON>);
    expect(copy.search(["合作", "企业"], 3)).toEqual(idx.search(["合作", "企业"], 3));
    expect(() => Bm25Index.fromJSON({ version: 1 } as never)).toThrow(/malformed/);
  });
});
