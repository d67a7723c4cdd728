import { describe, expect, it } from "vitest";
import { makeDocx, makeHtml, makeMarkdown, makePdf, makeXlsx } from "../testing/make-fixtures.js";
import { guidelineFormat, GuidelineParseError, parseGuideline } from "./parse-guideline.js";

async function reason(file: string, bytes: Uint8Array): Promise<[string, string]> {
  const err: unknown = await parseGuideline(file, bytes).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GuidelineParseError);
  return [(err as GuidelineParseError).reason, (err as GuidelineParseError).message];
}

describe("parseGuideline", () => {
  it("picks the parser by extension, in any case", async () => {
    const cases: [string, Uint8Array][] = [
      ["corpus/guidelines/a.PDF", await makePdf()],
      ["corpus/guidelines/a.docx", await makeDocx()],
      ["corpus/guidelines/a.xlsx", await makeXlsx()],
      ["corpus/guidelines/a.htm", makeHtml()],
      ["corpus/guidelines/a.md", makeMarkdown()],
    ];
    const formats = await Promise.all(cases.map(async ([file, bytes]) => (await parseGuideline(file, bytes)).format));
    expect(formats).toEqual(["pdf", "docx", "xlsx", "html", "md"]);
    expect(guidelineFormat("x/指南.Markdown")).toBe("md");
    expect(guidelineFormat("x/指南.txt")).toBeUndefined();
  });

  it("refuses an unsupported type, saying what to save it as", async () => {
    expect(await reason("corpus/guidelines/旧.doc", new Uint8Array([1]))).toEqual([
      "unsupported",
      "corpus/guidelines/旧.doc：不支持旧版 Word 格式（.doc），请另存为 .pdf、.docx、.xlsx、.html、.htm、.md 之一",
    ]);
    expect((await reason("corpus/guidelines/a.txt", new Uint8Array([1])))[1]).toBe(
      "corpus/guidelines/a.txt：不支持「.txt」文件，请另存为 .pdf、.docx、.xlsx、.html、.htm、.md 之一",
    );
  });

  it("refuses an empty file, naming it", async () => {
    expect(await reason("corpus/guidelines/空.pdf", new Uint8Array())).toEqual([
      "empty",
      "corpus/guidelines/空.pdf：文件中没有可读取的文字",
    ]);
  });

  it("gives a PDF given a .docx name as corrupt, not as a crash", async () => {
    expect((await reason("corpus/guidelines/a.docx", await makePdf()))[0]).toBe("corrupt");
  });
});
