import { describe, expect, it } from "vitest";
import { FIXTURE_TITLE, makeMarkdown } from "../testing/make-fixtures.js";
import { parseMarkdown } from "./parse-markdown.js";

const FILE = "corpus/guidelines/2099-示例.md";
const md = (text: string) => parseMarkdown(FILE, new TextEncoder().encode(text));

describe("parseMarkdown", () => {
  it("reads headings, paragraphs with their line breaks, list items, and the h1 as title", async () => {
    const parsed = await parseMarkdown(FILE, makeMarkdown());
    expect(parsed.title).toBe(FIXTURE_TITLE);
    expect(parsed.blocks.filter((b) => b.kind !== "row").map((b) => [b.kind, b.text])).toEqual([
      ["heading", FIXTURE_TITLE],
      ["heading", "一、支持方向"],
      ["text", "本专项支持示例领域的技术攻关，\n单个项目最高补助88万元。"],
      ["text", "表1 示例专项支持方向"],
      ["heading", "二、申报时间"],
      ["text", "申报截止时间为2099年3月31日。"],
    ]);
  });

  it("turns a pipe table into row blocks with the header repeated and the title before it", async () => {
    const parsed = await parseMarkdown(FILE, makeMarkdown());
    const rows = parsed.blocks.filter((b) => b.kind === "row");
    expect(rows.map((r) => [r.table, r.row, r.tableTitle, r.text])).toEqual([
      [1, 1, "表1 示例专项支持方向", "序号：1；方向：示例方向甲；补助上限：最高补助88万元"],
      [1, 2, "表1 示例专项支持方向", "序号：2；方向：示例方向乙；补助上限：最高补助66万元"],
    ]);
  });

  it("drops emphasis marks next to full-width punctuation and keeps code and raw HTML as text", async () => {
    const parsed = await md("**申报条件：**须为示例企业。\n\n`88万元` 与 <b>标签</b>");
    expect(parsed.blocks.map((b) => b.text)).toEqual(["申报条件：须为示例企业。", "88万元与 <b>标签</b>"]);
  });

  it("takes the title from YAML frontmatter and leaves the frontmatter out of the text", async () => {
    const parsed = await md("---\ntitle: 示例指南\nyear: 2099\n---\n\n正文。\n");
    expect(parsed.title).toBe("示例指南");
    expect(parsed.blocks.map((b) => b.text)).toEqual(["正文。"]);
  });

  it("refuses a file with no text as empty", async () => {
    await expect(md("\n\n---\n\n")).rejects.toMatchObject({ reason: "empty", file: FILE });
  });
});
