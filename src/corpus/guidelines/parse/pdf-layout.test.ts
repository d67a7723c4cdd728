import { describe, expect, it } from "vitest";
import { bodySize, buildLines, buildParagraphs, type PdfLine, type PdfTextItem } from "./pdf-layout.js";

/** A run of `str` at (x, y) in an 11pt font whose glyphs are 11 wide (CJK) or 6 wide (Latin). */
function run(str: string, x: number, y: number, opts: Partial<PdfTextItem> = {}): PdfTextItem {
  const width = [...str].reduce((w, ch) => w + (/[\u4e00-\u9fff，。]/.test(ch) ? 11 : 6), 0);
  return { str, x, y, width, height: 11, hasEOL: false, ...opts };
}

describe("buildLines", () => {
  it("joins Chinese runs that touch without a space", () => {
    const lines = buildLines([run("申报", 72, 700), run("指南", 94, 700)]);
    expect(lines.map((l) => l.text)).toEqual(["申报指南"]);
  });

  it("drops letter-spacing inside Chinese but keeps a column gap as one space", () => {
    const lines = buildLines([run("申 报 指 南", 72, 700), run("补助上限", 300, 700)]);
    expect(lines.map((l) => l.text)).toEqual(["申报指南 补助上限"]);
  });

  it("keeps a written space between Latin words and numbers", () => {
    const lines = buildLines([run("Deadline ", 72, 700), run("2099", 126, 700), run(" AI model", 150, 700)]);
    expect(lines.map((l) => l.text)).toEqual(["Deadline 2099 AI model"]);
  });

  it("drops the spacing Word and LibreOffice put between Chinese and digits, within and across runs", () => {
    const lines = buildLines([run("2099 年 3 月 31 日，最高补助", 72, 700), run(" ", 238, 700), run("88", 239, 700)]);
    expect(lines.map((l) => l.text)).toEqual(["2099年3月31日，最高补助88"]);
  });

  it("ignores pdf.js's synthetic space runs between touching Chinese runs", () => {
    const lines = buildLines([run("最高补助", 72, 700), run(" ", 116, 700, { height: 0 }), run("88万元", 117, 700)]);
    expect(lines.map((l) => l.text)).toEqual(["最高补助88万元"]);
  });

  it("starts a new line at an end-of-line mark or a new baseline", () => {
    const lines = buildLines([
      run("第一行", 72, 700, { hasEOL: true }),
      run("第二行", 72, 687),
      run("第三行", 72, 674),
    ]);
    expect(lines.map((l) => l.text)).toEqual(["第一行", "第二行", "第三行"]);
  });
});

const line = (text: string, y: number, opts: Partial<PdfLine> = {}): PdfLine => ({
  text,
  x: 72,
  right: 72 + 11 * [...text].length,
  y,
  size: 11,
  ...opts,
});

describe("buildParagraphs", () => {
  const full = "一二三四五六七八九十一二三四五六七八九十"; // 20 characters: a full line
  it("joins wrapped lines and breaks where the spacing grows", () => {
    const paragraphs = buildParagraphs([line(full, 700), line(full, 687), line("末行。", 674), line(full, 640)]);
    expect(paragraphs.map((p) => p.text)).toEqual([`${full}\n${full}\n末行。`, full]);
  });

  it("keeps a cell's wrapped lines together in a column right of the margin", () => {
    const paragraphs = buildParagraphs([
      line("序号 方向", 700),
      line("1 示例方向甲（含", 687),
      line("示例子方向）", 674, { x: 228 }),
      line("二）", 661, { x: 228 }),
    ]);
    expect(paragraphs.map((p) => p.text)).toEqual(["序号 方向\n1 示例方向甲（含\n示例子方向）\n二）"]);
  });

  it("starts a paragraph at an indented line after a short heading line, not at each line of an indented block", () => {
    const paragraphs = buildParagraphs([
      line(full, 700),
      line("一、支持方向", 687, { x: 94 }),
      line(full, 674, { x: 94 }),
      line(full, 661),
      line(full, 648, { x: 94 }),
      line(full, 635, { x: 94 }),
    ]);
    expect(paragraphs.map((p) => p.text.split("\n").length)).toEqual([1, 1, 2, 2]);
  });

  it("breaks before an indented line and after a short line ending a sentence", () => {
    const paragraphs = buildParagraphs([
      line(full, 700),
      line("短句。", 687),
      line(full, 674),
      line("首行缩进", 661, { x: 94 }),
    ]);
    expect(paragraphs.map((p) => p.text)).toEqual([`${full}\n短句。`, full, "首行缩进"]);
  });

  it("keeps a short line without a sentence end in its paragraph (a table row)", () => {
    const paragraphs = buildParagraphs([line(full, 700), line("序号 方向", 687), line("1 甲", 674)]);
    expect(paragraphs).toHaveLength(1);
  });

  it("breaks where the font size changes", () => {
    const paragraphs = buildParagraphs([line("标题", 700, { size: 16 }), line(full, 687)]);
    expect(paragraphs.map((p) => [p.text, p.size])).toEqual([
      ["标题", 16],
      [full, 11],
    ]);
  });
});

describe("bodySize", () => {
  it("is the size most characters are set in", () => {
    expect(bodySize([line("大标题", 700, { size: 20 }), line(full(), 680), line(full(), 667)])).toBe(11);
    function full() {
      return "正文".repeat(10);
    }
  });
});
