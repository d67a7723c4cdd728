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
});
