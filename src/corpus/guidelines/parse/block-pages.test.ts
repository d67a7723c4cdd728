import { describe, expect, it } from "vitest";
import { assignPages } from "./block-pages.js";
import type { PagedParagraph } from "./docx-page-breaks.js";
import type { GuidelineBlock } from "./types.js";

const text = (t: string): GuidelineBlock => ({ kind: "text", text: t });
const row = (cells: string[]): GuidelineBlock => ({ kind: "row", text: cells.join("；"), cells });
const para = (t: string, page: number, rowEnd?: number): PagedParagraph => ({
  text: t,
  page,
  ...(rowEnd === undefined ? {} : { rowEnd }),
});
const pagesOf = (blocks: GuidelineBlock[], paragraphs: PagedParagraph[]) =>
  assignPages(blocks, paragraphs).map((b) => b.page);

describe("assignPages", () => {
  it("matches blocks to paragraphs in order, whatever the spacing and empty paragraphs", () => {
    const paragraphs = [para("一、总则", 1), para("", 1), para("本 指南 适用", 1), para("二、申报", 2), para("条件如下", 3)];
    expect(pagesOf([text("一、总则"), text("本指南适用"), text("二、申报"), text("条件如下")], paragraphs)).toEqual([
      1, 1, 2, 3,
    ]);
  });

  it("compares letters and digits only: not spaces, symbols, or the [1] mammoth writes for a footnote", () => {
    const paragraphs = [para("甲", 1), para("第一条（资助‑标准）：88 万元", 2), para("详见说明。另见", 3)];
    const blocks = [text("甲"), text("第一条 (资助-标准): 88万元"), text("详见说明[1]。另见[12]")];
    expect(pagesOf(blocks, paragraphs)).toEqual([1, 2, 3]);
  });

  it("matches a text made of several paragraphs (a cell's lines) by the first", () => {
    const paragraphs = [para("甲", 1), para("申报单位", 2), para("", 2), para("须为法人", 3), para("乙", 3)];
    expect(pagesOf([text("甲"), text("申报单位 须为法人"), text("乙")], paragraphs)).toEqual([1, 2, 3]);
  });

  it("gives a row the page of its first own cell and moves past the whole row", () => {
    // Header row (序号, 类别, 金额), then rows whose 类别 is merged down: row 2 repeats 重点 from row 1.
    const paragraphs = [
      para("序号", 1, 3),
      para("类别", 1, 3),
      para("金额", 1, 3),
      para("1", 1, 6),
      para("重点", 1, 6),
      para("100", 1, 6),
      para("2", 2, 8),
      para("50", 2, 8),
      para("表后", 2),
    ];
    const blocks = [row(["1", "重点", "100"]), row(["2", "重点", "50"]), text("表后")];
    expect(pagesOf(blocks, paragraphs)).toEqual([1, 2, 2]);
  });

  it("keeps the previous block's page for a block it cannot find, and page 1 before any", () => {
    const paragraphs = [para("甲", 2), para("乙", 3)];
    expect(pagesOf([text("不在文中"), text("甲"), text("脚注：不在正文"), text("乙")], paragraphs)).toEqual([1, 2, 2, 3]);
  });

  it("does not jump far ahead for a short text found only there", () => {
    const filler = Array.from({ length: 300 }, (_, i) => para(`段落${i}`, 1 + Math.floor(i / 30)));
    const paragraphs = [para("甲", 1), ...filler, para("注1", 11), para("乙", 11)];
    // 注1 is a footnote mammoth appends; its twin 300 paragraphs on is out of reach, so 段落0 is still found.
    const blocks = [text("甲"), text("注1"), text("段落0"), text("段落40")];
    expect(pagesOf(blocks, paragraphs)).toEqual([1, 1, 1, 2]);
  });

  it("finds a long text further on after a run of blocks it could not match", () => {
    const filler = Array.from({ length: 300 }, (_, i) => para(`段落${i}`, 1));
    const long = "申报截止时间为二〇九九年三月三十一日下午五时";
    const paragraphs = [para("甲", 1), ...filler, para(long, 9)];
    expect(pagesOf([text("甲"), text(long)], paragraphs)).toEqual([1, 9]);
  });

  it("matches a block that is only the start of its paragraph", () => {
    const paragraphs = [para("甲", 1), para("见附件1所列条件（公式略）", 2)];
    expect(pagesOf([text("甲"), text("见附件1所列条件")], paragraphs)).toEqual([1, 2]);
    // Too short to tell, or not its start: kept on the previous page.
    expect(pagesOf([text("甲"), text("见附")], paragraphs)).toEqual([1, 1]);
    expect(pagesOf([text("甲"), text("所列条件")], paragraphs)).toEqual([1, 1]);
  });
});
