import { describe, expect, it } from "vitest";
import { documentTitle } from "./document-title.js";

describe("documentTitle", () => {
  it("takes a first heading, or a short first line after an 附件 label", () => {
    expect(documentTitle([{ kind: "heading", text: "示例\n指南" }])).toBe("示例指南");
    expect(documentTitle([{ kind: "text", text: "附件2" }, { kind: "text", text: "2099年度示例专项申报指南" }])).toBe(
      "2099年度示例专项申报指南",
    );
  });

  it("does not take a sentence, a long paragraph or a table row", () => {
    expect(documentTitle([{ kind: "text", text: "各有关单位：" }])).toBeUndefined();
    expect(documentTitle([{ kind: "text", text: "长".repeat(81) }])).toBeUndefined();
    expect(documentTitle([{ kind: "row", text: "方向：甲" }])).toBeUndefined();
  });
});
