import { beforeAll, describe, expect, it } from "vitest";
import { HTML_TITLE, makeHtml } from "../testing/make-fixtures.js";
import { parseHtml } from "./parse-html.js";
import type { GuidelineBlock, ParsedGuideline } from "./types.js";

const FILE = "corpus/guidelines/2099-通知.html";
const page = (html: string) => parseHtml(FILE, new TextEncoder().encode(html));

describe("parseHtml", () => {
  let parsed: ParsedGuideline;
  let rows: GuidelineBlock[];
  beforeAll(async () => {
    parsed = await parseHtml(FILE, makeHtml());
    rows = parsed.blocks.filter((b) => b.kind === "row");
  });

  it("takes the h1 as the title and drops script, style, header, nav and footer", () => {
    expect(parsed.title).toBe(HTML_TITLE);
    expect(parsed.blocks[0]).toEqual({ kind: "heading", text: HTML_TITLE });
    const all = parsed.blocks.map((b) => b.text).join("\n");
    for (const chrome of ["不应出现的脚本文字", "font-family", "网站首页", "通知公告", "版权所有"]) {
      expect(all).not.toContain(chrome);
    }
  });

  it("joins a paragraph broken across source lines without a space and drops the 全角 indent", () => {
    expect(parsed.blocks.map((b) => b.text)).toContain(
      "为支持示例领域技术攻关，现组织申报2099年度示例专项，单个项目最高补助88万元。",
    );
  });

  it("reads text directly in a div as a paragraph, a <br> as a line break", () => {
    expect(parsed.blocks.map((b) => b.text)).toContain("申报截止时间为2099年3月31日。\n逾期不予受理。");
  });

  it("makes row blocks with the header repeated, spans filled and the title before the table", () => {
    expect(rows.map((r) => [r.table, r.row, r.tableTitle])).toEqual([
      [1, 1, "附表：示例专项支持方向"],
      [1, 2, "附表：示例专项支持方向"],
      [1, 3, "附表：示例专项支持方向"],
    ]);
    expect(rows[1].text).toBe("序号：2；方向：示例方向乙；支持方式：事前资助；补助上限：最高补助66万元");
    expect(rows[2].cells).toEqual(["3", "示例方向丙（后补助）", "示例方向丙（后补助）", "最高补助99万元"]);
  });

  it("takes a <caption> as the table title and numbers tables in document order", async () => {
    const parsed = await page(`<body>
      <table><caption>表一</caption><tr><th>甲</th><th>乙</th></tr><tr><td>1</td><td>2</td></tr></table>
      <p>说明文字很长，不是表题。</p>
      <table><tr><td>丙</td><td>丁</td></tr><tr><td>3</td><td>4</td></tr></table></body>`);
    const rows = parsed.blocks.filter((b) => b.kind === "row");
    expect(rows.map((r) => [r.table, r.tableTitle, r.text])).toEqual([
      [1, "表一", "甲：1；乙：2"],
      [2, "说明文字很长，不是表题。", "丙：3；丁：4"],
    ]);
  });

  it("reads a layout table (tables inside a table) as page text", async () => {
    const parsed = await page(`<body><table><tr><td>左栏</td><td>
      <p>正文第一段。</p><table><tr><td>甲</td><td>乙</td></tr><tr><td>1</td><td>2</td></tr></table>
      </td></tr></table></body>`);
    expect(parsed.blocks.map((b) => [b.kind, b.text])).toEqual([
      ["text", "左栏"],
      ["text", "正文第一段。"],
      ["row", "甲：1；乙：2"],
    ]);
  });

  it("takes the notice's part of <title> when there is no h1, and drops chrome given by class", async () => {
    const parsed = await page(`<html><head><title>关于示例专项的通知_示例市科学技术局</title></head>
      <body><div class="nav">首页</div><div class="content"><p>正文。</p></div>
      <div id="footer">版权所有</div></body></html>`);
    expect(parsed.title).toBe("关于示例专项的通知");
    expect(parsed.blocks.map((b) => b.text)).toEqual(["正文。"]);
  });

  it("decodes a GBK page by its meta charset", async () => {
    const head = new TextEncoder().encode('<html><head><meta charset="gbk"></head><body><p>');
    const wuhan = [0xce, 0xe4, 0xba, 0xba]; // 武汉 in GBK
    const tail = new TextEncoder().encode("</p></body></html>");
    const parsed = await parseHtml(FILE, new Uint8Array([...head, ...wuhan, ...tail]));
    expect(parsed.blocks.map((b) => b.text)).toEqual(["武汉"]);
  });

  it("refuses a page with no text as empty, and binary bytes as corrupt", async () => {
    await expect(page("<html><body><nav>首页</nav></body></html>")).rejects.toMatchObject({
      reason: "empty",
      message: `${FILE}：文件中没有可读取的文字`,
    });
    await expect(parseHtml(FILE, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 0, 1]))).rejects.toMatchObject({
      reason: "corrupt",
    });
  });
});
