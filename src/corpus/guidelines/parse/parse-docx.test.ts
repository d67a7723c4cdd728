import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { DOCX_TABLE, FIXTURE_TITLE, makeDocx } from "../testing/make-fixtures.js";
import { parseDocx } from "./parse-docx.js";
import { GuidelineParseError, type GuidelineBlock, type ParsedGuideline } from "./types.js";

const FILE = "corpus/guidelines/2099-示例.docx";

async function failure(bytes: Uint8Array): Promise<GuidelineParseError> {
  const err: unknown = await parseDocx(FILE, bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GuidelineParseError);
  return err as GuidelineParseError;
}

/** An OLE compound file header followed by a directory entry name, as Office writes them. */
function oleFile(streamName: string): Uint8Array {
  const magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return new Uint8Array(Buffer.concat([magic, Buffer.alloc(504), Buffer.from(streamName, "utf16le")]));
}

/**
 * Page 1: title and a paragraph, then a paragraph holding only a page break. Page 2: a paragraph, a table
 * title and a table. Page 3: a heading set to start a new page. Page 4: a second section (a new page);
 * a third, continuous section stays on page 4. Mammoth puts the footnote last, where it keeps the page of
 * the block before it (footnotes.xml records no pages).
 */
async function makePagedDocx(): Promise<Uint8Array> {
  const {
    Document,
    FootnoteReferenceRun,
    HeadingLevel,
    Packer,
    PageBreak,
    Paragraph,
    SectionType,
    Table,
    TableCell,
    TableRow,
    TextRun,
  } = await import("docx");
  const row = (...texts: string[]) =>
    new TableRow({ children: texts.map((t) => new TableCell({ children: [new Paragraph(t)] })) });
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph("第二页的脚注。")] } },
    sections: [
      {
        children: [
          new Paragraph({ text: "2099年度分页示例指南", heading: HeadingLevel.TITLE }),
          new Paragraph("第一页的说明。"),
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph({ children: [new TextRun("第二页的说明"), new FootnoteReferenceRun(1), new TextRun("。")] }),
          new Paragraph("表2 第二页的表"),
          new Table({ rows: [row("序号", "方向"), row("1", "示例方向甲"), row("2", "示例方向乙")] }),
          new Paragraph({ text: "三、第三页的标题", heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
          new Paragraph("第三页的说明。"),
        ],
      },
      { children: [new Paragraph("第四页：新的一节。")] },
      { properties: { type: SectionType.CONTINUOUS }, children: [new Paragraph("仍在第四页：连续的一节。")] },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** Edits a generated file's document.xml, as Word's saved markup would differ from the generator's. */
async function editDocumentXml(bytes: Uint8Array, edit: (xml: string) => string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("word/document.xml")!.async("string");
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file("word/document.xml", edited);
  return zip.generateAsync({ type: "uint8array" });
}

const pageOf = (parsed: ParsedGuideline, text: string) => parsed.blocks.find((b) => b.text.includes(text))?.page;

describe("parseDocx", () => {
  let parsed: ParsedGuideline;
  let rows: GuidelineBlock[];
  beforeAll(async () => {
    parsed = await parseDocx(FILE, await makeDocx());
    rows = parsed.blocks.filter((b) => b.kind === "row");
  });

  it("reads the Title style as the title and Heading 1 as headings, in order", () => {
    expect(parsed.format).toBe("docx");
    expect(parsed.title).toBe(FIXTURE_TITLE);
    expect(parsed.blocks.filter((b) => b.kind === "heading").map((b) => b.text)).toEqual([
      FIXTURE_TITLE,
      "一、支持方向",
      "二、申报时间",
    ]);
  });

  it("keeps a paragraph's runs together verbatim, bold included", () => {
    expect(parsed.blocks.map((b) => b.text)).toContain("本专项支持示例领域的技术攻关，单个项目最高补助88万元。");
    expect(parsed.blocks[parsed.blocks.length - 1].text).toBe("申报截止时间为2099年3月31日。");
  });

  it("makes one row block per data row, repeating the header", () => {
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows.every((r) => r.table === 1)).toBe(true);
    expect(rows.every((r) => r.header?.join() === DOCX_TABLE.header.join())).toBe(true);
    expect(rows[0].text).toBe("序号：1；方向：示例方向甲；支持方式：事前资助；补助上限：最高补助88万元");
  });

  it("fills a vertically merged cell into each row it covers", () => {
    expect(rows[1].cells).toEqual(["2", "示例方向乙", "事前资助", "最高补助66万元"]);
    expect(rows[1].text).toContain("支持方式：事前资助");
  });

  it("fills a horizontally merged cell into each column it covers", () => {
    expect(rows[2].cells).toEqual(["3", "示例方向丙（后补助）", "示例方向丙（后补助）", "最高补助99万元"]);
  });

  it("carries the paragraph before the table as its title", () => {
    expect(rows.every((r) => r.tableTitle === DOCX_TABLE.title)).toBe(true);
  });

  it("refuses a broken zip as corrupt, naming the file", async () => {
    const err = await failure(new TextEncoder().encode("PK\u0003\u0004 这不是 Word 文件"));
    expect(err.reason).toBe("corrupt");
    expect(err.message).toBe(`${FILE}：文件已损坏或不是有效的 Word（.docx）文件`);
  });

  it("refuses a password-protected file and tells an old .doc apart", async () => {
    expect((await failure(oleFile("EncryptedPackage"))).reason).toBe("encrypted");
    const legacy = await failure(oleFile("WordDocument"));
    expect(legacy.reason).toBe("unsupported");
    expect(legacy.message).toContain("旧版 Word 格式（.doc）");
  });

  it("leaves pages unset when the file records no page break", () => {
    expect(parsed.pages).toBeUndefined();
    expect(parsed.blocks.every((b) => b.page === undefined)).toBe(true);
  });
});

describe("parseDocx pages", () => {
  it("counts explicit page breaks, pageBreakBefore and new-page sections, tables included", async () => {
    const parsed = await parseDocx(FILE, await makePagedDocx());
    expect(parsed.pages).toBe(4);
    expect(parsed.blocks.map((b) => [b.kind === "row" ? b.cells?.join("|") : b.text, b.page])).toEqual([
      ["2099年度分页示例指南", 1],
      ["第一页的说明。", 1],
      ["第二页的说明[1]。", 2],
      ["表2 第二页的表", 2],
      ["1|示例方向甲", 2],
      ["2|示例方向乙", 2],
      ["三、第三页的标题", 3],
      ["第三页的说明。", 3],
      ["第四页：新的一节。", 4],
      ["仍在第四页：连续的一节。", 4],
      ["第二页的脚注。 ↑", 4],
    ]);
  });

  it("counts the breaks Word records where it last laid out the pages, in a table row too", async () => {
    const bytes = await editDocumentXml(await makeDocx(), (xml) =>
      xml
        .replace('<w:t xml:space="preserve">2</w:t>', '<w:lastRenderedPageBreak/><w:t xml:space="preserve">2</w:t>')
        .replace(
          '<w:t xml:space="preserve">二、申报时间</w:t>',
          '<w:lastRenderedPageBreak/><w:t xml:space="preserve">二、申报时间</w:t>',
        ),
    );
    const parsed = await parseDocx(FILE, bytes);
    expect(parsed.pages).toBe(3);
    expect(parsed.title).toBe(FIXTURE_TITLE);
    expect(pageOf(parsed, FIXTURE_TITLE)).toBe(1);
    expect(pageOf(parsed, "单个项目最高补助88万元")).toBe(1);
    expect(parsed.blocks.filter((b) => b.kind === "row").map((b) => [b.row, b.page])).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
    ]);
    expect(pageOf(parsed, "二、申报时间")).toBe(3);
    expect(pageOf(parsed, "申报截止时间为2099年3月31日。")).toBe(3);
  });
});
