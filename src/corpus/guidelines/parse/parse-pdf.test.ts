import { beforeAll, describe, expect, it } from "vitest";
import {
  FIXTURE_TITLE,
  makeEncryptedPdf,
  makePdf,
  makeRestrictedPdf,
  makeScannedPdf,
  PDF_TEXT,
} from "../testing/make-fixtures.js";
import { parsePdf } from "./parse-pdf.js";
import { GuidelineParseError, type ParsedGuideline } from "./types.js";

const FILE = "corpus/guidelines/2099-示例.pdf";

async function failure(bytes: Uint8Array): Promise<GuidelineParseError> {
  const err: unknown = await parsePdf(FILE, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GuidelineParseError);
  return err as GuidelineParseError;
}

describe("parsePdf", () => {
  let parsed: ParsedGuideline;
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await makePdf();
    parsed = await parsePdf(FILE, bytes);
  });

  it("counts pages and numbers each block's page from 1", () => {
    expect(parsed.format).toBe("pdf");
    expect(parsed.pages).toBe(2);
    const pageOf = (needle: string) => parsed.blocks.find((b) => b.text.includes(needle))?.page;
    expect(pageOf(FIXTURE_TITLE)).toBe(1);
    expect(pageOf("示例方向乙")).toBe(1);
    expect(pageOf("二、申报时间")).toBe(2);
    expect(pageOf("2099年3月31日")).toBe(2);
  });

  it("takes the large first line as the title and larger lines as headings", () => {
    expect(parsed.title).toBe(FIXTURE_TITLE);
    const headings = parsed.blocks.filter((b) => b.kind === "heading").map((b) => b.text);
    expect(headings).toEqual([FIXTURE_TITLE, "一、支持方向", "二、申报时间"]);
  });

  it("keeps a wrapped paragraph as one block, its lines apart, with no space inside the Chinese", () => {
    const para = parsed.blocks.find((b) => b.text.startsWith("本专项面向"))!;
    expect(para.kind).toBe("text");
    expect(para.text.split("\n").length).toBeGreaterThan(1);
    expect(para.text.replace(/\n/g, "")).toBe(PDF_TEXT.paragraph);
    expect(para.text).not.toMatch(/ /);
  });

  it("keeps a table's column gaps as single spaces and its title apart from it", () => {
    expect(parsed.blocks.some((b) => b.text === PDF_TEXT.tableTitle)).toBe(true);
    const table = parsed.blocks.find((b) => b.text.startsWith("序号"))!;
    expect(table.text.split("\n")).toEqual(
      [PDF_TEXT.tableHeader, ...PDF_TEXT.tableRows].map((row) => row.join(" ")),
    );
  });

  it("keeps numbers and punctuation verbatim", () => {
    expect(parsed.blocks.map((b) => b.text)).toContain(PDF_TEXT.deadline);
  });

  it("leaves the caller's bytes usable", async () => {
    const again = await parsePdf(FILE, bytes);
    expect(again.blocks).toEqual(parsed.blocks);
  });

  it("refuses a scan with no text layer, naming the file", async () => {
    const err = await failure(await makeScannedPdf());
    expect(err.reason).toBe("no_text_layer");
    expect(err.file).toBe(FILE);
    expect(err.message).toBe(`${FILE}：没有可识别的文字层（可能是扫描件），请提供可复制文字的版本`);
  });

  it("refuses a password-protected PDF", async () => {
    const err = await failure(await makeEncryptedPdf());
    expect(err.reason).toBe("encrypted");
    expect(err.message).toBe(`${FILE}：文件已加密或设有密码，无法读取`);
  });

  it("reads a PDF that forbids copying but needs no password to open", async () => {
    const restricted = await parsePdf(FILE, await makeRestrictedPdf());
    expect(restricted.blocks.map((b) => b.text)).toEqual([PDF_TEXT.deadline]);
  });

  it("refuses bytes that are no PDF, and a PDF cut short", async () => {
    const garbage = await failure(new TextEncoder().encode("这不是 PDF 文件"));
    expect(garbage.reason).toBe("corrupt");
    expect(garbage.message).toBe(`${FILE}：文件已损坏或不是有效的 PDF 文件`);
    const cut = await failure(bytes.subarray(0, 40));
    expect(cut.reason).toBe("corrupt");
  });
});
